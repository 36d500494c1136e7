"""bantin: e-information portals and grassroots broadcasting for Vietnamese local government."""

from bantin.core import lazy_imports

__version__ = "0.1.0"

# Before Django loads any app (its settings module is under this package): the passkey
# library's dependencies stay out of processes that never verify a passkey.
lazy_imports.install()
