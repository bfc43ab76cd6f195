"""`logs`: a container's output, printed like the CLI (stdout to stdout, stderr to stderr)."""

from __future__ import annotations

from typing import Any

from ..engine import Engine
from .spec import Argument, command, flag, value


@command("logs", "Fetch the logs of a container", aliases=("container logs",),
         options=(flag("--details", help="Show extra details provided to logs"),
                  flag("-f", "--follow", help="Follow log output (until the container stops or "
                                              "the kernel is interrupted)"),
                  value("--since", metavar="string",
                        help="Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative "
                             "(e.g. 42m for 42 minutes)"),
                  value("-n", "--tail", metavar="string", default="all",
                        help='Number of lines to show from the end of the logs (default "all")'),
                  flag("-t", "--timestamps", help="Show timestamps"),
                  value("--until", metavar="string",
                        help="Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or "
                             "relative (e.g. 42m for 42 minutes)")),
         arguments=(Argument("CONTAINER", completer="container"),))
def logs(engine: Engine, container: str, details: bool = False, follow: bool = False,
         since: str | None = None, tail: str = "all", timestamps: bool = False,
         until: str | None = None) -> Any:
    """Print the logs; with -f keep printing new lines live until the container stops.

    With -f in a notebook that draws widgets, a live `LogViewer` follows instead, in the
    background (other cells run meanwhile); elsewhere the text is streamed into the output."""
    from ..streams.logstream import print_logs
    from ..progress import chosen_mode

    if follow and chosen_mode() == "widget":  # $JUPYTER_DOCKER_PROGRESS=text forces text
        from ..widgets.log_viewer import LogViewer

        return LogViewer(engine, container, tail=tail, since=since, until=until,
                         timestamps=timestamps, details=details)

    print_logs(engine, container, follow=follow, tail=tail, since=since, until=until,
               timestamps=timestamps, details=details)
