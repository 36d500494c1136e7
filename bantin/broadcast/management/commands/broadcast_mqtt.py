"""`python -m bantin broadcast_mqtt`: records what devices send over MQTT.

Long-running (scripts/prod starts it beside the worker): subscribes to every device's
acks, heartbeat and logs topics and records them in batches (see `mqtt.Listener`).
Reconnects by itself when the broker goes away; stops on SIGTERM or SIGINT.
"""

import asyncio
import logging
import signal

from django.core.management.base import BaseCommand, CommandError

from bantin.broadcast import mqtt

logger = logging.getLogger("bantin.broadcast.mqtt")


class Command(BaseCommand):
    help = "Record device acks, heartbeats and play logs arriving over MQTT."

    def add_arguments(self, parser):
        parser.add_argument("--window", type=float, default=0.1,
                            help="Seconds a batch collects messages (default 0.1).")
        parser.add_argument("--max-batch", type=int, default=2000,
                            help="Messages per batch at most (default 2000).")

    def handle(self, *args, window=0.1, max_batch=2000, **options):
        try:
            config = mqtt.broker_config()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if config is None:
            raise CommandError("BANTIN_MQTT_URL is not set: devices report over HTTP only.")
        if window <= 0 or max_batch < 1:
            raise CommandError("--window must be positive and --max-batch at least 1.")
        asyncio.run(self._run(config, window, max_batch))

    async def _run(self, config, window, max_batch):
        listener = mqtt.Listener(config, window=window, max_batch=max_batch)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, listener.stop)
        logger.info("broadcast_mqtt: connecting to %s:%s", config.host, config.port)
        await listener.run()
        logger.info("broadcast_mqtt stopped: %s", listener.recorded)
