"""Render participant e-mails (subject, plain text, HTML) in the participant's language.

Each kind has ``templates/<kind>.txt`` and ``templates/<kind>.html`` extending
``base.txt`` / ``base.html``. The folder's one Jinja2 environment is built on
first use (chalicelib/templating.py binds the language per render), so a cold
start that sends no e-mail never imports Jinja2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from chalicelib import i18n
from chalicelib.emails.mime import EmailContent, single_line
from chalicelib.i18n import N_
from chalicelib.templating import TemplateFolder
from chalicelib.vocabulary.labels import kind_label


@dataclass(frozen=True)
class SessionInfo:
    """One session (or consultation slot) the participant chose."""

    title: str
    starts_at: datetime | None
    ends_at: datetime | None
    waiting: bool = False  # the participant waits for a seat in it (waitlisted for this session)


@dataclass(frozen=True)
class EmailContext:
    """Everything a template may show; texts are already in the participant's language."""

    participant_name: str
    event_title: str
    event_kind: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue: str
    manage_url: str
    sessions: tuple[SessionInfo, ...] = ()
    confirm_url: str = ""
    message_subject: str = ""
    message_body: str = ""
    changes: tuple[str, ...] = ()  # field names: "time", "venue", "title", "sessions", ...
    reconfirm_url: str = ""
    about_you_url: str = ""  # the funder's voluntary questions, when the event's project asks them
    deadline: datetime | None = None
    checkin_code: str = ""  # the typed form of the check-in QR code (confirmation, promoted)
    checkin_image_url: str = ""  # "cid:..." of the inline QR code image
    sender: str = ""  # the institution that runs the event, in the participant's language
    sender_contact: str = ""  # how to reach it: address, e-mail, phone
    funding: str = ""  # the project's funding statement, in the participant's language
    survey_url: str = ""  # the participant's own survey link (survey)
    reminder: bool = False  # the survey's one reminder
    unsubscribe_url: str = ""  # stops the event's organizer messages (organizer_message)


EMAIL_KINDS = (
    "confirmation",
    "waitlisted",
    "pending_approval",
    "pending_email",
    "promoted",
    "already_registered",
    "cancelled",
    "rejected",
    "reminder",
    "reconfirm",
    "released",
    "event_cancelled",
    "event_changed",
    "organizer_message",
    "certificate",
    "survey",
)

_SUBJECTS = {
    "confirmation": N_("Seat confirmed: %(title)s"),
    "waitlisted": N_("Waiting list: %(title)s"),
    "pending_approval": N_("Registration received: %(title)s"),
    "pending_email": N_("Please confirm your e-mail: %(title)s"),
    "promoted": N_("You have a seat: %(title)s"),
    "already_registered": N_("You are already registered: %(title)s"),
    "cancelled": N_("Registration cancelled: %(title)s"),
    "rejected": N_("Registration not accepted: %(title)s"),
    "reminder": N_("Reminder: %(title)s"),
    "reconfirm": N_("Are you still coming? %(title)s"),
    "released": N_("Your seat was released: %(title)s"),
    "event_cancelled": N_("Event cancelled: %(title)s"),
    "event_changed": N_("Event details changed: %(title)s"),
    "organizer_message": N_("Message from the organiser: %(title)s"),
    "certificate": N_("Your certificate of attendance: %(title)s"),
    "survey": N_("How was it? %(title)s"),
}
SURVEY_REMINDER_SUBJECT = N_("Reminder: how was it? %(title)s")

_SUBJECT_TITLE_LENGTH = 90
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")
# Organiser text keeps its line breaks but loses other control and bidi-override characters.
_BODY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _safe_url(url: str) -> str:
    """Only http(s) links may become buttons; anything else is dropped."""
    url = single_line(url)
    return url if urlsplit(url).scheme.lower() in ("http", "https") else ""


def _paragraphs(text: str) -> Any:
    """Jinja filter: organiser text -> escaped <p> blocks keeping line breaks."""
    from markupsafe import Markup, escape

    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))]
    style = "margin:0 0 16px;"
    html = "".join(
        Markup('<p style="{}">{}</p>').format(style, Markup("<br>\n").join(escape(line) for line in b.split("\n")))
        for b in blocks
        if b
    )
    return Markup(html)


TEMPLATES = TemplateFolder(Path(__file__).resolve().parent / "templates", filters=(("paragraphs", _paragraphs),))


def _subject(kind: str, language: str, ctx: EmailContext) -> str:
    """Short translated subject; one line whatever the title or message subject contain."""
    title = single_line(ctx.event_title, _SUBJECT_TITLE_LENGTH)
    if kind == "organizer_message" and single_line(ctx.message_subject):
        subject = f"{single_line(ctx.message_subject, 120)} \u2013 {title}"
    else:
        msgid = SURVEY_REMINDER_SUBJECT if kind == "survey" and ctx.reminder else _SUBJECTS[kind]
        subject = i18n.gettext(language, msgid, title=title)
    return single_line(subject, 200)


def _variables(kind: str, language: str, ctx: EmailContext, subject: str) -> dict[str, Any]:
    """Template variables: pre-formatted dates and cleaned one-line values."""
    from ..events.days import by_day

    chosen = ctx.sessions
    if kind == "waitlisted" and any(s.waiting for s in chosen):
        chosen = tuple(s for s in chosen if s.waiting)  # say what the person waits for
    sessions = [{"title": single_line(s.title), "starts_at": s.starts_at, "ends_at": s.ends_at or s.starts_at}
                for s in chosen]
    session_days = [{"heading": day.heading, "sessions": [
        {"title": "" if s["named_by_time"] else s["title"], "time": s["time"]} for s in day.sessions]}
        for day in by_day(sessions, ctx.timezone, language)]
    deadline = i18n.format_datetime(ctx.deadline, ctx.timezone, language) if ctx.deadline else ""
    confirm_url, reconfirm_url = _safe_url(ctx.confirm_url), _safe_url(ctx.reconfirm_url)
    # With a confirm/reconfirm button above, the manage button is drawn as the secondary one.
    has_primary_action = bool(
        (kind == "pending_email" and confirm_url) or (kind in ("promoted", "reconfirm") and reconfirm_url)
        or (kind == "survey" and ctx.survey_url)
    )
    return {
        "kind": kind,
        "lang": language,
        "subject": subject,
        "name": single_line(ctx.participant_name, 200),
        "title": single_line(ctx.event_title),
        "kind_label": kind_label(ctx.event_kind, language),
        "when": i18n.format_datetime_range(ctx.starts_at, ctx.ends_at, ctx.timezone, language),
        "venue": single_line(ctx.venue),
        "manage_url": _safe_url(ctx.manage_url),
        "confirm_url": confirm_url,
        "reconfirm_url": reconfirm_url,
        "about_you_url": _safe_url(ctx.about_you_url),
        "has_primary_action": has_primary_action,
        "deadline": deadline,
        "sessions": sessions,
        "session_days": session_days,
        "changes": [single_line(c).lower() for c in ctx.changes],
        "message_subject": single_line(ctx.message_subject),
        "checkin_code": single_line(ctx.checkin_code, 40),
        "checkin_image_url": ctx.checkin_image_url if ctx.checkin_image_url.startswith("cid:") else "",
        "message_body": _BODY_CONTROL.sub("", ctx.message_body.replace("\r\n", "\n").replace("\r", "\n")).strip(),
        "sender": single_line(ctx.sender, 200),
        "sender_contact": single_line(ctx.sender_contact, 400),
        "funding": single_line(ctx.funding, 600),
        "survey_url": _safe_url(ctx.survey_url),
        "reminder": ctx.reminder,
        "unsubscribe_url": _safe_url(ctx.unsubscribe_url),
    }


def _tidy_text(text: str) -> str:
    """Plain-text part: no runs of blank lines, no trailing spaces, ends with a newline."""
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return _BLANK_LINES.sub("\n\n", text).strip() + "\n"


def render_email(kind: str, language: str, ctx: EmailContext) -> EmailContent:
    """Render one e-mail kind in one language; raises ValueError for an unknown kind."""
    if kind not in EMAIL_KINDS:
        raise ValueError(f"unknown e-mail kind: {kind!r}")
    language = i18n.normalise_language(language)
    subject = _subject(kind, language, ctx)
    variables = _variables(kind, language, ctx, subject)
    text = TEMPLATES.render(f"{kind}.txt", language, **variables)
    html = TEMPLATES.render(f"{kind}.html", language, **variables)
    return EmailContent(subject=subject, text=_tidy_text(text), html=html.strip() + "\n", language=language)


_SAMPLES = {
    "pl": {
        "name": "Olena Kowalenko",
        "title": "Jak założyć firmę w Polsce – warsztaty praktyczne",
        "venue": "Centrum Aktywności Lokalnej, ul. Przykładowa 12, 00-001 Warszawa, sala 2",
        "sessions": ("Część 1: formalności i urząd", "Część 2: podatki i ZUS"),
        "msg_subject": "Zmiana sali",
        "msg_body": "Dzień dobry,\nspotykamy się w sali 3 na pierwszym piętrze.\n\nDo zobaczenia!",
    },
    "en": {
        "name": "Olena Kovalenko",
        "title": "Starting a business in Poland – practical workshop",
        "venue": "Local Activity Centre, ul. Przykładowa 12, 00-001 Warsaw, room 2",
        "sessions": ("Part 1: paperwork and the office", "Part 2: taxes and social insurance"),
        "msg_subject": "Room change",
        "msg_body": "Hello,\nwe will meet in room 3 on the first floor.\n\nSee you soon!",
    },
    "uk": {
        "name": "Олена Коваленко",
        "title": "Як відкрити бізнес у Польщі – практичний майстер-клас",
        "venue": "Центр місцевої активності, вул. Пшикладова 12, 00-001 Варшава, зала 2",
        "sessions": ("Частина 1: документи та установи", "Частина 2: податки та соціальне страхування"),
        "msg_subject": "Зміна зали",
        "msg_body": "Добрий день!\nЗустрічаємося в залі 3 на другому поверсі.\n\nДо зустрічі!",
    },
}


def sample_context(language: str) -> EmailContext:
    """Realistic demo data for previewing every template in every language."""
    sample = _SAMPLES[i18n.normalise_language(language)]
    starts = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Warsaw
    first, second = sample["sessions"]
    return EmailContext(
        participant_name=sample["name"],
        event_title=sample["title"],
        event_kind="workshop",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        timezone="Europe/Warsaw",
        venue=sample["venue"],
        manage_url="https://zapisy.example.org/manage/demo-token-123",
        sessions=(
            SessionInfo(first, starts, starts + timedelta(minutes=90)),
            SessionInfo(second, starts + timedelta(minutes=105), starts + timedelta(hours=3)),
        ),
        confirm_url="https://zapisy.example.org/confirm/demo-token-456",
        message_subject=sample["msg_subject"],
        message_body=sample["msg_body"],
        changes=("time", "venue"),
        reconfirm_url="https://zapisy.example.org/reconfirm/demo-token-789",
        deadline=starts - timedelta(days=2),
        survey_url="https://zapisy.example.org/survey/demo-token-012",
        unsubscribe_url="https://zapisy.example.org/unsubscribe/demo.token.345",
    )
