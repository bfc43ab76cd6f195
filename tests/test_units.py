"""Sizes, durations and timestamps as the docker CLI reads and writes them."""

from datetime import datetime, timedelta, timezone

import pytest

from jupyter_docker.units import (go_duration, human_ago, human_binary_size, human_duration,
                                  human_size, parse_bytes, parse_duration, parse_timestamp)


@pytest.mark.parametrize("size, text", [
    (0, "0B"), (999, "999B"), (1000, "1kB"), (1982256, "1.98MB"), (5_580_000_000, "5.58GB"),
])
def test_human_size_is_decimal_three_digits(size: int, text: str) -> None:
    assert human_size(size) == text


def test_human_binary_size() -> None:
    assert human_binary_size(1024 * 1024) == "1MiB"
    assert human_binary_size(None) == ""


@pytest.mark.parametrize("text, size", [
    ("512", 512), ("512b", 512), ("1k", 1024), ("512m", 512 * 1024**2), ("2g", 2 * 1024**3),
    ("1.5G", int(1.5 * 1024**3)), ("64MiB", 64 * 1024**2), ("64mb", 64 * 1024**2),
])
def test_parse_bytes(text: str, size: int) -> None:
    assert parse_bytes(text) == size


def test_parse_bytes_rejects_garbage() -> None:
    with pytest.raises(ValueError):
        parse_bytes("lots")


@pytest.mark.parametrize("seconds, text", [
    (0.2, "Less than a second"), (1, "1 second"), (59, "59 seconds"), (60, "About a minute"),
    (190, "3 minutes"), (3600, "About an hour"), (5 * 3600, "5 hours"), (3 * 86400, "3 days"),
    (20 * 86400, "2 weeks"), (90 * 86400, "3 months"), (800 * 86400, "2 years"),
])
def test_human_duration_matches_cli_wording(seconds: float, text: str) -> None:
    assert human_duration(seconds) == text


def test_human_ago() -> None:
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert human_ago(now - timedelta(minutes=3), now) == "3 minutes ago"
    assert human_ago(None) == ""


def test_durations_and_timestamps() -> None:
    assert parse_duration("1h30m") == 5400
    assert parse_duration("250ms") == 0.25
    with pytest.raises(ValueError):
        parse_duration("10 minutes")
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert float(parse_timestamp("10m", now)) == now.timestamp() - 600
    assert parse_timestamp("1700000000") == "1700000000"
    assert float(parse_timestamp("2026-01-01T00:00:00Z")) == now.timestamp()
    with pytest.raises(ValueError, match="invalid time"):
        parse_timestamp("yesterday")


@pytest.mark.parametrize("nanos,text", [(0, "0s"), (5, "5ns"), (1500, "1.5µs"),
                                        (1_500_000, "1.5ms"), (5 * 10**9, "5s"),
                                        (90 * 10**9, "1m30s"), (3600 * 10**9, "1h0m0s"),
                                        (1_500_000_000, "1.5s"), (-2 * 10**9, "-2s")])
def test_go_duration_is_gos_string(nanos: int, text: str) -> None:
    assert go_duration(nanos) == text
