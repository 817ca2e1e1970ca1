"""Headers read back as written: subjects and display names in every language, whatever their length,
and every message says the language it is written in."""
from __future__ import annotations

import email
import email.policy
import re
from email.header import decode_header, make_header

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.emails.mime import EmailContent, build_message, header_text
from chalicelib.emails.render import EMAIL_KINDS, render_email, sample_context
from chalicelib.i18n import SUPPORTED_LANGUAGES

SUBJECTS = [
    "Szkolenie walidacyjne: źdźbło łąki",
    "Szkolenie walidacyjne: źdźbło łąki " * 4,
    "Potwierdzenie miejsca: Jak założyć firmę w Polsce – warsztaty praktyczne dla przedsiębiorców",
    "Місце підтверджено: Як відкрити бізнес у Польщі – практичний майстер-клас для підприємців",
    "Потвердження Szkolenie Як bb – walidacyjne: źdźbło –",
    "місця Як місця Szkolenie bb bb Żółć Żółć місця a Żółć Szkolenie łąki –",
    "bb źdźbło bb bb łąki Як Szkolenie a місця Żółć bb łąki",
    "Seat confirmed: Starting a business in Poland – a practical workshop for new entrepreneurs, part two",
    "Zapisy 😀 na warsztaty: 中文 i łąki",
]
NAMES = ["Olena Kowalenko", "Олена Коваленко-Шевченко Олександрівна", "Żółć Потвердження Як Потвердження",
         "xxxxxxxxxxxx Як źdźbło bb xxxxxxxxxxxx Żółć", "Anna O'Brien-Nowak"]


def _unfold(value: str) -> str:
    return re.sub(r"\r?\n(?=[ \t])", "", value)


def _headers(raw: bytes) -> str:
    return raw.split(b"\r\n\r\n", 1)[0].decode("ascii")


def _assert_reads_back(subject: str, name: str) -> None:
    raw = build_message(f"{name} <no-reply@example.org>", f"{name} <olena@example.org>",
                        EmailContent(subject, "text", "<p>html</p>", "uk"),
                        headers={"Reply-To": f"{name} <office@example.org>"})
    expected_subject, expected_name = header_text(subject, 250), header_text(name, 120)
    parsed = email.message_from_bytes(raw, policy=email.policy.strict)
    assert str(parsed["Subject"]) == expected_subject
    for field in ("From", "To", "Reply-To"):
        assert parsed[field].addresses[0].display_name == expected_name, field
    # The raw header through the generic RFC 2047 decoder, as other mail programs read it.
    plain = email.message_from_bytes(raw, policy=email.policy.compat32)
    raw_subject = _unfold(plain["Subject"])
    assert not raw_subject.startswith((" ", "\t"))
    assert str(make_header(decode_header(raw_subject))) == expected_subject
    assert all(len(line) <= 998 for line in _headers(raw).split("\r\n"))


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("name", NAMES)
def test_subjects_and_names_decode_to_the_text_written(subject: str, name: str) -> None:
    _assert_reads_back(subject, name)


def test_encoded_lines_stay_within_rfc_2047_lengths() -> None:
    raw = build_message("a@example.org", "b@example.org", EmailContent(SUBJECTS[3] * 2, "t", "<p>h</p>"))
    subject_lines = _headers(raw).split("Subject:", 1)[1].split("\r\nDate:")[0].split("\r\n")
    assert len(subject_lines) > 1 and all(len(line) <= 78 for line in subject_lines)


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=180)


@settings(max_examples=300, deadline=None)
@given(subject=_TEXT, name=st.text(st.characters(blacklist_categories=("Cs",),
                                                 blacklist_characters="<>,:;@\"\\()[]"), max_size=60))
def test_any_unicode_subject_and_name_read_back(subject: str, name: str) -> None:
    if not header_text(subject) or not header_text(name):
        return
    _assert_reads_back(subject, name)


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("kind", EMAIL_KINDS)
def test_every_message_says_its_language(kind: str, language: str) -> None:
    content = render_email(kind, language, sample_context(language))
    raw = build_message("Zapisy <no-reply@example.org>", "olena@example.org", content)
    parsed = email.message_from_bytes(raw, policy=email.policy.strict)
    assert parsed["Content-Language"] == language
    assert str(parsed["Subject"]) == content.subject
