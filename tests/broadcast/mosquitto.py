"""A real mosquitto for the MQTT tests, run by scripts/services (installed when missing)
on a free port with its files in a directory of its own (each test module that uses it starts
its own broker, so a fixed port would clash)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "scripts" / "services"
SERVER_USER, SERVER_PASSWORD = "bantin-test-server", "mat-khau-may-chu-thu"


@dataclass
class Broker:
    port: int
    directory: Path

    @property
    def url(self) -> str:
        return f"mqtt://{SERVER_USER}:{SERVER_PASSWORD}@127.0.0.1:{self.port}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def broker():
    services_dir = Path(tempfile.mkdtemp(prefix="bantin-test-services-"))
    env = {**os.environ, "BANTIN_SERVICES_DIR": str(services_dir),
           "BANTIN_MQTT_PORT": str(_free_port()),
           "BANTIN_MQTT_USER": SERVER_USER, "BANTIN_MQTT_PASSWORD": SERVER_PASSWORD}
    install = subprocess.run([str(SERVICES), "install", "mosquitto"], env=env,
                             capture_output=True, text=True, check=False)
    if install.returncode != 0:
        shutil.rmtree(services_dir, ignore_errors=True)
        pytest.skip(f"mosquitto cannot be installed here: {install.stderr.strip()[-300:]}")
    subprocess.run([str(SERVICES), "start", "mosquitto"], env=env, check=True,
                   capture_output=True, text=True)
    try:
        yield Broker(int(env["BANTIN_MQTT_PORT"]), services_dir / "mosquitto")
    finally:
        subprocess.run([str(SERVICES), "stop", "mosquitto"], env=env, check=False)
        shutil.rmtree(services_dir, ignore_errors=True)


@pytest.fixture
def mqtt_settings(broker, settings):
    """Settings pointing at the test broker; the publisher is closed afterwards."""
    from bantin.broadcast import mqtt

    settings.BANTIN_MQTT_URL = broker.url
    settings.BANTIN_MQTT_CREDENTIALS_DIR = broker.directory
    yield broker
    mqtt.close_publisher()
