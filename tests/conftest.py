"""Shared test setup: where the engines are, labels, exact cleanup, an IPython shell.

The environment comes from `scripts/provision.sh --test` (run by `make test`): the main
engine, a second engine H2 in its own network namespace, Debian 13's Engine 26 twice (classic
and with the containerd image store), the base image on each, and a registry with htpasswd
auth. If they are not up, the session stops at once and says so.

Two engine generations: every test that uses the `engine` fixture -- directly, or through
`ip` or `api` -- runs once per engine in ENGINES, named in its id (`test_x[engine26]`), with
DOCKER_HOST pointing at a newer engine for the test (so `%docker`, `jd.*` and the docker CLI
all talk to it; on the main engine DOCKER_HOST is left unset, it is the default). A module
marked `pytest.mark.one_engine(reason)` runs on the main engine only.

Several pytest sessions may share these engines at the same time, so everything a test
creates carries two labels (fixtures `labels` for `%docker` lines, `label_dict` for the SDK):

    jupyter-docker-test=1                     everything made by any test session
    jupyter-docker-test.session=<hex>         made by THIS session

At the end of the session, containers (with their volumes), images, volumes and networks
that carry this session's label -- or a name/tag from this session's `unique` fixture --
are removed from every engine; nothing else is touched. Registry content is not removed.
"""

from __future__ import annotations

import os
import secrets
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator

import pytest

pytest_plugins = ["lab_browser"]  # JupyterLab + headless Chromium fixtures: lab, browser, page

BASE_IMAGE = "jupyter-docker/busybox:latest"  # busybox-static; `sh`, `httpd`, `nc`, ... in PATH
MAIN_HOST = "unix:///var/run/docker.sock"
H2_HOST = "unix:///var/run/jupyter-docker-h2.sock"  # a second engine, separate from MAIN_HOST
API_VERSION = "1.41"  # Debian 12's engine (20.10); the newer engines answer it too
ENGINES = {  # test id -> engine; the behaviour tests run once on each
    "engine20": MAIN_HOST,  # Debian 12's dockerd 20.10 (API 1.41)
    "engine26": "unix:///var/run/jupyter-docker-e26.sock",  # Debian 13's 26.1 (API 1.45)
    "engine26-containerd": "unix:///var/run/jupyter-docker-e26c.sock",  # 26.1, containerd store
}
# Engines in network namespaces of their own: their 127.0.0.1 is not ours (tests/netns.py)
NETNS = {ENGINES["engine26"]: "jde26", ENGINES["engine26-containerd"]: "jde26c"}
# The main engine and the Engine 26 pair reach it (a relay in each of their namespaces forwards
# their 127.0.0.1:5000 to it); H2 cannot (it has its own loopback).
REGISTRY = "127.0.0.1:5000"
REGISTRY_USER = "jdtest"  # test-only credentials of the local registry
REGISTRY_PASSWORD = "jdtest-secret"
TEST_LABEL = "jupyter-docker-test=1"
SESSION = secrets.token_hex(5)
SESSION_LABEL = f"jupyter-docker-test.session={SESSION}"

_prefixes: list[str] = []  # every name handed out by `unique` in this session


def api_client(host: str | None = None, timeout: int = 60) -> Any:
    """A low-level docker SDK client for `host`, by default the engine this test runs on
    (DOCKER_HOST, else the main engine); docker is imported on first use."""
    from docker import APIClient

    return APIClient(host or os.environ.get("DOCKER_HOST") or MAIN_HOST, version=API_VERSION,
                     timeout=timeout)



def dockerfile_tar(dockerfile: str) -> bytes:
    """A build context holding only `Dockerfile`, as tar bytes (for /build and api.build)."""
    import io
    import tarfile

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        data = dockerfile.encode()
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def untagged_parents(api: Any, image: str) -> list[str]:
    """The untagged parents of `image`, child first: the classic builder's intermediate images,
    which the containerd store keeps when the image goes (a test that removes its images itself
    removes these too)."""
    parents = []
    parent = api.inspect_image(image).get("Parent")
    while parent:
        info = api.inspect_image(parent)
        if set(info.get("RepoTags") or []) - {"<none>:<none>"}:
            break
        parents.append(parent)
        parent = info.get("Parent")
    return parents


# ------------------------------------------------------------------ the engines

@dataclass(frozen=True)
class Engine:
    """One engine the behaviour tests run on: its test id and its address."""

    name: str
    host: str

    def speaks(self, version: str) -> bool:
        """Whether the engine's API is `version` or newer (what the CLI negotiates)."""
        as_tuple = lambda v: tuple(int(p) for p in v.split("."))  # noqa: E731
        return as_tuple(api_client(self.host).version()["ApiVersion"]) >= as_tuple(version)

    @contextmanager
    def active(self) -> Iterator[None]:
        """DOCKER_HOST at this engine inside, as during its tests: for a module fixture, which
        is set up before the per-test setting."""
        with pytest.MonkeyPatch.context() as mp:
            if self.host != MAIN_HOST:
                mp.setenv("DOCKER_HOST", self.host)
            yield

    @property
    def containerd_store(self) -> bool:
        """Images live in containerd's content store (Docker Desktop's and Engine 29's default)."""
        return self.name.endswith("-containerd")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "one_engine(reason): run on the main engine only")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames:
        one = metafunc.definition.get_closest_marker("one_engine")
        names = ["engine20"] if one else list(ENGINES)
        metafunc.parametrize("engine", names, indirect=True, scope="session")


@pytest.fixture(scope="session")
def engine(request: pytest.FixtureRequest) -> Engine:
    """The engine this test runs on (its id says which); DOCKER_HOST points at it."""
    return Engine(request.param, ENGINES[request.param])


@pytest.fixture(autouse=True)
def _docker_host(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """DOCKER_HOST names a newer engine for the test; the main one is the default anyway, so
    on it the environment stays as a user's (no DOCKER_HOST overriding their contexts)."""
    if "engine" in request.fixturenames:
        host = request.getfixturevalue("engine").host
        if host != MAIN_HOST:
            monkeypatch.setenv("DOCKER_HOST", host)


@pytest.fixture
def sleeper(api: Any, label_dict: dict[str, str], unique: str) -> Iterator[str]:
    """A running, labelled container of the base image (`sleep 600`) to exec into; its name."""
    name = f"{unique}-sleeper"
    container = api.create_container(BASE_IMAGE, ["sleep", "600"], name=name, labels=label_dict)
    api.start(container)
    yield name
    api.remove_container(container, force=True)


@pytest.fixture
def classic_builder(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds in this test use the classic builder (DOCKER_BUILDKIT=0): for what only it has
    (intermediate images and a Parent, layers gone with the image's last tag)."""
    monkeypatch.setenv("DOCKER_BUILDKIT", "0")


@pytest.fixture(scope="session")
def api(engine: Engine) -> Any:
    """A low-level SDK client for the engine this test runs on."""
    return api_client(engine.host)


# ------------------------------------------------------------------ the environment is up

def _environment_problems() -> list[str]:
    import urllib.error
    import urllib.request

    problems = []
    for name, host in (*ENGINES.items(), ("second engine H2", H2_HOST)):
        try:
            api = api_client(host, timeout=5)
            api.ping()
            api.inspect_image(BASE_IMAGE)
        except Exception as exc:  # noqa: BLE001 - any failure means "not provisioned"
            problems.append(f"{name} at {host}: {str(exc).splitlines()[0][:200]}")
    try:
        urllib.request.urlopen(f"http://{REGISTRY}/v2/", timeout=5)
        problems.append(f"registry at {REGISTRY} answers without credentials (expected 401)")
    except urllib.error.HTTPError as exc:
        if exc.code != 401:
            problems.append(f"registry at {REGISTRY}: HTTP {exc.code} (expected 401)")
    except OSError as exc:
        problems.append(f"registry at {REGISTRY}: {exc}")
    return problems


def pytest_sessionstart(session: pytest.Session) -> None:
    problems = _environment_problems()
    if problems:
        pytest.exit(
            "the test environment is not up:\n  " + "\n  ".join(problems)
            + "\nRun `make test` (or `scripts/provision.sh --test` as root), which provisions it.",
            returncode=3,
        )


# ------------------------------------------------------------------ labels and names

@pytest.fixture(scope="session")
def label_dict() -> dict[str, str]:
    """The two labels as a dict, for the SDK (`labels=label_dict`)."""
    return dict(label.split("=", 1) for label in (TEST_LABEL, SESSION_LABEL))


@pytest.fixture(scope="session")
def labels() -> str:
    """`--label ... --label ...` for every `%docker run/create/build/volume create/...` line."""
    return f"--label {TEST_LABEL} --label {SESSION_LABEL}"


@pytest.fixture
def unique() -> str:
    """A short name prefix unique to this test (`jdt-1a2b3c`) for containers, images, ...

    Objects named or tagged with it (also `127.0.0.1:5000/jdt-1a2b3c...`) are removed at
    the end of the session even without labels, e.g. a `docker tag` of the base image.
    """
    prefix = f"jdt-{secrets.token_hex(3)}"
    _prefixes.append(prefix)
    return prefix


def free_subnet(api: Any) -> str:
    """`10.X.Y` of a /24 that no network on the engine overlaps (a fixed subnet meets the
    same subnet left by a session that died, or another session's, as 'Pool overlaps')."""
    import ipaddress

    taken = [ipaddress.ip_network(c["Subnet"], strict=False)
             for n in api.networks() for c in ((n.get("IPAM") or {}).get("Config") or [])
             if c.get("Subnet")]
    for _ in range(200):
        prefix = f"10.{200 + secrets.randbelow(50)}.{secrets.randbelow(256)}"
        candidate = ipaddress.ip_network(f"{prefix}.0/24")
        if not any(candidate.overlaps(t) for t in taken):
            return prefix
    raise RuntimeError("no free 10.200-249.x.0/24 subnet on the engine")


# ------------------------------------------------------------------ cleanup

def _ours(labels: dict | None, *names: str) -> bool:
    if (labels or {}).get("jupyter-docker-test.session") == SESSION:
        return True
    return any(n.lstrip("/").startswith(p) for n in names for p in _prefixes)


def _tag_ours(tag: str) -> bool:
    """`jdt-1a2b3c-x:latest`, or a prefix as the namespace: `127.0.0.1:5000/jdt-1a2b3c/x:1`."""
    parts = tag.split("/")[-2:]
    return any(part.startswith(p) for part in parts for p in _prefixes)


def _quietly(fn: Any, *args: Any, **kwargs: Any) -> bool:
    try:
        fn(*args, **kwargs)
        return True
    except Exception:  # noqa: BLE001 - retried, then reported by the caller
        return False


def _untagged_ancestors(images: list[dict]) -> list[list[str]]:
    """Ids of the untagged parents of this session's images (the classic builder's
    intermediate images) in rounds, children first: a parent only while every child it has is
    ours or already taken -- what the classic store's own `rmi` prunes with the image."""
    by_id = {i["Id"]: i for i in images}
    children: dict[str, set[str]] = {}
    for i in images:
        if i.get("ParentId"):
            children.setdefault(i["ParentId"], set()).add(i["Id"])
    gone = {i["Id"] for i in images if _ours(i.get("Labels"))}
    chain: set[str] = set()
    grew = True
    while grew:  # until no parent joins (siblings make a parent wait for each other)
        grew = False
        for image_id in list(gone):
            parent = by_id[image_id].get("ParentId")
            p = by_id.get(parent)
            if (p is None or parent in gone or set(p.get("RepoTags") or []) - {"<none>:<none>"}
                    or children[parent] - gone):
                continue
            gone.add(parent)
            chain.add(parent)
            grew = True
    rounds = []
    while chain:  # a round: those none of whose children is still to go
        rounds.append([i for i in chain if not children.get(i, set()) & chain])
        chain -= set(rounds[-1])
    return rounds


def _sweep(host: str) -> list[str]:
    """Remove this session's objects from the engine at `host`; return what failed."""
    from concurrent.futures import ThreadPoolExecutor

    from docker.errors import APIError

    failed: list[str] = []

    def attempt(what: str, fn: Any, *args: Any, **kwargs: Any) -> bool:
        try:
            fn(*args, **kwargs)
            return True
        except APIError as exc:
            if exc.status_code != 404:
                failed.append(f"{host} {what}: {exc.explanation or exc}")
            return False

    try:
        api = api_client(host)
        api.ping()
    except Exception:  # noqa: BLE001 - an engine that is away holds nothing we can remove
        return [f"{host}: not reachable, nothing removed"]

    for c in api.containers(all=True):
        if _ours(c.get("Labels"), *(c.get("Names") or [])):
            attempt(f"container {c['Id'][:12]}", api.remove_container, c["Id"], force=True, v=True)

    images = api.images(all=True)
    # Tags this session put on other images (e.g. on the base image): untag only.
    foreign_tags = [tag for i in images if not _ours(i.get("Labels"))
                    for tag in i.get("RepoTags") or [] if _tag_ours(tag)]
    chain = _untagged_ancestors(images)
    # Images this session built/imported/committed: one prune of the unused images that carry
    # this session's label (exactly ours; children before parents, as the engine orders it).
    # On the containerd store a removal costs seconds each (~2.7 s against ~1 s an image in
    # the prune), so one by one only for what the prune leaves (used by a container, ...):
    # newest (children) first, a few passes because a parent goes only after its children.
    # (A prune fails while another one runs on the engine: then all go one by one.)
    _quietly(api.prune_images, filters={"dangling": False, "label": SESSION_LABEL})
    pending = sorted(api.images(filters={"label": SESSION_LABEL}), key=lambda i: -i["Created"])
    for _ in range(3):
        pending = [i for i in pending if not _quietly(api.remove_image, i["Id"], force=True)]
    for i in pending:
        attempt(f"image {i['Id'][:19]}", api.remove_image, i["Id"], force=True)
    # The classic builder's intermediate images under ours: the classic store removes them
    # with the image (404 here), the containerd store keeps them (measured: 5-7 a build).
    # A round's removals in 4 threads: on the containerd store ~1.2 s each, 4 at once about
    # halve it (measured).
    with ThreadPoolExecutor(4) as pool:
        for ids in chain:
            list(pool.map(lambda i: _quietly(api.remove_image, i), ids))
    for tag in foreign_tags:
        attempt(f"tag {tag}", api.remove_image, tag)

    for v in api.volumes().get("Volumes") or []:
        if _ours(v.get("Labels"), v["Name"]):
            attempt(f"volume {v['Name']}", api.remove_volume, v["Name"], force=True)
    for n in api.networks():
        if _ours(n.get("Labels"), n["Name"]):
            attempt(f"network {n['Name']}", api.remove_network, n["Id"])
    return failed


@pytest.fixture(scope="session", autouse=True)
def _remove_what_this_session_created() -> Iterator[None]:
    yield
    from concurrent.futures import ThreadPoolExecutor

    hosts = (*ENGINES.values(), H2_HOST)
    with ThreadPoolExecutor(len(hosts)) as pool:  # the engines are apart: sweep them at once
        failed = [line for lines in pool.map(_sweep, hosts) for line in lines]
    if failed:
        warnings.warn("cleanup left some objects behind:\n" + "\n".join(failed), stacklevel=1)


# ------------------------------------------------------------------ IPython

@pytest.fixture(scope="session")
def ip(engine: Engine) -> Any:
    """The real IPython shell of this session with `%load_ext jupyter_docker` done once
    (one shell for all engines; a test that uses it runs on each engine).

    Tests that use it error with the reason when the extension cannot be loaded.
    """
    from IPython.terminal.interactiveshell import TerminalInteractiveShell
    from IPython.testing.globalipapp import start_ipython

    shell = start_ipython() or TerminalInteractiveShell.instance()
    try:
        result = shell.extension_manager.load_extension("jupyter_docker")
    except Exception as exc:  # noqa: BLE001 - report any failure as the reason
        result = f"{type(exc).__name__}: {exc}"
    if result not in (None, "already loaded"):
        pytest.fail(f"`%load_ext jupyter_docker` failed: {result}", pytrace=False)
    if "docker" not in shell.magics_manager.magics["line"]:
        pytest.fail(f"`%load_ext jupyter_docker` registered no %docker magic ({result!r})",
                    pytrace=False)
    return shell
