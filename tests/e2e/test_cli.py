"""The operator's command line (`./psp nodes`, `./psp lookup`, ...) against the running controller."""
import subprocess
from pathlib import Path

from test_access_network import state

PSP = str(Path(__file__).resolve().parents[2] / "psp")


def psp(*args):
    done = subprocess.run([PSP, *args], capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout, done.stderr


def test_nodes_is_a_table_of_every_access_node():
    code, out, _ = psp("nodes")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["AN-ID", "WHERE", "STATUS", "SESSIONS"]
    an_1 = next(line.split() for line in lines if line.startswith("an-1 "))
    assert an_1[1:4] == ["remote", "up", str(state("an-1")["session-count"])]


def test_coordination_shows_the_data_a_node_coordinates_and_its_reservations():
    granted_before = int(state("an-2")["reservations"]["granted"])
    code, out, _ = psp("coordination", "an-2")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].split() == ["OWNER", "STRIPES", "WHOLE", "FEWEST-LIVE", "HOLDERS-REPORTING", "COUNTED"]
    own = next(line.split() for line in lines if line.startswith("an-2 "))
    assert int(own[1]) > 0, "an up owner coordinates its own data"
    assert any(line.startswith("heartbeats: ") for line in lines)
    reservations = next(line for line in lines if line.startswith("reservations: "))
    granted = int(reservations.split(", ")[1].split()[0])
    assert granted >= granted_before > 0, "others reserved room on it for the chunks it holds: " + reservations
    usefulness = next(line for line in lines if line.startswith("usefulness: "))
    assert float(usefulness.split()[1]) > 0, usefulness
    assert usefulness.endswith("0 own stripes held back, 0 others' reservations refused"), usefulness
    code, _, err = psp("coordination", "an-99")
    assert code == 1 and "an-99 is neither hosted nor watched" in err, err


def test_sessions_lists_an_access_nodes_sessions():
    code, out, _ = psp("sessions", "an-2")
    assert code == 0
    count = state("an-2")["session-count"]
    assert out.splitlines()[-1] == f"{count} sessions"
    assert len(out.splitlines()) == count + 2


def test_sessions_filters_by_address():
    code, out, _ = psp("sessions", "an-2")
    row = out.splitlines()[1].split()
    code, out, _ = psp("sessions", "an-2", "--mac", row[1])
    assert code == 0, out
    assert out.splitlines()[-1] == "1 session"
    assert out.splitlines()[1].split()[:2] == row[:2]
    code, _, err = psp("sessions", "an-2", "--colour", "blue")
    assert code == 1 and err.startswith("psp: error: sessions takes --port VALUE, --mac VALUE, --address VALUE"), err


def test_lookup_store_and_availability_answer_in_words():
    code, out, _ = psp("lookup", "an-2")
    assert code == 0
    assert out.splitlines()[-1].startswith(f"complete: {state('an-2')['session-count']} sessions in 16 segments")
    code, out, _ = psp("store", "an-2")
    assert (code, out.strip()) == (0, "0 segments stored, 0 waiting")
    code, out, _ = psp("availability", "0.9", "16", "16", "--target", "0.99999")
    assert code == 0
    assert out.splitlines()[1].split()[:3] == ["16+16", "32", "0.999999998717867415"]
    assert out.splitlines()[-1] == "target 0.99999: 11 coding chunks"
    # An access network of eight: each node's chunks on the 7 others, 4 or 5 on each.
    code, out, _ = psp("availability", "0.9", "16", "16", "--nodes", "7")
    assert code == 0
    assert out.splitlines()[1].split()[:4] == ["16+16", "7", "0.997272", "0.002728"], out
    code, _, err = psp("availability", "0.9", "--nodes", "0")
    assert code == 1 and "holder-nodes must be 1 to 65535" in err, err


def test_delete_memory_then_restore_from_the_command_line():
    count = state("an-2")["session-count"]
    code, out, _ = psp("delete-memory", "an-2")
    assert code == 0 and out.startswith(f"{count} sessions forgotten"), out
    code, out, _ = psp("lookup", "an-2", "--restore")
    assert code == 0 and out.splitlines()[-1].endswith("restored into memory"), out


def test_bad_input_is_a_message_not_a_traceback():
    code, _, err = psp("store", "an-99")
    assert code == 1
    assert err.startswith("psp: error: access node an-99 is not hosted by this controller"), err
    code, _, err = psp("configure", "an-1", "four", "2")
    assert (code, err.strip()) == (1, "psp: error: M must be a whole number, not 'four'")
    code, _, err = psp("configure", "an-1", "0", "2")
    assert code == 1 and err.startswith("psp: error: ") and "data-chunks must be 1 to 128" in err, err
    code, _, err = psp("sessions")
    assert code == 2 and err.startswith("psp: wrong arguments for sessions"), err
    code, _, err = psp("lookup", "an-1", "--restor")
    assert (code, err.strip()) == (1, "psp: error: unknown option --restor; lookup takes --restore and --segments")
    assert "Traceback" not in err
