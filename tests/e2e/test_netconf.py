"""PSP over NETCONF (RFC 6241), driven with ncclient."""
from decimal import Decimal

import pytest
from ncclient.operations import RPCError
from ncclient.xml_ import to_ele

from conftest import PSP_NS, coding_config

CODING_FILTER = ("subtree", f'<psp xmlns="{PSP_NS}"/>')


def availability(netconf, leaves):
    reply = netconf.dispatch(to_ele(f'<availability xmlns="{PSP_NS}">{leaves}</availability>'))
    return {child.tag.split("}")[1]: child.text for child in to_ele(reply.xml) if child.tag.startswith("{" + PSP_NS)}


def coding_in(data):
    coding = to_ele(data.xml).find(f".//{{{PSP_NS}}}coding")
    if coding is None:
        return None
    return (int(coding.find(f"{{{PSP_NS}}}data-chunks").text), int(coding.find(f"{{{PSP_NS}}}coding-chunks").text))


def coding_edit(data_chunks, coding_chunks):
    return (f'<config><psp xmlns="{PSP_NS}"><coding><data-chunks>{data_chunks}</data-chunks>'
            f'<coding-chunks>{coding_chunks}</coding-chunks></coding></psp></config>')


def test_server_announces_psp_and_candidate(netconf):
    capabilities = list(netconf.server_capabilities)
    assert any(PSP_NS in capability and "module=psp" in capability for capability in capabilities)
    assert ":candidate" in netconf.server_capabilities


def test_availability_rpc(netconf):
    output = availability(netconf, "<node-availability>0.9</node-availability><data-chunks>16</data-chunks>"
                                   "<coding-chunks>16</coding-chunks>"
                                   "<target-availability>0.99999</target-availability>")
    assert f"{Decimal(output['unavailability']):.5e}" == "1.28213e-9"
    assert output["replication-copies"] == "10"
    assert output["coding-chunks-for-target"] == "11"


def test_edit_config_on_candidate_then_commit(netconf, configured_coding):
    netconf.edit_config(target="candidate", config=coding_edit(24, 8))
    # Not running before the commit ...
    assert coding_in(netconf.get_config(source="running", filter=CODING_FILTER)) == configured_coding
    netconf.commit()
    # ... running after it, over NETCONF and RESTCONF alike.
    assert coding_in(netconf.get_config(source="running", filter=CODING_FILTER)) == (24, 8)
    assert coding_config() == (24, 8)
    output = availability(netconf, "<node-availability>0.9</node-availability>")
    assert (output["data-chunks"], output["coding-chunks"]) == ("24", "8")


@pytest.mark.parametrize("leaves, expected", [
    ("<node-availability>1.5</node-availability>", "1.5"),
    ("<node-availability>0.9</node-availability><data-chunks>0</data-chunks>", "'0'"),
    ("<node-availability>0.9</node-availability><data-chunks>150</data-chunks><coding-chunks>150</coding-chunks>",
     "'150'"),
    ("<node-availability>abc</node-availability>", "Illegal character"),
    ("<data-chunks>16</data-chunks>", "node-availability is required"),
    ("<node-availability>0.9</node-availability><no-such-leaf>1</no-such-leaf>", "no-such-leaf"),
], ids=["pn-1.5", "m-0", "m+k-300", "pn-not-a-number", "missing-pn", "unknown-leaf"])
def test_bad_rpc_input_is_an_rpc_error(netconf, leaves, expected):
    with pytest.raises(RPCError) as raised:
        availability(netconf, leaves)
    error = raised.value
    assert error.severity == "error"
    assert expected in f"{error.message} {error.info}", f"{error.tag}: {error.message} / {error.info}"


@pytest.mark.parametrize("data_chunks, coding_chunks", [(0, 4), (150, 150), (100, 200)],
                         ids=["m-0", "m+k-300", "k-200"])
def test_bad_config_is_an_rpc_error_and_changes_nothing(netconf, configured_coding, data_chunks, coding_chunks):
    with pytest.raises(RPCError):
        netconf.edit_config(target="candidate", config=coding_edit(data_chunks, coding_chunks))
        netconf.commit()
    netconf.discard_changes()
    assert coding_in(netconf.get_config(source="running", filter=CODING_FILTER)) == configured_coding
    assert coding_config() == configured_coding
