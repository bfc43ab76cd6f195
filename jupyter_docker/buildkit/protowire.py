"""The protobuf wire format, by hand: enough to read and write BuildKit's messages.

A message is a sequence of (field number, wire type, value). `decode` gives
`{field_number: [values]}` (repeated fields keep their order; a length-delimited value stays
`bytes`, to be decoded as a string or a sub-message by whoever knows the schema); `encode`
writes fields back. Wire types: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32 (groups,
3 and 4, are long deprecated and refused).
"""

from __future__ import annotations

import struct
from typing import Iterable, Iterator, Union

VARINT, FIXED64, BYTES, FIXED32 = 0, 1, 2, 5
Value = Union[int, bytes]
Fields = dict[int, list[Value]]


class WireError(ValueError):
    """The bytes are not a well-formed protobuf message."""


def read_varint(data: bytes, pos: int) -> tuple[int, int]:
    """The unsigned varint at `pos` and the position after it."""
    result = shift = 0
    while True:
        if pos >= len(data):
            raise WireError("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift >= 70:
            raise WireError("varint longer than 10 bytes")


def write_varint(number: int) -> bytes:
    """`number` as a varint; a negative int64 is sent as its 64-bit two's complement."""
    if 0 <= number < 0x80:
        return _SMALL[number]
    if number < 0:
        number += 1 << 64
    out = bytearray()
    while True:
        byte = number & 0x7F
        number >>= 7
        if number:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


_SMALL = [bytes((n,)) for n in range(0x80)]


def signed64(number: int) -> int:
    """An int64 field's varint read back as signed."""
    return number - (1 << 64) if number >= 1 << 63 else number


def iter_fields(data: bytes) -> Iterator[tuple[int, int, Value]]:
    """(field number, wire type, value) for each field of a message, in order."""
    pos, end = 0, len(data)
    while pos < end:
        key, pos = read_varint(data, pos)
        number, wire = key >> 3, key & 7
        if number == 0:
            raise WireError("field number 0")
        if wire == VARINT:
            value, pos = read_varint(data, pos)
        elif wire == FIXED64:
            if pos + 8 > end:
                raise WireError("truncated fixed64")
            value, pos = struct.unpack_from("<Q", data, pos)[0], pos + 8
        elif wire == BYTES:
            size, pos = read_varint(data, pos)
            if pos + size > end:
                raise WireError("truncated length-delimited field")
            value, pos = bytes(data[pos:pos + size]), pos + size
        elif wire == FIXED32:
            if pos + 4 > end:
                raise WireError("truncated fixed32")
            value, pos = struct.unpack_from("<I", data, pos)[0], pos + 4
        else:
            raise WireError(f"unsupported wire type {wire}")
        yield number, wire, value


def decode(data: bytes) -> Fields:
    """A message as `{field_number: [values]}`."""
    fields: Fields = {}
    for number, _wire, value in iter_fields(data):
        fields.setdefault(number, []).append(value)
    return fields


def field(number: int, value: Value | str | bool | Iterable[Value], wire: int | None = None
          ) -> bytes:
    """One field: an int is a varint (unless `wire` says FIXED64/FIXED32), bytes or str are
    length-delimited (a sub-message is its encoded bytes)."""
    if isinstance(value, str):
        value = value.encode()
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, (bytes, bytearray)):
        return write_varint(number << 3 | BYTES) + write_varint(len(value)) + bytes(value)
    if not isinstance(value, int):
        raise TypeError(f"cannot encode {type(value).__name__} as a protobuf field")
    if wire == FIXED64:
        return write_varint(number << 3 | FIXED64) + struct.pack("<Q", value % (1 << 64))
    if wire == FIXED32:
        return write_varint(number << 3 | FIXED32) + struct.pack("<I", value % (1 << 32))
    return write_varint(number << 3 | VARINT) + write_varint(value)


def encode(fields: Iterable[tuple[int, Value | str | bool]] | Fields) -> bytes:
    """A message from (number, value) pairs, or from a `{number: [values]}` dict; values of
    zero/empty are written as given (proto3 leaves defaults out: callers leave them out)."""
    pairs = ((n, v) for n, vs in fields.items() for v in vs) if isinstance(fields, dict) \
        else fields
    return b"".join(field(number, value) for number, value in pairs)


def string(fields: Fields, number: int, default: str = "") -> str:
    """The last value of a string field (proto3: the last one wins)."""
    values = fields.get(number)
    if not values:
        return default
    value = values[-1]
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def integer(fields: Fields, number: int, default: int = 0) -> int:
    """The last value of an int64/bool field, signed."""
    values = fields.get(number)
    if not values:
        return default
    value = values[-1]
    if isinstance(value, bytes):
        raise WireError(f"field {number} is length-delimited, not an integer")
    return signed64(value)


def messages(fields: Fields, number: int) -> list[Fields]:
    """Every value of a repeated sub-message field, decoded."""
    return [decode(v) for v in fields.get(number, []) if isinstance(v, bytes)]
