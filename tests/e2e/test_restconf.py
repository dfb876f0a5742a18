"""PSP over RESTCONF (RFC 8040), driven with curl."""
import json
from decimal import Decimal

import pytest

from conftest import JSON, PSP_NS, XML, coding_config

AVAILABILITY = "operations/psp:availability"


def availability(restconf, **leaves):
    return restconf("POST", AVAILABILITY, json.dumps({"input": leaves}))


def test_availability_known_answers_in_json(restconf):
    response = availability(restconf, **{"node-availability": 0.9, "data-chunks": 16, "coding-chunks": 16,
                                         "target-availability": "0.99999"})
    assert response.status == 200, response
    output = response.json()["psp:output"]
    unavailability = Decimal(output["unavailability"])
    assert f"{unavailability:.5e}" == "1.28213e-9"
    assert Decimal(output["availability"]) + unavailability == 1
    assert Decimal(output["storage-overhead"]) == 2
    assert int(output["replication-copies"]) == 10
    assert output["coding-chunks-for-target"] == 11
    assert abs(Decimal(output["nines"]) - Decimal("8.892067")) < Decimal("0.000001")


def test_a_request_that_accepts_anything_is_answered_in_its_bodys_encoding_else_json(restconf):
    # curl sends "Accept: */*"; the answer must not depend on how the controller happened to start.
    for _ in range(3):
        read = restconf("GET", "data/psp:access-network?fields=access-node(an-id)")
        assert read.status == 200 and read.content_type.startswith(JSON), read
        asked = restconf("POST", AVAILABILITY, json.dumps({"input": {"node-availability": 0.9}}))
        assert asked.status == 200 and asked.content_type.startswith(JSON), asked
        body = f'<input xmlns="{PSP_NS}"><node-availability>0.9</node-availability></input>'
        asked = restconf("POST", AVAILABILITY, body, content_type=XML)
        assert asked.status == 200 and asked.content_type.startswith(XML), asked


def test_availability_in_xml(restconf):
    body = (f'<input xmlns="{PSP_NS}"><node-availability>0.9</node-availability>'
            '<data-chunks>10</data-chunks><coding-chunks>4</coding-chunks></input>')
    response = restconf("POST", AVAILABILITY, body, content_type=XML, accept=XML)
    assert response.status == 200, response
    assert "xml" in response.content_type
    output = response.xml()
    leaf = {child.tag.split("}")[1]: child.text for child in output}
    assert leaf["data-chunks"] == "10" and leaf["coding-chunks"] == "4"
    assert Decimal(leaf["storage-overhead"]) == Decimal("1.4")
    assert f"{Decimal(leaf['unavailability']):.4e}" == "9.2302e-3"
    assert "coding-chunks-for-target" not in leaf


def test_availability_on_fewer_nodes_than_chunks(restconf):
    # 16 + 16 in an access network of eight: each node's 32 chunks on the other 7, lost when 4 of them are down.
    response = availability(restconf, **{"node-availability": 0.9, "data-chunks": 16, "coding-chunks": 16,
                                         "holder-nodes": 7, "target-availability": "0.99999"})
    assert response.status == 200, response
    output = response.json()["psp:output"]
    assert output["holder-nodes"] == 7
    assert Decimal(output["unavailability"]) == Decimal("0.002728")
    assert output["coding-chunks-for-target"] > 11


def test_replication_with_six_copies_is_the_papers_five_nines(restconf):
    # m = 1 is replication: k + 1 copies, lost only when all are down.
    response = availability(restconf, **{"node-availability": 0.9, "data-chunks": 1, "coding-chunks": 4})
    assert response.status == 200, response
    assert Decimal(response.json()["psp:output"]["availability"]) == Decimal("0.99999")


def test_availability_uses_the_configured_coding(restconf, configured_coding):
    response = availability(restconf, **{"node-availability": 0.9})
    assert response.status == 200, response
    output = response.json()["psp:output"]
    assert (output["data-chunks"], output["coding-chunks"]) == configured_coding


def test_coding_config_put_and_get_in_json_and_xml(restconf, configured_coding):
    assert coding_config() == (12, 6)
    body = f'<coding xmlns="{PSP_NS}"><data-chunks>20</data-chunks><coding-chunks>8</coding-chunks></coding>'
    response = restconf("PUT", "data/psp:psp/coding", body, content_type=XML)
    assert response.status in (200, 204), response
    response = restconf("GET", "data/psp:psp?content=config", accept=XML)
    assert response.status == 200, response
    coding = response.xml().find(f"{{{PSP_NS}}}coding")
    assert coding.find(f"{{{PSP_NS}}}data-chunks").text == "20"
    assert coding.find(f"{{{PSP_NS}}}coding-chunks").text == "8"


@pytest.mark.parametrize("body, expected", [
    ('{"input":{"node-availability":1.5}}', "between 0 and 1"),
    ('{"input":{"node-availability":0}}', "between 0 and 1"),
    ('{"input":{"node-availability":15}}', "15"),
    ('{"input":{"node-availability":"abc"}}', "Illegal character"),
    ('{"input":{"node-availability":0.9,"data-chunks":0}}', "data-chunks must be 1 to 128"),
    ('{"input":{"node-availability":0.9,"data-chunks":150,"coding-chunks":150}}', "data-chunks must be 1 to 128"),
    ('{"input":{"node-availability":0.9,"data-chunks":100,"coding-chunks":200}}', "coding-chunks must be 0 to 128"),
    ('{"input":{"node-availability":0.9,"target-availability":1}}', "between 0 and 1"),
    ('{"input":{"node-availability":0.9,"holder-nodes":0}}', "holder-nodes must be 1 to 65535"),
    ('{"input":{"data-chunks":16}}', "node-availability is required"),
    ('{"input":{"node-availability":0.9', "Invalid JSON"),
    ('{"input":{"node-availability":0.9,"no-such-leaf":1}}', "no-such-leaf"),
], ids=["pn-1.5", "pn-0", "pn-15", "pn-not-a-number", "m-0", "m+k-300", "k-200", "target-1", "holder-nodes-0",
         "missing-pn",
        "malformed-json", "unknown-leaf"])
def test_bad_rpc_input_is_a_400_with_a_message(restconf, body, expected):
    response = restconf("POST", AVAILABILITY, body)
    assert response.status == 400, response
    messages = response.error_messages()
    assert any(expected in (message or "") for message in messages), response


def test_bad_rpc_input_in_xml_is_a_400_with_a_message(restconf):
    body = f'<input xmlns="{PSP_NS}"><node-availability>1.5</node-availability></input>'
    response = restconf("POST", AVAILABILITY, body, content_type=XML, accept=XML)
    assert response.status == 400, response
    assert any("between 0 and 1" in message for message in response.error_messages()), response


@pytest.mark.parametrize("body, content_type, expected", [
    ('{"psp:coding":{"data-chunks":0,"coding-chunks":4}}', JSON, "data-chunks must be 1 to 128"),
    ('{"psp:coding":{"data-chunks":150,"coding-chunks":150}}', JSON, "data-chunks must be 1 to 128"),
    ('{"psp:coding":{"data-chunks":100,"coding-chunks":200}}', JSON, "coding-chunks must be 0 to 128"),
    ('{"psp:coding":{"data-chunks":"many"}}', JSON, "many"),
    ('{"psp:coding":{"data-chunks":10', JSON, "Error parsing input"),
    (f'<coding xmlns="{PSP_NS}"><data-chunks>0</data-chunks></coding>', XML, "data-chunks must be 1 to 128"),
], ids=["m-0", "m+k-300", "k-200", "wrong-type", "malformed-json", "xml-m-0"])
def test_bad_config_is_a_400_and_changes_nothing(restconf, configured_coding, body, content_type, expected):
    response = restconf("PUT", "data/psp:psp/coding", body, content_type=content_type)
    assert response.status == 400, response
    assert any(expected in (message or "") for message in response.error_messages()), response
    assert coding_config() == configured_coding


@pytest.mark.parametrize("overlay, expected", [
    ({"min-timeout-ms": 5}, "min-timeout-ms must be 10 to 1000"),
    ({"max-timeout-ms": 60000}, "max-timeout-ms must be 1000 to 30000"),
    ({"alpha": 0}, "alpha must be 1 to 16"),
    ({"bucket-size": 21}, "bucket-size must be 1 to 20"),
    ({"key": "short"}, "the overlay key must have 16 to 256 characters"),
])
def test_bad_overlay_config_is_a_400_and_changes_nothing(restconf, overlay, expected):
    before = restconf("GET", "data/psp:psp/overlay?content=config").body
    response = restconf("PATCH", "data/psp:psp/overlay", json.dumps({"psp:overlay": overlay}))
    assert response.status == 400, response
    assert any(expected in (message or "") for message in response.error_messages()), response
    assert restconf("GET", "data/psp:psp/overlay?content=config").body == before
