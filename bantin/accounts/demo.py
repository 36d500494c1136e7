"""Demo: backup codes for the demo administrator, printed by `load_demo`, so the demo can
be opened without first setting up an authenticator app (one can be added afterwards
from "Bảo mật tài khoản"). Each run makes a new set."""

from . import factors


def load_demo(user) -> list[str]:
    return factors.new_backup_codes(user)
