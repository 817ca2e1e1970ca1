"""The public page that tells whether a certificate of attendance is genuine."""
from __future__ import annotations

from typing import Any

from chalice import Response

from ..fields import pick_language
from . import pages


def verification_page(found: Any, language: str) -> Response:
    """`found` is the application's Verification: valid, revoked or unknown, never more than that."""
    from ..certificates.content import date_range

    event = found.event
    state = "unknown" if found.certificate is None else ("revoked" if found.certificate.revoked_at else "valid")
    response = pages.render(
        "certificate.html", language, path=f"/certificates/{found.number}", status=404 if state == "unknown" else 200,
        state=state, number=found.number, holder=found.holder_name,
        event_title=pick_language(event.title, language) if event else "",
        dates=date_range(event, language) if event else "", venue=event.venue if event else "",
        funded_by=(event.project,) if event else ())
    response.headers["X-Robots-Tag"] = "noindex"
    return response
