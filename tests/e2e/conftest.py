"""Shared clients for PSP's end-to-end tests.

The tests talk to a running PSP controller, started the way the README starts it
(`./psp start`; `./psp test` does that). RESTCONF is driven with curl, NETCONF with
ncclient, exactly as an operator or an NMS would.
"""
import json
import os
import socket
import subprocess
import xml.etree.ElementTree as ET

import pytest
from ncclient import manager

HOST = os.environ.get("PSP_HOST", "127.0.0.1")
RESTCONF = f"http://{HOST}:8181/rests"
NETCONF_PORT = int(os.environ.get("PSP_NETCONF_PORT", "2830"))
PSP_NS = "urn:psp:yang:psp"
RESTCONF_NS = "urn:ietf:params:xml:ns:yang:ietf-restconf"
JSON = "application/yang-data+json"
XML = "application/yang-data+xml"


class Response:
    """An HTTP response as curl saw it."""

    def __init__(self, status, content_type, body):
        self.status = status
        self.content_type = content_type
        self.body = body

    def json(self):
        return json.loads(self.body)

    def xml(self):
        return ET.fromstring(self.body)

    def error_messages(self):
        """The error-message leaves of a RESTCONF errors document, JSON or XML."""
        if "xml" in self.content_type:
            return [e.text for e in self.xml().iter(f"{{{RESTCONF_NS}}}error-message")]
        return [e.get("error-message") for e in self.json()["errors"]["error"]]

    def __repr__(self):
        return f"HTTP {self.status} ({self.content_type}): {self.body}"


def curl(method, path, body=None, content_type=JSON, accept=None):
    """Sends one RESTCONF request with curl and returns its response."""
    marker = "\n--psp-status--"
    command = ["curl", "-sS", "--max-time", "60", "-u", "admin:admin", "-X", method,
               "-w", marker + "%{http_code} %{content_type}", f"{RESTCONF}/{path}"]
    if accept:
        command += ["-H", f"Accept: {accept}"]
    if body is not None:
        command += ["-H", f"Content-Type: {content_type}", "--data-binary", body]
    done = subprocess.run(command, capture_output=True, text=True, timeout=90, check=True)
    payload, _, trailer = done.stdout.rpartition(marker)
    status, _, received_type = trailer.partition(" ")
    return Response(int(status), received_type, payload)



def free_port(kind):
    """A port of 127.0.0.1 that is free now, for a process the test starts: socket.SOCK_DGRAM or SOCK_STREAM."""
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def restconf():
    return curl


@pytest.fixture
def netconf():
    session = manager.connect(host=HOST, port=NETCONF_PORT, username="admin", password="admin",
                              hostkey_verify=False, allow_agent=False, look_for_keys=False, timeout=60)
    try:
        yield session
    finally:
        session.close_session()


def coding_config():
    """The configured coding as (data-chunks, coding-chunks), or None when nothing is configured."""
    response = curl("GET", "data/psp:psp/coding?content=config")
    if response.status == 404 or response.status == 409:
        return None
    assert response.status == 200, response
    coding = response.json()["psp:coding"]
    return coding.get("data-chunks"), coding.get("coding-chunks")


def set_coding(data_chunks, coding_chunks):
    response = curl("PUT", "data/psp:psp/coding", json.dumps(
        {"psp:coding": {"data-chunks": data_chunks, "coding-chunks": coding_chunks}}))
    assert response.status in (200, 201, 204), response


@pytest.fixture
def configured_coding():
    """Starts a test with coding 12 + 6 configured and leaves the defaults behind."""
    set_coding(12, 6)
    yield (12, 6)
    curl("DELETE", "data/psp:psp/coding")
