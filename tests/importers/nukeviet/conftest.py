from tests.importers.nukeviet.mariadb import mariadb  # noqa: F401
