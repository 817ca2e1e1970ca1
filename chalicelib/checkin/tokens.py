"""Check-in codes: a registration's ticket, shown as a QR code and short enough to type.

    code = base32(registration id ‖ HMAC-SHA256(key, "event|registration")[:5])

The registration id is 10 random bytes (see registration.service), the MAC 5 bytes: 120 bits,
exactly 24 characters of Crockford's base32 (no I, L, O, U; typing I or L reads as 1, O as 0),
written in groups of four: ``ABCD-EFGH-JKMN-PQRS-TVWX-YZ01``. QR alphanumeric mode holds the
letters, digits and hyphens, so the printed code and the scanned one are the same text.

The event is not spelled out in the code but bound by the MAC (the check-in route names the
event): a code presented at another event, or with any character changed, fails verification.
The key is derived from the stage's secret for the purpose ``checkin``, like the other keys of
chalicelib.auth, and the MAC is compared in constant time.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re

from .. import auth

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
ID_BYTES = 10
MAC_BYTES = 5
CODE_LENGTH = (ID_BYTES + MAC_BYTES) * 8 // 5  # 24
GROUP = 4
_DECODE = {c: i for i, c in enumerate(ALPHABET)} | {"I": 1, "L": 1, "O": 0}
_SEPARATORS = re.compile(r"[\s\-_.·–—]+")
_REGISTRATION_ID = re.compile(r"[a-z2-7]{16}")


def _mac(event_id: str, id_bytes: bytes) -> bytes:
    message = f"{event_id}|{_id_text(id_bytes)}".encode()
    return hmac.new(auth._derived_key("checkin"), message, hashlib.sha256).digest()[:MAC_BYTES]


def _id_bytes(registration_id: str) -> bytes:
    """The 10 bytes behind a registration id (lowercase RFC 4648 base32 of them)."""
    if not _REGISTRATION_ID.fullmatch(registration_id):
        raise ValueError(f"not a registration id: {registration_id!r}")
    return base64.b32decode(registration_id.upper())


def _id_text(id_bytes: bytes) -> str:
    return base64.b32encode(id_bytes).decode().rstrip("=").lower()


def _encode(data: bytes) -> str:
    number, bits = int.from_bytes(data, "big"), len(data) * 8
    return "".join(ALPHABET[(number >> shift) & 31] for shift in range(bits - 5, -1, -5))


def _group(symbols: str) -> str:
    return "-".join(symbols[i:i + GROUP] for i in range(0, len(symbols), GROUP))


def is_registration_id(value: str) -> bool:
    return bool(_REGISTRATION_ID.fullmatch(value))


def checkin_code(event_id: str, registration_id: str) -> str:
    """The code printed under the participant's QR code, e.g. ``ABCD-EFGH-JKMN-PQRS-TVWX-YZ01``."""
    id_bytes = _id_bytes(registration_id)
    return _group(_encode(id_bytes + _mac(event_id, id_bytes)))


def normalise(code: str) -> str | None:
    """The code's 24 symbols as typed or scanned (any case, spaces, hyphens), or None."""
    symbols = _SEPARATORS.sub("", code or "").upper()
    if len(symbols) != CODE_LENGTH or any(c not in _DECODE for c in symbols):
        return None
    return "".join(ALPHABET[_DECODE[c]] for c in symbols)


def looks_like_code(value: str) -> bool:
    return normalise(value) is not None


def registration_for(event_id: str, code: str) -> str | None:
    """The registration id a genuine code of this event names; None for anything else."""
    symbols = normalise(code)
    if symbols is None:
        return None
    number = 0
    for symbol in symbols:
        number = number << 5 | _DECODE[symbol]
    data = number.to_bytes(ID_BYTES + MAC_BYTES, "big")  # 24 symbols are exactly 120 bits
    id_bytes, mac = data[:ID_BYTES], data[ID_BYTES:]
    if not hmac.compare_digest(mac, _mac(event_id, id_bytes)):
        return None
    return _id_text(id_bytes)
