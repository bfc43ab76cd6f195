"""`pull` and `push`: images to and from a registry, with progress and a one-line summary.

Credentials come fresh from the CLI's config.json (see `credentials`), so `%docker login`,
`docker login` in a terminal and `logout` all take effect at once.
"""

from __future__ import annotations

import re
from typing import Any

from ..engine.credentials import registry_header
from ..progress import start
from ..display import Lines, Text
from ..engine import Engine
from ..errors import DockerError, UsageError
from ..streams.jsonstream import follow
from ._run_options import CONTENT_TRUST
from .spec import Argument, command, flag, value

ALL_TAGS = flag("-a", "--all-tags", help="Download/push all tagged images in the repository")
PLATFORM = value("--platform", metavar="string",
                 help="Set platform if server is multi-platform capable (os[/arch[/variant]])")
QUIET = flag("-q", "--quiet", help="Suppress verbose output")
# The status line the engine sends when a tag is pushed: `1: digest: sha256:... size: 422`.
# The classic image store follows it with an `aux` message of the same values; the containerd
# image store (Engine 26+ with containerd-snapshotter) sends only this line.
PUSHED = re.compile(r"(?P<tag>\w[\w.-]*): digest: (?P<digest>sha256:[0-9a-f]{64}) "
                    r"size: (?P<size>\d+)")


def split_name(name: str) -> tuple[str, str | None, str]:
    """`reg:5000/app:1` -> (`reg:5000/app`, `1`, `reg:5000`); a digest stays in the tag slot."""
    from docker.auth import resolve_repository_name

    repo, _, digest = name.partition("@")
    tag = None
    last = repo.rsplit("/", 1)[-1]
    if ":" in last:
        repo, tag = repo.rsplit(":", 1)
    if digest:
        tag = digest
    try:
        registry, _ = resolve_repository_name(repo)
    except Exception as exc:  # noqa: BLE001 - the SDK's InvalidRepository
        raise UsageError(f"invalid reference format: {name}: {exc}") from None
    return repo, tag, registry


def _reference(repo: str, tag: str | None) -> str:
    if not tag:
        return repo
    return f"{repo}@{tag}" if ":" in tag else f"{repo}:{tag}"


@command("pull", "Download an image from a registry", aliases=("image pull",),
         options=(ALL_TAGS, CONTENT_TRUST, PLATFORM, QUIET),
         arguments=(Argument("NAME[:TAG|@DIGEST]", completer="image"),))
def pull(engine: Engine, name_tag: str, all_tags: bool = False,
         platform: str | None = None, quiet: bool = False,
         disable_content_trust: bool = True) -> Text | None:
    """Pull with per-layer progress; returns `Status: ... (digest ...)`, or the name with -q."""
    repo, tag, registry = split_name(name_tag)
    if all_tags and tag:
        raise UsageError("tag can't be used with --all-tags/-a", command="pull")
    if not all_tags and not tag:
        tag = "latest"
        if not quiet:
            print("Using default tag: latest")
    params = {"fromImage": repo, "tag": tag or None}
    if platform:
        params["platform"] = platform
    digest, status = [], []

    def note(message: dict[str, Any]) -> None:
        text = str(message.get("status") or "")
        if text.startswith("Digest: "):
            digest.append(text[len("Digest: "):])
        elif text.startswith("Status: "):
            status.append(text[len("Status: "):])

    bar = start(f"Pulling {_reference(repo, tag)}", quiet=quiet)
    if not follow(engine, "/images/create", bar=bar, what="pull stopped", handle=note,
                  params=params, headers={"X-Registry-Auth": registry_header(registry)}):
        return None
    summary = "; ".join(status) or f"Pulled {_reference(repo, tag)}"
    if digest:
        summary += f" (digest {digest[-1]})"
    # the bar's label already names the image: its summary says what happened, briefly
    said = "; ".join(s.split(" for ")[0] for s in status) or "pulled"
    bar.done(f"{said}, digest {digest[-1][:19]}…" if digest else said)
    return Text(_reference(repo, tag) if quiet else summary)


@command("push", "Upload an image to a registry", aliases=("image push",),
         options=(ALL_TAGS, CONTENT_TRUST, PLATFORM, QUIET),
         arguments=(Argument("NAME[:TAG]", completer="image"),))
def push(engine: Engine, name_tag: str, all_tags: bool = False, platform: str | None = None,
         quiet: bool = False, disable_content_trust: bool = True) -> Lines | Text | None:
    """Push with per-layer progress; returns a line per tag pushed: its digest and size."""
    repo, tag, registry = split_name(name_tag)
    if tag and "sha256:" in tag:
        raise UsageError("cannot push a digest reference", command="push")
    if all_tags and tag:
        raise UsageError("tag can't be used with --all-tags/-a", command="push")
    if platform:
        raise DockerError("--platform needs an engine with API 1.46 or newer (this one speaks "
                          f"{engine.version}): push the platform's own tag instead")
    if not all_tags and not tag:
        tag = "latest"
        if not quiet:
            print("Using default tag: latest")
    by_tag: dict[str, str] = {}  # tag -> its line, in the order the engine pushed them
    digests: list[str] = []

    def note(message: dict[str, Any]) -> None:
        aux = message.get("aux") or {}
        if aux.get("Digest"):
            found = (str(aux.get("Tag")), str(aux["Digest"]), str(aux.get("Size")))
        elif match := PUSHED.fullmatch(str(message.get("status") or "")):
            found = match.group("tag", "digest", "size")
        else:
            return
        if found[0] not in by_tag:
            digests.append(found[1])
        by_tag[found[0]] = f"{repo}:{found[0]}: digest: {found[1]} size: {found[2]}"

    bar = start(f"Pushing {_reference(repo, tag)}", quiet=quiet)
    if not follow(engine, "/images/{0}/push", repo, bar=bar, what="push stopped", handle=note,
                  params={"tag": tag}, headers={"X-Registry-Auth": registry_header(registry)}):
        return None
    pushed = list(by_tag.values())
    if not pushed:
        bar.done("nothing pushed", ok=False)
        raise DockerError(f"nothing was pushed for {_reference(repo, tag)}")
    # the bar's label already names the image: its summary is the digest, briefly
    bar.done(f"pushed, digest {digests[0][:19]}…" if len(pushed) == 1
             else f"{len(pushed)} tags pushed")
    if quiet:
        return Text(_reference(repo, tag) if tag else repo)
    return Text(pushed[0]) if len(pushed) == 1 else Lines(pushed)
