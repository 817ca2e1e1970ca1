"""Participant e-mails: every kind in every language, escaping, headers and MIME structure."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from markupsafe import escape

from chalicelib import i18n
from chalicelib.calendar_file import event_calendar
from chalicelib.emails import mime
from chalicelib.emails.mime import ICS_CONTENT_TYPE, Attachment, build_message
from chalicelib.emails.render import (
    EMAIL_KINDS,
    EmailContent,
    EmailContext,
    SessionInfo,
    render_email,
    sample_context,
)
from chalicelib.vocabulary.labels import kind_label

LOCALE_DIR = Path(i18n.__file__).resolve().parent / "locale"
LANGUAGES = i18n.SUPPORTED_LANGUAGES
MONTH = {"pl": "listopada", "en": "November", "uk": "листопада"}
SENDER = "Zapisy \u2014 Urząd Miasta <no-reply@example.org>"


def neutral_context() -> EmailContext:
    """Data with no English words, so any English in pl/uk output must come from the templates."""
    starts = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    return EmailContext(
        participant_name="Anna Nowak",
        event_title="Projekt ABC-2026",
        event_kind="workshop",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        timezone="Europe/Warsaw",
        venue="Sala 2, Rynek 1, Kraków",
        manage_url="https://zapisy.example.org/manage/tok-1",
        sessions=(SessionInfo("Blok A", starts, starts + timedelta(hours=1)), SessionInfo("Blok B", None, None)),
        confirm_url="https://zapisy.example.org/confirm/tok-2",
        message_subject="Temat XYZ",
        message_body="Tekst 1\n\nTekst 2",
        changes=("time", "venue", "title", "sessions", "other"),
        reconfirm_url="https://zapisy.example.org/reconfirm/tok-3",
        deadline=starts - timedelta(days=1),
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", EMAIL_KINDS)
def test_every_kind_renders_in_every_language(kind, language):
    ctx = sample_context(language)
    content = render_email(kind, language, ctx)
    when = i18n.format_datetime_range(ctx.starts_at, ctx.ends_at, ctx.timezone, language)

    assert content.subject.strip()
    assert not re.search(r"[\x00-\x1f\x7f]", content.subject)
    assert ctx.event_title in content.subject or kind == "organizer_message"
    for body in (content.text, content.html):
        assert ctx.manage_url in body
        assert MONTH[language] in body
        assert "10:00" in body  # 09:00 UTC shown in Europe/Warsaw
    assert ctx.event_title in content.text and when in content.text
    assert str(escape(ctx.event_title)) in content.html and str(escape(when)) in content.html
    assert f'<html lang="{language}"' in content.html
    assert content.html.count("<h1") == 1
    assert "<img" not in content.html and "<script" not in content.html


@pytest.mark.parametrize("kind", EMAIL_KINDS)
def test_kind_specific_links(kind):
    ctx = sample_context("en")
    content = render_email(kind, "en", ctx)
    if kind == "pending_email":
        assert ctx.confirm_url in content.text and ctx.confirm_url in content.html
    else:
        assert ctx.confirm_url not in content.text  # the double opt-in link only where it belongs
    if kind in ("reconfirm", "promoted"):
        assert ctx.reconfirm_url in content.text and ctx.reconfirm_url in content.html


def test_key_messages_in_english():
    ctx = sample_context("en")
    texts = {kind: render_email(kind, "en", ctx).text for kind in EMAIL_KINDS}
    assert "Your seat is confirmed" in texts["confirmation"]
    assert "Can't come? Free your seat" in texts["confirmation"]
    assert "waiting list" in texts["waitlisted"] and "we will e-mail you" in texts["waitlisted"]
    assert "already" in texts["already_registered"]
    assert "The date or time has changed." in texts["event_changed"]
    assert "we will meet in room 3" in texts["organizer_message"]
    assert "You signed up for 2 sessions:" in texts["confirmation"]


@pytest.mark.parametrize("language", ("pl", "uk"))
@pytest.mark.parametrize("kind", EMAIL_KINDS)
def test_no_english_left_in_translated_emails(kind, language):
    """Every template sentence must be translated: no msgid fragment may survive in pl/uk output."""
    from babel.messages.pofile import read_po

    ctx = neutral_context()
    english = render_email(kind, "en", ctx)
    content = render_email(kind, language, ctx)
    assert content.text != english.text and content.html != english.html
    if kind != "organizer_message":  # that subject is the organiser's own text
        assert content.subject != english.subject

    with (LOCALE_DIR / "messages.pot").open("rb") as f:
        template = read_po(f)
    output = f"{content.subject}\n{content.text}\n{content.html}"
    for message in template:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for msgid in ids:
            for fragment in re.split(r"%\(\w+\)[sd]", msgid or ""):
                fragment = fragment.strip()
                if len(fragment) >= 4 and re.search(r"[A-Za-z]{3}", fragment):
                    pattern = r"(?<!\w)" + re.escape(fragment) + r"(?!\w)"
                    assert not re.search(pattern, output), f"untranslated in {kind}/{language}: {fragment!r}"


def test_translated_plural_in_email():
    ctx = neutral_context()
    assert "Zapisano Cię na 2 sesje:" in render_email("confirmation", "pl", ctx).text
    one = replace(ctx, sessions=ctx.sessions[:1])
    assert "Вас записано на 1 сесію:" in render_email("confirmation", "uk", one).text


def test_hostile_input_is_escaped_and_kept_out_of_headers():
    ctx = replace(
        neutral_context(),
        participant_name="<script>alert(1)</script>",
        event_title="Kurs\r\nBcc: evil@example.com",
        venue='"><img src=x onerror=alert(1)>',
        message_subject="Hej\nBcc: evil@example.com",
        message_body="<b>bold</b>\r\nnext line",
    )
    for kind in EMAIL_KINDS:
        content = render_email(kind, "pl", ctx)
        assert "<script>" not in content.html and "&lt;script&gt;" in content.html
        assert "<img" not in content.html and "<b>" not in content.html
        assert "\r" not in content.subject and "\n" not in content.subject
        assert "Kurs Bcc: evil@example.com" in content.html  # shown, but on one line

        raw = build_message(
            SENDER,
            "Anna Nowak <anna@example.com>",
            content,
            [Attachment("event.ics", ICS_CONTENT_TYPE, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")],
        )
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        header_block = raw.split(b"\r\n\r\n", 1)[0]
        assert not re.search(rb"(?im)^bcc:", header_block)
        assert all("bcc" not in (key.lower() for key in part) for part in parsed.walk())
        assert parsed.get_all("To") == ["Anna Nowak <anna@example.com>"]
        assert "\n" not in str(parsed["Subject"])
        assert "Bcc: evil@example.com" in str(parsed["Subject"]) or kind == "organizer_message"


def test_mime_structure_and_headers():
    ctx = sample_context("uk")
    content = render_email("confirmation", "uk", ctx)
    ics = event_calendar(
        uid="ev-1-reg-1@zapisy",
        title=ctx.event_title,
        description="",
        location=ctx.venue,
        starts_at=ctx.starts_at,
        ends_at=ctx.ends_at,
        timezone=ctx.timezone,
    )
    raw = build_message(
        SENDER,
        "olena@example.com",
        content,
        [Attachment("event.ics", ICS_CONTENT_TYPE, ics)],
        headers={"X-Zapisy-Kind": "confirmation\r\nBcc: x@example.com", "Reply-To": "biuro@example.org"},
    )
    assert b"\r\n" in raw and max(len(line) for line in raw.split(b"\r\n")) <= 998
    parsed = email.message_from_bytes(raw, policy=email.policy.default)

    assert parsed.get_content_type() == "multipart/mixed"
    assert str(parsed["From"]) == SENDER
    assert parsed["From"].addresses[0].display_name == "Zapisy \u2014 Urząd Miasta"
    assert parsed["To"].addresses[0].addr_spec == "olena@example.com"
    assert str(parsed["Subject"]) == content.subject
    assert parsed["Message-ID"].endswith("@example.org>")
    assert parsed["Date"].datetime.tzinfo is not None
    assert parsed["MIME-Version"] == "1.0"
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["X-Zapisy-Kind"] == "confirmation Bcc: x@example.com"
    assert parsed["Bcc"] is None
    assert parsed["Reply-To"] == "biuro@example.org"

    alternative, attachment = parsed.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    plain, html = alternative.iter_parts()
    assert plain.get_content_type() == "text/plain" and plain.get_content_charset() == "utf-8"
    assert html.get_content_type() == "text/html" and html.get_content_charset() == "utf-8"
    assert plain.get_content().replace("\r\n", "\n") == content.text
    assert "листопада" in html.get_content()
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == "event.ics"
    assert attachment.get_param("method") == "PUBLISH"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_payload(decode=True) == ics


def test_build_message_rejects_bad_addresses_and_reserved_headers():
    content = EmailContent("s", "t", "<p>h</p>")
    with pytest.raises(ValueError):
        build_message(SENDER, "a@example.com, b@example.com", content)
    with pytest.raises(ValueError):
        build_message(SENDER, "not-an-address", content)
    with pytest.raises(ValueError):
        build_message(SENDER, "a@example.com", content, headers={"Content-Type": "text/plain"})
    with pytest.raises(ValueError):  # an address with a smuggled header is not one address
        build_message(SENDER, "a@example.com\r\nBcc: b@example.com", content)


def test_single_line_and_long_subjects():
    assert mime.single_line("a\r\nb\tc\u2028d\u202ee  ") == "a b c de"
    ctx = replace(neutral_context(), event_title="Bardzo długi tytuł " * 30)
    subject = render_email("reminder", "pl", ctx).subject
    assert len(subject) <= 200 and subject.endswith("\u2026")


def test_optional_fields_and_defaults():
    ctx = replace(
        neutral_context(), participant_name="", venue="", sessions=(), deadline=None, reconfirm_url="", changes=()
    )
    content = render_email("reconfirm", "en", ctx)
    assert "Hello," in content.text
    assert "Where:" not in content.text and "session" not in content.text
    assert "Other details have changed." in render_email("event_changed", "en", ctx).text
    assert render_email("confirmation", "uk-UA", ctx).html.startswith("<!DOCTYPE html>\n<html lang=\"uk\"")
    unsafe = replace(ctx, manage_url="javascript:alert(1)")
    assert "javascript:" not in render_email("confirmation", "en", unsafe).html


def test_unknown_kind_is_rejected():
    with pytest.raises(ValueError):
        render_email("nope", "pl", sample_context("pl"))


def test_event_kind_labels():
    assert kind_label("consultation", "uk") == "Консультація"
    assert kind_label("study_visit", "pl") == "Wizyta studyjna"
    assert kind_label("unknown", "pl") == ""


def test_modules_stay_lean_at_import():
    """Cold start: importing these modules must not import Jinja2, Babel or icalendar."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import chalicelib.i18n, chalicelib.emails.render, chalicelib.emails.mime, chalicelib.calendar_file\n"
        "heavy = [m for m in ('jinja2', 'babel', 'icalendar') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    root = Path(i18n.__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
