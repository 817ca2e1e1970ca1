"""The EU emblem, drawn here from its geometric description, so no image file has to be shipped.

The rules (the EU emblem's graphic specifications): a blue rectangle one and a half times as wide
as it is high; twelve gold five-pointed stars, upright, set like the hours on a clock face on an
invisible circle whose radius is a third of the height; each star's points lie on a circle whose
radius is an eighteenth of the height. Reflex Blue is #003399, yellow #FFCC00. On a coloured
background the flag gets a white border a twenty-fifth of its height wide.
"""
from __future__ import annotations

import math
from functools import cache

from ..i18n import N_

# The words the emblem stands with (the EU's visibility rules: written out in full, in the reader's language),
# and its name for screen readers; translated with i18n.gettext where they are drawn.
COFUNDED = N_("Co-funded by the European Union")
FLAG = N_("Flag of the European Union")
BLUE = "#003399"
YELLOW = "#FFCC00"
HEIGHT = 200.0  # drawing units; the SVG scales
WIDTH = HEIGHT * 1.5
STAR_RADIUS = HEIGHT / 18
CIRCLE_RADIUS = HEIGHT / 3
INNER_RATIO = math.sin(math.radians(18)) / math.sin(math.radians(54))  # a regular pentagram's inner radius


def _star(cx: float, cy: float) -> str:
    """One upright five-pointed star centred at (cx, cy), as an SVG path."""
    points = []
    for index in range(10):
        radius = STAR_RADIUS if index % 2 == 0 else STAR_RADIUS * INNER_RATIO
        angle = math.radians(-90 + 36 * index)
        points.append(f"{cx + radius * math.cos(angle):.3f},{cy + radius * math.sin(angle):.3f}")
    return "M" + "L".join(points) + "Z"


def star_centres() -> list[tuple[float, float]]:
    """The twelve stars' centres, the first at twelve o'clock, clockwise."""
    return [(WIDTH / 2 + CIRCLE_RADIUS * math.sin(math.radians(30 * hour)),
             HEIGHT / 2 - CIRCLE_RADIUS * math.cos(math.radians(30 * hour))) for hour in range(12)]


@cache
def emblem_svg(title: str = "", *, border: bool = False) -> str:
    """The flag as an SVG document; `title` names it for screen readers (else it is decorative)."""
    edge = HEIGHT / 25 if border else 0.0
    box = f"{-edge:g} {-edge:g} {WIDTH + 2 * edge:g} {HEIGHT + 2 * edge:g}"
    label = (f' role="img" aria-label="{_escape(title)}"><title>{_escape(title)}</title>' if title
             else ' aria-hidden="true">')
    frame = f'<rect x="{-edge:g}" y="{-edge:g}" width="{WIDTH + 2 * edge:g}" height="{HEIGHT + 2 * edge:g}" ' \
            f'fill="#FFFFFF"/>' if border else ""
    stars = "".join(_star(x, y) for x, y in star_centres())
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}" width="{(WIDTH + 2 * edge) / 4:g}" '
            f'height="{(HEIGHT + 2 * edge) / 4:g}"{label}{frame}'
            f'<rect width="{WIDTH:g}" height="{HEIGHT:g}" fill="{BLUE}"/><path d="{stars}" fill="{YELLOW}"/></svg>')


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
