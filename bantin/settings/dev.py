"""Local development and the demo: SQLite, debug on, loopback only."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105 -- the demo is bound to 127.0.0.1
ALLOWED_HOSTS = ["127.0.0.1", "localhost", ".localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405 -- the embedded database lives here
