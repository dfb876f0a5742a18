"""Access nodes hosted inside the controller (for tests and small demonstrations): they join the local access
network's overlay, and a changed overlay setting restarts them one at a time, so that nothing is lost."""
import json

from conftest import curl
from test_access_network import everything_stored, keys, memory_of, rpc, state, wait_for

HOSTED = [f"hosted-{i}" for i in range(1, 4)]


def test_a_changed_overlay_setting_restarts_the_hosted_nodes_one_by_one_and_loses_nothing():
    added = curl("POST", "data/psp:psp", json.dumps({"psp:access-node": [
        {"an-id": an_id, "sample-sessions": 50} for an_id in HOSTED]}))
    assert added.status == 201, added
    try:
        for an_id in HOSTED:
            node = wait_for(lambda: (lambda s: s if s and s["status"] == "up" and everything_stored(s) else None)(
                state(an_id)), f"{an_id} up and stored", timeout=120)
            assert node["hosted"] is True
            assert node["routing-table-size"] >= 8, "it joined the local access network's overlay"
        before = {an_id: {(s["port"], s["mac"], s.get("lease-expiry")) for s in memory_of(an_id)}
                  for an_id in HOSTED}
        recovered = {an_id: state(an_id)["last-recovery"]["finished"] for an_id in HOSTED}

        changed = curl("PATCH", "data/psp:psp/overlay", json.dumps({"psp:overlay": {"max-timeout-ms": 2000}}))
        assert changed.status in (200, 204), changed

        def restarted_and_whole(an_id):
            node = state(an_id)
            report = (node or {}).get("last-recovery") or {}
            return (node and node["status"] == "up" and report.get("finished") != recovered[an_id]
                    and everything_stored(node))

        for an_id in HOSTED:
            wait_for(lambda: restarted_and_whole(an_id), f"{an_id} restarted", timeout=240)
            assert state(an_id)["last-recovery"]["outcome"] == "complete", state(an_id)["last-recovery"]
        for an_id in HOSTED:
            assert {(s["port"], s["mac"], s.get("lease-expiry")) for s in memory_of(an_id)} == before[an_id]
            read = rpc("lookup", {"an-id": an_id}).json()["psp:output"]
            assert read["outcome"] == "complete", read
            assert keys(read["session"]) == {(port, mac) for port, mac, _ in before[an_id]}
    finally:
        for an_id in HOSTED:
            curl("DELETE", f"data/psp:psp/access-node={an_id}")
        curl("DELETE", "data/psp:psp/overlay/max-timeout-ms")
