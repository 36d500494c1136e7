"""`python -m bantin <command>`: the management entry point (same commands as manage.py)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bantin.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line([sys.argv[0] if sys.argv[0] != "-m" else "bantin", *sys.argv[1:]])


if __name__ == "__main__":
    main()
