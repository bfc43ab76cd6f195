"""The protobuf wire codec and BuildKit's StatusResponse decoder: hand-made messages whose
bytes are known, and a trace captured from engine 20.10 (`POST /build?version=2`)."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from jupyter_docker.buildkit import protowire as pw
from jupyter_docker.buildkit.status import StatusResponse

TRACE = Path(__file__).parent / "data" / "buildkit-trace-engine20.jsonl"


@pytest.mark.parametrize("number, wire", [(0, b"\x00"), (1, b"\x01"), (127, b"\x7f"),
                                          (128, b"\x80\x01"), (300, b"\xac\x02"),
                                          (2**63 - 1, b"\xff" * 8 + b"\x7f"),
                                          (-1, b"\xff" * 9 + b"\x01")])
def test_varints_match_the_protobuf_spec(number, wire) -> None:
    assert pw.write_varint(number) == wire
    value, end = pw.read_varint(wire, 0)
    assert end == len(wire) and pw.signed64(value) == number


def test_fields_round_trip_in_order_with_repeats() -> None:
    data = pw.encode([(1, "abc"), (2, 150), (1, b"\x00\xff"), (3, True)]) + \
        pw.field(4, 2**40 + 5, wire=pw.FIXED64) + pw.field(5, 7, wire=pw.FIXED32)
    # the spec's own example: field 2, varint 150 is 10 96 01
    assert b"\x10\x96\x01" in data and data.startswith(b"\x0a\x03abc")
    assert pw.decode(data) == {1: [b"abc", b"\x00\xff"], 2: [150], 3: [1], 4: [2**40 + 5],
                               5: [7]}
    assert pw.encode({1: [b"abc"], 2: [150]}) == b"\x0a\x03abc\x10\x96\x01"


@pytest.mark.parametrize("bad, why", [(b"\x0a\x05ab", "truncated length-delimited"),
                                      (b"\x08", "truncated varint"),
                                      (b"\x0b", "unsupported wire type 3"),
                                      (b"\x09\x00\x00", "truncated fixed64"),
                                      (b"\x00\x01", "field number 0")])
def test_malformed_messages_are_refused(bad, why) -> None:
    with pytest.raises(pw.WireError, match=why):
        pw.decode(bad)


def _ts(seconds: int, nanos: int) -> bytes:
    return pw.encode([(1, seconds), (2, nanos)])


def test_a_status_response_built_by_hand_decodes_every_field() -> None:
    vertex = pw.encode([(1, "sha256:aa"), (2, "sha256:in1"), (2, "sha256:in2"),
                        (3, "[a 1/2] RUN make"), (4, True), (5, _ts(1700000000, 500_000_000)),
                        (6, _ts(1700000002, 0)), (7, "exit code: 2"),
                        (8, pw.encode([(1, "g1"), (2, "group"), (3, True)]))])
    status = pw.encode([(1, "extracting sha256:bb"), (2, "sha256:aa"), (3, "extract"),
                        (4, 512), (5, 1024), (6, _ts(1700000001, 0)),
                        (7, _ts(1700000000, 0))])
    log = pw.encode([(1, "sha256:aa"), (2, _ts(1700000001, 0)), (3, 2), (4, b"half a li")])
    position = lambda line: pw.encode([(1, line), (2, 0)])  # noqa: E731
    warning = pw.encode([(1, "sha256:aa"), (2, 1), (3, b"JSONArgsRecommended"),
                         (4, b"use JSON"), (4, b"for CMD"), (5, "https://docs/x"),
                         (6, pw.encode([(1, "Dockerfile"), (2, b"FROM x")])),
                         (7, pw.encode([(1, position(3)), (2, position(4))]))])
    resp = StatusResponse.parse(pw.encode([(1, vertex), (2, status), (3, log), (4, warning)]))
    (v,) = resp.vertexes
    assert (v.digest, v.inputs, v.name, v.cached, v.error) == \
        ("sha256:aa", ["sha256:in1", "sha256:in2"], "[a 1/2] RUN make", True, "exit code: 2")
    assert v.started == datetime(2023, 11, 14, 22, 13, 20, 500000, tzinfo=timezone.utc)
    assert (v.completed - v.started).total_seconds() == 1.5
    assert (v.progress_group.id, v.progress_group.name, v.progress_group.weak) == \
        ("g1", "group", True)
    (s,) = resp.statuses
    assert (s.id, s.vertex, s.name, s.current, s.total, s.completed) == \
        ("extracting sha256:bb", "sha256:aa", "extract", 512, 1024, None)
    (lg,) = resp.logs
    assert (lg.vertex, lg.stream, lg.msg) == ("sha256:aa", 2, b"half a li")
    (w,) = resp.warnings
    assert (w.level, w.short, w.detail, w.url, w.filename) == \
        (1, "JSONArgsRecommended", ["use JSON", "for CMD"], "https://docs/x", "Dockerfile")
    assert [(r.start_line, r.end_line) for r in w.ranges] == [(3, 4)]


def test_a_trace_captured_from_engine_20_decodes() -> None:
    """A 2-stage build on engine 20.10: `RUN echo hi-a` (stdout) and `RUN echo hi-b >&2`
    (stderr) in parallel stages, then the image export."""
    lines = [json.loads(line) for line in TRACE.read_text().splitlines()]
    traces = [StatusResponse.from_aux(m["aux"]) for m in lines
              if m.get("id") == "moby.buildkit.trace"]
    assert lines[-1]["id"] == "moby.image.id" and lines[-1]["aux"]["ID"].startswith("sha256:")
    names = {v.digest: v.name for t in traces for v in t.vertexes}
    assert "[internal] load remote build context" in names.values()
    assert "[a 2/2] RUN echo hi-a && sleep 1" in names.values()
    assert "exporting to image" in names.values()
    logs = {(names[log.vertex], log.stream, log.msg) for t in traces for log in t.logs}
    assert ("[a 2/2] RUN echo hi-a && sleep 1", 1, b"hi-a\n") in logs
    assert ("[b 2/2] RUN echo hi-b >&2 && sleep 1", 2, b"hi-b\n") in logs
    done = {v.name: v for t in traces for v in t.vertexes if v.completed}
    run = done["[a 2/2] RUN echo hi-a && sleep 1"]
    assert 1.0 <= (run.completed - run.started).total_seconds() < 3 and not run.error
    assert any(s.name.startswith("writing image sha256:") or s.id.startswith("writing image")
               for t in traces for s in t.statuses)
    assert base64.b64decode(lines[0]["aux"])  # the raw payload is plain base64


def test_dockerfile_steps_are_numbered_as_buildkit_numbers_them() -> None:
    """`[a 3/4] RUN ...` counts FROM/RUN/COPY/ADD/WORKDIR only (measured: FROM, RUN, RUN, CMD
    is `[3/3]` for the second RUN), across continuation lines, comments and heredocs."""
    from jupyter_docker.buildkit.dockerfile import excerpt, locate

    text = ("# syntax comment\nARG V=1\nFROM busybox:$V AS a\nENV X=1\nRUN echo one && \\\n"
            "  # a comment inside\n  exit 3\nCOPY <<EOF /x\nRUN not an instruction\nEOF\n"
            "CMD sh\nWORKDIR /w\nFROM a\nLABEL k=v\nRUN true\n")
    assert locate(text, "a", 1) == (3, 3)
    assert locate(text, "a", 2) == (5, 7)  # ENV is no step
    assert locate(text, "a", 3) == (8, 10)  # the heredoc's body is not an instruction
    assert locate(text, "a", 4) == (12, 12)  # WORKDIR is a step, CMD is not
    assert locate(text, "stage-1", 2) == (15, 15) and locate(text, "", 2) is None
    assert locate(text, "nosuch", 1) is None and locate(text, "a", 9) is None
    assert excerpt(text, (5, 7), around=1) == [
        "  4 |     ENV X=1", "  5 | >>> RUN echo one && \\", "  6 | >>>   # a comment inside",
        "  7 | >>>   exit 3", "  8 |     COPY <<EOF /x"]


def test_an_empty_continuation_line_continues_the_instruction() -> None:
    """`RUN a && \\`, an empty line, `  b`: one instruction of three lines (the frontend
    warns of the empty line and goes on; buildx marks all three `>>>`)."""
    from jupyter_docker.buildkit.dockerfile import excerpt, locate

    text = "FROM busybox\nRUN echo hi && \\\n\n  false\nRUN echo next\n"
    assert locate(text, "", 2) == (2, 4) and locate(text, "", 3) == (5, 5)
    assert excerpt(text, (2, 4), around=1) == [
        "  1 |     FROM busybox", "  2 | >>> RUN echo hi && \\", "  3 | >>> ", "  4 | >>>   false",
        "  5 |     RUN echo next"]
