"""jupyter_docker: the docker CLI in a notebook.

`%load_ext jupyter_docker` registers `%docker` / `%%docker` (and the same as `%jdocker`).
Every command is also a function here: `import jupyter_docker as jd; jd.ps(all=True)`.
Heavy libraries (pandas, docker, ipywidgets) load on first use, not on import.
"""

from __future__ import annotations

from typing import Any

from .errors import DockerError, UsageError

__version__ = "0.1.0"
__all__ = ["DockerError", "UsageError", "docker", "load_ipython_extension", "__version__"]


def load_ipython_extension(ipython: Any) -> None:
    """Called by `%load_ext jupyter_docker`."""
    from .magics import register

    register(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    from .magics import unregister

    unregister(ipython)


def __getattr__(name: str) -> Any:
    """`jd.ps`, `jd.image_inspect`, ...: generated from the command table on first access."""
    if name == "docker":
        from .api import docker

        return docker
    if name == "run_form":
        from .widgets.run_form import run_form

        return run_form
    from .api import function_for, names

    cmd = names().get(name)
    if cmd is None:
        raise AttributeError(f"module 'jupyter_docker' has no attribute {name!r}")
    fn = function_for(cmd)
    globals()[name] = fn
    return fn


def __dir__() -> list[str]:
    from .api import names

    return sorted({*globals(), *names(), "docker", "run_form"})
