"""The privacy notice: the site's (the host institution's, listing every project's notice) and each
project's. It holds every item GDPR art. 13 asks for; the institution's and project's records fill
in what is theirs to decide (controller, officer, purposes, legal basis, recipients), and the text
of the templates says the rest."""
from __future__ import annotations

from dataclasses import dataclass, field

from chalice import Response
from markupsafe import Markup

from ...config import settings
from ...institutions.notices import Region, data_regions, notice_version
from ...institutions.recent import Directory
from ...records import Institution, Project
from ...vocabulary.collation import sort_for
from .. import pages
from .common import Written, institution_name, keep_together, long_date, written

PATH = "/privacy"
# The items of GDPR art. 13, each a section of the page with this id.
ITEMS = ("controller", "dpo", "purposes", "legal-basis", "recipients", "transfer", "retention", "rights",
         "complaint", "requirement", "automated", "version")


class Addresses:
    """Fixed by law and contract: the processor (AWS's European entity) and the supervisory authority."""

    processor = "38 Avenue John F. Kennedy, L-1855 Luxembourg"  # Amazon Web Services EMEA SARL
    authority = "ul. Stawki 2, 00-193 Warszawa"  # Prezes Urzędu Ochrony Danych Osobowych


@dataclass(frozen=True)
class Officer:
    name: str
    email: str
    phone: str


@dataclass(frozen=True)
class ProjectLink:
    name: Written | None
    href: str


@dataclass(frozen=True)
class PrivacyNotice:
    """What the page shows; a None field is one the records do not say yet (the template has a
    default text for purposes, legal basis and recipients, and says "not provided yet" elsewhere)."""

    project: Project | None
    project_name: Written | None
    institution: Institution | None
    controller: Written | None
    officer: Officer | None
    purposes: Written | None
    legal_basis: Written | None
    recipients: Written | None
    regions: list[Region]
    retention_days: int
    version: str
    changed: str
    projects: list[ProjectLink] = field(default_factory=list)

    @property
    def region_names(self) -> Markup:
        """e.g. "eu-central-1 (Frankfurt)", each kept on one line."""
        names = (f"{r.code} ({r.place})" if r.place else r.code for r in self.regions)
        return Markup(", ").join(Markup('<span class="nowrap">%s</span>') % name for name in names)


def _controller(institution: Institution | None, language: str) -> Written | None:
    """The controller as the institution names it, else its own name and address."""
    if institution is None:
        return None
    named = written(institution.controller, language)
    if named:
        return named
    name = institution_name(institution, language)
    lines = [line.strip() for line in institution.address.splitlines() if line.strip()]
    if not name:
        return written("\n".join(lines), language) if lines else None
    return Written(((*name.paragraphs[0], *lines),), name.lang)


def _officer(institution: Institution | None) -> Officer | None:
    if institution is None or not (institution.dpo_name or institution.dpo_email or institution.dpo_phone):
        return None
    return Officer(institution.dpo_name, institution.dpo_email, institution.dpo_phone)


def privacy_notice(directory: Directory, project_id: str, language: str) -> PrivacyNotice:
    """A project's notice; the site's when no project is asked for or it is not a record (its events
    are covered by the site's notice, and their sign-ups record the site notice's version)."""
    project = directory.project(project_id) if project_id else None
    institution = directory.institution_of(project_id) if project else directory.host()

    def chosen(name: str) -> Written | None:  # a text the project's record sets, if any
        return written(getattr(project, name), language) if project else None

    others = [] if project else sort_for(language, directory.projects.values(),  # by the name the reader sees
                                         key=lambda p: getattr(written(p.name, language), "text", p.project_id))
    return PrivacyNotice(
        project=project, project_name=chosen("name"), institution=institution,
        controller=_controller(institution, language), officer=_officer(institution),
        purposes=chosen("purposes"), legal_basis=chosen("legal_basis"), recipients=chosen("recipients"),
        regions=data_regions(), retention_days=settings().retention_days_default,
        version=notice_version(project) if project else settings().privacy_notice_version,
        changed=long_date(project.privacy_changed, language) if project else "",
        projects=[ProjectLink(written(p.name, language), pages.link(PATH, language, project=p.project_id))
                  for p in others])


def privacy_page(directory: Directory, project_id: str, language: str) -> Response:
    notice = privacy_notice(directory, project_id, language)
    shown = notice.project.project_id if notice.project else ""
    return pages.render("privacy.html", language, path=PATH, notice=notice, addresses=Addresses,
                        keep_together=keep_together, keep={"project": shown},
                        indicators=_indicator_questions(notice.project, language))


def _indicator_questions(project: Project | None, language: str) -> list[str]:
    """The funder's questions the project asks, in the reader's language (none: the notice says nothing)."""
    from ...i18n import gettext
    from ...vocabulary.indicators import asked

    return [gettext(language, q.label) for q in asked(project.indicators)] if project else []
