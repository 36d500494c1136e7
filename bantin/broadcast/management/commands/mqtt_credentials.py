"""`python -m bantin mqtt_credentials`: writes the MQTT broker's password file and ACL.

From the active clusters (each device logs in with its device id and secret) and the
server's account in BANTIN_MQTT_URL; then signals the running broker (SIGHUP to the pid in
its `mosquitto.pid`) to reload them. Saving or deleting a cluster does the same by itself
on a machine that runs the broker; run this after loading clusters in bulk or when the
broker runs elsewhere (with --dir pointing at its files).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bantin.broadcast import mqtt


class Command(BaseCommand):
    help = "Write mosquitto's password file and ACL from the clusters and reload the broker."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None,
                            help="Where to write passwd and acl (BANTIN_MQTT_CREDENTIALS_DIR).")
        parser.add_argument("--no-reload", action="store_true",
                            help="Do not signal the broker.")

    def handle(self, *args, dir=None, no_reload=False, **options):
        try:
            result = mqtt.write_credentials(dir, reload=not no_reload)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        state = "broker reloaded" if result["reloaded"] else "no running broker signalled"
        self.stdout.write(f"{result['accounts']} accounts written to {result['directory']} "
                          f"({state})")
