"""The importers' admin: their history actions (bantin.importers.log_actions)."""

from . import log_actions  # noqa: F401 -- registers the app's history actions
