"""Schedule sync for N clusters through the device HTTP API, served by gunicorn.

Fills a throw-away database (SQLite; PostgreSQL with --database-url) with a network:
S stations of N/S clusters each, every station with four cluster groups and three
approved daily schedules (one to the whole station through its groups, one to a single
group, one to a handful of clusters named directly). Serves the portal with gunicorn as
tests' PortalServer does (dev settings, 2 workers × 8 threads), then a load client in
separate processes (asyncio, keep-alive connections, C concurrent in all) does, for
every cluster, in three phases:

1. token exchange (`POST /api/devices/v1/token`, Basic + timestamp + nonce);
2. first schedule sync (`GET /api/devices/v1/schedule`, 200 with the document and ETag);
3. conditional re-sync (`GET` with `If-None-Match`, 304);

and, as references under the same concurrency, N requests to a minimal answer (an anonymous
`POST /api/session/keepalive/` without a CSRF token: refused 403 by the middleware stack,
no query) and N to `/healthz` (database, cache and disk checks). Reported per phase:
p50/p95/p99 (ms), requests/s, non-expected statuses, and each p95 as a ratio to the
references' p95.

    python bench/broadcast_sync.py --clusters 10000
    python bench/broadcast_sync.py --clusters 10000 --database-url postgres://...
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import json
import multiprocessing
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SECRET_PREFIX = "khoa-thiet-bi-thu-tai-"  # noqa: S105 -- throw-away bench devices
API = "/api/devices/v1"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- The network --------------------------------------------------------------------------


def fill(n: int, stations: int) -> list[str]:
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from bantin.broadcast import approval
    from bantin.broadcast.audio import silent_wav
    from bantin.broadcast.models import (
        Cluster,
        ClusterGroup,
        Programme,
        Schedule,
        ScheduleSlot,
        Station,
    )
    from bantin.units.provision import create_unit

    admin = get_user_model().objects.create_superuser("bench", password=None)
    unit = create_unit("Huyện Thử Tải", "hub.bench.vn").unit
    per_station = n // stations
    device_ids = []
    for s in range(stations):
        station = Station.objects.create(site=unit.site, name=f"Đài xã {s}")
        clusters = []
        for i in range(per_station):
            cluster = Cluster(station=station, name=f"Cụm {i}", village=f"Thôn {i % 10}",
                              device_id=f"bench-{s:03d}-{i:03d}")
            cluster.set_secret(SECRET_PREFIX + cluster.device_id)
            clusters.append(cluster)
        clusters = Cluster.objects.bulk_create(clusters)
        device_ids += [c.device_id for c in clusters]
        groups = []
        for g in range(4):
            group = ClusterGroup(station=station, name=f"Nhóm {g}")
            group.clusters = clusters[g::4]
            group.save()
            groups.append(group)
        programme = Programme(station=station, title="Bản tin sáng", duration_seconds=900)
        programme.audio.save("ban-tin.wav", ContentFile(silent_wav(0.2)), save=False)
        programme.save()
        approval.approve(programme, admin)
        plans = [("Bản tin sáng", dt.time(6, 0), {"groups": groups}),
                 ("Bản tin trưa", dt.time(11, 30), {"groups": groups[:1]}),
                 ("Thông báo thôn", dt.time(18, 0), {"clusters": clusters[:10]})]
        for name, start, targets in plans:
            schedule = Schedule(station=station, name=name, programme=programme,
                                first_date=dt.date.today() - dt.timedelta(days=1))
            schedule.slots.add(ScheduleSlot(start_time=start, duration_minutes=15))
            for field, value in targets.items():
                setattr(schedule, field, value)
            schedule.save()
            approval.approve(schedule, admin)
    return device_ids


# --- The load client ----------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection; reopened when the server closes it."""

    def __init__(self, port: int):
        self.port = port
        self.reader = self.writer = None

    async def request(self, method: str, path: str, headers: dict) -> tuple[int, dict, bytes]:
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Length: 0"]
            lines += [f"{k}: {v}" for k, v in headers.items()]
            try:
                self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
                head = await self.reader.readuntil(b"\r\n\r\n")
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt == 2:
                    raise
                continue
            status_line, *header_lines = head.decode("latin-1").split("\r\n")
            status = int(status_line.split()[1])
            found = {}
            for line in header_lines:
                if ":" in line:
                    key, value = line.split(":", 1)
                    found[key.strip().lower()] = value.strip()
            length = int(found.get("content-length", 0))
            body = await self.reader.readexactly(length) if length else b""
            if found.get("connection", "").lower() == "close":
                self.close()
            return status, found, body
        raise RuntimeError("unreachable")

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _phase(port: int, concurrency: int, jobs: list, make) -> list:
    """Runs make(conn, job) over the jobs with `concurrency` connections; returns
    (latency seconds, status, extra) per job, in job order."""
    results = [None] * len(jobs)
    queue = list(enumerate(jobs))
    queue.reverse()

    async def worker():
        conn = Connection(port)
        while queue:
            index, job = queue.pop()
            method, path, headers = make(job)
            start = time.perf_counter()
            try:
                status, found, body = await conn.request(method, path, headers)
            except (OSError, asyncio.IncompleteReadError) as exc:
                results[index] = (time.perf_counter() - start, 0, repr(exc))
                conn.close()
                continue
            results[index] = (time.perf_counter() - start, status, (found, body))
        conn.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results


def client_process(port: int, concurrency: int, device_ids: list[str], phase: str,
                   state: dict, out) -> None:
    """One load-client process: runs one phase over its share of the devices."""

    def basic(device_id):
        raw = f"{device_id}:{SECRET_PREFIX}{device_id}".encode()
        return "Basic " + base64.b64encode(raw).decode()

    if phase == "healthz":
        def make(device_id):
            return "GET", "/healthz", {}
    elif phase == "minimal":
        def make(device_id):
            return "POST", "/api/session/keepalive/", {}
    elif phase == "token":
        def make(device_id):
            return "POST", f"{API}/token", {
                "Authorization": basic(device_id), "X-Bantin-Timestamp": str(int(time.time())),
                "X-Bantin-Nonce": secrets.token_urlsafe(16)}
    elif phase == "sync":
        def make(device_id):
            return "GET", f"{API}/schedule", {"Authorization": "Bearer " + state[device_id][0]}
    else:
        def make(device_id):
            token, etag = state[device_id]
            return "GET", f"{API}/schedule", {"Authorization": "Bearer " + token,
                                              "If-None-Match": etag}

    results = asyncio.run(_phase(port, concurrency, device_ids, make))
    summary = []
    for device_id, (seconds, status, extra) in zip(device_ids, results, strict=True):
        item = {"d": device_id, "s": seconds, "status": status}
        if phase == "token" and status == 200:
            item["token"] = json.loads(extra[1])["token"]
        if phase == "sync" and status == 200:
            item["etag"] = extra[0].get("etag", "")
            item["bytes"] = len(extra[1])
        summary.append(item)
    out.send(summary)
    out.close()


def run_phase(port: int, processes: int, concurrency: int, device_ids: list[str], phase: str,
              state: dict) -> tuple[list[dict], float]:
    if phase in ("sync", "resync"):
        device_ids = [d for d in device_ids if d in state]
    shares = [device_ids[i::processes] for i in range(processes)]
    ctx = multiprocessing.get_context("fork")
    pipes, procs = [], []
    start = time.perf_counter()
    for share in shares:
        parent, child = ctx.Pipe(duplex=False)
        sub_state = {d: state[d] for d in share} if state else {}
        proc = ctx.Process(target=client_process, args=(
            port, max(1, concurrency // processes), share, phase, sub_state, child))
        proc.start()
        pipes.append(parent)
        procs.append(proc)
    items = []
    for parent in pipes:
        items += parent.recv()
    elapsed = time.perf_counter() - start
    for proc in procs:
        proc.join()
    return items, elapsed


def percentiles(items: list[dict]) -> dict:
    times = sorted(i["s"] for i in items)
    def at(share):
        return round(times[min(len(times) - 1, -(-len(times) * share // 100) - 1)] * 1000, 1)
    return {"p50_ms": at(50), "p95_ms": at(95), "p99_ms": at(99),
            "max_ms": round(times[-1] * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clusters", type=int, default=10000)
    parser.add_argument("--stations", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=64,
                        help="connections in all, over the client processes")
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--database-url", default="", help="PostgreSQL instead of SQLite")
    parser.add_argument("--redis-url", default="", help="Redis as the cache instead of files")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bantin-bench-sync-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bantin.settings.dev",
           "BANTIN_VAR_DIR": str(workdir), "BANTIN_PAGE_CACHE": "0",
           "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    for key in ("DATABASE_URL", "REDIS_URL"):
        if key not in env:
            os.environ.pop(key, None)
    server = None
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        log(f"filling {args.clusters} clusters over {args.stations} stations")
        start = time.perf_counter()
        device_ids = fill(args.clusters, args.stations)
        log(f"filled in {time.perf_counter() - start:.1f} s")
        from django.db import connections

        connections.close_all()

        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "bantin.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--threads", str(args.threads),
             "--backlog", "2048", "--timeout", "120", "--keep-alive", "30"],
            env=env, cwd=workdir, stdout=(workdir / "server.log").open("w"),
            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):  # noqa: S310
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit((workdir / "server.log").read_text()[-3000:]) from None
                time.sleep(0.3)

        result = {"clusters": len(device_ids), "stations": args.stations,
                  "concurrency": args.concurrency, "client_processes": args.client_processes,
                  "gunicorn": f"{args.workers} workers x {args.threads} threads",
                  "database": "postgresql" if args.database_url else "sqlite",
                  "cache": "redis" if args.redis_url else "files",
                  "load_average": os.getloadavg()[0]}
        phases = {}
        state: dict = {}
        expected = {"healthz": 200, "minimal": 403, "token": 200, "sync": 200, "resync": 304}
        # Warm-up: every worker thread imported and connected before anything is timed.
        run_phase(port, args.client_processes, args.concurrency, device_ids[:1000], "healthz",
                  state)
        for phase in ("minimal", "healthz", "token", "sync", "resync"):
            log(f"phase {phase}")
            items, elapsed = run_phase(port, args.client_processes, args.concurrency,
                                       device_ids, phase, state)
            bad = [i["status"] for i in items if i["status"] != expected[phase]]
            phases[phase] = {**percentiles(items), "requests_per_s": round(len(items) / elapsed),
                             "seconds": round(elapsed, 2), "unexpected": len(bad),
                             "unexpected_statuses": sorted(set(bad))[:5]}
            if phase == "token":
                state = {i["d"]: (i["token"], None) for i in items if "token" in i}
            elif phase == "sync":
                state = {i["d"]: (state[i["d"]][0], i["etag"]) for i in items if "etag" in i}
                sizes = sorted(i["bytes"] for i in items if "bytes" in i)
                phases[phase]["document_bytes_median"] = sizes[len(sizes) // 2] if sizes else 0
            log(json.dumps(phases[phase]))
            if not state and phase in ("token", "sync"):
                break
        for figures in phases.values():
            figures["p95_ratio_to_minimal"] = round(
                figures["p95_ms"] / phases["minimal"]["p95_ms"], 2)
            figures["p95_ratio_to_healthz"] = round(
                figures["p95_ms"] / phases["healthz"]["p95_ms"], 2)
        result["phases"] = phases
        result["load_average_after"] = os.getloadavg()[0]
        print(json.dumps(result, indent=2, ensure_ascii=False))
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
