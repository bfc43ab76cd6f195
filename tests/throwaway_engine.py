"""A throwaway Docker engine for tests that take their engine away (kill dockerd, ...).

    with throwaway_engine() as eng:      # its own dockerd, netns, dirs; the base image loaded
        ... eng.host ...                  # "unix:///tmp/jdte-xxxx/sock"
        eng.kill(signal.SIGKILL)          # the engine goes away; containers may live on
    # every process it started is gone, its mounts, dirs, netns, cgroups and shim sockets too

Why this shape:
- Its own network namespace (never the host's nor H2's `jdh2`): a second dockerd in the host
  namespace would manage the host's docker0 and iptables (see scripts/provision.sh). `nsenter
  --net` only, not `ip netns exec`, whose fresh /sys hides the cgroup mounts dockerd needs.
- dockerd runs under a small reaper process of ours that is a child subreaper: containerd,
  the shims and the containers' processes stay its descendants even when dockerd dies (else
  they would go to pid 1, which here leaves them as zombies for a while). "Ours" is exactly
  the reaper's descendants: stopped by PID, reaped, and the reaper exits when none is left.
- Containers go under a cgroup parent named after the netns, removed at the end; shims
  put their sockets in the host-wide /run/containerd/s, named by a hash that is removed too.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from typing import Any, Callable, Iterator

from conftest import BASE_IMAGE, MAIN_HOST, api_client

# Run as `python -c REAPER dockerd ...`: become a child subreaper, run the command, reap
# every process that ends below us, exit once no descendant is left.
REAPER = """
import ctypes, os, sys
ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
if os.fork() == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
"""
SHIM_SOCKETS = "/run/containerd/s"  # containerd 1.6: s/sha256(<address>/<namespace>/<id>)
CGROUPS = "/sys/fs/cgroup"
MNT_DETACH = 2


def wait_until(predicate: Callable[[], bool], timeout: float, step: float = 0.05) -> bool:
    """Poll `predicate` until it is true (True) or `timeout` seconds have passed (False)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(step)
    return True


def _parents() -> dict[int, int]:
    """pid -> ppid of every process now."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    stat = fh.read()
            except OSError:
                continue
            table[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    return table


def _mounts_under(root: str) -> list[str]:
    """Mount points at or below `root`, deepest (latest mounted) first."""
    points = []
    with open("/proc/self/mountinfo") as fh:
        for line in fh:
            point = line.split()[4].encode().decode("unicode_escape")
            if point == root or point.startswith(root + "/"):
                points.append(point)
    return points[::-1]


class ThrowawayEngine:
    """One dockerd of our own; see the module docstring. Use `throwaway_engine()`."""

    def __init__(self) -> None:
        self.netns = f"jdte-{secrets.token_hex(4)}"
        # short paths: a unix socket path has at most 107 bytes (the shims' too, under e/)
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="jdte-", dir="/tmp"))
        self.sock = f"{self.root}/sock"
        self.host = f"unix://{self.sock}"
        self.data_root, self.exec_root = f"{self.root}/d", f"{self.root}/e"
        self.log = f"{self.root}/dockerd.log"
        self.reaper: subprocess.Popen[bytes] | None = None
        self.dockerd_pid = 0
        self.timings: dict[str, float] = {}  # seconds: "dockerd" (until /_ping), "image"
        self.shim_sockets: list[str] = []  # known once closed

    # ----------------------------------------------------------------- starting
    def start(self) -> None:
        t0 = time.monotonic()
        subprocess.run(["ip", "netns", "add", self.netns], check=True)
        ns = f"/var/run/netns/{self.netns}"
        if os.stat(ns).st_ino == os.stat("/proc/self/ns/net").st_ino:
            raise RuntimeError(f"netns {self.netns} is the host's own network namespace")
        subprocess.run(["ip", "-n", self.netns, "link", "set", "lo", "up"], check=True)
        with open(f"{self.root}/daemon.json", "w") as fh:
            fh.write("{}\n")  # not /etc/docker/daemon.json: nothing of the host's setup
        with open(self.log, "ab") as log:
            self.reaper = subprocess.Popen(
                [sys.executable, "-c", REAPER, "nsenter", f"--net={ns}", "dockerd",
                 "--config-file", f"{self.root}/daemon.json", "--data-root", self.data_root,
                 "--exec-root", self.exec_root, "-H", self.host,
                 "--pidfile", f"{self.root}/dockerd.pid", "--iptables=false",
                 "--cgroup-parent", f"/{self.netns}"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        if not wait_until(self._answers, 30):
            raise RuntimeError(f"dockerd at {self.host} did not answer within 30s; see {self.log}")
        with open(f"{self.root}/dockerd.pid") as fh:
            self.dockerd_pid = int(fh.read())
        assert _parents().get(self.dockerd_pid) == self.reaper.pid, "dockerd is not ours"
        self.timings["dockerd"] = time.monotonic() - t0
        t1 = time.monotonic()
        image = b"".join(api_client(MAIN_HOST).get_image(BASE_IMAGE))
        api_client(self.host).load_image(image)
        self.timings["image"] = time.monotonic() - t1

    def _answers(self) -> bool:
        if self.reaper is not None and self.reaper.poll() is not None:
            raise RuntimeError(f"dockerd exited at start; see {self.log}")
        try:
            return api_client(self.host, timeout=2).ping()
        except Exception:  # noqa: BLE001 - not up yet
            return False

    # ----------------------------------------------------------------- taking it away
    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Send `sig` to dockerd only (SIGKILL: abrupt; SIGTERM: it stops its containers)."""
        os.kill(self.dockerd_pid, sig)

    def dockerd_gone(self) -> bool:
        return self.dockerd_pid not in _parents()

    def processes(self) -> set[int]:
        """Every live descendant of our reaper: dockerd, containerd, shims, containers."""
        if self.reaper is None:
            return set()
        table = _parents()
        ours, grew = set(), True
        while grew:
            new = {p for p, pp in table.items() if pp == self.reaper.pid or pp in ours} - ours
            ours |= new
            grew = bool(new)
        return ours

    # ----------------------------------------------------------------- cleaning up
    def close(self) -> None:
        """Stop everything we started and remove all it left; safe after a partial start."""
        if self.reaper is not None:
            if self.dockerd_pid and not self.dockerd_gone():
                with contextlib.suppress(ProcessLookupError):  # it may just have been reaped
                    self.kill(signal.SIGTERM)  # graceful: it stops its containers
                wait_until(self.dockerd_gone, 20)
            for _ in range(20):
                pids = self.processes()
                if not pids:
                    break
                for pid in pids:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                time.sleep(0.1)
            with contextlib.suppress(subprocess.TimeoutExpired):  # leftovers() tells
                self.reaper.wait(10)  # it exits once it reaped all of them
        libc = ctypes.CDLL(None, use_errno=True)
        for point in _mounts_under(self.root):
            libc.umount2(point.encode(), MNT_DETACH)
        self.shim_sockets = self._shim_sockets()
        for socket in self.shim_sockets:
            with contextlib.suppress(FileNotFoundError):
                os.remove(socket)
        shutil.rmtree(self.root, ignore_errors=True)
        subprocess.run(["ip", "netns", "delete", self.netns], stderr=subprocess.DEVNULL)
        for tree in self._cgroups():
            for dirpath, _, _ in sorted(os.walk(tree), key=lambda w: -len(w[0])):
                with contextlib.suppress(OSError):
                    os.rmdir(dirpath)

    def _shim_sockets(self) -> list[str]:
        address = f"{self.exec_root}/containerd/containerd.sock"
        try:
            ids = os.listdir(f"{self.data_root}/containers")
        except FileNotFoundError:
            ids = []
        return [f"{SHIM_SOCKETS}/{hashlib.sha256(f'{address}/moby/{i}'.encode()).hexdigest()}"
                for i in ids]

    def _cgroups(self) -> list[str]:
        return [path for h in os.listdir(CGROUPS)
                if os.path.isdir(path := f"{CGROUPS}/{h}/{self.netns}")]

    def leftovers(self) -> list[str]:
        """What is still there after `close()` (nothing, when all went well)."""
        left = [f"process {pid}" for pid in self.processes()]
        if self.reaper is not None and self.reaper.poll() is None:
            left.append(f"reaper {self.reaper.pid}")
        left += [f"mount {p}" for p in _mounts_under(self.root)]
        left += [f"path {p}" for p in (self.root, f"/var/run/netns/{self.netns}")
                 if os.path.lexists(p)]
        left += [f"shim socket {s}" for s in self.shim_sockets if os.path.exists(s)]
        return left + [f"cgroup {c}" for c in self._cgroups()]


@contextlib.contextmanager
def throwaway_engine() -> Iterator[ThrowawayEngine]:
    """A running throwaway engine (base image loaded); stopped and removed on exit."""
    engine = ThrowawayEngine()
    try:
        engine.start()
        yield engine
    finally:
        engine.close()


@contextlib.contextmanager
def engine_running(ip: Any, labels: str, command: str,
                   suffix: str) -> Iterator[tuple[ThrowawayEngine, str]]:
    """A throwaway engine with one container running `command` (started with `%docker`);
    the engine and all of it gone afterwards. Skips without root."""
    import pytest

    if os.geteuid() != 0:
        pytest.skip("a throwaway engine needs root (network namespace, dockerd)")
    name = f"jdt-{secrets.token_hex(3)}-{suffix}"  # gone with its engine: nothing to sweep
    with throwaway_engine() as engine:
        ip.run_line_magic("docker", f"-H {engine.host} run -d {labels} --name {name} "
                                    f"{BASE_IMAGE} {command}")
        yield engine, name
    assert engine.leftovers() == []
