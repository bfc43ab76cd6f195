"""Completion candidates derived from the command table (names supplied by a stand-in)."""

from jupyter_docker.completion import candidates

NAMES = {"container": ["web", "db"], "image": ["busybox:latest"], "object": ["web", "busybox:latest"]}


def names(kind: str) -> list:
    return NAMES.get(kind, [])


def test_commands_and_groups() -> None:
    assert "ps" in candidates("")
    assert candidates("pu") == [c for c in candidates("") if c.startswith("pu")]
    assert "container" in candidates("con")
    assert "ls" in candidates("container ") and "inspect" in candidates("container ")


def test_flags() -> None:
    got = candidates("ps --f")
    assert "--filter" in got and "--format" in got and "--all" not in got
    assert "-a" in candidates("ps -")


def test_choices_and_live_names() -> None:
    assert candidates("inspect --type c", names) == ["container"]
    assert candidates("history ", names) == ["busybox:latest"]
    assert candidates("inspect w", names) == ["web"]
    assert candidates("container inspect ", names) == ["web", "db"]


def test_global_flags_are_skipped() -> None:
    assert "ps" in candidates("-H unix:///x.sock ")


def test_swarm_and_context_names() -> None:
    more = {"service": ["web"], "node": ["self", "lab"], "context": ["default", "h2"]}
    assert candidates("service ps ", more.get) == ["web"]
    assert candidates("node update --availability drain ", more.get) == ["self", "lab"]
    assert candidates("context use ", more.get) == ["default", "h2"]
    assert candidates("context create ", more.get) == []  # a new name


def test_context_names_come_from_the_cli_s_files(tmp_path, monkeypatch) -> None:
    from jupyter_docker.engine import context_store
    from jupyter_docker.names import live_names

    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    context_store.create("lab-engine", "unix:///nonexistent.sock")
    assert live_names("context", host="unix:///nonexistent.sock") == ["default", "lab-engine"]


def test_the_older_complete_api_gives_docker_words_alone(ip) -> None:
    """`Completer.complete()` (readline-style callers): the same words, no Jedi, no Python."""
    line = "%docker run --det"
    assert ip.Completer.complete(line_buffer=line, cursor_pos=len(line)) == (
        "--det", ["--detach", "--detach-keys"])
    line = "%docker ps --filter status=ex"
    assert ip.Completer.complete(line_buffer=line, cursor_pos=len(line)) == (
        "status=ex", ["status=exited"])
    line = "%docker logs abs-no-such"
    assert ip.Completer.complete(line_buffer=line, cursor_pos=len(line))[1] == []
