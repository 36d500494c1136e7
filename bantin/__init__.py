"""bantin: e-information portals and grassroots broadcasting for Vietnamese local government."""

__version__ = "0.1.0"
