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
"""


def test_a_cold_container_adds_its_first_request_over_a_warm_one():
    assert costs.cold_extra_ms(REPORT) == {"registration": 1467.4, "email": 802.2}


def test_a_report_without_coldstart_figures_adds_nothing():
    assert costs.cold_extra_ms("# Benchmarks\n") == {"registration": 0.0, "email": 0.0}


def test_every_invocation_cold_is_priced_at_each_functions_memory():
    # 10,000 registrations at 1 GB for 1 s each; 3,000 queue messages at 0.5 GB for 2 s each
    usd = costs.cold_lambda_usd(10_000, {"registration": 1000.0, "email": 2000.0})
    assert usd == pytest.approx((10_000 * 1.0 + 3_000 * 2.0 * 0.5) * costs.PRICES["lambda_gb_second"])
