"""Access nodes that serve real DHCP: Kea in network namespaces, each beside an agent following its leases.

`./psp dhcp start` runs them beside a running PSP (`./psp test` does that as root). Subscribers are real
DHCP clients in the subscribers' namespaces: perfdhcp, relaying with option 82 like an access node's line
card, for many leases, and dhclient for one subscriber's own lease. The crash kills Kea and the agent with
kill -9 and wipes the lease file, as a power cut wipes an access node's RAM.
"""
import datetime
import json
import os
import pathlib
import re
import socket
import subprocess
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PSP = str(ROOT / "psp")
RAM = pathlib.Path(os.environ.get("PSP_DHCP_RAM", "/dev/shm/psp-dhcp"))
DHCP = pathlib.Path(os.environ.get("PSP_DHCP", ROOT / ".psp" / "dhcp"))
RESTCONF = "http://127.0.0.1:8181/rests"
# Option 82 as the line card adds it: circuit-id "1/1/7", remote-id "olt-7".
OPTION_82 = "82," + "01" + "05" + b"1/1/7".hex() + "02" + "05" + b"olt-7".hex()


def psp(*args):
    done = subprocess.run([PSP, *args], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"./psp {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


def kea(index, command, **arguments):
    """Sends a command to an access node's Kea over its control socket; returns the answer's arguments."""
    with socket.socket(socket.AF_UNIX) as channel:
        channel.settimeout(30)
        channel.connect(str(RAM / f"an-dhcp-{index}" / "kea4.sock"))
        request = {"command": command}
        if arguments:
            request["arguments"] = arguments
        channel.sendall(json.dumps(request).encode())
        answer = b""
        while chunk := channel.recv(65536):
            answer += chunk
    reply = json.loads(answer)
    assert reply["result"] in (0, 3), reply
    return reply.get("arguments", {})


def leases(index):
    """Kea's leases, by address."""
    return {lease["ip-address"]: lease for lease in kea(index, "lease4-get-all").get("leases", [])}


def subscribers(index, *command, timeout=300):
    return subprocess.run(["ip", "netns", "exec", f"psp-sub-{index}", *command], capture_output=True, text=True,
                          timeout=timeout)


def perfdhcp(index, rate, exchanges, clients=None, extra=()):
    """Runs perfdhcp in the subscribers' namespace as a relay (giaddr 10.9N.0.2); returns its statistics."""
    command = ["perfdhcp", "-4", "-r", str(rate), "-n", str(exchanges), "-o", OPTION_82, "-l", f"pspd{index}-sub",
               *extra]
    if clients:
        command += ["-M", str(clients)]
    else:
        command += ["-R", "1000000"]
    done = subscribers(index, *command, f"10.{90 + index}.0.1")
    # 3: some exchanges did not complete (a datagram lost on a loaded machine); their statistics tell.
    assert done.returncode in (0, 3), done.stdout + done.stderr
    return done.stdout


def statistic(output, name):
    """The first value of a perfdhcp statistic."""
    return int(re.search(rf"^{name}: (\d+)", output, re.MULTILINE).group(1))


def dhclient(index, name):
    """Runs dhclient once in the subscribers' namespace (it keeps its lease file); returns its output."""
    files = DHCP / f"{name}"
    done = subscribers(index, "dhclient", "-4", "-1", "-v", "-sf", "/bin/true", "-lf", f"{files}.leases",
                       "-pf", f"{files}.pid", f"pspd{index}-sub", timeout=120)
    pid = pathlib.Path(f"{files}.pid")
    if pid.exists():
        # A client that got its lease stays in the background to renew it; this one is done.
        subprocess.run(["kill", pid.read_text().strip()], check=False)
        pid.unlink()
    return done.stdout + done.stderr


def rpc(name, **arguments):
    done = subprocess.run(["curl", "-sS", "--max-time", "120", "-u", "admin:admin", "-H",
                           "Content-Type: application/json", "-H", "Accept: application/json", "-X", "POST",
                           "--data-binary", json.dumps({"input": arguments}), f"{RESTCONF}/operations/psp:{name}"],
                          capture_output=True, text=True, timeout=180, check=True)
    return json.loads(done.stdout)


def wait_for(condition, what, seconds=180):
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        time.sleep(0.5)


def agent_log(index):
    return (DHCP / f"an-dhcp-{index}.log").read_text()


@pytest.fixture(scope="module", autouse=True)
def dhcp_access_nodes():
    psp("dhcp", "start", "2")
    yield
    psp("dhcp", "stop")


def stored_in_overlay(index, kea_leases):
    """Whether the overlay holds exactly these leases (address, MAC, expiry) as the access node's sessions: the
    last change made before a crash is in the overlay only after the next store round."""
    output = rpc("lookup", **{"an-id": f"an-dhcp-{index}"}).get("psp:output", {})
    stored = {session["ipv4"]: (session["mac"], epoch(session["lease-expiry"])) for session in
              output.get("session", [])}
    return stored == {address: (lease["hw-address"], lease["cltt"] + lease["valid-lft"])
                      for address, lease in kea_leases.items()}


def epoch(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def test_every_lease_kea_grants_is_a_session_in_the_overlay():
    stats = perfdhcp(2, 500, 1200)
    assert statistic(stats, "non unique addresses") == 0, stats
    granted = leases(2)
    assert len(granted) >= 1000, stats
    wait_for(lambda: stored_in_overlay(2, granted), "an-dhcp-2's leases stored in the overlay")
    address, lease = sorted(granted.items())[0]
    found = rpc("sessions", **{"an-id": "an-dhcp-2", "address": address})["psp:output"]
    assert found["matching"] == 1
    session = found["session"][0]
    assert session["mac"] == lease["hw-address"]
    assert session["port"] == "1/1/7" and session["circuit-id"] == "1/1/7" and session["remote-id"] == "olt-7"
    # The agent sums up the delays of the changes it stored every 10 s.
    wait_for(lambda: re.search(r"^an-dhcp-2 kea lease changes stored: \d+, lease to overlay p50 \d+ ms",
                               agent_log(2), re.MULTILINE), "an-dhcp-2's summary of lease-to-overlay delays", 60)


def test_released_and_renewed_leases_follow():
    before = leases(1)
    first = dhclient(1, "release-test")
    address = re.search(r"DHCPACK of ([\d.]+)", first).group(1)
    wait_for(lambda: rpc("sessions", **{"an-id": "an-dhcp-1", "address": address})["psp:output"]["matching"] == 1,
             "dhclient's lease as a session")
    renewed = dhclient(1, "release-test")
    assert f"DHCPACK of {address}" in renewed, renewed
    release = subscribers(1, "dhclient", "-4", "-r", "-v", "-sf", "/bin/true", "-lf", f"{DHCP}/release-test.leases",
                          "-pf", f"{DHCP}/release-test.pid", "pspd1-sub", timeout=120)
    assert release.returncode == 0, release.stdout + release.stderr
    wait_for(lambda: address not in leases(1), "Kea dropping the released lease")
    wait_for(lambda: rpc("sessions", **{"an-id": "an-dhcp-1", "address": address})["psp:output"]["matching"] == 0,
             "the released lease's session ending")
    assert leases(1).keys() == before.keys()


def test_leases_changed_through_keas_control_channel_follow_and_expired_ones_end():
    perfdhcp(2, 200, 20)
    (gone, _), (expiring, lease) = sorted(leases(2).items())[:2]
    for address in (gone, expiring):
        wait_for(lambda: rpc("sessions", **{"an-id": "an-dhcp-2", "address": address})["psp:output"]["matching"]
                 == 1, f"{address} as a session")
    kea(2, "lease4-del", **{"ip-address": gone})
    wait_for(lambda: rpc("sessions", **{"an-id": "an-dhcp-2", "address": gone})["psp:output"]["matching"] == 0,
             "the deleted lease's session ending")
    now = int(time.time())
    kea(2, "lease4-update", **{"ip-address": expiring, "hw-address": lease["hw-address"], "subnet-id": 1,
                               "valid-lft": 2, "expire": now + 2})
    # Kea reclaims expired leases every 10 s by default.
    wait_for(lambda: rpc("sessions", **{"an-id": "an-dhcp-2", "address": expiring})["psp:output"]["matching"] == 0,
             "the expired lease's session ending", 90)


def test_a_crashed_access_node_gives_kea_its_leases_back_and_no_subscriber_notices():
    perfdhcp(1, 500, 1200)
    subscriber = dhclient(1, "cpe")
    address = re.search(r"DHCPACK of ([\d.]+)", subscriber).group(1)
    before = leases(1)
    assert address in before and len(before) >= 1000
    wait_for(lambda: stored_in_overlay(1, before), "an-dhcp-1's leases stored in the overlay")
    clients = DHCP / "clients-1.txt"
    clients.write_text("".join(lease["hw-address"] + "\n" for lease in before.values()))

    psp("dhcp", "crash", "an-dhcp-1")
    assert not (RAM / "an-dhcp-1" / "kea-leases4.csv").exists()
    kea_log = DHCP / "an-dhcp-1.kea.log"
    log_offset = kea_log.stat().st_size
    restarted = psp("dhcp", "restart", "an-dhcp-1")
    assert re.search(rf"an-dhcp-1 serves subnet 10\.91\.0\.0/16 with {len(before)} leases", restarted), restarted

    after = leases(1)
    assert after.keys() == before.keys()
    for address_of, lease in before.items():
        back = after[address_of]
        assert back["hw-address"] == lease["hw-address"]
        assert back["cltt"] == lease["cltt"] and back["valid-lft"] == lease["valid-lft"]
        assert back.get("user-context") == lease.get("user-context")

    # The subscriber whose CPE asks again for its address keeps it.
    again = dhclient(1, "cpe")
    assert f"DHCPACK of {address}" in again and "DHCPNAK" not in again, again
    # perfdhcp's clients come back: each gets the address it had, none gets one another holds.
    stats = perfdhcp(1, 500, 600, clients=clients)
    assert statistic(stats, "non unique addresses") == 0, stats
    assert statistic(stats, "rejected leases") == 0, stats
    final = leases(1)
    assert final.keys() == before.keys(), "no client got a new address"
    assert all(final[a]["hw-address"] == before[a]["hw-address"] for a in before)
    since_restart = kea_log.read_text()[log_offset:]
    assert "NAK" not in since_restart, "Kea refused no client since its restart"
    wait_for(lambda: stored_in_overlay(1, final), "an-dhcp-1's leases in the overlay after the restart")
    found = rpc("sessions", **{"an-id": "an-dhcp-1", "address": address})["psp:output"]
    assert found["matching"] == 1 and found["session"][0]["mac"] == before[address]["hw-address"]
