"""dive's CI mode: three rules over an analysis, a line each, and the verdict; as dive 0.13.1
(the released dive; runtime/ci/rule.go, runtime/ci/evaluator.go, runtime/run.go, cmd/ci.go):
- defaults: lowestEfficiency 0.9, highestWastedBytes disabled, highestUserWastedPercent 0.1;
  the value `disabled` turns a rule off;
- precedence as viper settles it: a flag given > the `.dive-ci` file (`--ci-config`, when it
  exists; its `rules:` keys, any case) > the default;
- efficiency fails when threshold > efficiency; wasted bytes when wasted > threshold (sizes
  as go-humanize parses them: 20MB = 20*1000^2, 20MiB = 20*1024^2); user-wasted percent when
  wasted percent > threshold; the two ratios must lie in 0..1. A value dive calls
  misconfigured is refused in one line before the image is read.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import DockerError

if TYPE_CHECKING:
    from .model import ImageAnalysis

DEFAULTS = {"lowestEfficiency": "0.9", "highestWastedBytes": "disabled",
            "highestUserWastedPercent": "0.1"}
CONFIG = ".dive-ci"
_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "ki": 2**10, "kib": 2**10,
          "m": 10**6, "mb": 10**6, "mi": 2**20, "mib": 2**20, "g": 10**9, "gb": 10**9,
          "gi": 2**30, "gib": 2**30, "t": 10**12, "tb": 10**12, "ti": 2**40, "tib": 2**40,
          "p": 10**15, "pb": 10**15, "pi": 2**50, "pib": 2**50,
          "e": 10**18, "eb": 10**18, "ei": 2**60, "eib": 2**60}


class CIConfigError(DockerError):
    """A CI threshold dive would refuse."""


def parse_bytes(text: str) -> int:
    """go-humanize's ParseBytes: `20Mb` -> 20000000, `1.5 GiB` -> 1610612736."""
    number = re.match(r"[0-9.,]*", text).group(0)  # type: ignore[union-attr]
    unit = text[len(number):].strip().lower()
    number = number.replace(",", "")
    try:
        value = float(number)
    except ValueError:
        raise ValueError(f'strconv.ParseFloat: parsing "{number}": invalid syntax') from None
    if unit not in _UNITS:
        raise ValueError(f"unhandled size name: {unit}")
    total = value * _UNITS[unit]
    if total >= 2**64:
        raise ValueError("too large: " + text)
    return int(total)


def go_value(value: float | int) -> str:
    """Go's %v of a float64 (0.9, 1, 1e-05)."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def disabled(value: str) -> bool:
    return value == "disabled"  # dive 0.13.1: only this word


def read_config(path: str) -> dict[str, str]:
    """The `rules:` of a .dive-ci file as strings, as written (quotes dropped)."""
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError as exc:
        raise CIConfigError(f"failed to read CI config file {path}: {exc.strerror}") from None
    rules: dict[str, str] = {}
    inside = False
    for line in lines:
        text = line.split(" #")[0].rstrip() if not line.lstrip().startswith("#") else ""
        if not text.strip() or text.strip() == "---":
            continue
        if not line[0].isspace():
            inside = text.strip() == "rules:"
            continue
        if inside and ":" in text:
            key, _, value = text.strip().partition(":")
            match = {k.lower(): k for k in DEFAULTS}.get(key.strip().lower())
            if match:  # viper's keys are case-insensitive
                rules[match] = value.strip().strip("'\"")
    return rules


@dataclass
class RuleResult:
    rule: str
    status: str  # PASS, FAIL, SKIP
    message: str  # dive's: the failure, "rule disabled", or "" for a pass

    def line(self) -> str:
        return f"  {self.status}: {self.rule}: {self.message}" if self.message \
            else f"  {self.status}: {self.rule}"


@dataclass
class CIResult:
    """The verdict: `passed` (also the object's truth), a result per rule, dive's report."""

    passed: bool
    rules: list[RuleResult] = field(default_factory=list)
    report: str = ""

    def __bool__(self) -> bool:
        return self.passed

    @property
    def table(self) -> Any:
        import pandas as pd

        return pd.DataFrame([(r.rule, r.status, r.message) for r in self.rules],
                            columns=["rule", "status", "message"])

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(self.report)

    def __repr__(self) -> str:
        return self.report


@dataclass
class Settled:
    """The rules' values as given, as numbers (None: disabled), and where they came from."""

    values: dict[str, str]
    checks: dict[str, Any]
    source: str  # dive's first line: "Using default CI config" / "Using CI config: PATH"


def settle(lowest_efficiency: Any = None, highest_wasted_bytes: Any = None,
           highest_user_wasted_percent: Any = None, config: str | None = None) -> Settled:
    """dive's rule values: a flag given, else the CI file's, else the default; a value dive
    calls misconfigured raises here, in its words."""
    path = config or CONFIG
    values = dict(DEFAULTS)
    source = "Using default CI config"
    if os.path.exists(path):
        values.update(read_config(path))
        source = f"Using CI config: {path}"
    given = {"lowestEfficiency": lowest_efficiency, "highestWastedBytes": highest_wasted_bytes,
             "highestUserWastedPercent": highest_user_wasted_percent}
    values.update({k: str(v) for k, v in given.items() if v is not None})
    checks: dict[str, Any] = {}
    for key, value in values.items():
        if disabled(value):
            checks[key] = None
        elif key == "highestWastedBytes":
            try:
                checks[key] = parse_bytes(value)
            except ValueError as exc:
                raise CIConfigError(f"invalid config value ('{value}'): {exc}") from None
        else:
            checks[key] = _ratio(key, value)
    return Settled(values, checks, source)


def _ratio(key: str, value: str) -> float:
    try:
        if value.strip() != value or value.lower() in ("nan", "inf", "infinity"):
            raise ValueError
        number = float(value)
    except ValueError:
        raise CIConfigError(f"invalid config value ('{value}'): strconv.ParseFloat: parsing "
                            f'"{value}": invalid syntax') from None
    if not 0 <= number <= 1:
        raise CIConfigError(f"{key} config value is outside allowed range (0-1), given "
                            f"'{value}'")
    return number


def evaluate(analysis: "ImageAnalysis", lowest_efficiency: Any = None,
             highest_wasted_bytes: Any = None, highest_user_wasted_percent: Any = None,
             config: str | None = None) -> CIResult:
    """dive's CI evaluation of `analysis`."""
    settled = settle(lowest_efficiency, highest_wasted_bytes, highest_user_wasted_percent,
                     config)
    eff, wasted, percent = analysis.efficiency, analysis.wasted_bytes, analysis.wasted_percent
    results = []
    for key in sorted(settled.values):  # dive sorts the rules by name
        threshold = settled.checks[key]
        failed = ""
        if threshold is None:
            results.append(RuleResult(key, "SKIP", "rule disabled"))
            continue
        if key == "lowestEfficiency" and threshold > eff:
            failed = (f"image efficiency is too low (efficiency={go_value(eff)} < "
                      f"threshold={go_value(threshold)})")
        elif key == "highestWastedBytes" and wasted > threshold:
            failed = f"too many bytes wasted (wasted-bytes={wasted} > threshold={threshold})"
        elif key == "highestUserWastedPercent" and percent > threshold:
            failed = ("too many bytes wasted, relative to the user bytes added "
                      f"(%-user-wasted-bytes={go_value(percent)} > "
                      f"threshold={go_value(threshold)})")
        results.append(RuleResult(key, "FAIL" if failed else "PASS", failed))
    passed = not any(r.status == "FAIL" for r in results)
    return CIResult(passed, results, _report(analysis, settled.source, results, passed))


def _go_float(value: float, spec: str) -> str:
    """Go's fmt of a float: NaN and +Inf spelled as Go spells them."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return format(value, spec)


def _report(analysis: "ImageAnalysis", source: str, results: list[RuleResult],
            passed: bool) -> str:
    """What `dive --ci` prints after reading the image (0.13.1's runtime/run.go and
    runtime/ci/evaluator.go Report), without its colours."""
    wasted = analysis.wasted_bytes
    lines = [f"  {source}",
             f"  efficiency: {_go_float(analysis.efficiency * 100, '2.4f')} %",
             f"  wastedBytes: {wasted} bytes ({humanize_bytes(wasted)})",
             f"  userWastedPercent: {_go_float(analysis.wasted_percent * 100, '2.4f')} %",
             "Inefficient Files:", f"{'Count':>5}  {'Wasted Space':>12}  File Path"]
    ineff = analysis.inefficiencies
    lines += [f"{row.count:>5}  {humanize_bytes(int(row.cumulative)):>12}  {row.path}"
              for row in ineff.itertuples()] or ["None"]
    lines += ["Results:"] + [r.line() for r in results]
    tally = {s: sum(1 for r in results if r.status == s) for s in ("PASS", "FAIL", "SKIP")}
    lines.append(f"Result:{'PASS' if passed else 'FAIL'} [Total:{len(results)}] "
                 f"[Passed:{tally['PASS']}] [Failed:{tally['FAIL']}] [Warn:0] "
                 f"[Skipped:{tally['SKIP']}]")
    return "\n".join(lines)


def humanize_bytes(n: int) -> str:
    """go-humanize's Bytes (SI): `500 B`, `3.0 kB`, `20 MB`."""
    if n < 10:
        return f"{n} B"
    units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
    e = int(math.floor(math.log(n) / math.log(1000)))
    value = math.floor(n / 1000**e * 10 + 0.5) / 10
    return f"{value:.1f} {units[e]}" if value < 10 else f"{value:.0f} {units[e]}"
