"""PSP's notifications over RESTCONF: an event stream created with sal-remote, read as server-sent events."""
import json
import subprocess
import threading
import uuid

from conftest import curl
from test_access_network import state, wait_for

PSP_MODULE = "(urn:psp:yang:psp?revision=2026-11-28)"


def test_a_restconf_event_stream_carries_psp_notifications():
    created = curl("POST", "operations/sal-remote:create-notification-stream", json.dumps(
        {"input": {"notifications": [PSP_MODULE + "node-status-changed", PSP_MODULE + "recovered"]}}))
    assert created.status == 200, created
    name = created.json()["sal-remote:output"]["notification-stream-identifier"]
    streams = curl("GET", "data/ietf-restconf-monitoring:restconf-state/streams").json()
    stream = next(s for s in streams["ietf-restconf-monitoring:streams"]["stream"] if s["name"] == name)
    location = next(a["location"] for a in stream["access"] if a["encoding"] == "json")

    an_id = f"an-stream-{uuid.uuid4().hex[:8]}"
    events = []
    reader = subprocess.Popen(["curl", "-sN", "-u", "admin:admin", "-H", "Accept: text/event-stream", location],
                              stdout=subprocess.PIPE, text=True)
    threading.Thread(target=lambda: events.extend(line for line in reader.stdout if line.startswith("data:")),
                     daemon=True).start()
    try:
        # A new access node: nothing to recover, and it says so.
        added = curl("POST", "data/psp:psp", json.dumps({"psp:access-node": [{"an-id": an_id}]}))
        assert added.status == 201, added
        wait_for(lambda: (state(an_id) or {}).get("status") == "up", f"{an_id} up")

        def notification(kind):
            for line in list(events):
                body = json.loads(line[len("data:"):])["ietf-restconf:notification"]
                if body.get(kind, {}).get("an-id") == an_id:
                    return body[kind]
            return None

        assert wait_for(lambda: notification("psp:recovered"), "a recovered event")["outcome"] == "nothing-stored"
        wait_for(lambda: (notification("psp:node-status-changed") or {}).get("status") in ("recovering", "up"),
                 "a node-status-changed event")
    finally:
        reader.kill()
        curl("DELETE", f"data/psp:psp/access-node={an_id}")
