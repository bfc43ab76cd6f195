"""Every text stream when its engine is killed mid-stream (SIGKILL: dockerd vanishes, its
containers live on): `logs -f`, `events` and `build` end with one line that says the engine
went away, never a traceback. (stats: tests/test_stats_engine_gone.py; pull, push, load and
import read their answer through the same `jsonstream.follow` as build.)"""

from __future__ import annotations

import signal
import threading
from typing import Any

import pytest

from conftest import api_client
from throwaway_engine import engine_running

pytestmark = pytest.mark.one_engine("the engine killed is a throwaway dockerd of its own (20.10)")

TICKER = "sh -c 'trap \"exit 0\" TERM; while true; do echo tick; sleep 0.1; done'"


def killed_during(ip: Any, capsys: Any, engine: Any, line: str, after: float = 2.5) -> tuple:
    """Run `%docker line` as a cell, dockerd SIGKILLed `after` seconds in: (result, out)."""
    capsys.readouterr()
    killer = threading.Timer(after, engine.kill, (signal.SIGKILL,))
    killer.start()
    try:
        result = ip.run_cell(f"%docker -H {engine.host} {line}")
    finally:
        killer.join()
    return result, capsys.readouterr()


@pytest.fixture(autouse=True)
def text_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTER_DOCKER_PROGRESS", "text")


def test_logs_follow(ip: Any, labels: str, capsys: Any) -> None:
    with engine_running(ip, labels, TICKER, "lgone") as (engine, name):
        result, out = killed_during(ip, capsys, engine, f"logs -f {name}")
    text = out.out + out.err
    assert "tick" in out.out and "Traceback" not in text
    assert text.strip().splitlines()[-1] == ("docker: the engine went away "
                                             "(ChunkedEncodingError): stopped following the "
                                             f"logs of {name}")
    assert "went away" not in text.strip().splitlines()[-2]  # said once
    assert result.error_in_exec is not None


def test_events(ip: Any, labels: str, capsys: Any) -> None:
    with engine_running(ip, labels, "sleep 60", "egone") as (engine, name):
        sdk, done = api_client(engine.host), threading.Event()

        def execs() -> None:  # events until the kill (not pauses: a paused container would
            while not done.wait(0.3):  # outlive the test frozen)
                try:
                    sdk.exec_start(sdk.exec_create(name, ["true"])["Id"], detach=True)
                except Exception:  # noqa: BLE001 - the engine is gone
                    return

        maker = threading.Thread(target=execs)
        maker.start()
        try:
            result, out = killed_during(ip, capsys, engine, "events")
        finally:
            done.set()
            maker.join()
    assert "container exec_die" in out.out and "Traceback" not in out.err
    assert out.err.strip() == ("docker: the engine went away (ChunkedEncodingError): "
                               "stopped following events")
    assert len(result.result) >= 1  # the events seen are kept


def test_build(ip: Any, labels: str, capsys: Any, tmp_path: Any) -> None:
    from conftest import BASE_IMAGE

    (tmp_path / "Dockerfile").write_text(f"FROM {BASE_IMAGE}\nRUN echo building; sleep 20\n")
    with engine_running(ip, labels, "sleep 60", "bgone") as (engine, _):
        result, out = killed_during(ip, capsys, engine, f"build {labels} {tmp_path}", after=3.0)
    text = (out.out + out.err)
    assert "Traceback" not in text and "building" in text
    last = text.strip().splitlines()[-1]
    assert last.startswith("docker: the engine went away (") and last.endswith("): build cancelled")
    print(f"\nbuild: {last}")
    assert result.error_in_exec is not None


@pytest.mark.parametrize("line", ["exec {name} " + TICKER.replace("trap \\\"exit 0\\\" TERM; ", ""),
                                  "attach {name}", "logs -f --tail 1 {name}"],
                         ids=["exec", "attach", "logs-tail"])
def test_attached_streams(ip: Any, labels: str, capsys: Any, line: str) -> None:
    with engine_running(ip, labels, TICKER, "agone") as (engine, name):
        result, out = killed_during(ip, capsys, engine, line.format(name=name))
    text = (out.out + out.err).strip()
    assert "Traceback" not in text and "tick" in out.out
    last = text.splitlines()[-1]
    print(f"\n{line.split()[0]}: {last}")
    assert last.startswith("docker: the engine went away (") and "): stopped following " in last
    assert sum("docker: " in t for t in text.splitlines()) == 1  # said once
