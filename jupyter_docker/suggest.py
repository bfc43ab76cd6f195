"""`did you mean ps?`: the closest spelling the command table knows, for a typo."""

from __future__ import annotations

from typing import Iterable


def distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions from `a` to `b`."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known word nearest to `word` (at most 2 edits, a third of its length), or None."""
    limit = min(2, max(1, len(word.lstrip("-")) // 3))
    best = sorted((distance(word, k), k) for k in set(known) if k != word)
    if best and best[0][0] <= limit:
        return best[0][1]
    return None


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """`, did you mean ps?` to append to an error line, or '' when nothing is close."""
    found = closest(word, known)
    return f", did you mean {found}?" if found else ""
