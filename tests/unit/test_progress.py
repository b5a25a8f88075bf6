"""Progress bars: drawn on a terminal, silent anywhere else (a scheduler's log, a pipe)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

SCRIPT = (
    "from orchestrator.progress import bar\n"
    "with bar('extract idb gcc', total=4, unit='h of data') as b:\n"
    "    b.update(4)\n"
)


def test_a_bar_is_drawn_on_a_terminal() -> None:
    controller, terminal = pty.openpty()
    os.system(f"stty cols 100 rows 40 < {os.ttyname(terminal)}")
    process = subprocess.run(
        [sys.executable, "-c", SCRIPT], stderr=terminal, stdout=subprocess.DEVNULL, check=True
    )
    os.close(terminal)
    drawn = os.read(controller, 4096).decode()
    os.close(controller)
    assert process.returncode == 0
    assert "extract idb gcc" in drawn and "h of data" in drawn


def test_a_bar_is_silent_off_a_terminal() -> None:
    process = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    )
    assert process.stderr == ""
