"""`./psp simulate`: PSP's access network in virtual time, as a user runs it."""
import os
import re
import subprocess
from pathlib import Path

PSP = str(Path(__file__).resolve().parents[2] / "psp")


def simulate(*args):
    env = dict(os.environ, PSP_SIM_HEAP="1g")
    done = subprocess.run([PSP, "simulate", *args], capture_output=True, text=True, timeout=600, env=env)
    return done.returncode, done.stdout, done.stderr


def digest(out):
    return re.search(r"trace digest ([0-9a-f]{16})", out).group(1)


def test_a_churn_run_prints_its_summary_writes_its_series_and_repeats_itself(tmp_path):
    args = ["--nodes", "24", "--hours", "0.1", "--churn", "2", "--sessions", "20", "--coding", "4+4", "--seed", "3"]
    code, out, err = simulate(*args, "--csv", str(tmp_path / "first.csv"))
    assert code in (0, 3), err
    for line in ("run:", "churn:", "data:", "lookups:", "hops:", "traffic:", "memory:"):
        assert any(row.startswith(line) for row in out.splitlines()), out
    rows = (tmp_path / "first.csv").read_text().splitlines()
    assert rows[0].startswith("minute,live_nodes,crashes,")
    assert len(rows) >= 6
    again, out_again, _ = simulate(*args, "--csv", str(tmp_path / "again.csv"))
    assert again == code
    assert digest(out_again) == digest(out)
    assert (tmp_path / "again.csv").read_text() == (tmp_path / "first.csv").read_text()


def test_lookups_at_a_size_is_a_table_row(tmp_path):
    code, out, err = simulate("lookups", "--nodes", "50", "--csv", str(tmp_path / "lookups.csv"))
    assert code == 0, err
    row = next(line.split() for line in out.splitlines() if line.strip().startswith("50 "))
    assert row[1] == "1000"
    assert float(row[3]) >= 1


def test_bad_options_get_a_message_and_the_usage():
    code, out, err = simulate("--nodes", "many")
    assert code == 2
    assert "psp simulate: --nodes takes a number, was many" in err
    assert "usage: psp simulate" in err
    assert "Exception" not in err and "\tat " not in err
    code, _, err = simulate("--coding", "16")
    assert code == 2
    assert "--coding takes M+K" in err
    code, _, err = simulate("--frobnicate", "1")
    assert code == 2
    assert "unknown option --frobnicate" in err
