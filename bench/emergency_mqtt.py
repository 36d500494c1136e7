"""An emergency message to N simulated clusters over MQTT: how long until they acknowledge.

Starts a mosquitto of its own (scripts/services, a free port, files in a throw-away
directory), fills a throw-away database (SQLite; PostgreSQL with DATABASE_URL, which the
dev settings read) with one station and N clusters with device secrets, writes the
broker's password file and ACL (`mqtt.write_credentials`), starts the listener
(`python -m bantin broadcast_mqtt`) and the simulated devices, then sends one emergency
message to every cluster (`emergency.send`) and watches the deliveries' `received_at`
until all are in or the time limit passes.

The devices are the load generator and share the machine's cores with the broker, the
listener and the database. By default (`--devices lean`) each is a bare asyncio protocol
that logs in with its own credentials, subscribes to the topics the token exchange would
name, and acknowledges a command in the callback that reads it; `--devices simulator`
uses the device simulator's MQTT transport (a task per message, several times the CPU).
`--device-processes` spreads them over processes; `--split-cpus` keeps them off the
server's CPUs.

Reported, from the start of `send`: when publishing began and ended, when the devices
received their commands and sent their acks, when the listener recorded the acks
(50 / 90 / 99 / 100 %), the listener's batches, and the CPU seconds the broker, the
listener, the devices and the sending process used until every ack was recorded.

    python bench/emergency_mqtt.py --clusters 10000 [--devices lean|simulator]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SERVER_USER, SERVER_PASSWORD = "bantin-bench", "bench-mat-khau"
SECRET_PREFIX = "khoa-thiet-bi-thu-tai-"  # noqa: S105 -- throw-away bench devices


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def raise_open_files(n: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, n + 1000))
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    if wanted < n + 100:
        raise SystemExit(f"{n} connections need more open files than the limit ({hard})")


# --- The devices' process -----------------------------------------------------------------


class LeanDevice(asyncio.Protocol):
    """One device as a bare asyncio protocol (`--devices lean`): logs in, subscribes to its
    commands topics and, in the same callback that reads a command, sends the broker's
    PUBACK and its own QoS 1 ack. The same packets as `MqttDeviceTransport`, at a fraction
    of its CPU: thousands of devices sharing a process (and two cores with the server)
    otherwise measure the simulation more than the server."""

    def __init__(self, device_id: str, secret: str, topics: list[str], received: list,
                 acked: list):
        from bantin.broadcast import mqtt_wire

        self.wire = mqtt_wire
        self.device_id, self.secret = device_id, secret
        self.topics = [f"bantin/v1/devices/{device_id}/commands", *topics]
        self.ack_topic = f"bantin/v1/devices/{device_id}/acks"
        self.received, self.acked = received, acked
        self.buffer = bytearray()
        self.ready = asyncio.get_running_loop().create_future()
        self.transport = None
        self.next_id = 1

    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.wire.connect_packet(self.device_id, self.device_id, self.secret,
                                                 keepalive=0, clean_session=True))

    def connection_lost(self, exc):
        if not self.ready.done():
            self.ready.set_exception(exc or ConnectionError("closed"))

    def data_received(self, data):
        wire = self.wire
        self.buffer += data
        position = 0
        while (found := wire.split_packet(self.buffer, position)) is not None:
            kind, flags, body, position = found
            if kind == wire.CONNACK:
                if body[1] != 0:
                    self.ready.set_exception(wire.ConnectionRefused(body[1]))
                    return
                self.transport.write(wire.subscribe_packet(1, [(t, 1) for t in self.topics]))
            elif kind == wire.SUBACK and not self.ready.done():
                self.ready.set_result(None)
            elif kind == wire.PUBLISH:
                self.received.append(time.time())
                message = wire.parse_publish(flags, body)
                command = json.loads(message.payload)
                named = ({"command": command["id"]} if command["id"] is not None
                         else {"batch": command["batch"]})
                self.next_id = self.next_id % 65535 + 1
                self.transport.write(
                    (wire.puback_packet(message.packet_id) if message.qos else b"")
                    + wire.publish_packet(self.ack_topic,
                                          json.dumps({**named, "ok": True}).encode(),
                                          qos=1, packet_id=self.next_id))
                self.acked.append(time.time())
        del self.buffer[:position]


async def run_lean_devices(spec: dict) -> None:
    loop = asyncio.get_running_loop()
    received, acked = [], []
    gate = asyncio.Semaphore(100)
    devices, errors = [], []

    async def one(device_id):
        async with gate:
            try:
                _, device = await loop.create_connection(
                    lambda: LeanDevice(device_id, SECRET_PREFIX + device_id,
                                       spec["topics"][device_id], received, acked),
                    "127.0.0.1", spec["port"])
                await asyncio.wait_for(device.ready, 60)
                devices.append(device)
            except Exception as exc:  # noqa: BLE001 - reported to the parent
                errors.append(exc)

    await asyncio.gather(*(one(d) for d in spec["devices"]))
    print(json.dumps({"ready": len(devices), "errors": [repr(e) for e in errors[:3]]}),
          flush=True)
    await loop.run_in_executor(None, sys.stdin.read)
    print(json.dumps({"received": received, "acked": acked}), flush=True)
    for device in devices:
        device.transport.close()


async def run_devices(spec: dict) -> None:
    from bantin.broadcast.simulator_mqtt import MqttDeviceTransport, connect_all

    received, acked = [], []

    async def ack_at_once(transport, message):
        received.append(time.time())
        # A station-wide message has no id: the device names the batch.
        await transport.ack(message["id"] if message["id"] is not None else message["batch"],
                            ok=True)
        acked.append(time.time())

    devices = [MqttDeviceTransport(device_id, SECRET_PREFIX + device_id, port=spec["port"],
                                   keepalive=300, on_command=ack_at_once,
                                   topics=spec["topics"][device_id])
               for device_id in spec["devices"]]
    errors = await connect_all(devices, concurrency=100, timeout=60)
    failed = [e for e in errors if e is not None]
    print(json.dumps({"ready": len(devices) - len(failed),
                      "errors": [repr(e) for e in failed[:3]]}), flush=True)
    # Until told to stop (stdin closes).
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)
    print(json.dumps({"received": received, "acked": acked}), flush=True)
    await asyncio.gather(*(d.close() for d in devices), return_exceptions=True)


# --- The server side ----------------------------------------------------------------------


def setup(workdir: Path, port: int, mqtt_dir: Path) -> dict:
    env = {
        "DJANGO_SETTINGS_MODULE": "bantin.settings.dev",
        "BANTIN_VAR_DIR": str(workdir),
        "BANTIN_PAGE_CACHE": "0",
        "BANTIN_MQTT_URL": f"mqtt://{SERVER_USER}:{SERVER_PASSWORD}@127.0.0.1:{port}",
        "BANTIN_MQTT_CREDENTIALS_DIR": str(mqtt_dir),
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return env


def fill(n: int):
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from bantin.broadcast import approval, transcode
    from bantin.broadcast.audio import silent_wav
    from bantin.broadcast.models import Cluster, EmergencyMessage, Programme, Station
    from bantin.units.provision import create_unit

    unit = create_unit("Huyện Thử Tải", "hub.bench.vn").unit
    station = Station.objects.create(site=unit.site, name="Đài huyện")
    clusters = []
    for i in range(n):
        cluster = Cluster(station=station, name=f"Cụm {i}", device_id=f"bench-{i:05d}")
        cluster.set_secret(SECRET_PREFIX + cluster.device_id)
        clusters.append(cluster)
    Cluster.objects.bulk_create(clusters, batch_size=1000)
    admin = get_user_model().objects.create_superuser(
        "bench", password="bench-mat-khau-dai")  # noqa: S106 -- throw-away database
    programme = Programme(station=station, title="Cảnh báo lũ", priority="emergency",
                          duration_seconds=30)
    programme.audio.save("canh-bao.wav", ContentFile(silent_wav(0.5)), save=False)
    programme.save()
    transcode.make_delivery.func(programme.pk)  # emergencies need the delivery file
    programme.refresh_from_db()
    approval.approve(programme, admin)
    message = EmergencyMessage.objects.create(station=station, title="Lũ quét", to_all=True,
                                              programme=programme, repeat_count=3)
    return admin, message, [c.device_id for c in clusters], station


def percentile_times(times: list[float], n: int) -> dict:
    times = sorted(times)
    out = {}
    for share in (50, 90, 99, 100):
        k = max(1, -(-n * share // 100))
        out[f"p{share}_s"] = round(times[k - 1], 3) if len(times) >= k else None
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clusters", type=int, default=10000)
    parser.add_argument("--limit", type=float, default=60, help="seconds to wait for acks")
    parser.add_argument("--device-processes", type=int, default=1,
                        help="processes the simulated devices are spread over")
    parser.add_argument("--devices", choices=["simulator", "lean"], default="lean",
                        help="simulator: the device simulator's MQTT transport (a task per "
                             "message); lean: a bare protocol per device, far less CPU")
    parser.add_argument("--split-cpus", action="store_true",
                        help="run the simulated devices on the last CPU and the broker, "
                             "listener and server on the others")
    parser.add_argument("--devices-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.devices_process:
        spec = json.loads(sys.stdin.readline())
        asyncio.run((run_lean_devices if spec["lean"] else run_devices)(spec))
        return

    raise_open_files(args.clusters)
    workdir = Path(tempfile.mkdtemp(prefix="bantin-bench-emergency-"))
    services_dir = workdir / "services"
    services_dir.mkdir()
    port = free_port()
    services_env = {**os.environ, "BANTIN_SERVICES_DIR": str(services_dir),
                    "BANTIN_MQTT_PORT": str(port), "BANTIN_MQTT_USER": SERVER_USER,
                    "BANTIN_MQTT_PASSWORD": SERVER_PASSWORD}
    services = str(ROOT / "scripts" / "services")
    cpus = sorted(os.sched_getaffinity(0))
    device_cpus = server_cpus = set(cpus)
    if args.split_cpus and len(cpus) > 1:
        # The load generator on the last CPU, the broker, listener and server on the rest:
        # simulated devices cannot take the broker's CPU in the middle of its fan-out.
        device_cpus, server_cpus = {cpus[-1]}, set(cpus[:-1])
        os.sched_setaffinity(0, server_cpus)  # inherited by the broker and the listener
    subprocess.run([services, "start", "mosquitto"], env=services_env, check=True)
    processes = []
    try:
        env = setup(workdir, port, services_dir / "mosquitto")
        log(f"filling {args.clusters} clusters")
        admin, message, device_ids, station = fill(args.clusters)
        from bantin.broadcast import emergency, mqtt
        from bantin.broadcast.models import Cluster, EmergencyDelivery

        clusters = {c.device_id: c for c in Cluster.objects.all()}
        mqtt.write_credentials()
        time.sleep(1)  # the broker rereads its files on SIGHUP
        child_env = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
        listener = subprocess.Popen([sys.executable, "-m", "bantin", "broadcast_mqtt"],
                                    env=child_env, cwd=ROOT)
        processes.append(listener)
        device_processes = []
        for share in range(args.device_processes):
            devices = subprocess.Popen([sys.executable, __file__, "--devices-process"],
                                       env=child_env, stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, text=True, cwd=ROOT,
                                       preexec_fn=lambda: os.sched_setaffinity(0, device_cpus))
            processes.append(devices)
            device_processes.append(devices)
            # As the token exchange tells each device (`mqtt.commands_topics`).
            mine = device_ids[share::args.device_processes]
            devices.stdin.write(json.dumps({
                "port": port, "devices": mine,
                "topics": {d: mqtt.commands_topics(clusters[d])[1:] for d in mine},
                "lean": args.devices == "lean"}) + "\n")
            devices.stdin.flush()
        log(f"connecting {args.clusters} devices in {args.device_processes} processes")
        ready = {"ready": 0, "errors": []}
        for devices in device_processes:
            answer = json.loads(devices.stdout.readline())
            ready["ready"] += answer["ready"]
            ready["errors"] += answer["errors"]
        log(f"devices connected: {ready}")
        time.sleep(2)  # let the listener subscribe and the handshakes settle

        # Where `send`'s time goes: the publishing part is timed apart from the rows.
        publisher = mqtt.publisher()
        publish_span = {}
        original_publish = publisher.publish_many

        def timed_publish(messages, *a, **kw):
            publish_span["start"] = time.time()
            try:
                return original_publish(messages, *a, **kw)
            finally:
                publish_span["end"] = time.time()
                publish_span["messages"] = len(messages)

        publisher.publish_many = timed_publish
        # CPU seconds each part spends from the send until every ack is recorded.
        parts = {"broker": [int((services_dir / "mosquitto" / "mosquitto.pid").read_text())],
                 "listener": [listener.pid], "devices": [d.pid for d in device_processes],
                 "server (send, this process)": [os.getpid()]}
        cpu_before = {name: cpu_seconds(pids) for name, pids in parts.items()}
        start, wall_start = time.monotonic(), time.time()
        emergency.send(message, admin)
        send_seconds = time.monotonic() - start
        message.refresh_from_db()
        counts = []
        while time.monotonic() - start < args.limit:
            received = EmergencyDelivery.objects.filter(message=message,
                                                        received_at__isnull=False).count()
            counts.append((time.monotonic() - start, received))
            if received >= args.clusters:
                break
            time.sleep(0.05)
        cpu_used = {name: round(cpu_seconds(pids) - cpu_before[name], 2)
                    for name, pids in parts.items()}
        received, acked = [], []
        for devices in device_processes:
            devices.stdin.close()
        for devices in device_processes:
            seen = json.loads(devices.stdout.readline())
            received += [t - wall_start for t in seen["received"]]
            acked += [t - wall_start for t in seen["acked"]]
        # Times of the acks as recorded (received_at), relative to the send's start.
        sent_at = message.sent_at
        offsets = [(r - sent_at).total_seconds() for r in EmergencyDelivery.objects.filter(
            message=message, received_at__isnull=False).values_list("received_at", flat=True)]
        result = {
            "clusters": args.clusters,
            "devices_connected": ready["ready"],
            "database": "postgresql" if os.environ.get("DATABASE_URL") else "sqlite",
            "device_processes": args.device_processes,
            "devices": args.devices,
            "cpus": {"devices": sorted(device_cpus), "server": sorted(server_cpus)},
            "load_average": os.getloadavg()[0],
            "send_seconds": round(send_seconds, 3),
            "publish_from_send_start": {
                "start_s": round(publish_span["start"] - wall_start, 3),
                "end_s": round(publish_span["end"] - wall_start, 3),
                "messages": publish_span["messages"]} if publish_span else None,
            "acknowledged": len(offsets),
            "commands_received_by_devices": percentile_times(received, args.clusters),
            "acks_sent_by_devices": percentile_times(acked, args.clusters),
            "acks_recorded_from_send_start": percentile_times(
                [o + (sent_at.timestamp() - wall_start) for o in offsets], args.clusters),
            "from_sent_at": percentile_times(offsets, args.clusters),
            "listener_batches": _batches(offsets),
            "cpu_seconds_until_all_recorded": cpu_used,
            "observed_from_send_start": percentile_times(
                [t for t, _ in _first_times(counts, args.clusters)], args.clusters),
        }
        print(json.dumps(result, indent=2))
    finally:
        for process in processes:
            if process.stdin and not process.stdin.closed:
                process.stdin.close()
            process.terminate()
        for process in processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        subprocess.run([services, "stop", "mosquitto"], env=services_env, check=False)
        shutil.rmtree(workdir, ignore_errors=True)


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of processes (Linux /proc), in seconds."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    return total / os.sysconf("SC_CLK_TCK")


def _batches(offsets):
    """The listener gives every ack of a batch the same time: (count, time) per batch."""
    found = {}
    for offset in offsets:
        found[round(offset, 4)] = found.get(round(offset, 4), 0) + 1
    return [[count, at] for at, count in sorted(found.items())]


def _first_times(counts, n):
    """(time, k) for each k-th ack: the first poll that saw at least k acks."""
    out = []
    k = 0
    for t, received in counts:
        while k < received and k < n:
            k += 1
            out.append((t, k))
    return out


if __name__ == "__main__":
    main()
