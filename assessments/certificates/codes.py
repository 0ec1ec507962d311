"""Short signed certificate codes, e.g. `ADL-N3ZJ-0Q4T-7KMB-C`.

Layout after the prefix: one tag character (`N` numeric id written in base32 digits, `T` UTF-8 id
bytes in base32), the id, then 8 characters (40 bits) of HMAC-SHA256 over tag and id. The alphabet is
Crockford's base32, so codes are case-insensitive and O/I/L typed by mistake read as 0/1/1.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

PREFIX = "ADL"
MAC_CHARS = 8  # 40 bits: guessing needs ~10^12 online attempts, and a hit must still match a stored record.
MAX_TEXT_ID_BYTES = 20
MAX_NUMERIC_ID_DIGITS = 24
MIN_KEY_BYTES = 16
GROUP = 4

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
_VALUES = {ch: i for i, ch in enumerate(_ALPHABET)}
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None})
_DOMAIN = b"adal.certificate.v1\x00"
_NUMERIC, _TEXT = "N", "T"


class CodeError(ValueError):
    """Raised when a payload id or key cannot produce a code."""


def _mac(tag: str, payload_id: str, key: bytes) -> str:
    if len(key) < MIN_KEY_BYTES:
        raise CodeError(f"signing key must be at least {MIN_KEY_BYTES} bytes")
    digest = hmac.new(key, _DOMAIN + tag.encode() + payload_id.encode("utf-8"), hashlib.sha256).digest()
    return _int_to_chars(int.from_bytes(digest[:5], "big"), MAC_CHARS)


def _int_to_chars(value: int, width: int = 1) -> str:
    chars: list[str] = []
    while value or len(chars) < width:
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def _chars_to_int(text: str) -> int | None:
    value = 0
    for ch in text:
        digit = _VALUES.get(ch)
        if digit is None:
            return None
        value = (value << 5) | digit
    return value


def _is_numeric(payload_id: str) -> bool:
    return (
        payload_id.isascii()
        and payload_id.isdigit()
        and len(payload_id) <= MAX_NUMERIC_ID_DIGITS
        and (payload_id == "0" or not payload_id.startswith("0"))
    )


def _encode_id(payload_id: str) -> tuple[str, str]:
    if _is_numeric(payload_id):
        return _NUMERIC, _int_to_chars(int(payload_id))
    raw = payload_id.encode("utf-8")
    if not raw or len(raw) > MAX_TEXT_ID_BYTES:
        raise CodeError(f"payload id must be 1..{MAX_TEXT_ID_BYTES} bytes of UTF-8 or a decimal number")
    return _TEXT, _int_to_chars(int.from_bytes(raw, "big"), -(-len(raw) * 8 // 5))


def _decode_id(tag: str, text: str) -> str | None:
    value = _chars_to_int(text)
    if value is None or not text:
        return None
    if tag == _NUMERIC:
        return str(value)
    nbytes = len(text) * 5 // 8
    if value >> (nbytes * 8):
        return None
    try:
        return value.to_bytes(nbytes, "big").decode("utf-8")
    except UnicodeDecodeError:
        return None


def _normalize(code: str) -> str:
    text = "".join(code.split()).upper()
    if text.startswith(PREFIX):
        text = text[len(PREFIX) :]
    return text.translate(_LOOKALIKES)


def issue_code(payload_id: str, key: bytes) -> str:
    """Return a short typable code carrying `payload_id` and its truncated HMAC under `key`."""
    tag, body = _encode_id(payload_id)
    text = tag + body + _mac(tag, payload_id, key)
    groups = [text[i : i + GROUP] for i in range(0, len(text), GROUP)]
    return "-".join([PREFIX, *groups])


def verify_code(code: str, key: bytes | Iterable[bytes]) -> str | None:
    """Return the payload id if `code` was signed by `key` (or any of a list of keys), else None."""
    keys = [bytes(key)] if isinstance(key, bytes | bytearray) else [bytes(k) for k in key]
    text = _normalize(code)
    if len(text) < 2 + MAC_CHARS or text[0] not in (_NUMERIC, _TEXT):
        return None
    tag, mac = text[0], text[-MAC_CHARS:]
    payload_id = _decode_id(tag, text[1:-MAC_CHARS])
    if payload_id is None or _encode_id(payload_id) != (tag, text[1:-MAC_CHARS]):
        return None  # only the canonical spelling of an id is accepted
    valid = False
    for candidate in keys:
        # Every key is checked, so timing does not reveal which one matched.
        valid |= hmac.compare_digest(_mac(tag, payload_id, candidate), mac)
    return payload_id if valid else None
