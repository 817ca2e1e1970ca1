"""The accessibility statement, with every item of the statutory template (the Polish act of
4 April 2019 on the digital accessibility of websites and mobile applications of public bodies,
art. 10, and the Ministry's template and technical conditions, whose element ids the page keeps:
a11y-podmiot, a11y-status, a11y-procedura ...). The host institution's record fills in the
entity, the dates, the compliance status, the contact person and the premises; Polish is the
legal original, English and Ukrainian are translations of it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chalice import Response

from ...config import settings
from ...institutions.recent import Directory
from ...records import Institution
from .. import pages
from .common import Written, institution_name, keep_together, written

PATH = "/accessibility"
STATUSES = ("full", "partial", "none")
OMBUDSMAN = "Biuro Rzecznika Praw Obywatelskich, al. Solidarności 77, 00-090 Warszawa"
# The template's items (and the ids its technical conditions give them), each present on the page.
ITEMS = ("a11y-deklaracja", "a11y-wstep", "a11y-podmiot", "a11y-url", "a11y-data-publikacja",
         "a11y-data-aktualizacja", "a11y-status", "a11y-data-sporzadzenie", "a11y-kontakt", "a11y-osoba",
         "a11y-email", "a11y-telefon", "a11y-procedura", "a11y-architektura", "a11y-aplikacje")


@dataclass(frozen=True)
class Statement:
    """What the page shows; "" or None where the record does not say it yet."""

    institution: Institution | None
    entity: Written | None
    address: str  # on one line
    site_url: str
    published: date | None
    updated: date | None
    status: str
    exceptions: Written | None
    contact: str
    email: str
    phone: str
    premises: Written | None


def one_line(address: str) -> str:
    return ", ".join(line.strip() for line in address.splitlines() if line.strip())


def accessibility_statement(directory: Directory, language: str) -> Statement:
    """The statement of the institution the site speaks for; an unknown status reads as partial
    (claiming more than the record says would be wrong)."""
    host = directory.host()
    status = host.accessibility_status if host and host.accessibility_status in STATUSES else "partial"
    return Statement(
        institution=host, entity=institution_name(host, language), address=one_line(host.address) if host else "",
        site_url=settings().base_url, published=host.statement_published if host else None,
        updated=(host.statement_updated or host.statement_published) if host else None, status=status,
        exceptions=written(host.accessibility_exceptions, language) if host else None,
        contact=host.accessibility_contact if host else "", email=host.accessibility_email if host else "",
        phone=host.accessibility_phone if host else "",
        premises=written(host.accessibility_premises, language) if host else None)


def accessibility_page(directory: Directory, language: str) -> Response:
    return pages.render("accessibility.html", language, path=PATH, ombudsman=OMBUDSMAN, keep_together=keep_together,
                        statement=accessibility_statement(directory, language))
