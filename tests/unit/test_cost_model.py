"""The cost benchmark: cold starts priced from the coldstart benchmark's figures, a realistic event
and sign-ups, and every DynamoDB unit the meter counts priced (its rules: test_request_units.py)."""
from __future__ import annotations

import pytest

from bench import costs

REPORT = """<!-- bench:coldstart -->
| figure | value | what it is |
|---|---|---|
| `first_registration_ms` | 1,493.2 | median wall time |
| `first_email_ms` | 897.8 | median wall time |
| `warm_registration_ms` | 25.8 | median time |
| `warm_email_ms` | 95.6 | median time |
| `restored_first_registration_ms` | 75.8 | median time |
"""


def test_a_cold_container_adds_its_first_request_over_a_warm_one():
    assert costs.cold_extra_ms(REPORT) == {"registration": 1467.4, "email": 802.2, "restored_registration": 50.0}


def test_a_report_without_coldstart_figures_adds_nothing():
    assert costs.cold_extra_ms("# Benchmarks\n") == {"registration": 0.0, "email": 0.0, "restored_registration": 0.0}


def test_every_invocation_cold_is_priced_at_each_functions_memory():
    # 10,000 registrations at 1 GB for 1 s each; 3,000 queue messages at 0.5 GB for 2 s each
    usd = costs.cold_lambda_usd(10_000, {"registration": 1000.0, "email": 2000.0})
    assert usd == pytest.approx((10_000 * 1.0 + 3_000 * 2.0 * 0.5) * costs.PRICES["lambda_gb_second"])


def test_with_snapstart_each_restore_pays_its_time_and_the_charge_per_gb_restored():
    # 10,000 restores of the 1 GB API function, 50 ms each; 3,000 queue messages cold at 0.5 GB for 2 s
    usd = costs.snapstart_cold_lambda_usd(10_000, {"restored_registration": 50.0, "email": 2000.0})
    prices = costs.PRICES
    assert usd == pytest.approx(10_000 * (0.05 * prices["lambda_gb_second"] + prices["snapstart_restore_gb"])
                                + 3_000 * 2.0 * 0.5 * prices["lambda_gb_second"])
    assert usd > costs.cold_lambda_usd(10_000, {"registration": 250.0, "email": 2000.0})  # a restore's charge


def test_every_benchmark_sign_up_fills_in_the_conference_form_validly(aws):
    from datetime import UTC, datetime, timedelta

    from bench.conference import conference, sign_up
    from chalicelib.events import service
    from chalicelib.registration import signup
    from tests.factories import admin

    created = service.create_event(admin(), conference(1, datetime.now(UTC) + timedelta(days=20)))
    event = service.publish_event(admin(), created.event_id)
    assert len(event.sessions) == 4 and len(event.questions) == 8 and event.capacity == 40
    forms = [signup.read(event, sign_up(n)) for n in range(24)]
    assert all(form.sessions and {"organisation", "role", "diet"} <= set(form.answers) for form in forms)
    assert {form.answers.get("interpreter_language") for form in forms} == {None, "uk", "en", "ru"}
    assert {s for form in forms for s in form.sessions} == {"panel", "ws-labour", "ws-business", "networking"}


def test_a_sign_up_counts_its_write_units_by_item_and_its_gsi_writes_in_the_total(aws, client):
    import json
    from datetime import UTC, datetime, timedelta

    from bench.conference import conference, sign_up
    from bench.units import Meter
    from chalicelib.events import service
    from tests.factories import admin

    created = service.create_event(admin(), conference(1, datetime.now(UTC) + timedelta(days=20)))
    service.publish_event(admin(), created.event_id)
    meter = Meter()
    with meter.installed():
        response = client.http.post(f"/api/events/{created.event_id}/registrations",
                                    headers={"Content-Type": "application/json"}, body=json.dumps(sign_up(1)))
    assert response.status_code == 201
    assert meter.writes_by_kind["registration"] >= 2  # written in the sign-up's transaction: doubled
    assert meter.gsi_write_units == meter.writes_by_kind["gsi"] >= 1  # the registration enters by_person
    assert sum(meter.writes_by_kind.values()) == meter.write_units


def test_the_dynamodb_cost_prices_every_write_unit_counted_gsi_writes_included():
    register = {"calls": 0, "own_ms": 0, "writes": 10.0, "reads": 0.0}
    send = {"calls": 0, "own_ms": 0, "writes": 0.0, "reads": 0.0}
    with_gsi = costs._cost({**register, "writes": 11.0}, send)["dynamodb"] - costs._cost(register, send)["dynamodb"]
    assert with_gsi == pytest.approx(10_000 * costs.PRICES["dynamodb_write_unit"], abs=1e-4)
