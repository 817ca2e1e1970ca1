"""Organizer login through Cognito's hosted UI (code + PKCE), against a fake token endpoint."""
from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest

from chalicelib import auth
from devstack.moto_server import free_port

pytestmark = pytest.mark.usefixtures("aws")
CLIENT_ID = "zapisy-client"


class FakeCognito(BaseHTTPRequestHandler):
    """The token endpoint: checks the PKCE verifier against the challenge it was shown."""

    challenges: ClassVar[dict[str, str]] = {}
    groups: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        code, verifier = form["code"][0], form["code_verifier"][0]
        expected = self.challenges.get(code)
        actual = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if expected != actual or form["client_id"][0] != CLIENT_ID:
            self.send_response(400)
            self.end_headers()
            return
        id_token = jwt.encode({"sub": "user-1", "email": "anna@city.example", "aud": CLIENT_ID,
                               "exp": int(time.time()) + 300, "cognito:groups": self.groups},
                              "cognito-signs-with-its-own-key-of-32+bytes", algorithm="HS256")
        body = json.dumps({"id_token": id_token, "access_token": "x", "token_type": "Bearer"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def cognito(settings_env):
    server = HTTPServer(("127.0.0.1", free_port()), FakeCognito)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings_env(STAGE="prod", COGNITO_DOMAIN=f"http://127.0.0.1:{server.server_port}", COGNITO_CLIENT_ID=CLIENT_ID)
    yield FakeCognito
    server.shutdown()



def start(web, query: str = "") -> tuple[dict, str]:
    response = web.get("/organizer/login" + query)
    assert response.status_code == 303
    location = urlsplit(response.headers["Location"])
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert location.path == "/oauth2/authorize" and query["code_challenge_method"] == "S256"
    assert query["redirect_uri"] == "http://zapisy.test/organizer/callback" and query["client_id"] == CLIENT_ID
    return query, response.headers["Set-Cookie"].split(";")[0]


def test_code_exchange_with_pkce_opens_a_session(web, cognito):
    cognito.groups = ["project-re-turn"]
    query, login_cookie = start(web)
    cognito.challenges["code-1"] = query["code_challenge"]
    done = web.get(f"/organizer/callback?code=code-1&state={query['state']}", headers={"Cookie": login_cookie})
    assert done.status_code == 303 and done.headers["Location"].startswith("/organizer/events")
    session_token = done.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
    organizer = auth.verify_organizer_token(session_token)
    assert (organizer.email, organizer.role, organizer.projects) == ("anna@city.example", "organizer", ("re-turn",))
    page = web.get("/organizer/events", headers={"Cookie": done.headers["Set-Cookie"].split(";")[0]})
    assert page.status_code == 200


@pytest.mark.parametrize("asked, lands", [
    ("?next=%2Forganizer%2Freports%3Flang%3Duk", "/organizer/reports?lang=uk"),
    ("?next=https%3A%2F%2Fevil.example%2Forganizer%2Fevents", "/organizer/events?lang=pl"),
    ("", "/organizer/events?lang=pl")])
def test_the_login_through_cognito_comes_back_to_the_page_it_started_from(web, cognito, asked, lands):
    cognito.groups = ["project-re-turn"]
    query, login_cookie = start(web, asked)
    assert "next" not in query and "reports" not in query["state"]  # it travels in our signed cookie only
    cognito.challenges["code-3"] = query["code_challenge"]
    done = web.get(f"/organizer/callback?code=code-3&state={query['state']}", headers={"Cookie": login_cookie})
    assert done.status_code == 303 and done.headers["Location"] == lands
    assert auth.verify_organizer_token(done.headers["Set-Cookie"].split(";")[0].split("=", 1)[1])


@pytest.mark.parametrize("tamper", ["state", "cookie", "verifier", "no-project"])
def test_a_broken_login_opens_nothing(web, cognito, tamper):
    cognito.groups = [] if tamper == "no-project" else ["project-epi"]
    query, login_cookie = start(web)
    cognito.challenges["code-2"] = "not-the-challenge" if tamper == "verifier" else query["code_challenge"]
    state = "forged" if tamper == "state" else query["state"]
    cookie = login_cookie[:-4] + "0000" if tamper == "cookie" else login_cookie
    done = web.get(f"/organizer/callback?code=code-2&state={state}", headers={"Cookie": cookie})
    assert done.status_code == 403 and "Set-Cookie" not in done.headers


def test_logout_ends_the_cognito_session_too(web, cognito):
    from chalicelib.organizers import session

    token = auth.issue_organizer_token(auth.Organizer("u", "u@city.example", "admin", ()))
    cookie = f"{session.COOKIE}={token}"
    out = web.post("/organizer/logout", headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
                   body=f"csrf={session.csrf_token(token)}")
    assert out.status_code == 303 and out.headers["Location"].endswith("logout_uri=http%3A%2F%2Fzapisy.test%2Fevents")
    assert "/logout?client_id=zapisy-client" in out.headers["Location"]
