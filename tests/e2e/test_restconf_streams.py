"""PSP's notifications over RESTCONF: an event stream created with sal-remote, read as server-sent events."""
import json
import subprocess
import threading
import uuid

from conftest import curl
from test_access_network import state, wait_for

PSP_MODULE = "(urn:psp:yang:psp?revision=2026-12-03)"


class PspEvents:
    """PSP's notifications of some kinds, read from a RESTCONF event stream created for them, as an NMS reads them."""

    def __init__(self, *kinds):
        created = curl("POST", "operations/sal-remote:create-notification-stream", json.dumps(
            {"input": {"notifications": [PSP_MODULE + kind for kind in kinds]}}))
        assert created.status == 200, created
        name = created.json()["sal-remote:output"]["notification-stream-identifier"]
        streams = curl("GET", "data/ietf-restconf-monitoring:restconf-state/streams").json()
        stream = next(s for s in streams["ietf-restconf-monitoring:streams"]["stream"] if s["name"] == name)
        location = next(a["location"] for a in stream["access"] if a["encoding"] == "json")
        self.events = []
        self.reader = subprocess.Popen(["curl", "-sN", "-u", "admin:admin", "-H", "Accept: text/event-stream",
                                        location], stdout=subprocess.PIPE, text=True)
        threading.Thread(target=lambda: self.events.extend(
            line for line in self.reader.stdout if line.startswith("data:")), daemon=True).start()

    def of(self, kind, an_id):
        """The bodies of the notifications of one kind (psp:recovered, …) about one access node, so far."""
        bodies = (json.loads(line[len("data:"):])["ietf-restconf:notification"] for line in list(self.events))
        return [body[kind] for body in bodies if body.get(kind, {}).get("an-id") == an_id]

    def close(self):
        self.reader.kill()
        self.reader.wait(timeout=30)


def test_a_restconf_event_stream_carries_psp_notifications():
    an_id = f"an-stream-{uuid.uuid4().hex[:8]}"
    events = PspEvents("node-status-changed", "recovered")
    try:
        # A new access node: nothing to recover, and it says so.
        added = curl("POST", "data/psp:psp", json.dumps({"psp:access-node": [{"an-id": an_id}]}))
        assert added.status == 201, added
        wait_for(lambda: (state(an_id) or {}).get("status") == "up", f"{an_id} up")

        assert wait_for(lambda: events.of("psp:recovered", an_id), "a recovered event")[0]["outcome"] \
            == "nothing-stored"
        wait_for(lambda: any(event.get("status") in ("recovering", "up")
                             for event in events.of("psp:node-status-changed", an_id)),
                 "a node-status-changed event")
    finally:
        events.close()
        curl("DELETE", f"data/psp:psp/access-node={an_id}")
