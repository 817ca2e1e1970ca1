"""The dashboard's event editor: every field set in the form reads back through the API, bad input
is refused beside its field with nothing stored, and rows are added without saving (the actions on
a whole event: test_dashboard_event_actions.py)."""
from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest

from chalicelib import auth
from tests.factories import admin, person, published_event
from tests.mailbox import kinds_by_recipient

pytestmark = pytest.mark.usefixtures("aws")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DAY = (datetime.now(UTC) + timedelta(days=40)).date()


def login(web, **fields) -> str:
    response = web.post("/organizer/login", headers=FORM, body=urlencode(
        {"role": "organizer", "project": "re-turn", "email": "ola@city.example", **fields}, doseq=True))
    assert response.status_code == 303, response.body
    return response.headers["Set-Cookie"].split(";")[0]


def csrf_of(web, cookie: str) -> str:
    page = web.get("/organizer/events/new?lang=en", headers={"Cookie": cookie}).body.decode()
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)


def post(web, path: str, cookie: str, fields) -> object:
    return web.post(path, headers={**FORM, "Cookie": cookie}, body=urlencode(fields, doseq=True))


def api(client, method: str, path: str, organizer: auth.Organizer | None = None):
    token = auth.issue_organizer_token(organizer or admin())
    response = client.http.request(method, path, headers={"Authorization": f"Bearer {token}"})
    return response.status_code, json.loads(response.body)


def project_events(client, project: str) -> list[dict]:
    status, body = api(client, "GET", f"/api/organizer/events?project={project}&limit=200")
    assert status == 200
    return body["items"]


class FormReader(HTMLParser):
    """What a browser would post for the editor's form as it stands (no button pressed)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "editor" in (a.get("class") or ""):
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value") or "on"))
            else:
                self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value") or ""))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text))
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def form_on(page: str) -> list[tuple[str, str]]:
    reader = FormReader()
    reader.feed(page)
    return reader.fields


def full_event(csrf: str, **overrides) -> dict:
    """Every field of the editor, as an organizer would fill it in."""
    fields = {
        "csrf": csrf, "lang": "en", "action": "save",
        "title-pl": "Doradztwo dla firm", "title-en": "Business advice", "title-uk": "Консультації для бізнесу",
        "description-pl": "Pierwszy akapit.\nDrugi akapit.", "description-en": "For entrepreneurs.",
        "description-uk": "Для підприємців.",
        "kind": "consultation", "project": "re-turn", "venue": "Urząd Miasta, pokój 12", "capacity": "16",
        "timezone": "Europe/Warsaw", "starts_at": f"{DAY}T09:00", "ends_at": f"{DAY}T17:00",
        "registration_opens_at": f"{DAY - timedelta(days=30)}T08:00",
        "registration_closes_at": f"{DAY - timedelta(days=1)}T20:00",
        "languages": ["pl", "uk"], "audiences": "Migrants, entrepreneurs, business support institutions",
        "requires_approval": "on", "invite_only": "on", "invite_codes": "ALPHA-1\nBETA-22",
        "double_opt_in": "on", "reminders": "7d, 90m", "reconfirm_days": "3", "reconfirm_hours": "24",
        "retention_days": "120",
        "q0-id": "sector", "q0-type": "choice", "q0-required": "on", "q0-position": "1",
        "q0-label-pl": "Branża", "q0-label-en": "Sector", "q0-label-uk": "Галузь",
        "q0-help-en": "Pick the closest one.",
        "q0-options-pl": "Handel\nUsługi\nProdukcja", "q0-options-en": "Trade\nServices\nManufacturing",
        "q0-options-uk": "Торгівля\nПослуги\nВиробництво",
        "q1-id": "details", "q1-type": "textarea", "q1-position": "2", "q1-max_length": "500",
        "q1-label-pl": "Opis usług", "q1-label-en": "Your services", "q1-label-uk": "Ваші послуги",
        "q1-show_if": "sector", "q1-equals": "Services",
        "s0-id": "morning", "s0-title-pl": "Rano", "s0-title-en": "Morning", "s0-title-uk": "Ранок",
        "s0-starts_at": f"{DAY}T09:00", "s0-ends_at": f"{DAY}T12:00", "s0-capacity": "8",
        "s1-id": "afternoon", "s1-title-pl": "Po południu", "s1-title-en": "Afternoon",
        "s1-starts_at": f"{DAY}T13:00", "s1-ends_at": f"{DAY}T17:00", "s1-capacity": "8",
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


def warsaw(day: date, hour: int, minute: int = 0) -> str:
    from zoneinfo import ZoneInfo

    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo("Europe/Warsaw")).isoformat()


def created_id(response) -> str:
    assert response.status_code == 303, response.body.decode()[:3000]
    return re.fullmatch(r"/organizer/events/(\w+)\?lang=en", response.headers["Location"]).group(1)


def test_an_event_made_in_the_form_reads_back_through_the_api_field_by_field(web, client):
    cookie = login(web)
    event_id = created_id(post(web, "/organizer/events/new", cookie, full_event(csrf_of(web, cookie))))
    status, view = api(client, "GET", f"/api/organizer/events/{event_id}")
    assert status == 200
    assert view["title"] == {"pl": "Doradztwo dla firm", "en": "Business advice", "uk": "Консультації для бізнесу"}
    assert view["description"]["pl"] == "Pierwszy akapit.\nDrugi akapit."
    assert (view["kind"], view["project"], view["venue"], view["capacity"], view["timezone"], view["status"]) == (
        "consultation", "re-turn", "Urząd Miasta, pokój 12", 16, "Europe/Warsaw", "draft")
    assert view["starts_at"] == warsaw(DAY, 9) and view["ends_at"] == warsaw(DAY, 17)
    assert view["registration_opens_at"] == warsaw(DAY - timedelta(days=30), 8)
    assert view["registration_closes_at"] == warsaw(DAY - timedelta(days=1), 20)
    assert view["languages"] == ["pl", "uk"]
    assert view["audiences"] == ["migrants", "entrepreneurs", "business-support-institutions"]
    assert (view["requires_approval"], view["invite_only"], view["double_opt_in"], view["waitlist_enabled"]) == (
        True, True, True, False)
    assert view["invite_codes_count"] == 2 and "ALPHA-1" not in json.dumps(view)
    assert (view["reminders"], view["reconfirm_days"], view["reconfirm_hours"], view["retention_days"]) == (
        ["7d", "90m"], 3, 24, 120)
    sector, details = view["questions"]
    assert sector == {"id": "sector", "type": "choice", "required": True,
                      "label": {"pl": "Branża", "en": "Sector", "uk": "Галузь"},
                      "help": {"en": "Pick the closest one."}, "options": [
                          {"id": "o1", "label": {"pl": "Handel", "en": "Trade", "uk": "Торгівля"}},
                          {"id": "o2", "label": {"pl": "Usługi", "en": "Services", "uk": "Послуги"}},
                          {"id": "o3", "label": {"pl": "Produkcja", "en": "Manufacturing", "uk": "Виробництво"}}]}
    assert details["show_if"] == {"question": "sector", "equals": "o2"}  # the answer typed as a label
    assert (details["type"], details["max_length"], details["required"]) == ("textarea", 500, False)
    assert [(s["id"], s["title"], s["capacity"]) for s in view["sessions"]] == [
        ("morning", {"pl": "Rano", "en": "Morning", "uk": "Ранок"}, 8),
        ("afternoon", {"pl": "Po południu", "en": "Afternoon"}, 8)]
    assert datetime.fromisoformat(view["sessions"][1]["starts_at"]) == datetime.fromisoformat(warsaw(DAY, 13))

    # the editor shows it all again; posted back untouched, nothing changes (codes kept, blank field)
    page = web.get(f"/organizer/events/{event_id}/edit?lang=en", headers={"Cookie": cookie}).body.decode()
    assert "2 codes are stored." in page and "ALPHA-1" not in page
    again = post(web, f"/organizer/events/{event_id}/edit", cookie, form_on(page) + [("action", "save")])
    assert created_id(again) == event_id
    _, after = api(client, "GET", f"/api/organizer/events/{event_id}")
    assert {k: v for k, v in after.items() if k != "updated_at"} == {k: v for k, v in view.items() if k != "updated_at"}


def test_a_language_emptied_in_the_editor_is_removed(web, client):
    """The editor shows every language: an emptied one goes, though the API's PATCH merges texts."""
    cookie = login(web)
    event_id = created_id(post(web, "/organizer/events/new", cookie, full_event(csrf_of(web, cookie))))
    page = web.get(f"/organizer/events/{event_id}/edit?lang=en", headers={"Cookie": cookie}).body.decode()
    fields = [(name, "" if name in ("title-uk", "description-en") else value) for name, value in form_on(page)]
    saved = post(web, f"/organizer/events/{event_id}/edit", cookie, fields + [("action", "save")])
    assert created_id(saved) == event_id
    _, view = api(client, "GET", f"/api/organizer/events/{event_id}")
    assert view["title"] == {"pl": "Doradztwo dla firm", "en": "Business advice"}
    assert "en" not in view["description"] and view["description"]["pl"] == "Pierwszy akapit.\nDrugi akapit."


def test_questions_are_reordered_and_removed_by_their_boxes(web, client):
    cookie = login(web)
    event_id = created_id(post(web, "/organizer/events/new", cookie, full_event(
        csrf_of(web, cookie), **{"q1-show_if": "", "q1-equals": ""})))
    page = web.get(f"/organizer/events/{event_id}/edit?lang=en", headers={"Cookie": cookie}).body.decode()
    fields = [(k, v) for k, v in form_on(page) if k not in ("q0-position", "q1-position", "s0-remove")]
    fields += [("q0-position", "2"), ("q1-position", "1"), ("s0-remove", "on"), ("action", "save")]
    created_id(post(web, f"/organizer/events/{event_id}/edit", cookie, fields))
    _, view = api(client, "GET", f"/api/organizer/events/{event_id}")
    assert [q["id"] for q in view["questions"]] == ["details", "sector"]
    assert [s["id"] for s in view["sessions"]] == ["afternoon"]


def test_bad_input_is_refused_beside_each_field_and_nothing_is_stored(web, client):
    cookie = login(web)
    response = post(web, "/organizer/events/new", cookie, full_event(
        csrf_of(web, cookie), **{"title-pl": "", "title-en": "", "title-uk": "", "capacity": "many",
                                 "q0-options-uk": "Торгівля\nПослуги", "q1-label-pl": "", "q1-label-en": "",
                                 "q1-label-uk": "", "q1-help-en": "A help text without a question",
                                 "s0-ends_at": "tomorrow", "reminders": "soon"}))
    assert response.status_code == 400
    page = response.body.decode()
    for anchor in ("f-title-pl", "f-capacity", "f-q0-options-pl", "f-q1-label-pl", "f-s0-ends_at", "f-reminders"):
        assert f'href="#{anchor}"' in page, anchor
    beside = {m.group(1): m.group(2) for m in re.finditer(
        r'<p class="error" id="err-([\w-]+)"><span class="visually-hidden">Error: </span>([^<]+)</p>', page)}
    assert beside["title"] == "This field is required."
    assert beside["capacity"] == "Enter a whole number."
    assert beside["q0-options"] == "Give the same number of options in each language, one per line."
    assert beside["q1-label"] == "This field is required."
    assert beside["s0-ends_at"] == "Enter a date and time."
    assert 'aria-describedby="hint-capacity err-capacity" aria-invalid="true"' in page
    assert 'value="Urząd Miasta, pokój 12"' in page  # what was typed comes back
    assert project_events(client, "re-turn") == []

    ends_first = post(web, "/organizer/events/new", cookie, full_event(csrf_of(web, cookie), ends_at=f"{DAY}T08:00"))
    assert ends_first.status_code == 400 and "The end must be after the start." in ends_first.body.decode()
    assert project_events(client, "re-turn") == []


def test_adding_a_question_or_a_session_shows_a_row_and_saves_nothing(web, client):
    cookie = login(web)
    csrf = csrf_of(web, cookie)
    first = post(web, "/organizer/events/new", cookie, {"csrf": csrf, "lang": "en", "title-en": "Draft",
                                                       "action": "add_question"})
    assert first.status_code == 200
    page = first.body.decode()
    assert 'name="q0-label-uk"' in page and 'value="Draft"' in page and 'name="q1-id"' not in page
    second = post(web, "/organizer/events/new", cookie, form_on(page) + [("action", "add_question")])
    assert 'name="q1-id" value="q2"' in second.body.decode()
    third = post(web, "/organizer/events/new", cookie, form_on(second.body.decode()) + [("action", "add_session")])
    assert third.status_code == 200 and 'name="s0-title-pl"' in third.body.decode()
    assert project_events(client, "re-turn") == []

    event = published_event(capacity=3)
    edit = web.get(f"/organizer/events/{event.event_id}/edit?lang=en", headers={"Cookie": cookie}).body.decode()
    fields = [(k, v) for k, v in form_on(edit) if k != "capacity"] + [("capacity", "9"), ("action", "add_session")]
    assert post(web, f"/organizer/events/{event.event_id}/edit", cookie, fields).status_code == 200
    _, view = api(client, "GET", f"/api/organizer/events/{event.event_id}")
    assert (view["capacity"], view["sessions"]) == (3, [])


def test_the_slot_generator_appends_slots_and_they_are_saved(web, client):
    cookie = login(web)
    generated = post(web, "/organizer/events/new", cookie, full_event(
        csrf_of(web, cookie), action="add_slots", slots_count="16", slots_minutes="30", slots_from="9:00",
        slots_date=str(DAY), slots_capacity="1", slots_break=""))
    assert generated.status_code == 200, generated.body.decode()[:2000]
    fields = form_on(generated.body.decode())
    values = dict(fields)
    starts = [values[f"s{n}-starts_at"] for n in range(2, 18)]
    assert starts == [f"{DAY}T{9 + m // 60:02d}:{m % 60:02d}" for m in range(0, 16 * 30, 30)]
    assert starts[-1] == f"{DAY}T16:30" and "s18-id" not in values
    assert [values[f"s{n}-id"] for n in (2, 3, 17)] == ["slot-0900", "slot-0930", "slot-1630"]
    assert {values[f"s2-title-{lang}"] for lang in ("pl", "en", "uk")} == {"09:00–09:30"}
    assert project_events(client, "re-turn") == []

    event_id = created_id(post(web, "/organizer/events/new", cookie, fields + [("action", "save")]))
    _, view = api(client, "GET", f"/api/organizer/events/{event_id}")
    slots = [s for s in view["sessions"] if s["id"].startswith("slot-")]
    assert len(slots) == 16 and all(s["capacity"] == 1 for s in slots)
    assert datetime.fromisoformat(slots[-1]["ends_at"]) == datetime.fromisoformat(warsaw(DAY, 17))

    with_breaks = post(web, "/organizer/events/new", cookie, full_event(
        csrf_of(web, cookie), action="add_slots", slots_count="3", slots_minutes="45", slots_from="10:00",
        slots_date=str(DAY), slots_capacity="2", slots_break="15"))
    values = dict(form_on(with_breaks.body.decode()))
    assert [values[f"s{n}-starts_at"][-5:] for n in (2, 3, 4)] == ["10:00", "11:00", "12:00"]
    assert values["s4-title-en"] == "12:00–12:45" and values["s4-capacity"] == "2"

    refused = post(web, "/organizer/events/new", cookie, full_event(
        csrf_of(web, cookie), action="add_slots", slots_count="0", slots_minutes="30", slots_from="25:00",
        slots_date=str(DAY), slots_capacity="1"))
    assert refused.status_code == 400
    assert 'href="#f-slots_count"' in refused.body.decode() and 'href="#f-slots_from"' in refused.body.decode()
    assert "s2-id" not in dict(form_on(refused.body.decode()))


def test_saving_in_the_editor_promotes_and_announces_like_the_api(web, client):
    from chalicelib.registration import signup
    from chalicelib.store import events as store

    event = published_event(capacity=1, venue="Kielce")
    for n in range(2):  # one confirmed, one waitlisted
        signup.register(store.load_event(event.event_id, consistent=True), person(n))
    cookie = login(web)
    page = web.get(f"/organizer/events/{event.event_id}/edit?lang=en", headers={"Cookie": cookie}).body.decode()
    fields = [(k, v) for k, v in form_on(page) if k not in ("capacity", "venue")]
    created_id(post(web, f"/organizer/events/{event.event_id}/edit", cookie,
                    fields + [("capacity", "2"), ("venue", "Lublin, sala 2"), ("action", "save")]))
    assert kinds_by_recipient("promoted") == {("person1@example.com", "promoted"): 1}
    assert set(kinds_by_recipient("event_changed")) == {
        ("person0@example.com", "event_changed"), ("person1@example.com", "event_changed")}
    _, view = api(client, "GET", f"/api/organizer/events/{event.event_id}")
    assert (view["confirmed"], view["waitlisted"], view["venue"]) == (2, 0, "Lublin, sala 2")

    # capacity below the seats taken: a conflict with what is stored, refused beside the field, nothing changed
    lower = post(web, f"/organizer/events/{event.event_id}/edit", cookie,
                 fields + [("capacity", "1"), ("venue", "Radom"), ("action", "save")])
    assert lower.status_code == 409 and 'href="#f-capacity"' in lower.body.decode()
    assert api(client, "GET", f"/api/organizer/events/{event.event_id}")[1]["venue"] == "Lublin, sala 2"


def test_the_survey_is_switched_on_and_off_in_the_editor_and_keeps_its_questions(web, client):
    cookie = login(web)
    event_id = created_id(post(web, "/organizer/events/new", cookie, full_event(
        csrf_of(web, cookie), survey_enabled="on")))
    _, view = api(client, "GET", f"/api/organizer/events/{event_id}")
    assert view["survey"]["enabled"] is True and view["survey"]["reminder"] is False
    assert [q["id"] for q in view["survey"]["questions"]] == ["overall", "useful", "organisation", "change"]
    own = {"enabled": True, "reminder": True, "questions": [{"id": "venue", "type": "rating", "label": "The venue"}]}
    token = auth.issue_organizer_token(admin())
    assert client.http.patch(f"/api/organizer/events/{event_id}", body=json.dumps({"survey": own}), headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"}).status_code == 200
    page = web.get(f"/organizer/events/{event_id}/edit?lang=en", headers={"Cookie": cookie}).body.decode()
    fields = [(k, v) for k, v in form_on(page) if k != "survey_enabled"]  # the box unticked
    assert ("survey_reminder", "on") in fields
    created_id(post(web, f"/organizer/events/{event_id}/edit", cookie, fields + [("action", "save")]))
    _, off = api(client, "GET", f"/api/organizer/events/{event_id}")
    assert off["survey"]["enabled"] is False and [q["id"] for q in off["survey"]["questions"]] == ["venue"]
    page = web.get(f"/organizer/events/{event_id}/edit?lang=en", headers={"Cookie": cookie}).body.decode()
    created_id(post(web, f"/organizer/events/{event_id}/edit", cookie,
                    form_on(page) + [("survey_enabled", "on"), ("action", "save")]))
    _, on = api(client, "GET", f"/api/organizer/events/{event_id}")
    assert on["survey"] == dict(off["survey"], enabled=True)
