"""The pictures on a certificate: logos (PNG or SVG), the EU emblem and the QR code.

The Lambda package leaves Pillow out (infra/package.py), and fpdf2 reads a PNG only through
Pillow. So a PNG logo is decoded here by pypng (pure Python, already what checks uploads) and
handed to fpdf2 as the pixels and alpha mask it would have made itself. An SVG goes to fpdf2's
own SVG renderer. The QR code is drawn as filled rectangles: sharp at any zoom, no image at all.
"""
from __future__ import annotations

import hashlib
import io
import logging
import zlib
from dataclasses import dataclass
from typing import Any

from ..checkin.qr import qr_matrix
from ..institutions.emblem import HEIGHT as EMBLEM_HEIGHT
from ..institutions.emblem import WIDTH as EMBLEM_WIDTH
from ..institutions.emblem import emblem_svg

logger = logging.getLogger(__name__)
PNG, SVG = "image/png", "image/svg+xml"
_SEAM = 0.02  # mm each QR row overlaps the next, so no hairline shows between them on screen


@dataclass(frozen=True)
class Picture:
    """A picture ready to place: what fpdf2's `image()` takes, and its width over its height."""

    source: str | bytes  # a key in the document's image cache (a PNG) or an SVG document
    ratio: float
    alt: str = ""  # read out by screen readers; empty for a decorative picture

    def draw(self, pdf: Any, x: float, y: float, height: float) -> float:
        """Place it `height` high with its top left corner at (x, y); return its width."""
        width = height * self.ratio
        name = self.source if isinstance(self.source, str) else io.BytesIO(self.source)
        pdf.image(name, x=x, y=y, w=width, h=height, alt_text=self.alt or None)
        return width


def logo_picture(pdf: Any, logo: tuple[bytes, str], alt: str = "") -> Picture | None:
    """An uploaded logo made ready for `pdf`, or None (logged) if it cannot be drawn.

    Uploads are checked when they are made (institutions/logos.py); one that still fails here
    leaves its place empty, since a certificate without a logo is better than no certificate.
    """
    data, media_type = logo
    try:
        if media_type == PNG:
            return _png(pdf, data, alt)
        if media_type == SVG:
            return _svg(pdf, data, alt)
    except Exception:  # any parser's error: the picture is left out, the page is still made
        logger.warning("logo left off a certificate: it could not be read", exc_info=True)
        return None
    logger.warning("logo left off a certificate: %s is not a PNG or SVG", media_type)
    return None


def emblem_picture(alt: str) -> Picture:
    """The EU emblem (institutions/emblem.py), named `alt` for screen readers."""
    return Picture(emblem_svg().encode(), EMBLEM_WIDTH / EMBLEM_HEIGHT, alt)


def _png(pdf: Any, data: bytes, alt: str) -> Picture:
    import png  # pypng
    from fpdf.image_datastructures import RasterImageInfo

    key = "data:image/png;sha256," + hashlib.sha256(data).hexdigest()  # "data:": no file or URL is read
    cached = pdf.image_cache.images.get(key)
    if cached is None:
        width, height, rows, _ = png.Reader(bytes=data).asRGBA8()
        colour, alpha = bytearray(), bytearray()
        for row in rows:
            pixels = bytes(row)
            line = bytearray(3 * width)
            for channel in range(3):
                line[channel::3] = pixels[channel::4]
            colour += b"\0" + line  # each row starts with its PNG filter ("none"), as /Predictor 15 reads
            alpha += b"\0" + pixels[3::4]
        cached = RasterImageInfo(data=zlib.compress(bytes(colour)), w=width, h=height, cs="DeviceRGB", dpn=3, bpc=8,
                                 f="FlateDecode", dp=f"/Predictor 15 /Colors 3 /Columns {width}", iccp=None,
                                 iccp_i=None, i=len(pdf.image_cache.images) + 1, usages=0)
        if _transparent(alpha, width):  # an opaque logo needs no mask
            cached["smask"] = zlib.compress(bytes(alpha))
        pdf.image_cache.images[key] = cached
    return Picture(key, cached["w"] / cached["h"], alt)


def _transparent(alpha: bytearray, width: int) -> bool:
    """Whether any pixel is less than opaque (the rows' leading filter bytes skipped)."""
    stride = width + 1
    return any(min(alpha[start + 1:start + stride], default=255) < 255 for start in range(0, len(alpha), stride))


def _svg(pdf: Any, data: bytes, alt: str) -> Picture:
    from fpdf.image_parsing import preload_image

    start = data.find(b"<svg")  # fpdf2 knows an SVG by its first bytes: drop a declaration or comment before
    if start < 0:
        raise ValueError("no <svg> element")
    document = data[start:]
    _, svg, info = preload_image(pdf.image_cache, io.BytesIO(document))
    width, height = (svg.viewbox[2], svg.viewbox[3]) if svg.viewbox else (info["w"], info["h"])
    if not (width and height and float(width) > 0 and float(height) > 0):
        raise ValueError("an SVG without a size")
    return Picture(document, float(width) / float(height), alt)


def draw_qr(pdf: Any, text: str, x: float, y: float, size: float) -> None:
    """The QR code for `text` as a black square `size` wide at (x, y); light modules stay the page's white."""
    matrix = qr_matrix(text)
    module = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row_index, row in enumerate(matrix):
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            run = column
            while run < len(row) and row[run]:
                run += 1
            pdf.rect(x + column * module, y + row_index * module, (run - column) * module, module + _SEAM, style="F")
            column = run
