"""Organizers without dead ends: every project on one list with a switcher, a confirmation with the
links to share after publishing, a preview of the participants' page, and `make token` for any
role and projects."""
from __future__ import annotations

import os
import re
import subprocess
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest

from chalicelib import auth
from chalicelib.organizers import session
from tests.conftest import ROOT
from tests.factories import admin, event_data, funded_project, published_event

pytestmark = pytest.mark.usefixtures("aws")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
BOTH = ["re-turn", "epi"]


def login(web, role: str = "organizer", projects: list[str] | None = None) -> str:
    response = web.post("/organizer/login", headers=FORM, body=urlencode(
        {"role": role, "project": projects or ["re-turn"], "email": "ola@city.example"}, doseq=True))
    assert response.status_code == 303, response.body
    return response.headers["Set-Cookie"].split(";")[0]


def page(web, path: str, cookie: str) -> str:
    response = web.get(path, headers={"Cookie": cookie})
    assert response.status_code == 200, response.body[:500]
    return response.body.decode()


def draft(**overrides):
    from chalicelib.events import service

    return service.create_event(admin(), event_data(**overrides))


def starting(days: float) -> dict[str, str]:
    begins = datetime.now(UTC).replace(microsecond=0) + timedelta(days=days)
    return {"starts_at": begins.isoformat(), "ends_at": (begins + timedelta(hours=2)).isoformat()}


# --- the list: every project, and the switcher ---------------------------------------------------

def test_an_organizer_of_two_projects_sees_both_and_the_switcher_narrows_to_one(web):
    published_event(project="re-turn", title={"en": "Ours in re-turn"}, **starting(3))
    published_event(project="epi", title={"en": "Ours in epi"}, **starting(4))
    published_event(project="other", title={"en": "Someone else's"}, **starting(5))
    cookie = login(web, projects=BOTH)

    everything = page(web, "/organizer/events?lang=en", cookie)
    assert "Ours in re-turn" in everything and "Ours in epi" in everything and "Someone else" not in everything
    assert everything.index("Ours in re-turn") < everything.index("Ours in epi")  # by start time
    assert "Project: epi" in everything  # on a list of several projects each row says whose it is
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', everything)
    assert options == [("", "", "All my projects"), ("epi", "", "epi"), ("re-turn", "", "re-turn")]  # by name

    narrowed = page(web, "/organizer/events?project=epi&lang=en", cookie)
    assert "Ours in epi" in narrowed and "Ours in re-turn" not in narrowed and "Project: epi" not in narrowed
    assert '<option value="epi" selected>epi</option>' in narrowed
    assert 'href="/organizer/events?project=epi&amp;lang=uk"' in narrowed  # the language switch keeps the choice
    assert web.get("/organizer/events?project=other&lang=en", headers={"Cookie": cookie}).status_code == 403

    one = page(web, "/organizer/events?lang=en", login(web, projects=["epi"]))
    assert "Ours in epi" in one and 'id="f-project"' not in one  # nothing to switch between
    anyone = page(web, "/organizer/events?lang=pl", login(web, role="admin", projects=BOTH))
    assert "Someone else" in anyone and '<option value="">Wszystkie projekty</option>' in anyone


def test_an_admin_chooses_among_every_project_record_by_name_in_the_events_and_the_reports(web):
    for project_id in ("re-turn", "epi", "lab-2027"):
        funded_project(project_id)
    cookie = login(web, role="admin", projects=["re-turn"])
    listed = page(web, "/organizer/events?lang=en", cookie)
    options = re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', listed)
    assert options == [("epi", "Epi (epi)"), ("lab-2027", "Lab-2027 (lab-2027)"), ("re-turn", "Re-Turn (re-turn)")]
    reports = page(web, "/organizer/reports?lang=en", cookie)
    assert re.findall(r'<option value="([^"]+)">([^<]*)</option>', reports) == options

    own = page(web, "/organizer/events?lang=en", login(web, projects=BOTH))  # an organizer: their own only
    assert re.findall(r'<option value="([^"]+)"[^>]*>', own) == ["epi", "re-turn"]


def test_a_cancelled_event_on_the_list_offers_no_check_in(web):
    from chalicelib.events import service

    live = published_event(title={"en": "Going ahead"}, **starting(3))
    gone = published_event(title={"en": "Called off"}, **starting(4))
    service.cancel_event(admin(), gone.event_id)
    listed = page(web, "/organizer/events?lang=en", login(web))
    assert f"/organizer/events/{live.event_id}/checkin" in listed
    assert f"/organizer/events/{gone.event_id}/checkin" not in listed and "Called off" in listed


def test_the_dashboard_pages_through_several_projects_and_keeps_the_choice_on_the_next_page(web):
    from chalicelib.store import events as store

    template = draft(project="re-turn")  # it starts last, after every copy
    copies = [(f"e{n:03d}", "epi" if n % 7 == 0 else "re-turn", n) for n in range(70)]
    for start in range(0, len(copies), 35):  # a transaction holds 100 items: an event is two
        store.insert_events([_copy(template, event_id, project, hours)
                             for event_id, project, hours in copies[start:start + 35]])
    cookie = login(web, projects=BOTH)

    def listed(path: str) -> tuple[list[str], str]:
        shown = page(web, path, cookie)
        more = re.search(r'<a href="(/organizer/events\?[^"]+)">More events</a>', shown)
        return re.findall(r'id="title-([^"]+)"', shown), more.group(1).replace("&amp;", "&") if more else ""

    first, more = listed("/organizer/events?lang=en")
    second, last = listed(more)
    assert first + second == [event_id for event_id, _, _ in copies] + [template.event_id] and last == ""
    assert len(first) == 50 and "project=" not in more

    first, more = listed("/organizer/events?project=re-turn&lang=en")
    assert more.startswith("/organizer/events?project=re-turn&cursor=")
    second, last = listed(more)
    assert first + second == [e for e, project, _ in copies if project == "re-turn"] + [template.event_id]
    assert len(first) == 50 and last == ""


def _copy(event, event_id: str, project: str, hours: int):
    from dataclasses import replace

    begins = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1, hours=hours)
    return replace(event, event_id=event_id, project=project, starts_at=begins, ends_at=begins + timedelta(hours=1))


# --- publishing: the confirmation and the links to share ------------------------------------------

@pytest.mark.parametrize(("lang", "published", "link_label"), [
    ("en", "The event is published", "Copy link"),
    ("pl", "Wydarzenie jest opublikowane", "Kopiuj link"),
    ("uk", "Захід опубліковано", "Копіювати посилання"),
])
def test_publishing_confirms_with_the_public_link_and_the_calendar_file(web, lang, published, link_label):
    item = draft(title={"en": "Open day", "pl": "Dzień otwarty", "uk": "День відкритих дверей"})
    cookie = login(web)
    before = page(web, f"/organizer/events/{item.event_id}?lang={lang}", cookie)
    assert 'id="share"' not in before  # a draft has nothing to share yet
    assert f'href="/organizer/events/{item.event_id}/preview?lang={lang}"' in before
    done = web.post(f"/organizer/events/{item.event_id}/publish", headers={**FORM, "Cookie": cookie},
                    body=urlencode({"csrf": session.csrf_token(cookie.split("=", 1)[1]), "lang": lang}))
    assert done.status_code == 303
    assert done.headers["Location"] == f"/organizer/events/{item.event_id}?done=published&lang={lang}"

    confirmed = page(web, done.headers["Location"], cookie)
    public = f"http://zapisy.test/events/{item.event_id}"
    assert f"<h2 id=\"share-title\">{published}</h2>" in confirmed
    assert f'id="share-page" value="{public}" readonly' in confirmed
    assert f'<a href="{public}">' in confirmed and f'<a href="{public}.ics">' in confirmed
    assert re.search(rf'<button type="button" class="secondary" data-copy="share-page" hidden>{link_label}</button>',
                     confirmed)
    assert 'class="share confirmation" id="share" aria-labelledby="share-title" tabindex="-1"' in confirmed
    calendar = web.get(f"/events/{item.event_id}.ics")
    assert calendar.status_code == 200 and calendar.headers["Content-Type"].startswith("text/calendar")

    later = page(web, f"/organizer/events/{item.event_id}?lang={lang}", cookie)
    assert f'value="{public}"' in later and published not in later  # the links stay; the confirmation was once


def test_a_page_that_says_published_of_an_event_that_is_not_shows_no_confirmation(web):
    item = draft()
    shown = page(web, f"/organizer/events/{item.event_id}?done=published&lang=en", login(web))
    assert "The event is published" not in shown and 'id="share"' not in shown


# --- the preview ------------------------------------------------------------------------------------

def test_the_preview_shows_a_draft_as_participants_will_see_it_marked_unindexed_and_unsendable(web):
    question = {"id": "diet", "type": "text", "label": {"en": "Your diet", "uk": "Ваша дієта"}}
    item = draft(title={"en": "Draft workshop", "uk": "Чернетка семінару"}, questions=[question])
    cookie = login(web)
    response = web.get(f"/organizer/events/{item.event_id}/preview?lang=en", headers={"Cookie": cookie})
    assert response.status_code == 200 and "noindex" in response.headers["X-Robots-Tag"]
    shown = response.body.decode()
    assert "Preview — not published" in shown and "Draft workshop" in shown and "Your diet" in shown
    assert '<fieldset disabled aria-describedby="preview-form-note">' in shown
    assert "<form method=\"post\" action=\"/events/" not in shown and 'name="website"' not in shown
    assert f'href="/organizer/events/{item.event_id}?lang=en">Back to the event in the dashboard' in shown
    assert f'href="/organizer/events/{item.event_id}/preview?lang=uk"' in shown  # the language switch stays here
    assert web.get(f"/events/{item.event_id}").status_code == 404  # participants still see nothing

    in_uk = page(web, f"/organizer/events/{item.event_id}/preview?lang=uk", cookie)
    assert "Чернетка семінару" in in_uk and "Ваша дієта" in in_uk and "Preview" not in in_uk
    assert "Попередній перегляд — не опубліковано" in in_uk


def test_a_published_events_preview_says_so_and_still_sends_nothing(web):
    from chalicelib.store import registrations

    item = published_event(title={"en": "Live workshop"})
    shown = page(web, f"/organizer/events/{item.event_id}/preview?lang=en", login(web))
    assert "Live workshop" in shown and "This is how participants see this page." in shown
    assert "not published" not in shown and "<fieldset disabled" in shown and "<form method=\"post\"" not in shown
    assert registrations.list_registrations(item.event_id, cursor=None, limit=5).items == []


def test_another_projects_draft_has_no_preview_and_the_preview_needs_the_session(web):
    theirs = draft(project="epi")
    anonymous = web.get(f"/organizer/events/{theirs.event_id}/preview?lang=en")
    assert anonymous.status_code == 303 and "/organizer/login?next=" in anonymous.headers["Location"]
    refused = web.get(f"/organizer/events/{theirs.event_id}/preview?lang=en", headers={"Cookie": login(web)})
    assert refused.status_code == 404 and theirs.title["en"] not in refused.body.decode()


# --- make token -----------------------------------------------------------------------------------

def make_token(*assignments: str) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if name not in ("STAGE", "TOKEN_SECRET", "ROLE",
                                                                                "PROJECTS")}
    return subprocess.run(["make", "--no-print-directory", "-s", "token", *assignments], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_make_token_issues_a_token_for_the_role_and_projects_asked_for(client):
    done = make_token("ROLE=organizer", "PROJECTS=re-turn, epi")
    assert done.returncode == 0, done.stderr
    holder = auth.verify_organizer_token(done.stdout.strip())
    assert (holder.role, holder.projects) == ("organizer", ("re-turn", "epi"))
    published_event(project="epi", **starting(3))
    published_event(project="re-turn", **starting(4))
    listed = client.http.get("/api/organizer/events", headers={"Authorization": f"Bearer {done.stdout.strip()}"})
    assert listed.status_code == 200 and len(listed.json_body["items"]) == 2

    default = auth.verify_organizer_token(make_token().stdout.strip())
    assert (default.role, default.projects) == ("admin", ("re-turn", "epi"))


@pytest.mark.parametrize(("assignments", "said"), [
    (("ROLE=boss",), "ROLE='boss' is not a role: use ROLE=admin or ROLE=organizer"),
    (("ROLE=organizer", "PROJECTS=Re Turn"), "PROJECTS: 'Re Turn' is not a project id"),
    (("ROLE=organizer", "PROJECTS=,"), "an organizer needs a project"),
])
def test_make_token_says_what_is_wrong_and_prints_no_token(assignments, said):
    done = make_token(*assignments)
    assert done.returncode != 0 and done.stdout == ""
    assert said in done.stderr
