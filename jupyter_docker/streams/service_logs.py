"""`docker service logs` lines as the CLI prints them: `web.1.3f2a9c1b7d4e@node1    | hello`.

The engine sends each line with its task's attributes first when asked for details
(`com.docker.swarm.node.id=N,com.docker.swarm.service.id=S,com.docker.swarm.task.id=T msg`);
`prefixed` turns those into the CLI's prefix, line by line, whatever the framing (pure);
`open_service_logs` starts the request and returns the frames to read, for the text path and
the live viewer alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, Iterator

if TYPE_CHECKING:
    from ..engine import Engine
    from .feed import Feed

TASK, NODE = "com.docker.swarm.task.id", "com.docker.swarm.node.id"
SERVICE_ID = "com.docker.swarm.service.id"


def split_details(line: str) -> tuple[dict[str, str], str]:
    """`k=v,k2=v2 message` -> ({k: v, k2: v2}, "message"); a line without them: ({}, line)."""
    head, space, message = line.partition(" ")
    if not space or "=" not in head:
        return {}, line
    attrs = dict(pair.partition("=")[::2] for pair in head.split(","))
    return attrs, message


def prefixed(frames: Iterable[tuple[int, bytes]],
             prefix_of: Callable[[dict[str, str]], str],
             details: bool = False) -> Iterator[tuple[int, bytes]]:
    """Frames whose lines carry details -> frames whose lines start with `prefix_of(attrs)`
    and `    | ` (a line cut across frames waits for its end); `details` (--details): then
    the other attributes, `k=v` sorted and joined by `,`, and a space (as the CLI)."""
    def line(attrs: dict[str, str], message: str) -> str:
        if not attrs:
            return message
        extra = ""
        if details:
            extra = ",".join(sorted(f"{k}={v}" for k, v in attrs.items()
                                    if k not in (TASK, NODE, SERVICE_ID))) + " "
        return f"{prefix_of(attrs)}    | {extra}{message}"

    pending: dict[int, bytes] = {}
    for kind, payload in frames:
        data = pending.pop(kind, b"") + payload
        *lines, rest = data.split(b"\n")
        if rest:
            pending[kind] = rest
        if lines:
            out = []
            for raw in lines:
                attrs, message = split_details(raw.decode("utf-8", "replace"))
                out.append(line(attrs, message) + "\n")
            yield kind, "".join(out).encode()
    for kind, rest in pending.items():
        attrs, message = split_details(rest.decode("utf-8", "replace"))
        yield kind, line(attrs, message).encode()


def task_prefix(attrs: dict[str, str], service: str, slots: dict[str, int],
                hosts: dict[str, str], *, task_ids: bool = True, resolve: bool = True,
                no_trunc: bool = False) -> str:
    """`web.1.3f2a9c1b7d4e@node1` (`slots`: task id -> slot, 0 for global; `hosts`: node id
    -> hostname), or ids only with `resolve=False`."""
    task, node = attrs.get(TASK, ""), attrs.get(NODE, "")
    slot = slots.get(task, 0)
    name = f"{service}.{slot}" if slot else f"{service}.{node}"
    if task_ids:
        name += f".{task if no_trunc else task[:12]}"
    return f"{name}@{hosts.get(node, node) if resolve else node}"


def open_service_logs(engine: "Engine", service: str, *, follow: bool = False,
                      tail: str = "all", since: str | None = None, timestamps: bool = False,
                      raw: bool = False, task_ids: bool = True, resolve: bool = True,
                      details: bool = False, no_trunc: bool = False
                      ) -> tuple["Feed", Iterator[tuple[int, bytes]], str]:
    """Start `GET /services/{id}/logs`: (feed, its (stream, bytes) frames with the CLI's task
    prefix unless `raw`, the service's name). The caller closes the feed."""
    from .feed import open_feed
    from .logstream import frames_of, log_params

    found = engine.api.inspect_service(service)
    service_id, name = found["ID"], found["Spec"]["Name"]
    params = log_params(follow=follow, tail=tail, since=since, timestamps=timestamps,
                        details=not raw)
    params.pop("until", None)
    slots: dict[str, int] = {}
    hosts: dict[str, str] = {}

    def prefix_of(attrs: dict[str, str]) -> str:
        task = attrs.get(TASK, "")
        if task not in slots:  # a task new since the last look: look once more
            slots.update({t["ID"]: int(t.get("Slot") or 0)
                          for t in engine.api.tasks(filters={"service": service_id})})
            hosts.update({n["ID"]: (n.get("Description") or {}).get("Hostname", "")
                          for n in engine.api.nodes()})
            slots.setdefault(task, 0)  # gone from the engine's history: never asked again
        return task_prefix(attrs, name, slots, hosts, task_ids=task_ids, resolve=resolve,
                           no_trunc=no_trunc)

    feed = open_feed(engine, "/services/{0}/logs", service_id, params=params, follow=follow)
    frames = frames_of(feed, tty=False)
    return feed, (frames if raw else prefixed(frames, prefix_of, details)), name

