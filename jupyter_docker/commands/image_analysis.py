"""Looking inside images: `image analyze` (dive's layers, files and wasted bytes) and
`image diff` (two images' files). Not docker CLI commands: jupyter-docker's own."""

from __future__ import annotations

from typing import Any

from ..engine import Engine
from .spec import Argument, command, flag, value

QUIET_READ = flag("-q", "--quiet", help="Do not show the progress of reading the image")


@command(
    "image analyze",
    "Analyse an image's layers and files: dive's efficiency and wasted bytes (short: analyze)",
    aliases=("analyze",),
    options=(
        flag("--ci", help="Evaluate dive's CI rules: a PASS/FAIL line per rule and a verdict "
                          "(falsy when a rule fails)"),
        value("--lowest-efficiency", metavar="ratio", aliases=("--lowestEfficiency",),
              help="With --ci: lowest allowed efficiency, 0-1 (default 0.9)"),
        value("--highest-wasted-bytes", metavar="size", aliases=("--highestWastedBytes",),
              help="With --ci: highest allowed wasted bytes, e.g. 20MB (default disabled)"),
        value("--highest-user-wasted-percent", metavar="ratio",
              aliases=("--highestUserWastedPercent",),
              help="With --ci: highest allowed wasted/user bytes, 0-1 (default 0.1)"),
        value("--ci-config", metavar="path", completer="path",
              help="With --ci: a dive CI file; when it exists its rules replace the flags "
                   "(default .dive-ci)"),
        QUIET_READ,
    ),
    arguments=(Argument("IMAGE", completer="image"),),
)
def image_analyze(engine: Engine, image: str, ci: bool = False,
                  lowest_efficiency: str | None = None, highest_wasted_bytes: str | None = None,
                  highest_user_wasted_percent: str | None = None, ci_config: str | None = None,
                  quiet: bool = False) -> Any:
    """An ImageAnalysis (`.layers`, `.files`, `.inefficiencies`, `.efficiency`,
    `.wasted_bytes`, `.wasted_percent`); with --ci, dive's CI verdict on it."""
    from ..analysis import analyze

    if ci:  # a bad threshold or CI file is refused before the image is read
        from ..analysis.ci import settle

        settle(lowest_efficiency, highest_wasted_bytes, highest_user_wasted_percent, ci_config)
    elif any(v is not None for v in (lowest_efficiency, highest_wasted_bytes,
                                      highest_user_wasted_percent, ci_config)):
        from ..errors import UsageError

        raise UsageError("the CI thresholds and --ci-config take effect with --ci only",
                         command="image analyze")
    analysis = analyze(engine, image, quiet=quiet)
    if analysis is None or not ci:
        return analysis
    return analysis.ci(lowest_efficiency, highest_wasted_bytes, highest_user_wasted_percent,
                       ci_config)


@command(
    "image diff", "Compare two images' files: added, removed, changed; shared layers",
    options=(QUIET_READ,),
    arguments=(Argument("IMAGE_A", completer="image"), Argument("IMAGE_B", completer="image")),
)
def image_diff(engine: Engine, image_a: str, image_b: str, quiet: bool = False) -> Any:
    """An ImageDiff: `.files` (path, change, sizes, delta), `.shared_layers`, `.directories`
    (bytes per top-level directory in each and the delta)."""
    from ..analysis import analyze
    from ..analysis.diff import diff

    engine.api.inspect_image(image_b)  # a missing second image fails before the first is read
    a = analyze(engine, image_a, quiet=quiet)
    if a is None:
        return None
    b = analyze(engine, image_b, quiet=quiet)
    if b is None:
        return None
    return diff(a, b)
