import pytest

from tests.importers.nukeviet import builder
from tests.importers.nukeviet.mariadb import mariadb  # noqa: F401


@pytest.fixture(scope="module")
def source(mariadb, tmp_path_factory):  # noqa: F811
    """A NukeViet database and its uploads folder, built once per test module."""
    name = mariadb.create_database()
    uploads = tmp_path_factory.mktemp("uploads")
    with mariadb.connect(name) as conn:
        builder.build(conn, uploads)
    return {"url": mariadb.url(name), "uploads": str(uploads), "name": name,
            "server": mariadb}
