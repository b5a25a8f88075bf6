"""The deployment examples under docs/deploy/ are well-formed: the systemd unit passes
`systemd-analyze verify`, the Prometheus scrape configuration parses and scrapes the server's
default port."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from orchestrator.config.options import BY_KEY

DEPLOY = Path(__file__).resolve().parents[2] / "docs" / "deploy"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_the_systemd_unit_verifies(tmp_path: Path) -> None:
    unit = (DEPLOY / "gim-server.service").read_text()
    assert "ExecStart=/opt/infomart/.venv/bin/gim --config /etc/infomart/gim.yml server" in unit
    # Verified with this machine's gim in place of the install path (verify checks ExecStart).
    local = unit.replace("/opt/infomart/.venv/bin/gim", str(Path(sys.executable).parent / "gim"))
    local = local.replace("User=infomart", "User=root")
    (tmp_path / "gim-server.service").write_text(local)
    result = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / "gim-server.service")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Unknown" not in result.stderr and "ignoring" not in result.stderr, result.stderr


def test_the_prometheus_scrape_configuration_parses() -> None:
    document = yaml.safe_load((DEPLOY / "prometheus.yml").read_text())
    (job,) = document["scrape_configs"]
    assert job["metrics_path"] == "/metrics"
    (target,) = job["static_configs"][0]["targets"]
    assert target == f"127.0.0.1:{BY_KEY['server.port'].default}"
