"""Remove a secret (a `login -p` password) from the IPython shell's input history.

The magic line that carried it is kept by IPython in several places: `In`/`_ih`
(`history_manager.input_hist_parsed`), `input_hist_raw`, the `_i`, `_ii`, `_iii`, `_iN`
variables, the cache waiting to be written to the history database, and the database itself.
All are rewritten with the secret masked. The notebook's own cell text is the frontend's and
cannot be reached from here; the warning printed by `login -p` says so.
"""

from __future__ import annotations

from typing import Any

MASK = "********"


def _variants(secret: str) -> list[str]:
    """The secret as typed and as IPython quotes it inside `run_line_magic('docker', '...')`."""
    quoted = repr(secret)[1:-1]
    return sorted({secret, quoted, quoted.replace('"', '\\"')}, key=len, reverse=True)


def mask(text: Any, secret: str) -> Any:
    """`text` with the secret masked; only in inputs that log in (a short password must not
    rewrite unrelated cells)."""
    if not isinstance(text, str) or "login" not in text:
        return text
    for form in _variants(secret):
        text = text.replace(form, MASK)
    return text


def scrub(secret: str, shell: Any = None) -> int:
    """Mask `secret` in the shell's history; returns how many places held it."""
    if not secret:
        return 0
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return 0
        shell = get_ipython()
    manager = getattr(shell, "history_manager", None)
    if manager is None:
        return 0
    count = 0
    for entries in (manager.input_hist_parsed, manager.input_hist_raw):
        for i, text in enumerate(entries):
            if mask(text, secret) != text:
                entries[i] = mask(text, secret)
                count += 1
    for attr in ("_i", "_ii", "_iii", "_i00"):
        text = getattr(manager, attr, None)
        if mask(text, secret) != text:
            setattr(manager, attr, mask(text, secret))
            count += 1
    namespace = getattr(shell, "user_ns", {})
    for key in [k for k in namespace if k.startswith("_i")]:
        text = namespace[key]
        if isinstance(text, str) and mask(text, secret) != text:
            namespace[key] = mask(text, secret)
            count += 1
    return count + _scrub_database(manager, secret)


def _scrub_database(manager: Any, secret: str) -> int:
    """The pending cache and the rows already written, under the cache's lock (the saving
    thread takes it too, so it cannot write an unmasked copy after we looked)."""
    count = 0
    with manager.db_input_cache_lock:
        cache = manager.db_input_cache
        for i, (line, source, raw) in enumerate(cache):
            if mask(source, secret) != source or mask(raw, secret) != raw:
                cache[i] = (line, mask(source, secret), mask(raw, secret))
                count += 1
        if not getattr(manager, "enabled", False):
            return count
        try:
            db = manager.db
            rows = db.execute("SELECT session, line, source, source_raw FROM history "
                              "WHERE session = ?", (manager.session_number,)).fetchall()
            for session, line, source, raw in rows:
                if mask(source, secret) != source or mask(raw, secret) != raw:
                    db.execute("UPDATE history SET source = ?, source_raw = ? "
                               "WHERE session = ? AND line = ?",
                               (mask(source, secret), mask(raw, secret), session, line))
                    count += 1
            db.commit()
        except Exception:  # noqa: BLE001 - a history database we cannot open holds nothing
            pass
    return count
