"""SnapStart's hooks: registered only when Lambda initialises the API function for a snapshot; the one
before the snapshot loads what first requests would load and touches no AWS; the one after a restore
makes each restored container's randomness its own."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest
import snapshot_restore_py

from chalicelib.handlers import snapstart
from tests.conftest import ROOT

# In a fresh process: what the app's import registers, and what the hook before the snapshot loads.
INITIALISED = """
import json, sys
import app
import pytest
import snapshot_restore_py
from chalicelib import templating
from chalicelib.handlers.snapstart import LAZY_LIBRARIES
before, after = snapshot_restore_py.get_before_snapshot(), snapshot_restore_py.get_after_restore()
loaded_before = sorted(name for name in LAZY_LIBRARIES if name in sys.modules)
for hook, args, kwargs in reversed(before):
    imported = hook(*args, **kwargs)
print(json.dumps({"hooks": [len(before), len(after)], "loaded_before": loaded_before,
                  "loaded_after": sorted(name for name in LAZY_LIBRARIES if name in sys.modules),
                  "imported": imported, "environments": len(templating._environments),
                  "devtools": sorted(name for name in sys.modules if name.startswith("chalicelib.devtools"))}))
"""


def _initialise(initialization_type: str | None) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "AWS_LAMBDA_INITIALIZATION_TYPE"}
    env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9"  # nothing listens: a call to AWS would fail the hook
    if initialization_type:
        env["AWS_LAMBDA_INITIALIZATION_TYPE"] = initialization_type
    code = INITIALISED if initialization_type == snapstart.SNAPSHOT_INIT else (
        "import app, snapshot_restore_py, json; print(json.dumps({'hooks': [len(snapshot_restore_py."
        "get_before_snapshot()), len(snapshot_restore_py.get_after_restore())]}))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_snapshot_initialisation_registers_one_hook_each_side_and_warms_every_path():
    found = _initialise(snapstart.SNAPSHOT_INIT)
    assert found["hooks"] == [1, 1]
    assert "email_validator" not in found["loaded_before"]  # the hook, not the app's import, loads them
    assert found["loaded_after"] == sorted(snapstart.LAZY_LIBRARIES)
    assert any(name.startswith("chalicelib.application.participant.") for name in found["imported"])
    assert any(name.startswith("chalicelib.web.dashboard.") for name in found["imported"])
    assert found["environments"] == 2  # the pages' and the e-mails' templates, each loaded
    assert found["devtools"] == []  # the local stage's tools stay out of the snapshot


def test_other_initialisations_register_no_hook():
    assert _initialise(None)["hooks"] == [0, 0]
    assert _initialise("on-demand")["hooks"] == [0, 0]
    assert _initialise("provisioned-concurrency")["hooks"] == [0, 0]


def test_install_outside_a_snapshot_initialisation_leaves_the_runtime_s_registries_alone(monkeypatch):
    monkeypatch.delenv("AWS_LAMBDA_INITIALIZATION_TYPE", raising=False)
    before = (len(snapshot_restore_py.get_before_snapshot()), len(snapshot_restore_py.get_after_restore()))
    assert snapstart.install() is False
    assert (len(snapshot_restore_py.get_before_snapshot()), len(snapshot_restore_py.get_after_restore())) == before


def test_containers_restored_from_one_snapshot_draw_different_random_numbers():
    """Two containers restored from one snapshot start from the same `random` state; after the hook each
    draws its own (the e-mail retries' jitter would otherwise fall in step)."""
    random.seed(2026)
    snapshot = random.getstate()
    draws = []
    for _ in range(2):
        random.setstate(snapshot)  # a container, restored
        snapstart.after_restore()
        draws.append([random.random() for _ in range(4)])
    random.setstate(snapshot)
    assert [random.random() for _ in range(4)] != draws[0] != draws[1]


def test_snapstart_can_be_turned_off_at_packaging_and_a_wrong_value_is_refused():
    """A quiet stage may forgo SnapStart's cache charge: API_SNAPSTART=false leaves the function on
    published versions behind its alias, without a snapshot; anything but true or false stops the build."""
    from infra.template import LIVE_ALIAS, function_wiring, stage_environment

    environment = stage_environment("prod")
    on = function_wiring("zapisy-prod", environment)["APIHandler"]["Properties"]
    off = function_wiring("zapisy-prod", {**environment, "API_SNAPSTART": "False"})["APIHandler"]["Properties"]
    assert on["SnapStart"] == {"ApplyOn": "PublishedVersions"} and on["AutoPublishAlias"] == LIVE_ALIAS
    assert "SnapStart" not in off and off["AutoPublishAlias"] == LIVE_ALIAS
    with pytest.raises(ValueError, match="API_SNAPSTART must be true or false, not 'yes'"):
        function_wiring("zapisy-prod", {**environment, "API_SNAPSTART": "yes"})
