"""Detach keys: `--detach-keys`, else config.json's `detachKeys`, else Ctrl-P Ctrl-Q (the
CLI's order), as the engine reads them (`ctrl-p,ctrl-q`) and as the bytes a terminal types."""

from __future__ import annotations

DEFAULT = "ctrl-p,ctrl-q"


def chosen(given: str | None) -> str:
    """The detach keys in effect: the flag's, config.json's or the default (checked)."""
    from ..engine.cli_config import read_config
    from ..runchecks import detach_keys

    return detach_keys(given or str(read_config().get("detachKeys") or "") or DEFAULT)


def as_bytes(keys: str) -> bytes:
    """`ctrl-p,ctrl-q` -> b"\\x10\\x11"; `ctrl-@` is NUL, `ctrl-[` ESC; a letter is itself."""
    out = bytearray()
    for key in keys.split(","):
        if key.startswith("ctrl-"):
            out.append((ord(key[5:].upper()) - 64) & 0x7F)
        else:
            out += key.encode()
    return bytes(out)


def said(keys: str) -> str:
    """How a person reads them: `Ctrl-P Ctrl-Q`, `Ctrl-X x`."""
    return " ".join(f"Ctrl-{k[5:].upper()}" if k.startswith("ctrl-") else k
                    for k in keys.split(","))
