"""Tokens and codes used where they do not belong: forged organizer tokens (bearer and cookie), one
participant's link or form token on another's registration, check-in codes of another event, and
one dashboard session's CSRF token with another session."""
from __future__ import annotations

import json
import re
import time
import warnings
from urllib.parse import urlencode

import jwt
import pytest

from chalicelib import auth
from chalicelib.checkin import tokens
from chalicelib.organizers import session
from chalicelib.registration import signup
from chalicelib.store import events as event_store
from chalicelib.store import registrations as registration_store
from tests.factories import person, published_event
from tests.unit.test_dashboard import FORM, login

pytestmark = pytest.mark.usefixtures("aws")
OTHER_KEY = "another-key-of-sufficient-length-0123456789"


def claims(**overrides) -> dict:
    now = int(time.time())
    return {"sub": "x", "email": "x@city.example", "role": "admin", "projects": ["re-turn", "epi"],
            "iss": auth.ISSUER, "aud": auth.AUDIENCE, "iat": now, "exp": now + 600, **overrides}


def signed(algorithm: str = "HS256", key: str | bytes | None = None, headers: dict | None = None, **overrides) -> str:
    key = auth._derived_key("organizer-jwt") if key is None else key
    with warnings.catch_warnings():  # HS512 with the service's 32-byte key: short for it, and refused anyway
        warnings.simplefilter("ignore", jwt.warnings.InsecureKeyLengthWarning)
        return jwt.encode(claims(**overrides), key, algorithm=algorithm, headers=headers)


def unsigned(**overrides) -> str:
    return jwt.encode(claims(**overrides), None, algorithm="none")


def b64(data: dict) -> str:
    return jwt.utils.base64url_encode(json.dumps(data).encode()).decode()


FORGED = ("alg-none", "alg-none-upper", "no-signature", "swapped-payload", "other-key", "hs512-right-key",
          "wrong-issuer", "wrong-audience", "no-audience", "expired", "no-expiry", "unknown-role",
          "projects-not-a-list", "manage-token", "key-id-header")


def forged_tokens() -> dict[str, str]:
    good = signed()
    header, payload, signature = good.split(".")
    admin_payload = b64(claims(role="admin", projects=["*"]))
    return {
        "alg-none": unsigned(), "alg-none-upper": f"{b64({'alg': 'NONE', 'typ': 'JWT'})}.{payload}.",
        "no-signature": f"{header}.{payload}.", "swapped-payload": f"{header}.{admin_payload}.{signature}",
        "other-key": signed(key=OTHER_KEY), "hs512-right-key": signed("HS512"),
        "wrong-issuer": signed(iss="someone-else"), "wrong-audience": signed(aud="zapisy-participant"),
        "no-audience": jwt.encode({k: v for k, v in claims().items() if k != "aud"}, auth._derived_key("organizer-jwt"),
                                  algorithm="HS256"),
        "expired": signed(iat=int(time.time()) - 7200, exp=int(time.time()) - 3600),
        "no-expiry": jwt.encode({k: v for k, v in claims().items() if k != "exp"},
                                auth._derived_key("organizer-jwt"), algorithm="HS256"),
        "unknown-role": signed(role="superuser"), "projects-not-a-list": signed(role="organizer", projects="epi"),
        "manage-token": auth.manage_token("event", "registration"),
        "key-id-header": signed(key=OTHER_KEY, headers={"kid": "../../../../dev/null"}),
    }


def sent_to_login(response) -> bool:
    """A dashboard page refused: the browser is sent to the login (nothing of the page shown)."""
    return response.status_code == 303 and response.headers["Location"].startswith("/organizer/login?next=")


@pytest.mark.parametrize("name", FORGED)
def test_forged_organizer_tokens_are_refused_as_bearer_and_as_cookie(web, name):
    forged = forged_tokens()
    assert set(forged) == set(FORGED)
    token = forged[name]
    assert web.get("/api/organizer/events", headers={"Authorization": f"Bearer {token}"}).status_code in (401, 403)
    assert sent_to_login(web.get("/organizer/events", headers={"Cookie": f"{session.COOKIE}={token}"}))
    assert sent_to_login(web.get("/organizer/reports", headers={"Cookie": f"{session.COOKIE}={token}"}))
    assert web.get("/organizer", headers={"Cookie": f"{session.COOKIE}={token}"}).headers["Location"].startswith(
        "/organizer/login")


def test_the_genuine_token_passes_both_ways(web):
    token = signed()
    assert web.get("/api/organizer/events", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert web.get("/organizer/events", headers={"Cookie": f"{session.COOKIE}={token}"}).status_code == 200


def test_a_cookie_is_not_a_bearer_token_nor_the_other_way(web):
    token = signed()
    assert web.get("/api/organizer/events", headers={"Cookie": f"{session.COOKIE}={token}"}).status_code in (401, 403)
    assert sent_to_login(web.get("/organizer/events", headers={"Authorization": f"Bearer {token}"}))


def test_an_organizer_reaches_nothing_of_another_project(web):
    theirs = published_event(project="epi", requires_approval=True)
    outcome = signup.register(theirs, person(1))
    cookie = {"Cookie": login(web)}  # an organizer of re-turn
    page = web.get("/organizer/events?lang=en", headers=cookie).body.decode()
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    base = f"/organizer/events/{theirs.event_id}"
    for path in (base, f"{base}/edit", f"{base}/checkin", f"{base}/series", f"{base}/cancel",
                 f"{base}/registrations/{outcome.registration_id}", f"{base}/attendees.csv"):
        assert web.get(path, headers=cookie).status_code == 404, path
    for path, fields in ((f"{base}/registrations/{outcome.registration_id}", {"action": "approve"}),
                         (f"{base}/publish", {}), (f"{base}/cancel", {"confirm": "yes"}), (f"{base}/duplicate", {}),
                         (f"{base}/checkin", {"registration_id": outcome.registration_id}),
                         (f"{base}/registrations", {"name": "Intruder"})):
        response = web.post(path, headers={**FORM, **cookie}, body=urlencode({"csrf": csrf, **fields}))
        assert response.status_code == 404, path
    assert web.get("/organizer/events?project=epi", headers=cookie).status_code == 403
    assert web.get("/organizer/reports?project=epi&lang=en", headers=cookie).status_code == 403
    assert web.get("/organizer/reports/epi.csv", headers=cookie).status_code == 403
    assert web.get("/organizer/privacy", headers=cookie).status_code == 403
    assert registration_store.load_registration(theirs.event_id, outcome.registration_id).status == "pending_approval"
    assert event_store.load_event(theirs.event_id).status == "published"


@pytest.fixture
def pair():
    """Two people in one event, each with their own link."""
    event = published_event(capacity=5)
    ids = [signup.register(event, person(n)).registration_id for n in (1, 2)]
    return event, ids, [auth.manage_token(event.event_id, rid) for rid in ids]


def manage_csrf(web, token: str) -> str:
    page = web.get(f"/manage/{token}?lang=en&confirm=erase").body.decode()  # the step that posts
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)


def test_one_link_shows_only_its_own_registration(web, pair):
    _event, ids, (first, _second) = pair
    page = web.get(f"/manage/{first}?lang=en").body.decode()
    assert "person1@example.com" in page and "person2@example.com" not in page
    tampered = first[:-1] + ("A" if first[-1] != "A" else "B")
    for token in (tampered, first.upper(), first + "x", first[:20], ids[0], auth.token_hash(first)):
        assert web.get(f"/manage/{token}?lang=en").status_code == 404, token
        assert web.get(f"/api/manage/{token}").status_code == 404, token


@pytest.mark.parametrize("path,fields", [("/manage/{token}", {"action": "cancel"}),
                                         ("/manage/{token}", {"action": "erase"}),
                                         ("/confirm/{token}", {}), ("/manage/{token}/still-coming", {})])
def test_a_form_token_from_another_link_is_refused(web, pair, path, fields):
    event, ids, (first, second) = pair
    borrowed = manage_csrf(web, second)
    dashboard_like = session.csrf_token(first)
    for csrf in (borrowed, dashboard_like, "", "0" * 64):
        response = web.post(path.format(token=first), headers=FORM, body=urlencode({"csrf": csrf, **fields}))
        assert response.status_code == 400, csrf
    for rid in ids:
        stored = registration_store.load_registration(event.event_id, rid)
        assert stored.status == "confirmed" and stored.name and not stored.erased_at


def test_the_own_form_token_works_on_its_link_only(web, pair):
    event, ids, (first, second) = pair
    own = manage_csrf(web, first)
    cancel = urlencode({"csrf": own, "action": "cancel", "sure": "yes"})
    assert web.post(f"/manage/{second}", headers=FORM, body=cancel).status_code == 400
    assert web.post(f"/manage/{first}", headers=FORM, body=cancel).status_code == 200
    statuses = [registration_store.load_registration(event.event_id, rid).status for rid in ids]
    assert statuses == ["cancelled", "confirmed"]


@pytest.fixture
def two_events():
    """Events A and B of one project; Anna in A, Bohdan in B, both confirmed."""
    first, second = published_event(capacity=5), published_event(capacity=5)
    anna = signup.register(first, person(1, name="Anna")).registration_id
    bohdan = signup.register(second, person(2, name="Bohdan")).registration_id
    return first, second, anna, bohdan


def nobody_checked_in(*events_and_ids) -> None:
    for event, rid in events_and_ids:
        assert registration_store.load_registration(event.event_id, rid).checked_in_at is None
        assert int(event_store.load_event(event.event_id, consistent=True).checked_in or 0) == 0


def flipped(code: str, position: int) -> str:
    symbols = list(code)
    index = [i for i, c in enumerate(symbols) if c != "-"][position]
    symbols[index] = "0" if symbols[index] != "0" else "1"
    return "".join(symbols)


def test_codes_of_another_event_and_forged_codes_are_refused_by_the_api(web, two_events):
    first, second, anna, bohdan = two_events
    headers = {"Authorization": f"Bearer {signed(role='organizer', projects=['re-turn'])}",
               "Content-Type": "application/json"}
    anna_code = tokens.checkin_code(first.event_id, anna)
    bohdan_with_a_mac_of_a = tokens.checkin_code(first.event_id, bohdan)
    attempts = {"code": [anna_code, anna_code.replace("-", "").lower(), bohdan_with_a_mac_of_a,
                         flipped(tokens.checkin_code(second.event_id, bohdan), 0),
                         flipped(tokens.checkin_code(second.event_id, bohdan), 23), "0" * 24, "Z" * 24],
                "registration_id": [anna, anna.upper(), "x#META", "REG#" + anna]}
    for field, values in attempts.items():
        for value in values:
            response = web.post(f"/api/organizer/events/{second.event_id}/checkin", headers=headers,
                                body=json.dumps({field: value}))
            body = json.loads(response.body)
            assert response.status_code == 200 and body["ok"] is False, (field, value, body)
            assert body["result"] in ("invalid_code", "unknown") and body["registration"] is None
    nobody_checked_in((first, anna), (second, bohdan))
    genuine = web.post(f"/api/organizer/events/{second.event_id}/checkin", headers=headers,
                       body=json.dumps({"code": tokens.checkin_code(second.event_id, bohdan)}))
    assert json.loads(genuine.body)["result"] == "checked_in"


def test_a_code_of_another_event_is_refused_at_the_door_page(web, two_events):
    first, second, anna, bohdan = two_events
    cookie = login(web)
    path = f"/organizer/events/{second.event_id}/checkin"
    page = web.get(f"{path}?lang=en", headers={"Cookie": cookie}).body.decode()
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    for fields in ({"code": tokens.checkin_code(first.event_id, anna)}, {"registration_id": anna},
                   {"code": flipped(tokens.checkin_code(second.event_id, bohdan), 5)}):
        response = web.post(path, headers={**FORM, "Cookie": cookie}, body=urlencode({"lang": "en", "csrf": csrf,
                                                                                      **fields}))
        assert response.status_code == 200 and "Unknown code" in response.body.decode()
    nobody_checked_in((first, anna), (second, bohdan))


def test_a_dashboard_form_token_works_only_with_its_own_session(web):
    event = published_event(requires_approval=True)
    outcome = signup.register(event, person(1))
    first, second = login(web, email="ola@city.example"), login(web, email="jan@city.example")
    assert first != second
    page = web.get(f"/organizer/events/{event.event_id}?lang=en", headers={"Cookie": first}).body.decode()
    csrf_of_first = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    path = f"/organizer/events/{event.event_id}/registrations/{outcome.registration_id}"
    for cookie, csrf in ((second, csrf_of_first), (first, manage_csrf_like(first)), (first, csrf_of_first.upper()),
                         (first, csrf_of_first[:-1])):
        response = web.post(path, headers={**FORM, "Cookie": cookie}, body=urlencode({"action": "approve",
                                                                                     "csrf": csrf}))
        assert response.status_code == 403
    assert registration_store.load_registration(event.event_id, outcome.registration_id).status == "pending_approval"
    response = web.post(path, headers={**FORM, "Cookie": first}, body=urlencode({"action": "approve",
                                                                                "csrf": csrf_of_first}))
    assert response.status_code == 303
    assert registration_store.load_registration(event.event_id, outcome.registration_id).status == "confirmed"


def manage_csrf_like(cookie: str) -> str:
    """The participant pages' CSRF token computed over the session token: another purpose, never valid here."""
    from chalicelib.web.csrf import csrf_token

    return csrf_token(cookie.split("=", 1)[1])
