"""Lines that are not errors, where the CLI prints them on stderr: infos and warnings.

The docker CLI writes some successes and warnings to stderr (`Successfully copied 2.05kB to
/tmp/x`, `WARNING! Your password will be stored unencrypted ...`). JupyterLab paints stderr
red, the colour of errors, so in a kernel `info()` goes to stdout and `warning()` is a display
styled as a warning (amber, class `jd-warning`; its text/plain is the same line, for nbconvert
and terminals). Elsewhere (scripts, terminal IPython) both go to stderr, like the CLI. Errors
stay on stderr everywhere.
"""

from __future__ import annotations

import html
import sys

WARNING_STYLE = ("margin:2px 0;padding:2px 8px;white-space:pre-wrap;"
                 "font-size:var(--jp-code-font-size,13px);line-height:var(--jp-code-line-height,1.3);"
                 "border-left:3px solid #d89b00;background:rgba(255,190,0,.12);"
                 "color:var(--jp-content-font-color1,#222)")


def _in_kernel() -> bool:
    from .progress import widget_frontend

    return widget_frontend()


def info(text: str) -> None:
    """An information or success line (the CLI's stderr): stdout in a kernel."""
    if _in_kernel():
        print(text, flush=True)
    else:
        print(text, file=sys.stderr, flush=True)


def warning(text: str) -> None:
    """A warning (the CLI's stderr): a warning-styled display in a kernel, never red."""
    if not _in_kernel():
        print(text, file=sys.stderr, flush=True)
        return
    from IPython.display import display

    shown = f'<pre class="jd-warning" style="{WARNING_STYLE}">{html.escape(text)}</pre>'
    display({"text/plain": text, "text/html": shown}, raw=True)
