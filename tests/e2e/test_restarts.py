"""The controller only drives and watches the access network: stopping it, or killing it, loses nothing."""
import os
import signal
import time
from pathlib import Path

import pytest

from test_access_network import NODES, keys, memory_of, psp, ready, rpc, state, wait_for

SESSION = {"an-id": "an-1", "port": "9/9/9", "mac": "02:00:00:00:09:09", "ipv4": "192.0.2.9",
           "lease-start": "2026-11-22T08:00:00Z", "lease-expiry": "2026-11-23T08:00:00Z"}
ROOT = Path(__file__).resolve().parents[2]


def recoveries():
    return {an_id: state(an_id)["last-recovery"] for an_id in NODES}


def controller_pid():
    home = os.environ.get("PSP_HOME", str(ROOT / ".psp/karaf"))
    return int(Path(f"{home}.pid").read_text().strip())


def everything_still_there(before):
    for an_id in NODES:
        wait_for(lambda: ready(state(an_id)) if an_id != "an-1" else state(an_id)["status"] == "up",
                 f"{an_id} watched again", timeout=120)
    assert ("9/9/9", "02:00:00:00:09:09") in keys(memory_of("an-1")), "the added session is still in an-1's memory"
    read = rpc("lookup", {"an-id": "an-1"}).json()["psp:output"]
    assert read["outcome"] == "complete", read
    assert ("9/9/9", "02:00:00:00:09:09") in keys(read["session"]), "and in the overlay"
    # No access node restarted: each still reports the recovery of its own start.
    assert recoveries() == before


@pytest.fixture(scope="module")
def added_session():
    assert rpc("add-session", SESSION).status == 200
    assert rpc("store", {"an-id": "an-1"}).json()["psp:output"]["pending-segments"] == 0
    yield SESSION
    rpc("remove-session", {"an-id": "an-1", "port": "9/9/9", "mac": "02:00:00:00:09:09"})
    rpc("store", {"an-id": "an-1"})


def test_a_controller_stopped_and_started_again_finds_every_session(added_session):
    before = recoveries()
    code, out = psp("stop")
    assert code == 0, out
    assert "the local access network runs on with its data (8 access nodes)" in out, out
    code, out = psp("status")
    assert code == 3 and "the controller does not run" in out and "access node an-1 runs" in out, out
    code, out = psp("start")
    assert code == 0, out
    everything_still_there(before)


def test_a_controller_killed_abruptly_loses_nothing(added_session):
    before = recoveries()
    pid = controller_pid()
    os.killpg(pid, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
        time.sleep(0.2)
    code, out = psp("start")
    assert code == 0, out
    everything_still_there(before)
