"""The session index: which access node serves a subscriber, by address, /64, MAC or circuit-id (find-session), and
where a stored segment's chunks are (find-holders), over RESTCONF, NETCONF and the command line."""
import datetime
import json
import subprocess
from pathlib import Path

import pytest
from ncclient.operations import RPCError
from ncclient.xml_ import to_ele

from conftest import PSP_NS
from test_access_network import memory_of, psp, rpc, state, wait_for

PSP = str(Path(__file__).resolve().parents[2] / "psp")


def find(**keyword):
    response = rpc("find-session", keyword)
    assert response.status == 200, response
    return response.json()["psp:output"]


def serves(output, an_id, session):
    return any(found["an-id"] == an_id and found["port"] == session["port"] and found["mac"] == session["mac"]
               for found in output.get("session", []))


def prefix64(address):
    groups = address.split(":")
    return ":".join(groups[:4]) + "::/64"


def test_every_key_of_a_session_finds_its_access_node():
    session = next(s for s in memory_of("an-2") if "ipv4" in s and "ipv6" in s and "circuit-id" in s)
    for key, value in [("ipv4", session["ipv4"]), ("ipv6", session["ipv6"]), ("ipv6-prefix", prefix64(session["ipv6"])),
                       ("mac", session["mac"].upper()), ("circuit-id", session["circuit-id"])]:
        output = find(**{key: value})
        assert serves(output, "an-2", session), (key, value, output)
        assert output["index-nodes-answered"] >= 1
    found = next(s for s in find(mac=session["mac"])["session"] if s["an-id"] == "an-2")
    assert found["lease-start"] == session["lease-start"]
    assert found["lease-end"] == session["lease-expiry"]
    # Only where the session is served and its lease: nothing else of it is in the index.
    assert "outer-vlan" not in found and "remote-id" not in found


def test_an_added_session_is_found_and_once_removed_only_at_its_time():
    start = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)).replace(microsecond=0)
    session = {"an-id": "an-5", "port": "1/1/4177", "mac": "02:00:00:00:41:77", "ipv4": "192.0.2.177",
               "lease-start": start.isoformat().replace("+00:00", "Z"),
               "lease-expiry": (start + datetime.timedelta(days=1)).isoformat().replace("+00:00", "Z")}
    assert rpc("add-session", session).status == 200
    assert rpc("store", {"an-id": "an-5"}).status == 200
    wait_for(lambda: serves(find(ipv4="192.0.2.177"), "an-5", session), "192.0.2.177 found on an-5", timeout=30)

    removed = rpc("remove-session", {"an-id": "an-5", "port": "1/1/4177", "mac": "02:00:00:00:41:77"})
    assert removed.json()["psp:output"]["removed"] is True
    assert rpc("store", {"an-id": "an-5"}).status == 200
    wait_for(lambda: not serves(find(ipv4="192.0.2.177"), "an-5", session), "192.0.2.177 gone on an-5", timeout=30)
    # Who had the address half an hour ago: the ended session, until the index's retention runs out.
    then = (start + datetime.timedelta(minutes=30)).isoformat().replace("+00:00", "Z")
    earlier = find(ipv4="192.0.2.177", at=then)
    assert serves(earlier, "an-5", session), earlier
    ended = next(s for s in earlier["session"] if s["an-id"] == "an-5")
    assert ended["lease-end"] < session["lease-expiry"]


def test_find_session_over_netconf(netconf):
    session = memory_of("an-3")[0]
    reply = to_ele(netconf.dispatch(to_ele(
        f'<find-session xmlns="{PSP_NS}"><mac>{session["mac"]}</mac></find-session>')).xml)
    found = [(s.find(f"{{{PSP_NS}}}an-id").text, s.find(f"{{{PSP_NS}}}port").text)
             for s in reply.iter(f"{{{PSP_NS}}}session")]
    assert ("an-3", session["port"]) in found, found


def test_find_holders_names_the_node_of_every_chunk_of_a_segment():
    read = rpc("lookup", {"an-id": "an-4"}).json()["psp:output"]
    segment = min(read["stored-segment"], key=lambda s: s["segment"])
    assert len(segment["content-hash"]) == 64
    response = rpc("find-holders", {"content-hash": segment["content-hash"]})
    assert response.status == 200, response
    stored = response.json()["psp:output"]["stored-object"]
    assert len(stored) == 1, stored
    assert (stored[0]["owner"], stored[0]["segment"], stored[0]["generation"]) == \
        ("an-4", segment["segment"], segment["generation"])
    holders = stored[0]["holder"]
    assert sorted(h["chunk"] for h in holders) == list(range(stored[0]["data-chunks"] + stored[0]["coding-chunks"]))
    # Each holder by node id and, as the controller knows every node of the local network, by name.
    assert {h["an-id"] for h in holders} <= {f"an-{i}" for i in range(1, 9)} - {"an-4"}


@pytest.mark.parametrize("name,body,expected", [
    ("find-session", {"ipv4": "192.0.2.300"}, "192.0.2.300"),
    ("find-session", {"mac": "02:00:00:00:41"}, "02:00:00:00:41"),
    ("find-session", {"hostname": "cpe-77.example.net"}, "hostname"),
    ("find-session", {}, "one of ipv4, ipv6, ipv6-prefix, mac or circuit-id is required"),
    ("find-session", {"ipv6-prefix": "2001:db8::/48"}, "sessions are indexed by their /64 prefix"),
    ("find-session", {"ipv4": "192.0.2.1", "at": "yesterday"}, "yesterday"),
    ("find-holders", {"content-hash": "abc"}, "content-hash must be a SHA-256 in 64 hexadecimal digits"),
])
def test_bad_input_is_a_400_with_a_message(name, body, expected):
    response = rpc(name, body)
    assert response.status == 400, response
    assert any(expected in message for message in response.error_messages()), response


def test_bad_input_over_netconf_is_an_rpc_error(netconf):
    with pytest.raises(RPCError) as error:
        netconf.dispatch(to_ele(f'<find-session xmlns="{PSP_NS}"><ipv6-prefix>2001:db8::/48</ipv6-prefix>'
                                '</find-session>'))
    assert "sessions are indexed by their /64 prefix" in str(error.value)


def test_psp_find_guesses_the_key_type_and_prints_a_table():
    session = next(s for s in memory_of("an-6") if "ipv4" in s)
    for value in (session["ipv4"], session["mac"]):
        done = subprocess.run([PSP, "find", value], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert lines[0].split()[:3] == ["AN-ID", "PORT", "MAC"]
        assert any(line.split()[:3] == ["an-6", session["port"], session["mac"]] for line in lines[1:]), done.stdout
    done = subprocess.run([PSP, "find", "203.0.113.254"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stdout.startswith("no session with ipv4 203.0.113.254 now"), done.stdout
    done = subprocess.run([PSP, "find", "x", "--type", "hostname"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr == "psp: error: unknown key type hostname; one of ipv4, ipv6, ipv6-prefix, mac, circuit-id\n"


def test_a_crashed_access_node_is_still_found_and_found_again_once_it_recovered():
    # an-7, which test_access_network crashes too: the other tests take it as it comes back.
    session = memory_of("an-7")[0]
    code, out = psp("crash", "an-7")
    assert code == 0, out
    wait_for(lambda: state("an-7")["status"] == "unreachable", "an-7 unreachable")
    # The index lives on the other nodes: the subscriber is still placed on an-7, whose data the overlay keeps.
    assert serves(find(mac=session["mac"]), "an-7", session)
    code, out = psp("restart", "an-7")
    assert code == 0, out
    wait_for(lambda: state("an-7")["status"] == "up", "an-7 up again")
    assert serves(find(mac=session["mac"]), "an-7", session)
