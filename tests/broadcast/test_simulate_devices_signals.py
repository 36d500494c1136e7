"""`simulate_devices` as the demo runs it: stopped by a signal, it still prints its
counters; `--report-every` prints them while it runs; bad options are refused."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_sigterm_stops_the_run_and_prints_the_counters(tmp_path):
    secrets = tmp_path / "devices.json"
    secrets.write_text(json.dumps({"sim-1": "x" * 32, "sim-2": "y" * 32}))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bantin.settings.dev",
           "BANTIN_VAR_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    # Nothing answers at this address: the devices count their errors and go on trying.
    process = subprocess.Popen(
        [sys.executable, "-m", "bantin", "simulate_devices", "--count", "2",
         "--base-url", f"http://127.0.0.1:{closed_port()}", "--secrets", str(secrets),
         "--duration", "600", "--report-every", "0.5"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = json.loads(process.stdout.readline())  # a periodic report
        assert first["devices"] == 2 and "interrupted" not in first
        time.sleep(0.3)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    last = json.loads(out.strip().splitlines()[-1])
    assert last["interrupted"] == 1 and last["devices"] == 2
    assert last["retries"] >= first.get("retries", 0) and last["retries"] > 0


@pytest.mark.parametrize("option, value", [("--report-every", "-1"), ("--speed", "0"),
                                           ("--count", "0")])
def test_bad_options_are_refused(option, value, tmp_path):
    with pytest.raises(CommandError):
        call_command("simulate_devices", option, value, "--secrets", str(tmp_path / "s.json"))
