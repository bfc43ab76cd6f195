"""Engine API JSON -> pandas DataFrames, with the docker CLI's column semantics.

Pure functions: they take what `docker.APIClient` returns and build typed frames (sizes as
integer bytes, times as tz-aware UTC datetimes) whose display is humanized through
`display.mark()`. Listing frames are built column by column from plain lists, never row by row."""

from __future__ import annotations

from .common import TIME, ellipsis, go_quote, split_reference  # noqa: F401
from .containers import containers, port_string  # noqa: F401
from .images import history, image_refs, images  # noqa: F401
from .inspect import flatten, inspect  # noqa: F401
from .listings import contexts, events, networks, volumes  # noqa: F401
from .stats import STATS_COLUMNS, changes, stats, stats_row, top  # noqa: F401
from .system_df import system_df  # noqa: F401
