"""An access node whose agent runs in Apache Karaf with the psp-agent feature (the access-node distribution,
agent-karaf-distribution), configured by a file in its etc/: the controller watches and drives it like any remote
node; a changed file restarts the agent with its sessions recovered, a deleted one stops it.

The Karaf runs on the Java 21 that ./psp test provides (PSP_TEST_JAVA21, from tools/java21), OpenDaylight's own
Java, on which Karaf's console works too; without it, on JAVA_HOME. The Pax Exam test in tests/karaf-it runs a
stock Karaf with the feature on the build's JDK."""
import glob
import json
import os
import signal
import socket
import subprocess
import uuid
from pathlib import Path

import pytest

from conftest import curl, free_port
from test_access_network import everything_stored, rpc, state, wait_for
from test_restconf_streams import PspEvents

ROOT = Path(__file__).resolve().parents[2]
# An id of its own per run: the overlay keeps an access node's sessions after it stops, and a later run against the
# same controller must start from nothing stored.
AN = f"an-karaf-{uuid.uuid4().hex[:8]}"
JAVA_HOME = os.environ.get("PSP_TEST_JAVA21") or os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
CONSOLE_USER = "operator"
CONSOLE_PASSWORD = uuid.uuid4().hex


def java_major():
    shown = subprocess.run([f"{JAVA_HOME}/bin/java", "-XshowSettings:properties", "-version"], capture_output=True,
                           text=True, check=True).stderr
    return int(next(line.split("=")[1].strip().split(".")[0] for line in shown.splitlines()
                    if line.strip().startswith("java.specification.version")))


class AccessNodeKaraf:
    """The access-node distribution unpacked in a folder of its own, run with bin/karaf server."""

    def __init__(self, home):
        tarballs = glob.glob(str(ROOT / "agent-karaf-distribution/target/psp-agent-karaf-*.tar.gz"))
        assert tarballs, "the access-node distribution is not built"
        subprocess.run(["tar", "xzf", tarballs[0], "-C", str(home)], check=True)
        self.home = next(Path(home).glob("psp-agent-karaf-*"))
        self.process = None
        # Karaf's SSH console, off the controller's port 8101, with an operator account (the distribution has none).
        self.ssh_port = free_port(socket.SOCK_STREAM)
        shell = self.home / "etc/org.apache.karaf.shell.cfg"
        shell.write_text(shell.read_text().replace("sshPort = 8101", f"sshPort = {self.ssh_port}"))
        with open(self.home / "etc/users.properties", "a") as users:
            users.write(f"\n{CONSOLE_USER} = {CONSOLE_PASSWORD},_g_:admingroup\n"
                        "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n")

    def configure(self, name, text):
        """Writes etc/org.psp.agent-NAME.cfg whole: staged beside etc/ and moved in, so Karaf never reads half."""
        staged = self.home / f"{name}.cfg.new"
        staged.write_text(text)
        os.replace(staged, self.home / "etc" / f"org.psp.agent-{name}.cfg")

    def unconfigure(self, name):
        (self.home / "etc" / f"org.psp.agent-{name}.cfg").unlink()

    def console(self, commands):
        """Runs console commands over Karaf's SSH console with bin/client; returns what they printed."""
        done = subprocess.run([str(self.home / "bin/client"), "-a", str(self.ssh_port), "-u", CONSOLE_USER, "-p",
                               CONSOLE_PASSWORD, "-r", "10", "-b"], input=commands, capture_output=True, text=True,
                              timeout=120, env=dict(os.environ, JAVA_HOME=JAVA_HOME))
        return done.stdout

    def start(self):
        env = dict(os.environ, JAVA_HOME=JAVA_HOME)
        self.process = subprocess.Popen([str(self.home / "bin/karaf"), "server"], cwd=self.home, env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    def log(self):
        path = self.home / "data/log/karaf.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)


def settings(key_file, udp_port, tcp_port):
    return (f"an-id = {AN}\noverlay-key-file = {key_file}\nlisten = 127.0.0.1:{udp_port}\ntcp-port = {tcp_port}\n"
            f"bootstrap = 127.0.0.1:{state('an-1')['udp-port']}\nsample-sessions = 100\n")


@pytest.fixture(scope="module")
def karaf(tmp_path_factory):
    """The access-node Karaf with one agent configured, joined to the controller's overlay."""
    home = tmp_path_factory.mktemp("an-karaf")
    node = AccessNodeKaraf(home)
    key_file = home / "overlay.key"
    key_file.write_text(curl("GET", "data/psp:psp/overlay/key?content=config").json()["psp:key"] + "\n")
    key_file.chmod(0o600)
    node.key_file = key_file
    node.udp_port = free_port(socket.SOCK_DGRAM)
    node.configure(AN, settings(key_file, node.udp_port, free_port(socket.SOCK_STREAM)))
    node.start()
    try:
        wait_for(lambda: f"{AN}: UP" in node.log() or node.process.poll() is not None, f"{AN} up in Karaf",
                 timeout=180)
        assert node.process.poll() is None, node.log()[-5000:]
        yield node
    finally:
        node.stop()
        curl("DELETE", f"data/psp:psp/remote-access-node={AN}")


def watched():
    node = state(AN)
    return node if node and node.get("status") else None


def test_the_controller_watches_and_drives_the_agent_in_karaf(karaf):
    added = curl("POST", "data/psp:psp", json.dumps({"psp:remote-access-node": [{"an-id": AN}]}))
    assert added.status == 201, added
    node = wait_for(lambda: (lambda s: s if s and s["status"] == "up" and s["session-count"] == 100
                             and everything_stored(s) else None)(watched()),
                    f"{AN} up with its sample sessions stored", timeout=120)
    assert node["hosted"] is False
    assert node["udp-port"] == karaf.udp_port

    session = {"an-id": AN, "port": "7/7/7", "mac": "02:00:00:00:77:07", "ipv4": "192.0.2.77",
               "lease-start": "2026-11-22T08:00:00Z", "lease-expiry": "2026-11-23T08:00:00Z"}
    assert rpc("add-session", session).status == 200
    stored = rpc("store", {"an-id": AN})
    assert stored.status == 200 and stored.json()["psp:output"]["pending-segments"] == 0, stored
    read = rpc("lookup", {"an-id": AN}).json()["psp:output"]
    assert read["outcome"] == "complete" and read["session-count"] == 101, read


@pytest.mark.skipif(java_major() >= 24, reason="Karaf 4.4's console opens no session on Java 24 and later")
def test_the_console_shows_the_agent_feature_and_its_bundles_active(karaf):
    listed = karaf.console("feature:list -i\nbundle:list\n")
    assert any(line.startswith("psp-agent ") and "Started" in line for line in listed.splitlines()), listed
    for name in ("PSP :: access-node agent", "PSP :: erasure", "PSP :: Kad overlay", "PSP :: chunk store"):
        assert any(name in line and "Active" in line for line in listed.splitlines()), listed


def test_a_changed_file_restarts_the_agent_and_it_recovers_its_sessions(karaf):
    events = PspEvents("recovered")
    try:
        new_tcp_port = free_port(socket.SOCK_STREAM)
        karaf.configure(AN, settings(karaf.key_file, karaf.udp_port, new_tcp_port))
        node = wait_for(lambda: (lambda s: s if s and s["status"] == "up" and s.get("tcp-port") == new_tcp_port
                                 and s.get("last-recovery", {}).get("outcome") == "complete" else None)(watched()),
                        f"{AN} back on its new TCP port with its sessions recovered", timeout=120)
        assert node["last-recovery"]["session-count"] == 101, node
        assert node["session-count"] == 101
        # An NMS hears of it as of any node the controller watches.
        recovered = wait_for(lambda: events.of("psp:recovered", AN), f"a recovered notification for {AN}")
        assert recovered[-1]["outcome"] == "complete" and recovered[-1]["session-count"] == 101, recovered
    finally:
        events.close()


def test_a_deleted_file_stops_the_agent_and_its_data_still_looks_up(karaf):
    karaf.unconfigure(AN)
    wait_for(lambda: f"PSP access node {AN} (org.psp.agent-{AN}.cfg) stopped" in karaf.log(), f"{AN} stopped")
    node = wait_for(lambda: (lambda s: s if s["status"] == "unreachable" else None)(watched()),
                    f"{AN} unreachable", timeout=120)
    assert node["error"], node
    read = rpc("lookup", {"an-id": AN}).json()["psp:output"]
    assert read["outcome"] == "complete" and read["session-count"] == 101, read


def test_a_bad_value_is_logged_with_the_setting_named_and_starts_nothing(karaf):
    bad = f"{AN}-bad"
    karaf.configure(bad, f"an-id = {bad}\noverlay-key-file = {karaf.key_file}\nsegments = 0\n")
    wait_for(lambda: f"PSP agent configuration org.psp.agent-{bad}.cfg: segments must be 1 to 65536, was 0; "
             "the agent does not start" in karaf.log(), "the bad value logged")
    assert f"{bad}: RECOVERING" not in karaf.log()
