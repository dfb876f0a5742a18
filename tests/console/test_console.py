"""The psp: commands of the controller's Karaf console, driven over its SSH console with Karaf's own client.

Karaf 4.4's console opens sessions on Java 21 only (on Java 24 and later every session fails), so ./psp test runs
these tests after the end-to-end suite against the controller restarted on the Java 21 of tools/java21
(PSP_TEST_JAVA21). Every refusal must carry the message RESTCONF gives for the same input.
"""
import json
import os
import pty
import re
import select
import signal
import subprocess
import time
from pathlib import Path

import pytest

HOME = Path(os.environ.get("PSP_HOME", Path(__file__).resolve().parents[2] / ".psp/karaf"))
JAVA_HOME = os.environ.get("PSP_TEST_JAVA21") or os.environ.get("JAVA_HOME", "")
RESTCONF = "http://127.0.0.1:8181/rests"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]")


def console(command):
    """Runs one console command with bin/client; returns its output without terminal colours."""
    done = subprocess.run([str(HOME / "bin/client"), "-u", "karaf", "-p", "karaf", "-r", "10", "-b"],
                          input=command + "\n", capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, JAVA_HOME=JAVA_HOME))
    text = ANSI.sub("", done.stdout + done.stderr)
    # The client JVM's own notice about the vector module is not the command's.
    return "\n".join(line for line in text.splitlines() if not line.startswith("WARNING: ")) + "\n"


def state():
    """The controller's access nodes by AN id, over RESTCONF."""
    done = subprocess.run(["curl", "-sS", "-u", "admin:admin", f"{RESTCONF}/data/psp:access-network"],
                          capture_output=True, text=True, timeout=120, check=True)
    return {node["an-id"]: node for node in json.loads(done.stdout)["psp:access-network"]["access-node"]}


def access_nodes():
    return sorted(state())


def restconf_error(rpc, body):
    """The error message RESTCONF answers an RPC's input with."""
    done = subprocess.run(["curl", "-sS", "-u", "admin:admin", "-X", "POST", "-H",
                           "Content-Type: application/yang-data+json", "--data-binary",
                           json.dumps({"input": body}), f"{RESTCONF}/operations/psp:{rpc}"],
                          capture_output=True, text=True, timeout=120, check=True)
    return "; ".join(error["error-message"] for error in json.loads(done.stdout)["errors"]["error"])


def rows(output, first):
    """The table rows whose first cell is `first`."""
    return [[cell.strip() for cell in line.split("|")] for line in output.splitlines()
            if line.split("|")[0].strip() == first]


@pytest.fixture(scope="module", autouse=True)
def console_on_java21():
    if not JAVA_HOME:
        pytest.skip("no Java 21 (PSP_TEST_JAVA21)")


def test_nodes_is_a_table_of_every_access_node():
    output = console("psp:nodes")
    assert "AN-ID" in output and "LAST-RECOVERY" in output, output
    for an_id, node in state().items():
        assert rows(output, an_id) and rows(output, an_id)[0][2].startswith(node["status"]), output
    assert rows(output, "an-1")[0][1:4] == ["remote", "up", "200"], output


def test_store_lookup_and_sessions_read_a_node():
    assert re.search(r"^\d+ segments stored, 0 waiting$", console("psp:store an-1"), re.M)
    looked_up = console("psp:lookup an-1")
    assert "complete: 200 sessions in 16 segments" in looked_up, looked_up
    assert len([line for line in looked_up.splitlines() if re.match(r"\d+/\d+/\d+ ", line)]) == 200, looked_up
    assert "200 sessions" in console("psp:sessions an-1")
    one = rows(looked_up, looked_up.splitlines()[2].split("|")[0].strip())[0]
    filtered = console(f"psp:sessions --mac {one[1]} an-1")
    assert filtered.strip().endswith("1 session") and one[1] in filtered, filtered


def test_delete_memory_then_lookup_restore_brings_the_sessions_back():
    assert "200 sessions forgotten; psp:lookup --restore an-2 brings them back" in console("psp:delete-memory an-2")
    assert "complete: 200 sessions in 16 segments" in console("psp:lookup --restore an-2")
    assert "200 sessions" in console("psp:sessions an-2")


def test_delete_undelete_and_extend():
    deleted = re.search(r"^(\d+) chunks deleted; psp:undelete an-3 brings them back", console("psp:delete an-3"),
                        re.M)
    assert deleted, "delete"
    assert f"{deleted.group(1)} chunks brought back" in console("psp:undelete an-3")
    assert "complete: 200 sessions" in console("psp:lookup an-3")
    assert re.search(r"^\d+ chunks kept for 7200 s more$", console("psp:extend an-3 7200"), re.M)


def test_configure_encodes_a_node_again():
    assert "16 segments encoded as 8+4" in console("psp:configure an-4 8 4")
    # The node tells the controller its new state by a push, which may come a moment after the answer.
    deadline = time.monotonic() + 60
    while rows(console("psp:nodes"), "an-4")[0][5] != "8+4":
        assert time.monotonic() < deadline, "psp:nodes shows an-4 at 8+4 within 60 s"
        time.sleep(0.5)
    assert "16 segments encoded as 16+16" in console("psp:configure an-4 16 16")


def test_availability_plans_the_coding():
    output = console("psp:availability --target 0.99999 0.9 16 16")
    assert rows(output, "16+16")[0][1:] == ["32", "0.999999998717867415", "0.000000001282132585", "8.892067", "2.0",
                                             "10"], output
    assert "target 0.99999: 11 coding chunks" in output
    output = console("psp:availability --nodes 7 0.9 16 16")
    assert rows(output, "16+16")[0][1:4] == ["7", "0.997272", "0.002728"], output


def test_find_names_the_node_that_serves_an_address_and_holders_the_chunks_of_a_segment():
    one = next(line for line in console("psp:sessions an-5").splitlines() if re.match(r"\d+/\d+/\d+ ", line))
    port, mac = [cell.strip() for cell in one.split("|")[:2]]
    found = console(f"psp:find {mac}")
    assert any(row[1:3] == [port, mac] for row in rows(found, "an-5")), found
    assert f"with mac {mac} now" in found
    assert "no session with ipv4 203.0.113.254 now" in console("psp:find 203.0.113.254")
    segments = console("psp:lookup --segments an-5")
    content_hash = rows(segments, "0")[0][2]
    holders = console(f"psp:holders {content_hash}")
    assert "an-5 segment 0 generation" in holders and "16+16 chunks" in holders, holders
    assert len([line for line in holders.splitlines() if re.match(r"\d+\s+\|\s+an-\d", line)]) == 32, holders


@pytest.mark.parametrize("command, rpc, body", [
    ("psp:find --type ipv6-prefix 2001:db8::/48", "find-session", {"ipv6-prefix": "2001:db8::/48"}),
    ("psp:holders abc", "find-holders", {"content-hash": "abc"}),
    ("psp:configure an-1 0 4", "configure", {"an-id": "an-1", "data-chunks": 0, "coding-chunks": 4}),
    ("psp:configure an-1 4 129", "configure", {"an-id": "an-1", "data-chunks": 4, "coding-chunks": 129}),
    ("psp:extend an-1 2", "extend", {"an-id": "an-1", "storing-time-seconds": 2}),
    ("psp:availability 1.5", "availability", {"node-availability": "1.5"}),
    ("psp:availability --nodes 0 0.9", "availability", {"node-availability": "0.9", "holder-nodes": 0}),
    ("psp:lookup --restore an-99", "lookup", {"an-id": "an-99", "restore": True}),
    ("psp:store an-99", "store", {"an-id": "an-99"}),
])
def test_bad_input_is_refused_with_the_message_restconf_gives(command, rpc, body):
    refused = re.search(r"^Error executing command: (.+)$", console(command), re.M)
    assert refused, command
    # RESTCONF puts the same message in a sentence of its own about the request body.
    assert refused.group(1).split(" (")[0] in restconf_error(rpc, body), refused.group(1)


def test_a_bad_an_id_is_named():
    assert ("an-id must start with a letter or digit and hold only letters, digits and . _ : / -"
            in console('psp:store "bad id!"'))


def test_tab_completes_the_an_ids():
    pid, terminal = pty.fork()
    if pid == 0:
        os.execve(str(HOME / "bin/client"), [str(HOME / "bin/client"), "-u", "karaf", "-p", "karaf", "-r", "10"],
                  dict(os.environ, JAVA_HOME=JAVA_HOME, TERM="xterm"))
    seen = b""

    def read_until(pattern, timeout=120):
        nonlocal seen
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if select.select([terminal], [], [], 0.5)[0]:
                try:
                    seen += os.read(terminal, 65536)
                except OSError:
                    return False
                if re.search(pattern, ANSI.sub("", seen.decode(errors="replace"))):
                    return True
        return False

    try:
        assert read_until(r"@root>"), seen
        os.write(terminal, b"psp:lookup an-\t")
        # The candidates, laid out in columns: each AN id once, in whatever order the terminal's width gives.
        assert read_until("".join(rf"(?=[\s\S]*\b{re.escape(an_id)}\b)" for an_id in access_nodes())), seen
        os.write(terminal, b"\x15logout\r")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(terminal)
