"""The check-in QR code as a PNG for the confirmation e-mail (segno: pure Python, no Pillow).

segno is imported only when an e-mail with a code is composed, so a cold start that sends no
such e-mail never loads it.
"""
from __future__ import annotations

import io

SCALE = 8  # pixels per module: a version-2 code with its quiet zone is 264 px wide
BORDER = 4  # the quiet zone the QR standard asks for, in modules


def qr_matrix(text: str) -> tuple[tuple[int, ...], ...]:
    """The code's modules (1 dark, 0 light), without the quiet zone."""
    return tuple(tuple(row) for row in _symbol(text).matrix)


def qr_png(text: str) -> bytes:
    """A black-on-white PNG of the QR code for ``text``."""
    buffer = io.BytesIO()
    _symbol(text).save(buffer, kind="png", scale=SCALE, border=BORDER)
    return buffer.getvalue()


def _symbol(text: str):
    import segno

    # Level M, raised by segno when the version has room for more; never a Micro QR (phones
    # and BarcodeDetector read only full QR codes).
    return segno.make_qr(text, error="m")
