"""Which blob of an archive is the config and which are the layers, in order.

`manifest.json` (classic, and OCI archives from engine 25+) lists the config and layer paths;
without it, `index.json` leads to the image manifest (through nested indexes, the platform
`linux/amd64` or else the first) and that to the config and layer digests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .archive import Archive, NotAnImage, RawLayer

INDEX_TYPES = ("application/vnd.oci.image.index.v1+json",
               "application/vnd.docker.distribution.manifest.list.v2+json")


@dataclass
class Image:
    """An image's config and its filesystem layers, bottom first, with their blob digests."""

    config: dict[str, Any]
    layers: list[RawLayer]
    digests: list[str]  # each layer's blob digest; classic layout: its diff id (an uncompressed
    # layer.tar's sha256), or "" when the config lists none
    tags: list[str]


def blob(digest: str) -> str:
    algorithm, _, hexa = digest.partition(":")
    return f"blobs/{algorithm}/{hexa}"


def _digest_of(path: str, diff_id: str) -> str:
    if path.startswith("blobs/"):
        _, algorithm, hexa = path.split("/", 2)
        return f"{algorithm}:{hexa}"
    return diff_id  # classic: <v1 layer id>/layer.tar, uncompressed: its digest is the diff id


def _document(archive: Archive, path: str) -> dict[str, Any]:
    doc = archive.documents.get(path)
    if not isinstance(doc, dict):
        raise NotAnImage(f"the archive has no {path}")
    return doc


def _from_index(archive: Archive, index: dict[str, Any]) -> dict[str, Any]:
    for _ in range(8):
        manifests = index.get("manifests") or []
        if not manifests:
            raise NotAnImage("the archive's index names no image manifest")
        chosen = next((m for m in manifests
                       if (m.get("platform") or {}).get("architecture") == "amd64"),
                      manifests[0])
        doc = _document(archive, blob(chosen["digest"]))
        if doc.get("mediaType") in INDEX_TYPES or "manifests" in doc:
            index = doc
            continue
        return doc
    raise NotAnImage("the archive's indexes nest too deep")


def resolve(archive: Archive) -> Image:
    """The image the archive holds (the first, when it holds several)."""
    manifest = archive.documents.get("manifest.json")
    if isinstance(manifest, list) and manifest:
        first = manifest[0]
        config = _document(archive, first["Config"])
        paths = list(first.get("Layers") or [])
        tags = list(first.get("RepoTags") or [])
    elif isinstance(archive.documents.get("index.json"), dict):
        doc = _from_index(archive, archive.documents["index.json"])
        config = _document(archive, blob(doc["config"]["digest"]))
        paths = [blob(layer["digest"]) for layer in doc.get("layers") or []]
        tags = []
    else:
        raise NotAnImage("not an image archive: no manifest.json or index.json in it")
    layers = [archive.layer(p) for p in paths]
    diff_ids = list((config.get("rootfs") or {}).get("diff_ids") or [])
    diff_ids += [""] * (len(paths) - len(diff_ids))
    return Image(config, layers, [_digest_of(p, d) for p, d in zip(paths, diff_ids)], tags)
