"""The cost benchmark prices cold starts from the coldstart benchmark's recorded figures."""
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
