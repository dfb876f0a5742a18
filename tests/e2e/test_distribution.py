"""The distribution as `./psp start` runs it."""
import os
from pathlib import Path

import pytest

PSP_HOME = Path(os.environ.get("PSP_HOME", Path(__file__).resolve().parents[2] / ".psp" / "karaf"))


@pytest.fixture
def karaf_log():
    log = PSP_HOME / "data" / "log" / "karaf.log"
    if not log.exists():
        pytest.skip(f"no controller log at {log}")
    return log.read_text(errors="replace")


def test_reed_solomon_runs_on_the_vector_kernel(karaf_log):
    assert "Reed-Solomon kernel vector-" in karaf_log, "the codec fell back to the scalar kernel"


def test_no_bundle_failed(karaf_log):
    assert "Error starting bundle" not in karaf_log
    assert "PSP northbound started" in karaf_log
