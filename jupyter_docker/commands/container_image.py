"""A container's filesystem kept: `commit` (as an image) and `export` (as a tar file)."""

from __future__ import annotations

from ..display import Text
from ..download import save_body
from ..engine import Engine
from ..errors import DockerError, UsageError
from ..made_here import record
from .spec import Argument, command, flag, value

CONTAINER = Argument("CONTAINER", completer="container")


def check_reference(ref: str) -> None:
    """Refuse a bad `REPOSITORY[:TAG]` before the engine commits (it would leave an untagged
    image behind and then fail), with the CLI's line."""
    from ..reference import reference_error

    reason = reference_error(ref)
    if reason:
        raise DockerError(reason)


@command("commit", "Create a new image from a container's changes", aliases=("container commit",),
         options=(value("-a", "--author", metavar="string",
                        help='Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")'),
                  value("-c", "--change", kind="list", metavar="list",
                        help="Apply Dockerfile instruction to the created image"),
                  value("-m", "--message", metavar="string", help="Commit message"),
                  flag("-p", "--pause", default=True,
                       help="Pause container during commit (default true; -p=false)")),
         arguments=(CONTAINER, Argument("REPOSITORY[:TAG]", "?")),
         interspersed=False)  # as the CLI's commit: `commit C -x` names the image "-x"
def commit(engine: Engine, container: str, repository_tag: str | None = None,
           author: str | None = None, change: list[str] | None = None,
           message: str | None = None, pause: bool = True) -> Text:
    """Commit the container; returns the new image's id (`sha256:...`), as the CLI prints."""
    from ..frames import split_reference

    repository = tag = None
    if repository_tag:
        check_reference(repository_tag)
        repository, tag, digest = split_reference(repository_tag)
        if digest:
            raise UsageError(f"refusing to create a tag with a digest reference: {repository_tag}",
                             command="commit")
    result = engine.api.commit(container, repository=repository, tag=tag, message=message,
                               author=author, pause=pause, changes=change or None)
    return Text(record("image", result["Id"]))


@command("export", "Export a container's filesystem as a tar archive (to a file: -o)",
         aliases=("container export",),
         options=(value("-o", "--output", completer="path", metavar="string",
                        help="Write to a file (required: a tar archive cannot go to the cell "
                             "output)"),),
         arguments=(CONTAINER,))
def export(engine: Engine, container: str, output: str | None = None) -> None:
    """Write the container's filesystem to `output` (removed again if the copy fails)."""
    if not output:
        raise UsageError("refusing to write a tar archive to the cell output: use -o FILE",
                         command="export")
    api = engine.api
    save_body(api, api._get(api._url("/containers/{0}/export", container), stream=True), output)
