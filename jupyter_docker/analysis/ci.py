"""dive's CI mode: three rules over an analysis, a PASS/FAIL line each, and the verdict.

As in dive (cmd/dive/cli/internal/command/ci/, options/ci.go, options/ci_rules.go):
- defaults: lowestEfficiency 0.9, highestWastedBytes disabled, highestUserWastedPercent 0.1;
  a value "", "disabled", "off" or "false" disables a rule;
- a `.dive-ci` file (the `--ci-config` path), when it exists, replaces the flags: its
  `rules:` keys (lowestEfficiency, highestWastedBytes, highestUserWastedPercent) over the
  defaults;
- efficiency fails when threshold > efficiency; wasted bytes when wasted > threshold (sizes
  as go-humanize parses them: 20MB = 20*1000^2, 20MiB = 20*1024^2); user-wasted percent when
  wasted percent > threshold; the two ratios must lie in 0..1.
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
    match = re.fullmatch(r"\s*([0-9.,]*)\s*([a-zA-Z]*)\s*", text)
    number = (match.group(1) if match else "").replace(",", "")
    try:
        value = float(number)
    except ValueError:
        raise ValueError(f'strconv.ParseFloat: parsing "{number}": invalid syntax') from None
    unit = match.group(2).lower() if match else ""
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
    return value.strip().lower() in ("", "disabled", "off", "false")


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
            rules[key.strip()] = value.strip().strip("'\"")
    return rules


@dataclass
class RuleResult:
    rule: str
    status: str  # PASS, FAIL, SKIP
    message: str

    def line(self) -> str:
        return f"  {self.status}  {self.rule} ({self.message})"


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


def thresholds(lowest_efficiency: Any = None, highest_wasted_bytes: Any = None,
               highest_user_wasted_percent: Any = None,
               config: str | None = None) -> dict[str, str]:
    """The three rules' values as dive settles them (a .dive-ci file wins over the flags)."""
    path = config or CONFIG
    if os.path.exists(path):
        settled = dict(DEFAULTS)
        settled.update({k: v for k, v in read_config(path).items() if k in DEFAULTS})
        return settled
    if config:
        raise CIConfigError(f"failed to read CI config file {config}: no such file")
    given = {"lowestEfficiency": lowest_efficiency, "highestWastedBytes": highest_wasted_bytes,
             "highestUserWastedPercent": highest_user_wasted_percent}
    return {k: DEFAULTS[k] if v is None else str(v) for k, v in given.items()}


def _ratio(key: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise CIConfigError(f'invalid {key} config value, given "{value}": '
                            f'strconv.ParseFloat: parsing "{value}": invalid syntax') from None
    if not 0 <= number <= 1:
        raise CIConfigError(f"{key} config value is outside allowed range (0-1), given "
                            f"'{number:f}'")
    return number


def settle(lowest_efficiency: Any = None, highest_wasted_bytes: Any = None,
           highest_user_wasted_percent: Any = None,
           config: str | None = None) -> tuple[dict[str, str], dict[str, Any]]:
    """The rules' values as given and as numbers (None: disabled); a bad one is one line."""
    values = thresholds(lowest_efficiency, highest_wasted_bytes, highest_user_wasted_percent,
                        config)
    checks: dict[str, Any] = {}
    for key, value in values.items():
        if disabled(value):
            checks[key] = None
        elif key == "highestWastedBytes":
            try:
                checks[key] = parse_bytes(value)
            except ValueError as exc:
                raise CIConfigError(f'invalid highestWastedBytes config value, given '
                                    f'"{value}": {exc}') from None
        else:
            checks[key] = _ratio(key, value)
    return values, checks


def evaluate(analysis: "ImageAnalysis", lowest_efficiency: Any = None,
             highest_wasted_bytes: Any = None, highest_user_wasted_percent: Any = None,
             config: str | None = None) -> CIResult:
    """dive's CI evaluation of `analysis`; bad thresholds are one line, before any verdict."""
    values, checks = settle(lowest_efficiency, highest_wasted_bytes,
                            highest_user_wasted_percent, config)
    results = []
    eff, wasted, percent = analysis.efficiency, analysis.wasted_bytes, analysis.wasted_percent
    for key in sorted(values):  # dive sorts the rules by name
        threshold = checks[key]
        failed = ""
        if threshold is None:
            results.append(RuleResult(key, "SKIP", "disabled"))
            continue
        if key == "lowestEfficiency" and threshold > eff:
            failed = (f"image efficiency is too low (efficiency={eff:2.2f} < "
                      f"threshold={go_value(threshold)})")
        elif key == "highestWastedBytes" and wasted > threshold:
            failed = f"too many bytes wasted (wasted-bytes={wasted} > threshold={threshold})"
        elif key == "highestUserWastedPercent" and percent > threshold:
            failed = ("too many bytes wasted, relative to the user bytes added "
                      f"(%-user-wasted-bytes={_go_f(percent)} > threshold={go_value(threshold)})")
        results.append(RuleResult(key, "FAIL" if failed else "PASS", failed or values[key]))
    passed = not any(r.status == "FAIL" for r in results)
    return CIResult(passed, results, _report(analysis, results, passed))


def _go_f(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf"
    return f"{value:2.2f}"


def _report(analysis: "ImageAnalysis", results: list[RuleResult], passed: bool) -> str:
    """dive's CI report: Analysis, Inefficient Files, Evaluation, the verdict."""
    wasted = analysis.wasted_bytes
    wasted_text = f"({_humanize(wasted)})" if wasted > 0 else ""
    percent = f"{analysis.wasted_percent * 100:.2f} %" if wasted > 0 else "0 %"
    lines = ["Analysis:",
             f"  {'efficiency:':<18} {analysis.efficiency * 100:.2f} %",
             f"  {'wastedBytes:':<18} {wasted} bytes {wasted_text}",
             f"  {'userWastedPercent:':<18} {percent}", ""]
    ineff = analysis.inefficiencies
    if len(ineff) == 0:
        lines.append("Inefficient Files: (None)")
    else:
        lines += ["Inefficient Files:", f"  {'Count':<5}  {'Wasted Space':<12}  File Path"]
        lines += [f"  {str(row.count):<5}  {_humanize(int(row.cumulative)):<12}  {row.path}"
                  for row in ineff.itertuples()]
    lines += ["", "Evaluation:"] + [r.line() for r in results] + [""]
    tally = {s: sum(1 for r in results if r.status == s) for s in ("PASS", "FAIL", "SKIP")}
    parts = [f"{name}:{tally[s]}" for name, s in (("pass", "PASS"), ("fail", "FAIL"),
                                                 ("skip", "SKIP")) if tally[s]]
    lines.append(("PASS" if passed else "FAIL") + " [" + " ".join(parts) + "]")
    return "\n".join(lines)


def _humanize(n: int) -> str:
    """go-humanize's Bytes (SI): 2.1 MB, 512 B, 20 kB."""
    if n < 10:
        return f"{n} B"
    units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
    e = int(math.floor(math.log(n, 1000)))
    value = math.floor(n / 1000**e * 10 + 0.5) / 10
    return f"{value:.1f} {units[e]}" if value < 10 else f"{value:.0f} {units[e]}"
