"""Data stays available without its owner: the holders of a crashed node's chunks elect a coordinator that re-creates
what dies with them, so that more crashes than the coding covers at once still lose nothing."""
import pytest

from test_access_network import NODES, psp, ready, rpc, state, wait_for

# None of them is an-6, which an earlier test encodes with 4 + 3: these all have 16 + 16.
OWNER, FIRST, SECOND = "an-8", ["an-7", "an-5"], ["an-4", "an-3"]
SURVIVORS = ["an-1", "an-2", "an-6"]


def coordination(an_id):
    return state(an_id)["coordination"]


def data_of(owner, nodes):
    """How an owner's data stands at the node that coordinates it, if one of the nodes does."""
    for an_id in nodes:
        for entry in coordination(an_id).get("coordinated-data", []):
            if entry["owner"] == owner:
                return entry
    return None


def whole(owner, nodes, holders_left):
    """Every stripe of the owner's data has all its chunks, as counted by a coordinator that hears from none but the
    nodes left: the crashed holders' last reports are too old to count."""
    entry = data_of(owner, nodes)
    return (entry is not None and entry["counted"] and int(entry["reporting-holders"]) <= holders_left
            and int(entry["stripes"]) > 0 and int(entry["whole-stripes"]) == int(entry["stripes"]))


@pytest.fixture
def crashed():
    """The nodes the test crashed and did not bring back; brought back after it, whatever its outcome."""
    down = []
    yield down
    for an_id in down:
        code, out = psp("restart", an_id)
        assert code == 0, out
    for an_id in NODES:
        wait_for(lambda: ready(state(an_id)), f"{an_id} up and stored again", timeout=180)


def crash(an_id, down):
    code, out = psp("crash", an_id)
    assert code == 0, out
    down.append(an_id)


def test_the_holders_repair_a_crashed_owners_data_so_that_two_more_crashes_lose_nothing(crashed):
    for an_id in [OWNER, *FIRST, *SECOND]:
        assert (state(an_id)["data-chunks"], state(an_id)["coding-chunks"]) == (16, 16)
    before = rpc("lookup", {"an-id": OWNER}).json()["psp:output"]
    assert before["outcome"] == "complete", before
    sessions = {(s["port"], s["mac"]) for s in before["session"]}
    alive = SURVIVORS + SECOND

    # The owner and two of its holders go: with 16 + 16 on eight nodes, every stripe loses about nine chunks.
    for an_id in [OWNER, *FIRST]:
        crash(an_id, crashed)
    # The holders of each crashed node's chunks elect a coordinator among the nodes left, which re-creates the lost
    # chunks; the owners that are up repair their own (or store their segments again). Every owner's data is whole
    # again before more nodes go.
    for owner in NODES:
        holders_left = len(alive) - (1 if owner in alive else 0)
        wait_for(lambda: whole(owner, alive, holders_left), f"{owner}'s data whole again", timeout=300)
    assert sum(int(coordination(an_id)["chunks-repaired"]) for an_id in alive) > 0

    # Two more go. Without the repair, the owner's stripes would keep about 14 chunks of the 16 a read needs.
    for an_id in SECOND:
        crash(an_id, crashed)
    read = rpc("lookup", {"an-id": OWNER}).json()["psp:output"]
    assert read["outcome"] == "complete", read
    assert {(s["port"], s["mac"]) for s in read["session"]} == sessions

    # The owner comes back and recovers everything from the three nodes left.
    code, out = psp("restart", OWNER)
    assert code == 0, out
    crashed.remove(OWNER)
    assert "recovery COMPLETE: 200 sessions" in out, out
