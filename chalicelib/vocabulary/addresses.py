"""E-mail addresses: one spelling per address, and whether one is well-formed."""
from __future__ import annotations

import unicodedata

MAX_ADDRESS = 254


def normalise_address(value: str) -> str:
    """One address, one spelling: trimmed, lower-cased (as people type it in any case), then NFC.

    NFC comes last: lower-casing can leave a letter and an accent that compose ("J\u030c" -> "\u01f0").
    Sign-ups, rate limits, suppression and data-protection requests all key on this spelling.
    """
    return unicodedata.normalize("NFC", value.strip().lower())


def valid_address(value: str) -> bool:
    """Syntax only (no DNS): a typo is refused at the form, not bounced later."""
    from email_validator import EmailNotValidError, validate_email

    if not value or len(value) > MAX_ADDRESS:
        return False
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True
