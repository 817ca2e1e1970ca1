"""Set up what the cold-start cases run against, in processes of their own (the benchmark's own
process never reads the app's settings). Not measured. Each prints one JSON line.

    python -m bench.lambda_setup resources prod   # on the moto at AWS_ENDPOINT_URL: what the template creates
    python -m bench.lambda_setup event            # with the API function's environment: an event, a session

`resources` gives the value of each logical id the functions' environment refers to. `event`
issues an organizer's session token (signed with the stage's secret, read from SSM as in AWS)
and creates, through the API handler as an organizer would, a published event with room for
every sign-up, and a second one with DASHBOARD_PEOPLE people signed up, for the organizer's page.
"""
from __future__ import annotations

import json
import os
import secrets
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from .lambda_events import ACCOUNT, REGION, api_request

DASHBOARD_PEOPLE = 40  # signed up for the event whose organizer's page the dashboard case opens
ORGANIZER = ("bench-organizer", "organizer@zapisy.example.org", "admin", ("re-turn",))


def resources(stage: str) -> dict[str, str]:
    """The table, the queues, the sender's identity and configuration set, the exports bucket, the user
    pool and the token secret."""
    import boto3

    from devstack.bootstrap import bootstrap

    endpoint = os.environ["AWS_ENDPOINT_URL"]
    table = f"zapisy-{stage}"
    made = bootstrap(endpoint, table)

    def client(service: str) -> Any:
        return boto3.client(service, endpoint_url=endpoint, region_name=REGION)

    client("ses").create_configuration_set(ConfigurationSet={"Name": f"zapisy-{stage}-mail"})
    client("secretsmanager").create_secret(Name=f"zapisy-{stage}-token-secret", SecretString=secrets.token_hex(32))
    return {"Table": table, "OutboxQueue": made["queue_url"], "OutboxDeadLetterQueue": made["dead_letter_url"],
            "ExportsBucket": f"{table}-exports", "MailConfigurationSet": f"zapisy-{stage}-mail",
            "UserPool": made["user_pool_id"], "UserPoolClient": "benchclient", "UserPoolDomain": f"zapisy-{stage}",
            "AWS::Region": REGION, "AWS::AccountId": ACCOUNT, "AWS::Partition": "aws",
            "OutboxQueueArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{table}-outbox"}


def event() -> dict[str, Any]:
    """The event the cases sign up for, and the one the organizer's page shows: that one holds
    DASHBOARD_PEOPLE registrations from the start and takes no more, so the page costs the same in
    every round (the sign-ups of the rounds go to the other)."""
    from chalicelib import auth

    organizer = auth.Organizer(*ORGANIZER)
    token = auth.issue_organizer_token(organizer, ttl_seconds=6 * 3600)
    claims = {"principalId": organizer.organizer_id, "email": organizer.email, "role": organizer.role,
              "projects": ",".join(organizer.projects)}  # what the token authorizer passes on
    shown = _published_event(claims)
    for n in range(DASHBOARD_PEOPLE):
        _sign_up(shown, n)
    return {"event_id": _published_event(claims), "dashboard_event_id": shown, "token": token}


def _sign_up(event_id: str, n: int) -> None:
    import app

    answer = app.app(api_request(
        "POST", "/api/events/{event_id}/registrations", f"/api/events/{event_id}/registrations",
        source_ip=f"192.0.2.{n}", headers={"Accept": "application/json"},
        body={"name": f"Uczestnik {n}", "email": f"shown.{n}@example.org", "language": "pl", "consent": True}), None)
    if answer["statusCode"] not in (201, 202):
        raise RuntimeError(f"signing up for the shown event: {answer['statusCode']} {answer['body'][:300]}")


def _published_event(claims: dict[str, str]) -> str:
    import app

    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)
    created = app.app(api_request("POST", "/api/organizer/events", "/api/organizer/events", source_ip="198.51.100.1",
                                  authorizer=claims, body={
                                      "title": {"pl": "Warsztat", "en": "Workshop", "uk": "Семінар"},
                                      "kind": "workshop", "timezone": "Europe/Warsaw", "capacity": 100000,
                                      "project": "re-turn", "venue": "Kielce", "starts_at": starts.isoformat(),
                                      "ends_at": (starts + timedelta(hours=3)).isoformat()}), None)
    if created["statusCode"] != 201:
        raise RuntimeError(f"creating the event: {created['statusCode']} {created['body'][:300]}")
    event_id = json.loads(created["body"])["id"]
    published = app.app(api_request("POST", "/api/organizer/events/{event_id}/publish",
                                    f"/api/organizer/events/{event_id}/publish", source_ip="198.51.100.1",
                                    authorizer=claims), None)
    if published["statusCode"] != 200:
        raise RuntimeError(f"publishing the event: {published['statusCode']} {published['body'][:300]}")
    return event_id


if __name__ == "__main__":
    made = resources(sys.argv[2]) if sys.argv[1] == "resources" else event()
    print(json.dumps(made), flush=True)
