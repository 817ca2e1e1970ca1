"""Checking an uploaded logo before anyone sees it: a real PNG, or an SVG that is only a picture.

A PNG is read whole by pypng (signature, every chunk and its checksum, the image data), so a file
renamed to .png is refused. An SVG is parsed by defusedxml (no entities, no DTD, no external
references can be expanded) and then refused if anything in it can run or fetch: scripts, event
handlers, foreign objects, links and references outside the file, styles that load anything.
The images are also served with a Content-Security-Policy that runs nothing (web/logos).
"""
from __future__ import annotations

import io
import re

from ..errors import InvalidInput, Text

MAX_BYTES = 200 * 1024
MAX_PIXELS = 4000
PNG = "image/png"
SVG = "image/svg+xml"
TYPES = (PNG, SVG)
_ACTIVE_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "set",
                    "animate", "animatemotion", "animatetransform"}
_EXTERNAL = re.compile(r"^\s*(?!#)(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
_LOADS_IN_STYLE = re.compile(r"url\s*\(|@import|expression\s*\(", re.IGNORECASE)


def _refuse(message: Text) -> None:
    raise InvalidInput(fields={"logo": message})


def _check_png(data: bytes) -> None:
    import png  # pypng: pure Python

    try:
        width, height, rows, _ = png.Reader(bytes=data).read()
        for _row in rows:  # decompress and check every row, not only the header
            pass
    except (png.Error, ValueError, EOFError, OverflowError):
        _refuse(Text("This file is not a valid PNG image."))
        return
    if not (0 < width <= MAX_PIXELS and 0 < height <= MAX_PIXELS):
        _refuse(Text("The image may be at most %(max)s pixels wide and high.", {"max": MAX_PIXELS}))


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _check_svg(data: bytes) -> None:
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        _refuse(Text("This file is not a valid SVG image."))
        return
    if _local(root.tag) != "svg":
        _refuse(Text("This file is not a valid SVG image."))
    for element in root.iter():
        tag = _local(element.tag) if isinstance(element.tag, str) else ""
        if tag in _ACTIVE_ELEMENTS:
            _refuse(Text("The SVG contains scripts or active content, which are not allowed."))
        if tag == "style" and _LOADS_IN_STYLE.search(element.text or ""):
            _refuse(Text("The SVG loads other files, which is not allowed."))
        for attribute, value in element.attrib.items():
            name = _local(attribute)
            if name.startswith("on"):
                _refuse(Text("The SVG contains scripts or active content, which are not allowed."))
            if name in ("href", "src") and _EXTERNAL.match(value or ""):
                _refuse(Text("The SVG loads other files, which is not allowed."))
            if name == "style" and _LOADS_IN_STYLE.search(value or ""):
                _refuse(Text("The SVG loads other files, which is not allowed."))


def check_logo(data: bytes, content_type: str) -> str:
    """The upload's type once it is checked; InvalidInput (field `logo`) with what is wrong."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind not in TYPES:
        _refuse(Text("Upload a PNG or SVG image."))
    if not data:
        _refuse(Text("The file is empty."))
    if len(data) > MAX_BYTES:
        _refuse(Text("The image may be at most %(max)s KB.", {"max": MAX_BYTES // 1024}))
    if kind == PNG:
        _check_png(data)
    else:
        _check_svg(io.BytesIO(data).getvalue())
    return kind
