"""Administrators manage organizers: Cognito users (moto) and their groups `admin` and `project-<id>`."""
from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import boto3
import pytest

from tests.unit.test_dashboard import FORM, login

BOSS = "boss@city.example"
NEWCOMER = "new.organizer@city.example"


@pytest.fixture
def pool(aws, settings_env):
    """A user pool as in AWS: e-mail as the username, the groups zapisy reads, one administrator."""
    cognito = boto3.client("cognito-idp")
    pool_id = cognito.create_user_pool(PoolName="zapisy-organizers", UsernameAttributes=["email"],
                                       AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    for group in ("admin", "project-re-turn", "unrelated-team"):
        cognito.create_group(UserPoolId=pool_id, GroupName=group)
    boss = cognito.admin_create_user(UserPoolId=pool_id, Username=BOSS, MessageAction="SUPPRESS",
                                     UserAttributes=[{"Name": "email", "Value": BOSS}])["User"]["Username"]
    cognito.admin_add_user_to_group(UserPoolId=pool_id, Username=boss, GroupName="admin")
    settings_env(COGNITO_USER_POOL_ID=pool_id)
    return cognito, pool_id


def user(cognito, pool_id: str, email: str) -> dict | None:
    found = cognito.list_users(UserPoolId=pool_id, Filter=f'email = "{email}"')["Users"]
    return found[0] if found else None


def groups(cognito, pool_id: str, username: str) -> set[str]:
    return {g["GroupName"] for g in cognito.admin_list_groups_for_user(UserPoolId=pool_id,
                                                                       Username=username)["Groups"]}


def admin_session(web) -> tuple[str, str]:
    cookie = login(web, role="admin", project=["re-turn"], email=BOSS)
    page = web.get("/organizer/organizers?lang=en", headers={"Cookie": cookie})
    assert page.status_code == 200
    return cookie, re.search(r'name="csrf" value="([0-9a-f]+)"', page.body.decode()).group(1)


def row_of(page: str, email: str) -> str:
    """The organizers list's entry of one address."""
    return re.search(rf'<li class="account" id="account-\d+">\s*<h3[^>]*>{re.escape(email)}.*?</li>\n', page,
                     re.DOTALL).group(0)


def post(web, cookie: str, **fields):
    return web.post("/organizer/organizers", headers={**FORM, "Cookie": cookie},
                    body=urlencode({"lang": "en", **fields}, doseq=True))


def test_an_admin_invites_lists_changes_and_disables_an_organizer(web, pool):
    from chalicelib.store.audit import AdminLogEntry, admin_log_pk

    cognito, pool_id = pool
    cookie, csrf = admin_session(web)
    invited = post(web, cookie, csrf=csrf, action="invite", email=" New.Organizer@City.example", role="organizer",
                   project=["re-turn"], new_projects="epi")
    assert invited.status_code == 303 and invited.headers["Location"] == "/organizer/organizers?done=invite&lang=en"
    created = user(cognito, pool_id, NEWCOMER)
    assert created and created["UserStatus"] == "FORCE_CHANGE_PASSWORD" and created["Enabled"]
    username = created["Username"]
    assert groups(cognito, pool_id, username) == {"project-re-turn", "project-epi"}  # epi's group was created

    page = web.get(invited.headers["Location"], headers={"Cookie": cookie}).body.decode()
    assert "Invitation sent" in page
    row = row_of(page, NEWCOMER)
    assert "epi, re-turn" in row and "Organizer" in row and "Invited, not logged in yet" in row
    boss_row = row_of(page, BOSS)
    assert "Administrator" in boss_row and "(you)" in boss_row and 'value="disable"' not in boss_row

    changed = post(web, cookie, csrf=csrf, action="access", username=username, role="admin", project=["epi"])
    assert changed.status_code == 303
    assert groups(cognito, pool_id, username) == {"admin", "project-epi"}

    disabled = post(web, cookie, csrf=csrf, action="disable", username=username)
    assert disabled.status_code == 303
    assert user(cognito, pool_id, NEWCOMER)["Enabled"] is False
    page = web.get("/organizer/organizers?lang=en", headers={"Cookie": cookie}).body.decode()
    row = row_of(page, NEWCOMER)
    assert "Disabled" in row and 'value="enable"' in row
    assert post(web, cookie, csrf=csrf, action="enable", username=username).status_code == 303
    assert user(cognito, pool_id, NEWCOMER)["Enabled"] is True

    entries = list(AdminLogEntry.query(admin_log_pk("organizers")))
    assert [e.action for e in sorted(entries, key=lambda e: e.sk)] == ["invite", "access", "disable", "enable"]
    assert {(e.organizer_email, e.target) for e in entries} == {(BOSS, NEWCOMER)}
    assert entries[0].details["projects"] == ["epi", "re-turn"]
    raw = json.dumps([e.to_simple_dict() for e in entries]).lower()
    assert "password" not in raw
    assert "Access changed" in page and NEWCOMER in page.split('id="changes"')[1]


def test_groups_zapisy_does_not_read_are_left_alone(web, pool):
    cognito, pool_id = pool
    cookie, csrf = admin_session(web)
    assert post(web, cookie, csrf=csrf, action="invite", email=NEWCOMER, role="organizer",
                project=["re-turn"]).status_code == 303
    username = user(cognito, pool_id, NEWCOMER)["Username"]
    cognito.admin_add_user_to_group(UserPoolId=pool_id, Username=username, GroupName="unrelated-team")
    assert post(web, cookie, csrf=csrf, action="access", username=username, role="organizer",
                new_projects="epi").status_code == 303
    assert groups(cognito, pool_id, username) == {"unrelated-team", "project-epi"}


@pytest.mark.parametrize(("fields", "message"), [
    ({"email": "not an address", "role": "organizer", "project": ["re-turn"]},
     "Enter an e-mail address like name@example.com."),
    ({"email": NEWCOMER, "role": "organizer"}, "Choose at least one project."),
    ({"email": NEWCOMER, "role": "organizer", "new_projects": "Bad Project!"}, "Use lowercase letters, digits"),
    ({"email": NEWCOMER, "role": "owner", "project": ["re-turn"]}, "Choose a role."),
    ({"email": BOSS, "role": "organizer", "project": ["re-turn"]}, "This person is already an organizer."),
])
def test_a_bad_invitation_is_refused_with_the_form_and_creates_nothing(web, pool, fields, message):
    cognito, pool_id = pool
    cookie, csrf = admin_session(web)
    before = cognito.list_users(UserPoolId=pool_id)["Users"]
    refused = post(web, cookie, csrf=csrf, action="invite", **fields)
    page = refused.body.decode()
    assert refused.status_code == 400
    assert 'id="error-summary"' in page and message in page
    assert len(cognito.list_users(UserPoolId=pool_id)["Users"]) == len(before)
    assert groups(cognito, pool_id, user(cognito, pool_id, BOSS)["Username"]) == {"admin"}


def test_an_admin_cannot_lock_themselves_out(web, pool):
    cognito, pool_id = pool
    cookie, csrf = admin_session(web)
    me = user(cognito, pool_id, BOSS)["Username"]
    demoted = post(web, cookie, csrf=csrf, action="access", username=me, role="organizer", project=["re-turn"])
    assert demoted.status_code == 400 and "your own administrator role" in demoted.body.decode()
    assert post(web, cookie, csrf=csrf, action="disable", username=me).status_code == 400
    assert groups(cognito, pool_id, me) == {"admin"} and user(cognito, pool_id, BOSS)["Enabled"]
    assert post(web, cookie, csrf=csrf, action="disable", username="no-such-user").status_code == 404


def test_organizers_get_403_and_change_nothing(web, pool):
    cognito, pool_id = pool
    cookie = login(web, role="organizer", project=["re-turn"], email="ola@city.example")
    page = web.get("/organizer/events?lang=en", headers={"Cookie": cookie}).body.decode()
    assert "/organizer/organizers" not in page
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    assert web.get("/organizer/organizers", headers={"Cookie": cookie}).status_code == 403
    me = user(cognito, pool_id, BOSS)["Username"]
    for fields in ({"action": "invite", "email": NEWCOMER, "role": "admin"},
                   {"action": "access", "username": me, "role": "organizer", "project": ["re-turn"]},
                   {"action": "disable", "username": me}):
        response = post(web, cookie, csrf=csrf, **fields)
        assert response.status_code == 403 and BOSS not in response.body.decode()
    assert user(cognito, pool_id, NEWCOMER) is None
    assert groups(cognito, pool_id, me) == {"admin"} and user(cognito, pool_id, BOSS)["Enabled"]


def test_changes_need_the_csrf_token(web, pool):
    cognito, pool_id = pool
    cookie, csrf = admin_session(web)
    me = user(cognito, pool_id, BOSS)["Username"]
    assert post(web, cookie, csrf="forged", action="invite", email=NEWCOMER, role="admin").status_code == 403
    cross = web.post("/organizer/organizers", headers={**FORM, "Cookie": cookie, "Origin": "https://evil.example",
                                                       "Host": "zapisy.test"},
                     body=urlencode({"csrf": csrf, "action": "invite", "email": NEWCOMER, "role": "admin"}))
    assert cross.status_code == 403
    assert user(cognito, pool_id, NEWCOMER) is None and groups(cognito, pool_id, me) == {"admin"}


def test_without_a_user_pool_the_page_says_it_is_not_configured(web, aws, settings_env):
    settings_env(COGNITO_USER_POOL_ID="")
    cookie = login(web, role="admin", project=["re-turn"], email=BOSS)
    page = web.get("/organizer/organizers?lang=en", headers={"Cookie": cookie})
    assert page.status_code == 200
    text = page.body.decode()
    assert "Organizer management is not configured" in text and "Send invitation" not in text


def test_the_local_stack_gets_one_user_pool_with_the_demo_groups(aws):
    from devstack.bootstrap import create_user_pool

    cognito = boto3.client("cognito-idp")
    first = create_user_pool(cognito, "zapisy-test-organizers")
    assert create_user_pool(cognito, "zapisy-test-organizers") == first  # a second bootstrap finds it
    assert {g["GroupName"] for g in cognito.list_groups(UserPoolId=first)["Groups"]} == {
        "admin", "project-re-turn", "project-epi"}
    assert cognito.describe_user_pool(UserPoolId=first)["UserPool"]["UsernameAttributes"] == ["email"]
