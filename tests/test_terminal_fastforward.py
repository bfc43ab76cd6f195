"""The fast-forward's rule (jupyter_docker/terminal/fastforward.py), byte by byte: what a flood
may lose (plain lines followed by `keep` more plain line ends, from a line start in the parser's
ground state) and what it never may (escapes, strings, C1 controls, bare line feeds, a scroll
region), however the reads cut the stream."""

from __future__ import annotations

import random
import re

import pytest

from jupyter_docker.terminal.fastforward import MARGIN, FastForward, Parser, not_plain

ROWS, SCROLLBACK = 2, 3
KEEP = SCROLLBACK + 2 * ROWS + MARGIN  # 71 line ends


def lines(first: int, count: int, text: str = "line") -> bytes:
    return b"".join(f"{text} {n:05d}\r\n".encode() for n in range(first, first + count))


def forward(chunks: list[bytes], enabled: bool = True, take_every: int = 0) -> tuple[bytes, int]:
    """Feed `chunks` (taking `take_every` bytes after each when set); all that was sent and
    how much was dropped."""
    ahead = FastForward(enabled)
    ahead.fit(ROWS, SCROLLBACK)
    out = []
    for chunk in chunks:
        ahead.add(chunk)
        if take_every:
            out.append(ahead.take(take_every))
    while len(ahead):
        out.append(ahead.take(1 << 20))
    sent = b"".join(out)
    assert len(sent) + ahead.dropped == sum(map(len, chunks))
    return sent, ahead.dropped


def test_a_plain_flood_keeps_exactly_its_last_keep_lines() -> None:
    data = lines(0, 1000)
    sent, dropped = forward([data])
    assert sent == lines(1000 - KEEP, KEEP)
    assert dropped == len(data) - len(sent)


def test_exactly_at_the_threshold_nothing_one_more_line_the_first_one() -> None:
    assert forward([lines(0, KEEP)]) == (lines(0, KEEP), 0)
    sent, dropped = forward([lines(0, KEEP + 1)])
    assert sent == lines(1, KEEP) and dropped == len(lines(0, 1))


def test_rows_and_scrollback_are_the_largest_views() -> None:
    ahead = FastForward()
    ahead.fit(50, 1000)
    assert ahead.keep == 1000 + 100 + MARGIN
    ahead.add(lines(0, ahead.keep))
    assert ahead.dropped == 0


def test_off_sends_everything() -> None:
    data = lines(0, 1000)
    assert forward([data], enabled=False) == (data, 0)


def test_the_region_starts_after_a_line_end() -> None:
    prompt = b"\x1b[1m/ #\x1b[0m cat f\r\n"  # the plain run starts after its escape, at a line end
    sent, _ = forward([prompt[:9], prompt[9:] + lines(0, 500)])
    assert sent == prompt + lines(500 - KEEP, KEEP)
    sent, _ = forward([b"\x1b[0mhalf", lines(0, 500)])  # mid-line: from the next line end
    assert sent == b"\x1b[0mhalf" + lines(0, 1) + lines(500 - KEEP, KEEP)
    assert forward([b"from the stream's start\r\n" + lines(0, KEEP)])[0] == lines(0, KEEP)


@pytest.mark.parametrize("escape", [b"\x1b[31mred\x1b[0m", b"\x1b]0;title\x07", b"\x07",
                                    b"\x08", b"\x1b7\x1b8", b"\x0e", b"\x7f"])
def test_an_escape_or_control_in_the_would_be_region_is_sent(escape: bytes) -> None:
    data = lines(0, 10) + b"x" + escape + b"y\r\n" + lines(10, 400)
    sent, _ = forward([data])
    assert sent == lines(0, 10) + b"x" + escape + b"y\r\n" + lines(410 - KEEP, KEEP)
    assert forward([lines(0, 10) + b"x" + escape + b"y\r\n" + lines(10, KEEP)])[1] == 0
    before = lines(0, 100) + b"x" + escape  # a run before it: its last KEEP lines are kept
    assert forward([before + b"y\r\n"])[0] == lines(100 - KEEP, KEEP) + b"x" + escape + b"y\r\n"


def test_line_ends_are_counted_in_plain_text_only() -> None:
    clear = b"\x1b[H\x1b[2J"  # the screen cleared: the 40 lines after it do not count
    data = lines(0, 300) + clear + lines(300, 40)
    assert forward([data]) == (lines(300 - KEEP, KEEP) + clear + lines(300, 40),
                               len(lines(0, 300 - KEEP)))
    data = lines(0, 300) + b"\x1b[31m" + lines(300, 300)  # a colour: from there on red
    assert forward([data])[0] == (lines(300 - KEEP, KEEP) + b"\x1b[31m" + lines(300, 1)
                                  + lines(600 - KEEP, KEEP))  # its line is not after a line end


def split_everywhere(data: bytes, at: int) -> list[bytes]:
    return [data[:at], data[at:]]


@pytest.mark.parametrize("cut", range(1, 9))
def test_a_csi_split_across_reads_is_tracked(cut: int) -> None:
    escape = b"\x1b[1;31m"
    data = lines(0, 10) + b"a" + escape + b"red\r\n" + lines(10, 400)
    start = len(lines(0, 10)) + 1
    sent, _ = forward(split_everywhere(data, start + cut))
    assert sent == data[:start + len(escape) + 5] + lines(410 - KEEP, KEEP)


def test_an_osc_string_with_line_ends_in_it_is_never_cut() -> None:
    inside = lines(0, 500)  # a title of 500 lines: all of it is the string
    data = b"\x1b]0;" + inside + b"\x07" + lines(500, 300)
    for chunks in ([data], [data[:3], data[3:]], [data[:100], data[100:]]):
        sent, _ = forward(chunks)
        assert sent == b"\x1b]0;" + inside + b"\x07" + lines(500, 1) + lines(800 - KEEP, KEEP)


@pytest.mark.parametrize("intro", [b"\x1bP1$r", b"\x1b_G", b"\x1b^", b"\x1bX"])
def test_dcs_apc_pm_sos_strings_end_only_at_st(intro: bytes) -> None:
    inside = b"a\x07b\r\n" + lines(0, 300)  # BEL does not end these
    data = intro + inside + b"\x1b\\" + lines(300, 300)
    sent, _ = forward([data[:2], data[2:]])
    assert sent == intro + inside + b"\x1b\\" + lines(300, 1) + lines(600 - KEEP, KEEP)


def test_can_sub_and_c1_controls_leave_it_in_doubt_until_the_next_escape() -> None:
    for control in (b"\x18", b"\x1a", b"\xc2\x9b", b"\xc2\x9d", b"\xc2\x90"):
        data = lines(0, 5) + control + lines(5, 300) + b"\x1b[0m" + lines(305, 300)
        sent, _ = forward([data])
        head = lines(0, 5) + control + lines(5, 300) + b"\x1b[0m" + lines(305, 1)
        assert sent == head + lines(605 - KEEP, KEEP), control


def test_a_c1_control_cut_in_two_between_reads_is_seen() -> None:
    data = lines(0, 5) + b"\xc2\x9d" + lines(5, 300)  # C1 OSC: never dropped after it
    cut = len(lines(0, 5)) + 1
    assert forward([data[:cut], data[cut:]]) == (data, 0)


def test_utf8_text_is_plain_c1_is_not() -> None:
    korean = "".join(f"한국어 줄 {n} é ° ½\r\n" for n in range(400)).encode()
    sent, dropped = forward([korean])
    assert sent == korean[-len("".join(f"한국어 줄 {n} é ° ½\r\n"
                                       for n in range(400 - KEEP, 400)).encode()):]
    assert dropped
    with_c1 = lines(0, 10) + b"a\xc2\x85b\r\n" + lines(10, 300)  # NEL as C1
    assert forward([with_c1])[0].startswith(lines(0, 10) + b"a\xc2\x85b\r\n")


def test_a_utf8_character_cut_between_reads_does_not_break_the_run() -> None:
    text = "".join(f"줄 {n}\r\n" for n in range(400)).encode()
    chunks = [text[i:i + 1001] for i in range(0, len(text), 1001)]  # cuts inside characters
    sent, _ = forward(chunks)
    assert sent == "".join(f"줄 {n}\r\n" for n in range(400 - KEEP, 400)).encode()


def test_invalid_utf8_is_not_plain() -> None:
    data = lines(0, 10) + b"bad \xff\xfe byte\r\n" + lines(10, 300)
    assert forward([data])[0].startswith(lines(0, 10) + b"bad \xff\xfe byte\r\n")


def test_a_line_feed_without_carriage_return_is_not_plain() -> None:
    data = lines(0, 10) + b"bare\n" + lines(10, 300) + b"cr only\r" + lines(310, 300)
    sent, _ = forward([data])
    assert sent == (lines(0, 10) + b"bare\n" + lines(10, 1)  # the run restarts after them
                    + lines(310 - KEEP, KEEP) + b"cr only\r" + lines(310, 1)
                    + lines(610 - KEEP, KEEP))


def test_a_carriage_return_and_its_line_feed_split_between_reads_stay_one_line_end() -> None:
    data = lines(0, 500)
    cut = data.index(b"\r\n", 1000) + 1
    assert forward([data[:cut], data[cut:]])[0] == lines(500 - KEEP, KEEP)


def test_a_scroll_region_stops_it_until_reset() -> None:
    for region, reset in ((b"\x1b[5;20r", b"\x1b[r"), (b"\x1b[3;50r", b"\x1bc"),
                          (b"\x1b[2r", b"\x1b[!p"), (b"\x1b[1;2r", None),
                          (b"\x1b[1;10r", None), (b"\x1b[;r", None)):
        data = region + lines(0, 300) + (reset or b"") + lines(300, 300)
        sent, dropped = forward([data])
        if reset is None:  # to the last row (ROWS) or beyond: the whole screen
            assert dropped, region
            continue
        assert sent == region + lines(0, 300) + reset + lines(300, 1) + lines(600 - KEEP, KEEP)


def test_the_parser_after_sequences() -> None:
    parser = Parser()
    for data, state in ((b"a\x1b[", "csi"), (b"1;3", "csi"), (b"1m", "ground"),
                        (b"\x1b]2;x", "osc"), (b"y\r\nz", "osc"), (b"\x07", "ground"),
                        (b"\x1b(", "escape"), (b"B", "ground"), (b"\x1bP", "string"),
                        (b"q\x07", "string"), (b"\x1b\\", "ground"), (b"\x18", "doubt"),
                        (b"abc", "doubt"), (b"\x1b[0m", "ground")):
        parser.feed(data)
        assert parser.state == state, data
    parser.feed(b"ok\r")
    assert not parser.line_start
    parser.feed(b"\n")
    assert parser.line_start


def test_not_plain() -> None:
    assert not_plain(b"ab\tc\r\nd\r\n") == ([], 2)
    assert not_plain(b"ab\r\nc\rd\r\n")[0] == [5]
    assert not_plain(b"a\nb\r\nc\nd\r\n")[0] == [1, 6]
    assert not_plain("é\r\n".encode()) == ([], 1)
    assert not_plain(b"a\xc2\x9bb\r\n")[0] == [1, 2]


def test_random_reads_and_sends_only_ever_drop_lines_followed_by_keep_plain_ones() -> None:
    """Whatever the reads and the window cut: each dropped stretch of numbered lines is
    followed, in the stream, by at least KEEP plain line ends, and the rest arrives intact."""
    rng = random.Random(7)
    parts = []
    for n in range(6000):
        kind = rng.random()
        if kind < 0.002:
            parts.append(f"\x1b[3{n % 8}mL{n:05d} colour\x1b[0m\r\n")
        elif kind < 0.003:
            parts.append(f"\x1b]0;L{n:05d} title\r\nmore\x07L{n:05d}\r\n")
        elif kind < 0.004:
            parts.append(f"L{n:05d} bare\n")
        else:
            parts.append(f"L{n:05d} {'é한' * rng.randint(0, 3)}{'x' * rng.randint(0, 120)}\r\n")
    data = "".join(parts).encode()
    rows = [m.group() for m in re.finditer(rb"[^\n]*\n", data)]
    plain = [b"\x1b" not in r and b"\x07" not in r and r.endswith(b"\r\n") for r in rows]
    run_after = [0] * (len(rows) + 1)  # plain line ends from each row on
    for i in range(len(rows) - 1, -1, -1):
        run_after[i] = run_after[i + 1] + 1 if plain[i] else 0
    row_of = {int(n): i for i, r in enumerate(rows) for n in re.findall(rb"L(\d{5})", r)}
    for _ in range(3):
        cuts = sorted(rng.sample(range(1, len(data)), 200))
        chunks = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)])]
        sent, dropped = forward(chunks, take_every=rng.choice([0, 7000, 60000]))
        assert dropped
        shown = [int(n) for n in re.findall(rb"L(\d{5})", sent)]
        assert shown == sorted(shown) and shown[-1] == 5999
        kept = set(shown)
        for n in set(range(6000)) - kept:  # each dropped line was plain
            assert plain[row_of[n]], rows[row_of[n]]
        for n in (n for n in kept if n and n - 1 not in kept):  # and KEEP plain ones follow
            assert run_after[row_of[n]] >= KEEP, n
        assert sent.endswith(b"".join(rows[-KEEP:]))
