"""A changed overlay setting restarts the hosted access nodes one at a time, so that nothing is lost."""
import json

from conftest import curl
from test_access_network import NODES, everything_stored, rpc, state, wait_for


def sessions(an_id):
    return {(s["port"], s["mac"], s.get("lease-expiry")) for s in state(an_id)["session"]}


def test_a_changed_overlay_setting_restarts_the_nodes_one_by_one_and_loses_nothing():
    before = {an_id: sessions(an_id) for an_id in NODES}
    recovered = {an_id: (state(an_id).get("last-recovery") or {}).get("finished") for an_id in NODES}

    changed = curl("PATCH", "data/psp:psp/overlay", json.dumps({"psp:overlay": {"max-timeout-ms": 2000}}))
    assert changed.status in (200, 204), changed

    def restarted_and_whole(an_id):
        node = state(an_id)
        report = (node or {}).get("last-recovery") or {}
        return (node and node["status"] == "up" and report.get("finished") != recovered[an_id]
                and everything_stored(node))

    for an_id in NODES:
        wait_for(lambda: restarted_and_whole(an_id), f"{an_id} restarted", timeout=240)
        assert state(an_id)["last-recovery"]["outcome"] == "complete", state(an_id)["last-recovery"]
    for an_id in NODES:
        assert sessions(an_id) == before[an_id], an_id
        read = rpc("lookup", {"an-id": an_id}).json()["psp:output"]
        assert read["outcome"] == "complete", read
        assert read["session-count"] == len(before[an_id])
