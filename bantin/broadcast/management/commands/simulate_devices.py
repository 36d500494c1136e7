"""Run virtual loudspeaker devices against a bantin server (docs/device-protocol.md).

    python -m bantin simulate_devices --provision --count 20 [--station ID] [--create]
    python -m bantin simulate_devices --count 20 --base-url http://127.0.0.1:8000 \\
        --duration 120 --speed 60 --flaky 0.05 [--mqtt mqtt://127.0.0.1:1883]

With `--mqtt` the devices log in to that broker (user name = device id, password = their
secret) and carry commands, acks, heartbeats and play logs over MQTT; the token, schedule
and audio stay on HTTP, and while the broker is away the live channel falls back to HTTP.

The counters (requests, plays, commands, errors) are printed as one JSON line when the run
ends, also when it is stopped by SIGTERM or Ctrl-C, and every `--report-every` seconds
while it runs.

`--provision` gives the chosen clusters new secrets (so their real devices must be given
the new ones too: use it on demo or test data) and keeps them, readable by the owner only,
in the secrets file (default var/simulated-devices.json); the run reads them from there.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sys
import tempfile
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bantin.broadcast import simulator, simulator_mqtt


def default_secrets_file() -> Path:
    return Path(getattr(settings, "VAR_DIR", "var")) / "simulated-devices.json"


def _probability(value: str) -> float:
    number = float(value)
    if not 0 <= number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Run N virtual loudspeaker devices (token, schedule sync, downloads, plays, " \
           "heartbeats, logs, commands) against a server."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10)
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")
        parser.add_argument("--flaky", type=_probability, default=0.0,
                            help="Fraction of requests dropped or whose answer is lost.")
        parser.add_argument("--duration", type=float, default=60.0,
                            help="Real seconds to run.")
        parser.add_argument("--speed", type=float, default=1.0,
                            help="Virtual seconds per real second.")
        parser.add_argument("--secrets", type=Path, default=None)
        parser.add_argument("--provision", action="store_true",
                            help="Set new secrets for COUNT clusters and store them; no run.")
        parser.add_argument("--station", type=int, default=None,
                            help="With --provision: clusters of this station only.")
        parser.add_argument("--create", action="store_true",
                            help="With --provision: create clusters sim-00001… when fewer "
                                 "than COUNT exist.")
        parser.add_argument("--threads", type=int, default=64,
                            help="Worker threads carrying HTTP requests.")
        parser.add_argument("--seed", type=int, default=None)
        parser.add_argument("--mqtt", default="", metavar="URL",
                            help="Broker for the live channel (mqtt://host:port); without "
                                 "it everything goes over HTTP.")
        parser.add_argument("--workdir", type=Path, default=None,
                            help="Where downloads go (default: a temporary directory).")
        parser.add_argument("--report-every", type=float, default=0, metavar="SECONDS",
                            help="Also print the counters every SECONDS while running.")

    def handle(self, *args, **options):
        if options["count"] < 1:
            raise CommandError("--count must be at least 1")
        if options["speed"] <= 0:
            raise CommandError("--speed must be positive")
        if options["report_every"] < 0:
            raise CommandError("--report-every must not be negative")
        if not options["base_url"].startswith(("http://", "https://")):
            raise CommandError("--base-url must be an http:// or https:// URL")
        if options["mqtt"]:
            options["mqtt_address"] = mqtt_address(options["mqtt"])
        path = options["secrets"] or default_secrets_file()
        if options["provision"]:
            found = self.provision(options["count"], options["station"], options["create"])
            write_secrets(path, found)
            self.stdout.write(f"{len(found)} devices provisioned; secrets in {path}")
            return
        if not path.is_file():
            raise CommandError(f"No secrets file at {path}: run with --provision first.")
        devices = json.loads(path.read_text())
        chosen = list(devices.items())[:options["count"]]
        stats = asyncio.run(self.simulate(chosen, options))
        self.stdout.write(json.dumps(stats, sort_keys=True))

    def provision(self, count: int, station_id: int | None, create: bool) -> dict[str, str]:
        from django.db import transaction

        from bantin.broadcast.models import Cluster, Station

        clusters = Cluster.objects.filter(active=True).order_by("pk")
        if station_id is not None:
            clusters = clusters.filter(station_id=station_id)
        chosen = list(clusters[:count])
        if len(chosen) < count:
            if not create:
                raise CommandError(f"Only {len(chosen)} active clusters; add --create to make "
                                   "the missing ones.")
            station = (Station.objects.filter(pk=station_id).first() if station_id
                       else Station.objects.filter(active=True).order_by("pk").first())
            if station is None:
                raise CommandError("No station to create clusters in.")
            number = Cluster.objects.filter(device_id__startswith="sim-").count()
            while len(chosen) < count:
                number += 1
                device_id = f"sim-{number:05d}"
                if Cluster.objects.filter(device_id=device_id).exists():
                    continue
                chosen.append(Cluster(station=station, name=f"Cụm loa mô phỏng {number}",
                                      device_id=device_id))
        found = {}
        with transaction.atomic():
            for cluster in chosen:
                secret = Cluster.new_secret()
                cluster.set_secret(secret)
                cluster.save()
                found[cluster.device_id] = secret
        return found

    async def simulate(self, chosen, options) -> dict:
        loop = asyncio.get_running_loop()
        loop.set_default_executor(ThreadPoolExecutor(max_workers=options["threads"]))
        rng = random.Random(options["seed"])
        clock = simulator.VirtualClock(options["speed"])
        stats: Counter = Counter()
        with tempfile.TemporaryDirectory(prefix="bantin-sim-") as temp:
            root = options["workdir"] or Path(temp)
            devices = []
            for device_id, secret in chosen:
                workdir = root / device_id
                workdir.mkdir(parents=True, exist_ok=True)
                transport = simulator.HttpTransport(
                    options["base_url"], device_id, secret, stats=stats,
                    flaky=simulator.Flakiness(options["flaky"], random.Random(rng.random())))
                if options.get("mqtt_address"):
                    transport = self.live_over_mqtt(transport, options, clock)
                devices.append(simulator.VirtualDevice(
                    device_id, transport, clock, workdir, stats=stats,
                    keep_audio=options["workdir"] is not None,
                    rng=random.Random(rng.random())))
            live = [d.transport for d in devices if hasattr(d.transport, "mqtt")]
            if live:
                errors = await simulator_mqtt.connect_all([t.mqtt for t in live])
                stats["mqtt_connect_failures"] += sum(e is not None for e in errors)
            run = asyncio.ensure_future(simulator.run(devices, options["duration"]))
            stopping = self.stop_on_signals(loop, run)
            reporter = asyncio.ensure_future(self.report(stats, options["report_every"],
                                                         len(chosen)))
            try:
                await run
            except asyncio.CancelledError:
                if not run.cancelled():
                    raise
                stats["interrupted"] = 1  # by a signal: the counters are still printed
            finally:
                reporter.cancel()
                for sig in stopping:
                    loop.remove_signal_handler(sig)
                for transport in live:
                    await transport.close()
        stats["devices"] = len(chosen)
        return dict(stats)

    @staticmethod
    def stop_on_signals(loop, run) -> list[int]:
        """SIGTERM and SIGINT end the run (in the main thread, where signals arrive)."""
        if threading.current_thread() is not threading.main_thread():
            return []
        handled = []
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, run.cancel)
            handled.append(sig)
        return handled

    async def report(self, stats: Counter, every: float, count: int) -> None:
        if not every:
            return
        while True:
            await asyncio.sleep(every)
            self.stdout.write(json.dumps({**stats, "devices": count}, sort_keys=True))
            self.stdout.flush()
            sys.stdout.flush()

    @staticmethod
    def live_over_mqtt(http, options, clock):
        host, port = options["mqtt_address"]
        device = simulator_mqtt.MqttDeviceTransport(
            http.device_id, http.secret, host=host, port=port,
            prefix=getattr(settings, "BANTIN_MQTT_PREFIX", simulator_mqtt.DEFAULT_PREFIX))
        return simulator_mqtt.LiveOverMqtt(
            http, device, retry_seconds=5.0,
            catch_up_seconds=clock.real_seconds(simulator.SYNC_SECONDS))


def mqtt_address(url: str) -> tuple[str, int]:
    """Host and port of an mqtt:// URL; devices bring their own credentials."""
    parts = urlsplit(url)
    try:
        port = parts.port or 1883
    except ValueError as exc:
        raise CommandError(f"--mqtt: bad port in {url}") from exc
    if parts.scheme != "mqtt" or not parts.hostname:
        raise CommandError("--mqtt must be an mqtt://host:port URL")
    if parts.username or parts.password:
        raise CommandError("--mqtt: no credentials in the URL; each device logs in with "
                           "its own id and secret")
    return parts.hostname, port


def write_secrets(path: Path, found: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump(found, out, indent=1)
