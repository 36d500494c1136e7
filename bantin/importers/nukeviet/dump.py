"""`--dump FILE.sql[.gz]`: a temporary local MariaDB (scripts/services, the Debian package,
installed when missing), the dump loaded into it, removed once the import is over."""

from __future__ import annotations

import contextlib
import gzip
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from .source import SourceError

ROOT = Path(__file__).resolve().parents[3]
SERVICES = ROOT / "scripts" / "services"
USER, PASSWORD, DATABASE = "bantin-import", "nhap-du-lieu-tam", "nukeviet"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(args, env, what: str) -> None:
    # Our own scripts/services and the MariaDB client, with arguments built here.
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise SourceError(f"{what}: {(done.stderr or done.stdout).strip()[-500:]}")


def _open(path: Path):
    with path.open("rb") as fh:
        gzipped = fh.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if gzipped else path.open("rb")


@contextlib.contextmanager
def temporary_database(dump: Path):
    """Yields the mysql:// URL of a database holding the dump."""
    dump = Path(dump)
    if not dump.is_file():
        raise SourceError(f"Không tìm thấy tệp dump: {dump}")
    directory = Path(tempfile.mkdtemp(prefix="bantin-nukeviet-"))
    port = free_port()
    env = {**os.environ, "BANTIN_SERVICES_DIR": str(directory),
           "BANTIN_MARIADB_PORT": str(port), "BANTIN_MARIADB_USER": USER,
           "BANTIN_MARIADB_PASSWORD": PASSWORD}
    try:
        _run([str(SERVICES), "start", "mariadb"], env, "Không chạy được MariaDB tạm")
        client = ["mariadb", "--no-defaults", "-h127.0.0.1", f"-P{port}", f"-u{USER}",
                  f"-p{PASSWORD}", "--default-character-set=utf8mb4"]
        _run([*client, "-e", f"CREATE DATABASE `{DATABASE}` CHARACTER SET utf8mb4"], env,
             "Không tạo được cơ sở dữ liệu tạm")
        with _open(dump) as source:
            loader = subprocess.Popen([*client, DATABASE], stdin=subprocess.PIPE,  # noqa: S603
                                      stderr=subprocess.PIPE, env=env)
            try:
                shutil.copyfileobj(source, loader.stdin, 1024 * 1024)
                loader.stdin.close()
            except (OSError, EOFError, gzip.BadGzipFile) as exc:
                loader.kill()
                loader.wait()
                raise SourceError(f"Không đọc được tệp dump {dump.name}: {exc}") from exc
            error = loader.stderr.read().decode("utf-8", "replace")
            if loader.wait() != 0:
                raise SourceError(f"Tệp dump {dump.name} không nạp được: {error.strip()[-500:]}")
        yield f"mysql://{USER}:{PASSWORD}@127.0.0.1:{port}/{DATABASE}"
    finally:
        subprocess.run([str(SERVICES), "stop", "mariadb"], env=env, check=False,  # noqa: S603
                       capture_output=True)
        shutil.rmtree(directory, ignore_errors=True)
