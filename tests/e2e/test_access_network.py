"""The local access network that `./psp start` creates (one agent process per access node, watched by the
controller over the overlay), driven over RESTCONF (JSON and XML), NETCONF and `./psp crash` / `./psp restart`."""
import json
import subprocess
import time
from pathlib import Path

import pytest
from ncclient.operations import RPCError
from ncclient.xml_ import to_ele

from conftest import JSON, PSP_NS, XML, curl

NODES = [f"an-{i}" for i in range(1, 9)]
PSP = str(Path(__file__).resolve().parents[2] / "psp")


def rpc(name, body, content_type=JSON, accept=JSON):
    return curl("POST", f"operations/psp:{name}", json.dumps({"input": body}) if content_type == JSON else body,
                content_type=content_type, accept=accept)


def state(an_id):
    response = curl("GET", f"data/psp:access-network/access-node={an_id}")
    if response.status == 404 or response.status == 409:
        return None
    assert response.status == 200, response
    return response.json()["psp:access-node"][0]


def wait_for(condition, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"{what} within {timeout} s")


def sessions_of(an_id):
    output = rpc("lookup", {"an-id": an_id})
    assert output.status == 200, output
    return {(s["port"], s["mac"]) for s in output.json()["psp:output"].get("session", [])}


def memory_of(an_id, **filters):
    """The sessions in an access node's memory, read a page at a time with the sessions RPC."""
    sessions, offset = [], 0
    while True:
        page = rpc("sessions", {"an-id": an_id, "offset": offset, "limit": 80, **filters})
        assert page.status == 200, page
        output = page.json()["psp:output"]
        sessions += output.get("session", [])
        offset += 80
        if offset >= output["matching"]:
            return sessions


def keys(sessions):
    return {(s["port"], s["mac"]) for s in sessions}


def psp(*args):
    """Runs the launcher, as an operator would; returns its exit code and output."""
    done = subprocess.run([PSP, *args], capture_output=True, text=True, timeout=600)
    return done.returncode, done.stdout + done.stderr


def everything_stored(node):
    """Whether a node's sessions are all in the overlay: nothing waiting to be stored, nothing in flight."""
    return node["store-progress"]["pending-segments"] == 0 and node["store-progress"]["storing-segments"] == 0


def ready(node):
    """Up, with its sample sessions, all of them stored in the overlay."""
    return node and node["status"] == "up" and node["session-count"] == 200 and everything_stored(node)


def test_every_access_node_is_up_with_its_sample_sessions_stored():
    for an_id in NODES:
        node = wait_for(lambda: (lambda s: s if ready(s) else None)(state(an_id)), f"{an_id} up and stored")
        assert len(NODES) // 2 <= node["routing-table-size"] <= len(NODES) - 1, "it knows most of the others"
        assert len(node["node-id"]) == 32
        assert int(node["stored-chunks"]) > 0, "it stores chunks of the others"
        reservations = node["reservations"]
        assert int(reservations["used"]) > 0, "the chunks it holds came with room reserved first"
        assert int(reservations["used"]) <= int(reservations["granted"])
        assert node["hosted"] is False, "an agent process of its own, watched over the overlay"
        assert "session" not in node, "sessions are read on demand, not copied into the controller's state"
        assert len(memory_of(an_id)) == 200


def test_lookup_in_json_reads_exactly_the_sessions_in_memory():
    output = rpc("lookup", {"an-id": "an-1"})
    assert output.status == 200, output
    read = output.json()["psp:output"]
    assert read["outcome"] == "complete"
    assert read["session-count"] == 200
    assert keys(read["session"]) == keys(memory_of("an-1"))


def test_lookup_in_xml():
    output = rpc("lookup", f'<input xmlns="{PSP_NS}"><an-id>an-2</an-id></input>', content_type=XML, accept=XML)
    assert output.status == 200, output
    assert output.xml().find(f"{{{PSP_NS}}}outcome").text == "complete"
    assert len(output.xml().findall(f"{{{PSP_NS}}}session")) == 200


def test_delete_memory_then_lookup_with_restore_brings_the_sessions_back():
    before = sessions_of("an-3")
    forgotten = rpc("delete-memory", {"an-id": "an-3"})
    assert forgotten.status == 200, forgotten
    assert forgotten.json()["psp:output"]["sessions-forgotten"] == 200
    wait_for(lambda: state("an-3")["session-count"] == 0, "memory empty")
    restored = rpc("lookup", {"an-id": "an-3", "restore": True})
    assert restored.json()["psp:output"]["outcome"] == "complete", restored
    assert restored.json()["psp:output"]["session-count"] == 200, restored
    wait_for(lambda: state("an-3")["session-count"] == 200, "sessions back in memory")
    assert keys(memory_of("an-3")) == before


def test_delete_hides_the_copy_until_undelete():
    deleted = rpc("delete", {"an-id": "an-4"})
    assert deleted.status == 200, deleted
    assert deleted.json()["psp:output"]["chunks-deleted"] > 0
    assert rpc("lookup", {"an-id": "an-4"}).json()["psp:output"]["outcome"] == "nothing-stored"
    refused = rpc("delete-memory", {"an-id": "an-4"})
    assert refused.status >= 400, refused
    assert refused.error_messages() == [
        "access node an-4: the copy in the overlay is deleted; undelete or store it first. The memory is kept"], refused
    assert state("an-4")["session-count"] == 200, "nothing forgotten"
    undeleted = rpc("undelete", {"an-id": "an-4"})
    assert undeleted.json()["psp:output"]["chunks-restored"] == deleted.json()["psp:output"]["chunks-deleted"]
    assert rpc("lookup", {"an-id": "an-4"}).json()["psp:output"]["outcome"] == "complete"


def test_add_session_is_stored_and_remove_session_takes_it_away():
    session = {"an-id": "an-5", "port": "1/1/4000", "mac": "02:00:00:00:40:00", "ipv4": "192.0.2.40",
               "ipv6": "2001:db8::40", "lease-start": "2026-11-22T08:00:00Z", "lease-expiry": "2026-11-23T08:00:00Z",
               "outer-vlan": 100, "inner-vlan": 200, "circuit-id": "olt eth 1/1/4000", "remote-id": "sub-4000"}
    added = rpc("add-session", session)
    assert added.status == 200, added
    assert 0 <= added.json()["psp:output"]["segment"] < 16
    stored = rpc("store", {"an-id": "an-5"})
    assert stored.status == 200, stored
    assert ("1/1/4000", "02:00:00:00:40:00") in sessions_of("an-5")
    removed = rpc("remove-session", {"an-id": "an-5", "port": "1/1/4000", "mac": "02:00:00:00:40:00"})
    assert removed.json()["psp:output"]["removed"] is True
    rpc("store", {"an-id": "an-5"})
    assert ("1/1/4000", "02:00:00:00:40:00") not in sessions_of("an-5")
    again = rpc("remove-session", {"an-id": "an-5", "port": "1/1/4000", "mac": "02:00:00:00:40:00"})
    assert again.json()["psp:output"]["removed"] is False


def test_configure_encodes_one_node_again_and_extend_keeps_its_chunks():
    before = sessions_of("an-6")
    configured = rpc("configure", {"an-id": "an-6", "data-chunks": 4, "coding-chunks": 3})
    assert configured.status == 200, configured
    assert configured.json()["psp:output"]["segments-encoded"] == 16
    wait_for(lambda: (state("an-6")["data-chunks"], state("an-6")["coding-chunks"]) == (4, 3), "the state shows 4 + 3")
    assert sessions_of("an-6") == before
    extended = rpc("extend", {"an-id": "an-6", "storing-time-seconds": 7200})
    assert extended.json()["psp:output"]["chunks-extended"] == 16 * 7


BAD_INPUT = [
    ("lookup", {"an-id": "an-99", "restore": True}, "access node an-99 is not hosted by this controller"),
    ("store", {"an-id": "an-99"}, "access node an-99 is not hosted by this controller"),
    ("delete", {"an-id": "an-99"}, "access node an-99 is not hosted by this controller"),
    ("undelete", {"an-id": "an-99"}, "access node an-99 is not hosted by this controller"),
    ("delete-memory", {"an-id": "an-99"}, "access node an-99 is not hosted by this controller"),
    ("configure", {"an-id": "an-99", "data-chunks": 4, "coding-chunks": 2},
     "access node an-99 is not hosted by this controller"),
    ("extend", {"an-id": "an-99", "storing-time-seconds": 60}, "access node an-99 is not hosted by this controller"),
    ("remove-session", {"an-id": "an-99", "port": "1/1/1", "mac": "02:00:00:00:00:01"},
     "access node an-99 is not hosted by this controller"),
    ("store", {"an-id": "bad id!"}, "an-id must start with a letter or digit and hold only letters,"),
    ("configure", {"an-id": "an-1", "data-chunks": 0, "coding-chunks": 2}, "data-chunks must be 1 to 128"),
    ("configure", {"an-id": "an-1", "data-chunks": 4, "coding-chunks": 200}, "coding-chunks must be 0 to 128"),
    ("configure", {"an-id": "an-1", "data-chunks": "four", "coding-chunks": 2}, "four"),
    ("extend", {"an-id": "an-1", "storing-time-seconds": 1}, "storing-time-seconds must be at least 3"),
    ("add-session", {"an-id": "an-1", "port": "1/1/1", "mac": "not a mac", "lease-start": "2026-11-22T08:00:00Z",
                     "lease-expiry": "2026-11-23T08:00:00Z"}, "not a mac"),
    ("add-session", {"an-id": "an-1", "port": "1/1/1", "mac": "02:00:00:00:00:01", "ipv4": "10.0.0.300",
                     "lease-start": "2026-11-22T08:00:00Z", "lease-expiry": "2026-11-23T08:00:00Z"}, "10.0.0.300"),
    ("add-session", {"an-id": "an-1", "port": "1/1/1", "mac": "02:00:00:00:00:01", "ipv4": "192.0.2.1",
                     "lease-start": "2026-11-23T08:00:00Z", "lease-expiry": "2026-11-22T08:00:00Z"},
     "lease expiry 2026-11-22T08:00:00Z is before its start 2026-11-23T08:00:00Z"),
    ("add-session", {"an-id": "an-1", "port": "1/1/1", "mac": "02:00:00:00:00:01", "outer-vlan": 5000,
                     "lease-start": "2026-11-22T08:00:00Z", "lease-expiry": "2026-11-23T08:00:00Z"},
     "outer-vlan must be 0 to 4094"),
    ("add-session", {"an-id": "an-1", "port": "1/1/1", "lease-start": "2026-11-22T08:00:00Z",
                     "lease-expiry": "2026-11-23T08:00:00Z"}, "mac is required"),
    ("add-session", {"an-id": "an-1", "port": "1/1/1", "mac": "02:00:00:00:00:01",
                     "lease-start": "2026-11-22T08:00:00Z", "lease-expiry": "2026-11-23T08:00:00Z"},
     "a session leases an IPv4 or an IPv6 address"),
    ("store", {}, "an-id is required"),
    ("lookup", {}, "an-id is required"),
    ("configure", {"an-id": "an-1", "data-chunks": 4}, "coding-chunks is required"),
]


@pytest.mark.parametrize("name,body,expected", BAD_INPUT)
def test_bad_input_is_a_400_with_a_message_and_changes_nothing(name, body, expected):
    before = state("an-1")["session-count"]
    response = rpc(name, body)
    assert response.status == 400, response
    assert any(expected in message for message in response.error_messages()), response
    assert state("an-1")["session-count"] == before
    assert (state("an-1")["data-chunks"], state("an-1")["coding-chunks"]) == (16, 16)


def test_lookup_of_a_node_never_seen_finds_nothing_stored():
    output = rpc("lookup", {"an-id": "an-99"})
    assert output.status == 200, output
    assert output.json()["psp:output"]["outcome"] == "nothing-stored"


def test_bad_input_in_xml_is_a_400_with_a_message():
    response = rpc("delete-memory", f'<input xmlns="{PSP_NS}"><an-id>an-99</an-id></input>', content_type=XML,
                   accept=XML)
    assert response.status == 400, response
    assert response.error_messages() == ["access node an-99 is not hosted by this controller and did not answer "
                                         "over the overlay (no overlay member has its id)"]


@pytest.mark.parametrize("node,expected", [
    ({"an-id": "x y"}, "an-id must start with a letter or digit"),
    ({"an-id": "an-50", "udp-port": 70000}, "70000"),
    ({"an-id": "an-50", "bootstrap": ["nonsense"]}, "a bootstrap contact is host:port"),
    ({"an-id": "an-50", "sample-sessions": -1}, "-1"),
])
def test_bad_access_node_config_is_a_400_and_starts_nothing(node, expected):
    response = curl("POST", "data/psp:psp", json.dumps({"psp:access-node": [node]}))
    assert response.status == 400, response
    assert any(expected in message for message in response.error_messages()), response
    assert state("an-50") is None


def test_the_sessions_rpc_filters_by_port_mac_and_address_and_pages():
    everything = memory_of("an-8")
    assert len(everything) == 200
    assert [(s["port"], s["mac"]) for s in everything] == sorted((s["port"], s["mac"]) for s in everything), \
        "ordered by port, then MAC"
    wanted = everything[37]
    address = wanted.get("ipv4") or wanted["ipv6"]
    assert memory_of("an-8", address=address) == [wanted]
    assert memory_of("an-8", mac=wanted["mac"]) == [wanted]
    assert wanted in memory_of("an-8", port=wanted["port"])
    page = rpc("sessions", {"an-id": "an-8", "offset": 190, "limit": 50}).json()["psp:output"]
    assert (page["matching"], len(page["session"])) == (200, 10)
    refused = rpc("sessions", {"an-id": "an-8", "limit": 0})
    assert refused.status == 400 and any("limit must be 1 to 10000" in m for m in refused.error_messages()), refused


def test_a_crashed_access_node_can_still_be_looked_up_and_recovers_when_restarted(netconf):
    before = sessions_of("an-7")
    recovered_before = state("an-7")["last-recovery"]["finished"]
    netconf.create_subscription()

    code, out = psp("crash", "an-7")
    assert code == 0, out
    assert "access node an-7 crashed (kill -9)" in out
    wait_for(lambda: state("an-7")["status"] == "unreachable", "an-7 unreachable")

    # Its data is still in the overlay, read through the others.
    read = rpc("lookup", {"an-id": "an-7"})
    assert read.json()["psp:output"]["outcome"] == "complete", read
    assert keys(read.json()["psp:output"]["session"]) == before

    # Back with empty memory: it recovers by itself and says so.
    code, out = psp("restart", "an-7")
    assert code == 0, out
    assert "access node an-7 is up again" in out and "recovery COMPLETE: 200 sessions" in out, out
    node = wait_for(lambda: (lambda s: s if s["status"] == "up"
                             and s["last-recovery"]["finished"] != recovered_before else None)(state("an-7")),
                    "an-7 up again with a new recovery")
    assert node["last-recovery"]["outcome"] == "complete"
    assert node["last-recovery"]["session-count"] == 200
    assert keys(memory_of("an-7")) == before

    # A NETCONF subscriber heard it, from the controller watching it.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        notification = netconf.take_notification(timeout=5)
        if notification is None:
            continue
        recovered = to_ele(notification.notification_xml).find(f".//{{{PSP_NS}}}recovered")
        if recovered is not None and recovered.find(f"{{{PSP_NS}}}an-id").text == "an-7":
            assert recovered.find(f"{{{PSP_NS}}}outcome").text == "complete"
            assert recovered.find(f"{{{PSP_NS}}}session-count").text == "200"
            return
    pytest.fail("no recovered notification for an-7 within 30 s")


def test_crash_and_restart_name_a_node_that_does_not_exist():
    code, out = psp("crash", "an-99")
    assert code == 1 and "no access node an-99 in the local access network" in out, out
    code, out = psp("restart")
    assert code == 1 and "name the access node" in out, out


def netconf_rpc(netconf, name, leaves):
    reply = netconf.dispatch(to_ele(f'<{name} xmlns="{PSP_NS}">{leaves}</{name}>'))
    return to_ele(reply.xml)


def test_operations_over_netconf(netconf):
    reply = netconf_rpc(netconf, "lookup", "<an-id>an-8</an-id>")
    assert reply.find(f".//{{{PSP_NS}}}outcome").text == "complete"
    assert len(reply.findall(f".//{{{PSP_NS}}}session")) == 200
    reply = netconf_rpc(netconf, "store", "<an-id>an-8</an-id>")
    assert reply.find(f".//{{{PSP_NS}}}pending-segments").text == "0"
    reply = netconf_rpc(netconf, "extend", "<an-id>an-8</an-id><storing-time-seconds>3600</storing-time-seconds>")
    # Every chunk whose holder is up; a node stopped by another test took the chunks it held with it.
    assert 0 < int(reply.find(f".//{{{PSP_NS}}}chunks-extended").text) <= 16 * 32


def test_bad_input_over_netconf_is_an_rpc_error(netconf):
    with pytest.raises(RPCError) as error:
        netconf_rpc(netconf, "delete-memory", "<an-id>an-99</an-id>")
    assert "access node an-99 is not hosted by this controller" in str(error.value)


def test_access_nodes_are_added_and_removed_over_netconf(netconf):
    edit = (f'<config><psp xmlns="{PSP_NS}"><access-node><an-id>an-netconf</an-id>'
            '<sample-sessions>10</sample-sessions></access-node></psp></config>')
    netconf.edit_config(target="candidate", config=edit)
    netconf.commit()
    # Up first, then its sample sessions are made: the state shows them within a tick or two.
    node = wait_for(lambda: (lambda s: s if s and s["status"] == "up" and s["session-count"] == 10 else None)(
        state("an-netconf")), "an-netconf up with its 10 sample sessions")
    assert node["hosted"] is True
    assert "session" not in node, "a hosted node's sessions are read on demand too"
    assert len(memory_of("an-netconf")) == 10
    remove = (f'<config xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><psp xmlns="{PSP_NS}">'
              '<access-node nc:operation="delete"><an-id>an-netconf</an-id></access-node></psp></config>')
    netconf.edit_config(target="candidate", config=remove)
    netconf.commit()
    wait_for(lambda: state("an-netconf") is None, "an-netconf gone")
