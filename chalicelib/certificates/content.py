"""What a certificate says, gathered from the records: the event, the person, their institution and project."""
from __future__ import annotations

from datetime import datetime

from ..config import settings
from ..fields import pick_language
from ..records import Certificate, Event, Registration
from .document import CertificateContent
from .issuing import settings_of


def verify_url(number: str) -> str:
    return f"{settings().base_url}/certificates/{number}"


def date_range(event: Event, language: str) -> str:
    """"12–14 May 2026" on the event's own calendar (babel's interval format, per language)."""
    from babel.dates import format_interval

    from ..i18n import babel_locale
    from ..registration.attendance import zone

    local = zone(event)
    start, end = event.starts_at.astimezone(local).date(), event.ends_at.astimezone(local).date()
    if start == end:
        from babel.dates import format_date

        return format_date(start, "long", locale=babel_locale(language))
    return format_interval(start, end, "yMMMd", locale=babel_locale(language))


def _logo(logo_id: str | None) -> tuple[bytes, str] | None:
    from ..store.directory import load_logo

    found = load_logo(logo_id) if logo_id else None
    return (found.data, found.content_type) if found else None


def content_of(event: Event, registration: Registration, certificate: Certificate) -> CertificateContent:
    """The certificate in its holder's language, as the document lays it out."""
    from babel.dates import format_date

    from ..i18n import babel_locale
    from ..institutions.recent import directory

    language = certificate.language
    found = directory()
    institution, project = found.institution_of(event.project), found.project(event.project)
    chosen = settings_of(event)
    return CertificateContent(
        number=certificate.number, verify_url=verify_url(certificate.number), language=language,
        holder_name=registration.name or "", event_title=pick_language(event.title, language),
        covered=pick_language(chosen["text"], language) if chosen["text"] else "",
        dates=date_range(event, language), hours=chosen["hours"], place=event.venue,
        institution_name=pick_language(institution.name, language) if institution else "",
        institution_logo=_logo(institution.logo) if institution else None,
        project_name=pick_language(project.name, language) if project else "",
        funding_statement=pick_language(project.funding, language) if project and project.funding else "",
        show_eu_emblem=bool(project and project.eu_emblem),
        funder_logos=tuple(logo for logo in (_logo(i) for i in (project.funder_logos if project else [])) if logo),
        signatory=chosen["signatory"],
        issued_on=format_date(_day(certificate.issued_at, event), "long", locale=babel_locale(language)),
        revoked=certificate.revoked_at is not None)


def _day(moment: datetime, event: Event):
    from ..registration.attendance import zone

    return moment.astimezone(zone(event)).date()


def pdf_of(contents: list[CertificateContent]) -> bytes:
    from .document import render

    return render(contents)
