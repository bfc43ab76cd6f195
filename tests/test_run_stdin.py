"""`%%docker run -i` / `%%docker exec -i`: the cell body is the standard input (then end of
input), the output streams live, the exit code is the cell's value; in a real kernel, under
nbclient, and through the Python API's `stdin=`."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import jupyter_docker as jd
from conftest import BASE_IMAGE
from kernel import Kernel

BODY = 'echo "inside: $(hostname)"\nls /\necho to-stderr >&2\nexit 3'


def gone(api, name: str) -> bool:
    return not api.containers(all=True, filters={"name": f"^/{name}$"})


def test_cell_body_is_stdin_in_a_kernel(ip, api, labels, unique) -> None:
    name = f"{unique}-in"
    with Kernel() as k:
        k.run("%load_ext jupyter_docker")
        out = k.outputs(f"%%docker run -i --rm {labels} --name {name} -h box-{unique} "
                        f"{BASE_IMAGE} sh\n{BODY}")
        streams = "".join(t for kind, where, t in out if kind == "stream" and where == "stdout")
        errors = "".join(t for kind, where, t in out if kind == "stream" and where == "stderr")
        assert streams.splitlines()[0] == f"inside: box-{unique}"
        assert {"bin", "etc", "proc"} <= set(streams.splitlines()[1:])
        assert "to-stderr" in errors and "exited with code 3" in errors
        assert out[-1] == ("display_data", "text/plain", "exit code 3")
        assert gone(api, name)  # --rm

        # exec -i into a running container: its body is the command's stdin too
        k.run(f"%docker run -d {labels} --name {name}-x {BASE_IMAGE} sleep 60")
        try:
            out = k.outputs(f"%%docker exec -i {name}-x sh -c 'tr a-z A-Z; exit 4'\n"
                            "first line\nsecond")
            text = "".join(t for kind, _, t in out if kind == "stream")
            assert text.splitlines() == ["FIRST LINE", "SECOND"]
            assert out[-1] == ("display_data", "text/plain", "exit code 4")
        finally:
            api.remove_container(f"{name}-x", force=True)


def test_cell_body_is_stdin_under_nbclient(ip, api, labels, unique, tmp_path: Path) -> None:
    name = f"{unique}-nb"
    cells = ["%load_ext jupyter_docker",
             f"%%docker run -i --rm {labels} --name {name} {BASE_IMAGE} sh\n"
             "echo one\necho two\n",
             f"%%docker run -i --rm {labels} {BASE_IMAGE} sh\n{BODY}"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    ok, failed = nb.cells[1].outputs, nb.cells[2].outputs
    assert {(o.output_type, o.get("name")) for o in ok} == {("stream", "stdout")}  # 0: no row
    assert "".join(o.text for o in ok) == "one\ntwo\n"
    assert failed[-1].output_type == "display_data"
    assert failed[-1].data["text/plain"] == "exit code 3"
    assert gone(api, name)


def test_large_input_exact_and_never_hangs(ip, api, labels, label_dict, unique,
                                          capfd) -> None:
    """5 MB through `wc -c` arrive whole (a cell's str body, then bytes through the API); a
    command that reads 5 bytes of 5 MB and exits ends the cell (the writer is cut off)."""
    size = 5_000_000
    capfd.readouterr()
    code = ip.run_cell_magic("docker", f"run -i --rm {labels} --name {unique}-wc {BASE_IMAGE} "
                             "wc -c", "x" * size)
    assert code == 0 and capfd.readouterr().out.strip() == str(size)
    code = jd.run(BASE_IMAGE, ["wc", "-c"], interactive=True, rm=True, label=label_dict,
                  stdin="é".encode() * (size // 2))
    assert code == 0 and capfd.readouterr().out.strip() == str(size)
    start = time.monotonic()
    code = jd.run(BASE_IMAGE, ["sh", "-c", "head -c 5; echo; exit 0"], interactive=True,
                  rm=True, label=label_dict, name=f"{unique}-head", stdin=b"y" * size)
    assert code == 0 and capfd.readouterr().out == "yyyyy\n"
    assert time.monotonic() - start < 20
    assert gone(api, f"{unique}-wc") and gone(api, f"{unique}-head")


def test_no_body_still_reads_end_of_input(ip, labels, capfd) -> None:
    start = time.monotonic()
    code = ip.run_line_magic("docker", f"run -i --rm {labels} {BASE_IMAGE} cat")
    assert code == 0 and time.monotonic() - start < 20
    assert "stdin is not attached" in capfd.readouterr().err


@pytest.mark.parametrize("flags, message", [
    ("", "the cell body is standard input only with -i"),
    ("-it", "the input device is not a TTY"),
    ("-di", "only for an attached container"),
])
def test_body_refused_before_anything_is_made(ip, api, labels, unique, flags, message) -> None:
    name = f"{unique}-no"
    with pytest.raises(jd.UsageError, match=message):
        ip.run_cell_magic("docker", f"run {flags} --rm {labels} --name {name} {BASE_IMAGE} sh",
                          "echo hi")
    assert gone(api, name)


def test_start_ai_takes_the_body_of_a_container_created_with_i(ip, api, labels, unique,
                                                               capfd) -> None:
    """`create -i` is configured as the CLI's (StdinOnce), so `%%docker start -ai` reads the
    body to its end; a container made without -i says so in one line instead of hanging."""
    name = f"{unique}-ai"
    ip.run_line_magic("docker", f"create -i {labels} --name {name} {BASE_IMAGE} sh")
    config = api.inspect_container(name)["Config"]
    assert config["OpenStdin"] and config["StdinOnce"] and config["AttachStdin"]
    capfd.readouterr()
    code = ip.run_cell_magic("docker", f"start -ai {name}", "echo started-$((6*7))\nexit 5")
    assert code == 5 and capfd.readouterr().out == "started-42\n"
    assert api.inspect_container(name)["State"]["ExitCode"] == 5
    ip.run_line_magic("docker", f"create {labels} --name {name}-closed {BASE_IMAGE} sh")
    with pytest.raises(jd.DockerError, match="was not created with -i"):
        ip.run_cell_magic("docker", f"start -ai {name}-closed", "echo hi")
    assert not api.inspect_container(f"{name}-closed")["State"]["Running"]
    for c in (name, f"{name}-closed"):
        api.remove_container(c, force=True)


def test_interrupt_with_unread_input_ends_the_cell(ip, api, labels, unique, capfd) -> None:
    """The stop button while the writer is blocked (the container reads nothing): one line,
    the container stopped, the writer thread gone."""
    name = f"{unique}-stuck"

    def interrupt_once_it_runs() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if api.inspect_container(name)["State"]["Running"]:
                    break
            except Exception:  # noqa: BLE001 - not created yet
                pass
            time.sleep(0.1)
        time.sleep(0.5)  # a real SIGINT, as a kernel interrupt: it breaks the blocked read
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)

    threading.Thread(target=interrupt_once_it_runs, daemon=True).start()
    start = time.monotonic()
    code = ip.run_cell_magic("docker", f"run -i {labels} --name {name} {BASE_IMAGE} "
                             "sh -c 'echo waiting; sleep 60'", "z" * 5_000_000)
    assert code is None and time.monotonic() - start < 30
    out = capfd.readouterr()
    assert "waiting" in out.out and "interrupted: stopped following" in out.err
    assert api.inspect_container(name)["State"]["Status"] == "exited"
    assert not [t for t in threading.enumerate() if t.name == "jupyter-docker-stdin"]
    api.remove_container(name, force=True)
