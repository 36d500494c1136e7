"""The broadcast tests' shared world (tests/broadcast/broadcast_world.py), built once per
module."""

from tests.broadcast.broadcast_world import world, world_snapshot  # noqa: F401
