"""Shared fixtures: a real IPython shell with the extension, labels, and exact cleanup.

Everything a test creates carries `jupyter-docker-test=1` and this session's own label, and only
objects with this session's label are removed at the end (several sessions may share an engine).
"""

from __future__ import annotations

import uuid
from typing import Any, Iterator

import pytest

BASE_IMAGE = "jupyter-docker/busybox:latest"
MAIN_HOST = "unix:///var/run/docker.sock"
H2_HOST = "unix:///var/run/jupyter-docker-h2.sock"
REGISTRY = "127.0.0.1:5000"
REGISTRY_USER = "jdtest"
REGISTRY_PASSWORD = "jdtest-secret"
TEST_LABEL = "jupyter-docker-test=1"
SESSION = uuid.uuid4().hex[:10]
SESSION_LABEL = f"jupyter-docker-test.session={SESSION}"


def _api(host: str) -> Any:
    from docker import APIClient

    return APIClient(host, version="1.41", timeout=30)


def _remove_labelled(host: str) -> None:
    try:
        api = _api(host)
        api.ping()
    except Exception:  # noqa: BLE001 - an engine that is away has nothing to clean
        return
    flt = {"label": SESSION_LABEL}
    for c in api.containers(all=True, filters=flt):
        api.remove_container(c["Id"], force=True, v=True)
    for img in api.images(filters=flt):
        for tag in img.get("RepoTags") or [img["Id"]]:
            try:
                api.remove_image(tag if tag != "<none>:<none>" else img["Id"], force=True)
            except Exception:  # noqa: BLE001 - already gone with another tag
                pass
    for vol in api.volumes(filters=flt).get("Volumes") or []:
        api.remove_volume(vol["Name"], force=True)
    for net in api.networks(filters=flt):
        api.remove_network(net["Id"])


@pytest.fixture(scope="session", autouse=True)
def _engine_and_cleanup() -> Iterator[None]:
    try:
        _api(MAIN_HOST).ping()
    except Exception as exc:  # noqa: BLE001
        pytest.exit(f"no Docker Engine at {MAIN_HOST} ({exc}); run `make test`, which "
                    "provisions it", returncode=2)
    yield
    for host in (MAIN_HOST, H2_HOST):
        _remove_labelled(host)


@pytest.fixture(scope="session")
def labels() -> str:
    """Put on every `run`/`create`/`build`/`volume create`/`network create` line."""
    return f"--label {TEST_LABEL} --label {SESSION_LABEL}"


@pytest.fixture(scope="session")
def label_dict() -> dict[str, str]:
    return {"jupyter-docker-test": "1", "jupyter-docker-test.session": SESSION}


@pytest.fixture
def unique() -> str:
    """A short unique name prefix for this test's objects."""
    return f"jdt-{uuid.uuid4().hex[:6]}"


@pytest.fixture(scope="session")
def ip() -> Any:
    """A real IPython shell with `%load_ext jupyter_docker` done."""
    from IPython.testing.globalipapp import start_ipython

    shell = start_ipython()
    shell.run_line_magic("load_ext", "jupyter_docker")
    return shell
