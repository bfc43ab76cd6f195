"""Pure pieces behind the image commands: progress views, the build log reader, build
contexts and parameters, search frames, credential keys, and history scrubbing."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

from jupyter_docker import progress
from jupyter_docker.buildcontext import prepare
from jupyter_docker.buildlog import BuildLog
from jupyter_docker.commands.image_build import build_params
from jupyter_docker.commands.image_search import search_frame
from jupyter_docker.commands.image_transfer import split_name
from jupyter_docker.engine.credentials import server_key
from jupyter_docker.history_scrub import MASK, scrub

LAYER = "a1b2c3d4e5f6"


def pull_messages(layer: str = LAYER) -> list[dict]:
    chunks = [{"id": layer, "status": "Downloading",
               "progressDetail": {"current": n * 1000, "total": 50_000}} for n in range(1, 40)]
    return [{"status": "Pulling from app", "id": "v1"},
            {"id": layer, "status": "Pulling fs layer", "progressDetail": {}},
            {"id": layer, "status": "Waiting", "progressDetail": {}},
            *chunks,
            {"id": layer, "status": "Verifying Checksum", "progressDetail": {}},
            {"id": layer, "status": "Download complete", "progressDetail": {}},
            {"id": layer, "status": "Extracting", "progressDetail": {"current": 5, "total": 9}},
            {"id": layer, "status": "Extracting", "progressDetail": {"current": 9, "total": 9}},
            {"id": layer, "status": "Pull complete", "progressDetail": {}},
            {"status": "Digest: sha256:abc"}]


def test_text_progress_prints_a_line_per_state_change_only() -> None:
    out = io.StringIO()
    bar = progress.TextProgress("Pulling app:v1", stream=out)
    fed = [bar.feed(m) for m in pull_messages()]
    assert fed[0] is False and fed[-1] is False  # not a layer's: left to the caller
    bar.done("Downloaded newer image")
    assert out.getvalue().splitlines() == [
        "Pulling app:v1",
        f"{LAYER}: Downloading 1kB/50kB",
        f"{LAYER}: Extracting 5B/9B",
        f"{LAYER}: Pull complete",
    ]
    assert bar.overall() == 1.0 and bar.counts() == "1/1 layers"


def test_quiet_and_mode_choice(monkeypatch) -> None:
    assert isinstance(progress.start("x", quiet=True), progress.QuietProgress)
    monkeypatch.setenv(progress.ENV, "widget")
    assert progress.chosen_mode() == "widget"
    monkeypatch.setenv(progress.ENV, "text")
    assert isinstance(progress.start("x"), progress.TextProgress)
    monkeypatch.delenv(progress.ENV)
    assert progress.chosen_mode() == "text"  # no kernel in a test process
    assert progress.widget_frontend() is False


def test_widget_progress_bars(monkeypatch) -> None:
    shown: list = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    bar = progress.start("Pushing app", mode="widget")
    assert isinstance(bar, progress.WidgetProgress) and bar.box is None  # nothing yet
    other = "0123456789ab"
    for message in pull_messages()[:20] + pull_messages(other)[:3]:
        bar.feed(message)
    assert shown == [bar.box] and "jd-progress" in bar.box._dom_classes
    rows = bar.layer_box.children
    assert len(rows) == 2 and all("jd-progress-layer" in r._dom_classes for r in rows)
    first_bar, first_text = bar.rows[LAYER]
    assert 0 < first_bar.value < 1 and first_text.value.startswith("Downloading")
    assert 0 < bar.bar.value < 1 and "0/2 layers" in bar.label.value
    for message in pull_messages()[20:]:
        bar.feed(message)
    assert first_bar.value == 1.0 and first_bar.bar_style == "success"
    bar.done("failed: unauthorized", ok=False)
    assert bar.bar.bar_style == "danger" and bar.label.value.endswith("failed: unauthorized")
    assert "jd-progress-done" in bar.box._dom_classes


def test_widget_progress_follows_build_steps(monkeypatch) -> None:
    monkeypatch.setattr("IPython.display.display", lambda obj: None)
    bar = progress.start("Building", mode="widget")
    bar.step(2, 4)
    assert bar.bar.value == 0.5 and bar.label.value == "Building: Step 2/4"
    bar.done("built")
    assert bar.bar.value == 1.0


def test_a_tiny_layer_s_wonky_total_is_not_shown() -> None:
    """The engine reports `512/8` bytes pushed for an 8-byte layer; like the CLI, show 512B."""
    out = io.StringIO()
    bar = progress.TextProgress("", stream=out)
    bar.feed({"id": LAYER, "status": "Pushing", "progressDetail": {"current": 512, "total": 8}})
    bar.feed({"id": LAYER, "status": "Pushed", "progressDetail": {}})
    assert out.getvalue().splitlines() == [f"{LAYER}: Pushing 512B", f"{LAYER}: Pushed"]
    assert progress.Layer(LAYER, "Pushing", 4, 8).describe() == "Pushing 4B/8B"
    assert progress.Layer(LAYER, "Pushing", 0, 0).describe() == "Pushing"


def test_show_puts_a_build_s_bar_up_before_its_first_step(monkeypatch) -> None:
    shown: list = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    bar = progress.start("Building", mode="widget")
    bar.show()
    assert shown == [bar.box] and bar.bar.value == 0.0 and bar.label.value == "Building"
    bar.step(1, 2)
    assert shown == [bar.box] and bar.label.value == "Building: Step 1/2"
    progress.TextProgress("Building", stream=io.StringIO()).show()  # nothing to draw


def test_build_log_tracks_steps_and_the_last_good_layer() -> None:
    log = BuildLog()
    began = []
    for chunk in ["Step 1/3 : FROM base", "\n", " ---> 680999587453\n", "Step 2/3 : RUN ok",
                  "\n", " ---> Running in 9d2f24e46817\n", "fine\n",
                  "Removing intermediate container 9d2f24e46817\n", " ---> f4d174eab58c\n",
                  "Step 3/3 : RUN bad", "\n", " ---> Running in 8d7770e1d9b2\n", "oops\n"]:
        began += log.feed(chunk)
    assert began == [(1, 3), (2, 3), (3, 3)]
    report = log.failure("The command '/bin/sh -c bad' returned a non-zero code: 2",
                         show_output=True).line()
    assert report.splitlines() == [
        "docker: build failed at Step 3/3 : RUN bad",
        "  | oops",
        "  The command '/bin/sh -c bad' returned a non-zero code: 2",
        "  last good layer: f4d174eab58c (the image before this step; debug from it: "
        "%docker run --rm -it f4d174eab58c sh)",
    ]
    first = BuildLog()
    first.feed("Step 1/2 : FROM nothing\n")
    assert "last good layer" not in first.failure("pull access denied").line()


def test_build_contexts(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "Dockerfile").write_text("FROM x\n")
    (tmp_path / "keep.txt").write_text("k")
    (tmp_path / "skip.log").write_text("s")
    (tmp_path / ".dockerignore").write_text("*.log\n")
    def names(ctx) -> list[str]:
        ctx.body.seek(0)
        return tarfile.open(fileobj=ctx.body).getnames()

    plain = prepare(str(tmp_path), None, None)
    assert plain.dockerfile is None and "skip.log" not in names(plain)
    assert {"Dockerfile", "keep.txt"} <= set(names(plain))
    cell = prepare(str(tmp_path), None, "FROM y\n")
    assert cell.dockerfile.startswith(".dockerfile.") and cell.dockerfile in names(cell)
    alone = prepare(None, None, "FROM z\n")
    assert names(alone) == ["Dockerfile"] and alone.dockerfile == "Dockerfile"
    elsewhere = tmp_path.parent / f"{tmp_path.name}.Dockerfile"
    elsewhere.write_text("FROM w\n")
    outside = prepare(str(tmp_path), str(elsewhere), None)
    assert outside.dockerfile.startswith(".dockerfile.")
    monkeypatch.chdir(tmp_path)
    assert prepare(".", "Dockerfile", None).dockerfile == "Dockerfile"
    remote = prepare("https://example.invalid/ctx.tar", "sub/Dockerfile", None)
    assert remote.remote and remote.body is None and remote.dockerfile == "sub/Dockerfile"


def test_build_params(monkeypatch) -> None:
    monkeypatch.setenv("FROM_ENV", "e")
    monkeypatch.delenv("UNSET_ARG", raising=False)
    ctx = prepare(None, None, "FROM x\n")
    params = build_params({"tag": ["a:1", "b:2"], "no_cache": True, "rm": True,
                           "build_arg": {"K": "v", "FROM_ENV": None, "UNSET_ARG": None},
                           "label": {"l": "1", "bare": None}, "target": "stage"}, ctx)
    assert [v for k, v in params if k == "t"] == ["a:1", "b:2"]
    as_dict = dict(params)
    assert as_dict["nocache"] == "1" and as_dict["rm"] == "1" and as_dict["target"] == "stage"
    assert json.loads(as_dict["buildargs"]) == {"K": "v", "FROM_ENV": "e", "UNSET_ARG": None}
    assert json.loads(as_dict["labels"]) == {"l": "1", "bare": ""}


def test_search_frame() -> None:
    df = search_frame([{"name": "busybox", "description": "x" * 60, "star_count": 3,
                        "is_official": True, "is_automated": False}])
    assert list(df.columns) == ["name", "description", "stars", "official", "automated"]
    assert df.loc[0, "description"] == "x" * 44 + "…" and df.loc[0, "stars"] == 3
    assert search_frame([{"name": "a", "description": "y" * 60}], no_trunc=True)\
        .loc[0, "description"] == "y" * 60
    assert search_frame([]).empty


def test_names_and_keys() -> None:
    assert split_name("127.0.0.1:5000/a/b:1") == ("127.0.0.1:5000/a/b", "1", "127.0.0.1:5000")
    assert split_name("busybox") == ("busybox", None, "docker.io")
    assert split_name("reg:5000/app@sha256:ab") == ("reg:5000/app", "sha256:ab", "reg:5000")
    assert server_key(None) == server_key("docker.io") == "https://index.docker.io/v1/"
    assert server_key("https://127.0.0.1:5000/v2/") == "127.0.0.1:5000"


def test_scrub_reaches_the_history_database(ip) -> None:
    hm = ip.history_manager
    line = len(hm.input_hist_parsed)
    source = "get_ipython().run_line_magic('docker', 'login -u u -p s3cr3t-pw reg')"
    hm.store_inputs(line, source, "%docker login -u u -p s3cr3t-pw reg")
    hm.writeout_cache()  # already on disk before we scrub
    assert scrub("s3cr3t-pw", ip) >= 3
    rows = hm.db.execute("SELECT source, source_raw FROM history WHERE session = ? AND line = ?",
                         (hm.session_number, line)).fetchall()
    assert rows == [(source.replace("s3cr3t-pw", MASK), f"%docker login -u u -p {MASK} reg")]
    assert "s3cr3t-pw" not in hm.input_hist_raw[-1]
    hm.store_inputs(line + 1, "x = 's3cr3t-pw'")  # not a login: left alone
    scrub("s3cr3t-pw", ip)
    assert hm.input_hist_parsed[-1] == "x = 's3cr3t-pw'"
