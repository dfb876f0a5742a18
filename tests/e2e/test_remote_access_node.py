"""An access node whose agent runs as a process of its own, as on a real access node: the controller
watches it and drives it over the overlay; killed, its state shows it and its data still looks up."""
import json
import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from conftest import curl, free_port
from test_access_network import everything_stored, rpc, state, wait_for

ROOT = Path(__file__).resolve().parents[2]
REMOTE = "an-remote"


@pytest.fixture(scope="module")
def agent_process(tmp_path_factory):
    """Starts an agent process that joins the controller's overlay with 100 sample sessions."""
    key = curl("GET", "data/psp:psp/overlay/key?content=config").json()["psp:key"]
    settings = tmp_path_factory.mktemp("agent") / "an-remote.properties"
    settings.write_text(f"an-id = {REMOTE}\noverlay-key = {key}\n"
                        f"listen = 127.0.0.1:{free_port(socket.SOCK_DGRAM)}\ntcp-port = {free_port(socket.SOCK_STREAM)}\n"
                        f"bootstrap = 127.0.0.1:{state('an-1')['udp-port']}\nsample-sessions = 100\n")
    classpath = f"{ROOT}/agent-distribution/target/lib/*"
    java = Path(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")) / "bin/java"
    process = subprocess.Popen([str(java), "--add-modules", "jdk.incubator.vector", "-cp", classpath,
                                "org.psp.agent.AgentLauncher", str(settings)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()
    wait_for(lambda: any("sample sessions, stored" in line for line in lines) or process.poll() is not None,
             "the agent process up with its sample sessions")
    assert process.poll() is None, "".join(lines)
    yield process
    if process.poll() is None:
        process.kill()
    process.wait(timeout=30)
    curl("DELETE", f"data/psp:psp/remote-access-node={REMOTE}")


def watched_state():
    node = state(REMOTE)
    return node if node and node.get("status") else None


def test_a_watched_remote_access_node_shows_its_state(agent_process):
    added = curl("POST", "data/psp:psp", json.dumps({"psp:remote-access-node": [{"an-id": REMOTE}]}))
    assert added.status == 201, added
    node = wait_for(lambda: (lambda s: s if s and s["status"] == "up" else None)(watched_state()), "an-remote up")
    # A first store round that could not place every chunk is retried by the agent on its own.
    node = wait_for(lambda: (lambda s: s if everything_stored(s) else None)(watched_state()),
                    "an-remote's sample sessions stored", timeout=120)
    assert node["hosted"] is False
    assert node["session-count"] == 100
    assert len(node["node-id"]) == 32
    assert "session" not in node, "a remote node's sessions are not copied into the controller"


def test_every_operation_reaches_the_remote_access_node_over_the_overlay(agent_process):
    session = {"an-id": REMOTE, "port": "9/9/9", "mac": "02:00:00:00:99:09", "ipv4": "192.0.2.99",
               "lease-start": "2026-11-22T08:00:00Z", "lease-expiry": "2026-11-23T08:00:00Z"}
    assert rpc("add-session", session).status == 200
    stored = rpc("store", {"an-id": REMOTE})
    assert stored.status == 200, stored
    # The agent's own round, every second, may have stored the change already.
    assert stored.json()["psp:output"]["segments-stored"] in (0, 1), stored
    assert stored.json()["psp:output"]["pending-segments"] == 0
    read = rpc("lookup", {"an-id": REMOTE}).json()["psp:output"]
    assert ("9/9/9", "02:00:00:00:99:09") in {(s["port"], s["mac"]) for s in read["session"]}, read

    forgotten = rpc("delete-memory", {"an-id": REMOTE})
    assert forgotten.json()["psp:output"]["sessions-forgotten"] == 101, forgotten
    restored = rpc("lookup", {"an-id": REMOTE, "restore": True})
    assert restored.status == 200, restored
    assert restored.json()["psp:output"]["outcome"] == "complete"
    assert restored.json()["psp:output"]["session-count"] == 101
    wait_for(lambda: watched_state()["session-count"] == 101, "the restored sessions in the remote's state")

    assert rpc("extend", {"an-id": REMOTE, "storing-time-seconds": 7200}).json()["psp:output"]["chunks-extended"] > 0
    removed = rpc("remove-session", {"an-id": REMOTE, "port": "9/9/9", "mac": "02:00:00:00:99:09"})
    assert removed.json()["psp:output"]["removed"] is True
    assert rpc("store", {"an-id": REMOTE}).json()["psp:output"]["pending-segments"] == 0


def test_a_killed_agent_process_shows_as_unreachable_and_its_data_still_looks_up(agent_process):
    agent_process.send_signal(signal.SIGKILL)
    agent_process.wait(timeout=30)
    node = wait_for(lambda: (lambda s: s if s["status"] == "unreachable" else None)(watched_state()),
                    "an-remote unreachable")
    assert node["error"], node

    read = rpc("lookup", {"an-id": REMOTE})
    assert read.status == 200, read
    assert read.json()["psp:output"]["outcome"] == "complete"
    assert read.json()["psp:output"]["session-count"] == 100

    refused = rpc("store", {"an-id": REMOTE})
    assert refused.status == 400, refused
    assert refused.error_messages()[0].startswith(
        "access node an-remote is not hosted by this controller and did not answer over the overlay ("), refused
