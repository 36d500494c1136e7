"""The backup passphrase, from a file or the environment (never from the command line,
where other users of the machine could read it)."""

import os
from pathlib import Path

from django.core.management.base import CommandError

ENV = "BANTIN_BACKUP_PASSPHRASE"


def add_argument(parser) -> None:
    parser.add_argument("--passphrase-file", type=Path, default=None,
                        help=f"file holding the passphrase (default: ${ENV})")


def read(path: Path | None) -> bytes | None:
    if path is not None:
        try:
            value = path.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise CommandError(f"Không đọc được tệp mật khẩu {path}: {error.strerror}.") from None
        if not value:
            raise CommandError(f"Tệp mật khẩu {path} trống.")
        return value.encode()
    value = os.environ.get(ENV, "").strip()
    return value.encode() if value else None
