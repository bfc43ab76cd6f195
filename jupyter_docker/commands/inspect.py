"""`inspect` and its typed forms (`container inspect`, `image inspect`, ...): one row per object."""

from __future__ import annotations

from typing import Any, Callable

from ..display import Text
from ..engine import Engine
from ..errors import NotFound
from .common import FORMAT_F, render_format
from .spec import Argument, command, flag, value


# Fields of the CLI's image type that the engine leaves out since API 1.45 (Engine 26), with
# the zero the CLI's typed decoding gives them (ContainerConfig, a pointer, is nil: `<nil>`).
IMAGE_ZEROS = {"VirtualSize": 0, "Container": ""}


def go_object(data: dict[str, Any]) -> dict[str, Any]:
    """An inspected object as the CLI's typed templates see it: `.ID` is the JSON's `Id` (the
    Go field's name), a network's `.Created` a Go time, an image's removed fields their zero."""
    from ..gotemplate import GoTime, typed

    is_image = "RepoTags" in data and "RootFS" in data
    obj = typed(zeros=IMAGE_ZEROS if is_image else None, ID="Id")(data)
    if isinstance(obj.get("Created"), str) and "Scope" in obj and "IPAM" in obj:
        obj["Created"] = GoTime(obj["Created"])
    return obj


def _container(engine: Engine, name: str, size: bool) -> dict[str, Any]:
    api = engine.api
    if not size:
        return api.inspect_container(name)
    return api._result(api._get(api._url("/containers/{0}/json", name), params={"size": 1}), True)


FETCHERS: dict[str, Callable[[Engine, str, bool], dict[str, Any]]] = {
    "container": _container,
    "image": lambda engine, name, size: engine.api.inspect_image(name),
    "volume": lambda engine, name, size: engine.api.inspect_volume(name),
    "network": lambda engine, name, size: engine.api.inspect_network(name),
}


def lookup(engine: Engine, name: str, types: list[str], size: bool = False) -> dict[str, Any]:
    """The first object called `name` among `types`, as the engine describes it."""
    from docker.errors import NotFound as SdkNotFound

    for kind in types:
        try:
            return FETCHERS[kind](engine, name, size)
        except SdkNotFound:
            continue
    what = types[0] if len(types) == 1 else "object"
    raise NotFound(f"Error: No such {what}: {name}")


def inspect_objects(engine: Engine, names: list[str], types: list[str], format: str | None,
                    size: bool = False) -> Any:
    """Inspect each name; a DataFrame with dotted columns, or the `--format` text."""
    objects = [lookup(engine, name, types, size) for name in names]
    if format:
        if format.strip() == "json":  # the CLI: the engine's JSON, all objects in one array
            from ..gotemplate import escape_html, go_json

            return Text(escape_html("[" + ",".join(go_json(o) for o in objects) + "]"))
        return render_format(format, [go_object(o) for o in objects])
    from .. import frames

    return frames.inspect(objects)


@command(
    "inspect", "Return low-level information on Docker objects",
    options=(
        FORMAT_F,
        flag("-s", "--size", help="Display total file sizes if the type is container"),
        value("--type", metavar="string", choices=tuple(FETCHERS),
              help="Return JSON for specified type"),
    ),
    arguments=(Argument("NAME|ID", "+", completer="object"),),
)
def inspect(engine: Engine, name: list[str], format: str | None = None, size: bool = False,
            type: str | None = None) -> Any:
    """Containers, images, volumes or networks by name or id, one row each."""
    return inspect_objects(engine, name, [type] if type else list(FETCHERS), format, size)


def _typed(kind: str, extra: tuple = ()) -> None:
    """Declare `<kind> inspect`, which looks only among objects of that kind."""

    @command(
        f"{kind} inspect", f"Display detailed information on one or more {kind}s",
        options=(FORMAT_F, *extra),
        arguments=(Argument(kind.upper(), "+", completer=kind),),  # type: ignore[arg-type]
    )
    def run(engine: Engine, format: str | None = None, size: bool = False,
            verbose: bool = False, **names: Any) -> Any:
        return inspect_objects(engine, names[kind], [kind], format, size)


_typed("container", (flag("-s", "--size", help="Display total file sizes"),))
_typed("image")
_typed("volume")
_typed("network", (flag("-v", "--verbose", help="Verbose output for diagnostics"),))
