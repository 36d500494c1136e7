"""A real mosquitto for the MQTT tests, run by scripts/services (installed when missing)
on a free port with its files in a directory of its own (each test module that uses it starts
its own broker, so a fixed port would clash)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import private_service

SERVER_USER, SERVER_PASSWORD = "bantin-test-server", "mat-khau-may-chu-thu"


@dataclass
class Broker:
    port: int
    directory: Path

    @property
    def url(self) -> str:
        return f"mqtt://{SERVER_USER}:{SERVER_PASSWORD}@127.0.0.1:{self.port}"


@pytest.fixture(scope="session")
def broker():
    with private_service.running("mosquitto", "BANTIN_MQTT_PORT", BANTIN_MQTT_USER=SERVER_USER,
                                 BANTIN_MQTT_PASSWORD=SERVER_PASSWORD) as (port, directory):
        yield Broker(port, directory)


@pytest.fixture
def mqtt_settings(broker, settings):
    """Settings pointing at the test broker; the publisher is closed afterwards."""
    from bantin.broadcast import mqtt

    settings.BANTIN_MQTT_URL = broker.url
    settings.BANTIN_MQTT_CREDENTIALS_DIR = broker.directory
    yield broker
    mqtt.close_publisher()
