"""Naming and removing images: `tag`, `rmi`, `image prune`."""

from __future__ import annotations

from typing import Any

from ..display import DoneText, Text
from ..engine import Engine
from ..errors import DockerError, UsageError
from ._confirm import confirm
from .common import FORCE_PRUNE, PRUNE_FILTER, Pruned, each, filters, prune_report
from .spec import Argument, command, flag


@command("tag", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE", aliases=("image tag",),
         arguments=(Argument("SOURCE_IMAGE[:TAG]", completer="image"),
                    Argument("TARGET_IMAGE[:TAG]")))
def tag(engine: Engine, source_image_tag: str, target_image_tag: str) -> None:
    """Tag like the CLI: silent on success, the engine's one line on failure."""
    from ..reference import reference_error
    from .image_transfer import split_name

    reason = reference_error(target_image_tag)
    if reason:
        raise DockerError(f'Error parsing reference: "{target_image_tag}" is not a valid '
                          f"repository/tag: {reason}")
    repo, tag_name, _ = split_name(target_image_tag)
    if tag_name and tag_name.startswith("sha256:"):
        raise UsageError(f"refusing to create a tag with a digest reference: {target_image_tag}",
                         command="tag")
    engine.api.tag(source_image_tag, repo, tag_name or "latest")


def _removal_lines(result: list[dict[str, Any]] | None) -> str:
    """The engine's answer as the CLI prints it: `Untagged: ...` / `Deleted: ...`."""
    return "\n".join(f"{kind}: {name}" for item in result or [] for kind, name in item.items())


@command("rmi", "Remove one or more images", aliases=("image rm", "image remove"),
         options=(flag("-f", "--force", help="Force removal of the image"),
                  flag("--no-prune", help="Do not delete untagged parents")),
         arguments=(Argument("IMAGE", "+", completer="image"),))
def rmi(engine: Engine, image: list[str], force: bool = False,
        no_prune: bool = False) -> DoneText:
    """Remove each image; prints what was untagged and deleted; all failures in one line."""
    done = each(engine, image, lambda name: _removal_lines(
        engine.api.remove_image(name, force=force, noprune=no_prune)))
    return DoneText("\n".join(str(line) for line in done))


def pruned_images(engine: Engine, wanted: dict[str, list[str]], all: bool) -> Pruned:
    """Remove the dangling images (`all`: every image no container uses) matching `wanted`."""
    result = engine.api.prune_images(filters={**wanted, "dangling": ["false" if all else "true"]})
    gone = _removal_lines(result.get("ImagesDeleted")).replace("Untagged:", "untagged:") \
        .replace("Deleted:", "deleted:")
    return Pruned("Deleted Images:", gone.splitlines(), result.get("SpaceReclaimed") or 0)


@command("image prune", "Remove unused images (dangling ones; all unused with -a)",
         options=(flag("-a", "--all", help="Remove all unused images, not just dangling ones"),
                  PRUNE_FILTER, FORCE_PRUNE))
def image_prune(engine: Engine, all: bool = False, filter: list[str] | None = None,
                force: bool = False) -> Text:
    """Asks first (unless -f); prints what went and the space reclaimed, like the CLI."""
    warning = ("WARNING! This will remove all images without at least one container associated "
               "to them." if all else "WARNING! This will remove all dangling images.")
    confirm(warning, force)
    return prune_report([pruned_images(engine, filters(filter, "image prune"), all)])

