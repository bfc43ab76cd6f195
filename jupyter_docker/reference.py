"""Image references (`[HOST[:PORT]/]NAME[:TAG][@DIGEST]`) checked as the docker CLI checks them
(the distribution reference grammar, its normalisation and its error text). Pure."""

from __future__ import annotations

import re

_LABEL = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = rf"(?:{_LABEL}(?:\.{_LABEL})*|\[[0-9a-fA-F:.]+\])(?::[0-9]+)?"
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}"
_REFERENCE = re.compile(rf"(?:(?P<domain>{_DOMAIN})/)?(?P<path>{_COMPONENT}(?:/{_COMPONENT})*)"
                        rf"(?::(?P<tag>{_TAG}))?(?:@(?P<digest>{_DIGEST}))?")


def _split_domain(name: str) -> tuple[str, str]:
    """The CLI's rule: the first part is a registry if it has `.` or `:`, is `localhost`, or
    has capitals; otherwise the name is on Docker Hub (`library/` for one-part names)."""
    first, slash, rest = name.partition("/")
    if not slash or (not re.search(r"[.:]", first) and first != "localhost"
                     and first.lower() == first):
        return "docker.io", name if slash else f"library/{name}"
    return first, rest


def reference_error(ref: str) -> str | None:
    """None for a good reference, else the CLI's reason (`invalid reference format...`)."""
    match = _REFERENCE.fullmatch(ref)
    if match:
        if len(match["path"]) + len(match["domain"] or "") > 255:
            return "invalid reference format: repository name must not be more than 255 characters"
        return None
    name = re.split(r"[:@]", ref.rpartition("/")[2], maxsplit=1)[0]
    name = ref[: len(ref.rpartition("/")[0]) + 1 if "/" in ref else 0] + name
    domain, remote = _split_domain(name)
    if remote.lower() != remote and _REFERENCE.fullmatch(ref.lower()):
        return f"invalid reference format: repository name ({remote}) must be lowercase"
    return "invalid reference format"
