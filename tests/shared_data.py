"""Test data built once per module and shared by the module's tests.

`per_module(build)` makes a module-scoped fixture holding a `Snapshot`: `build()` runs
once, inside a transaction that is rolled back when the module's tests are done. Each test
runs in a savepoint inside that transaction (pytest-django's `db`, Django's TestCase), so
what a test changes is rolled back before the next one, and `Snapshot.get(request)`
hands each test deep copies of the built objects, as Django's `TestCase.setUpTestData`
does. The database a test starts from is therefore the same as when every test built its
own data; only the building is done once.

Tests that need committed data (transaction=True, live_server: their server threads and
flushes cannot see into an open transaction) get a fresh `build()` of their own, and any
open snapshot is rolled back before such a test starts (see `pytest_runtest_setup` in
tests/conftest.py).
"""

from __future__ import annotations

import copy

import pytest
from django.db import transaction

_open: list[Snapshot] = []

TRANSACTIONAL_FIXTURES = ("transactional_db", "live_server", "django_db_reset_sequences")


def transactional(item) -> bool:
    """Whether pytest-django runs `item` as a TransactionTestCase (as its own ordering
    of the tests decides it)."""
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        if marker.kwargs.get("transaction") or (marker.args and marker.args[0]):
            return True
        if marker.kwargs.get("reset_sequences"):
            return True
    names = getattr(item, "fixturenames", ())
    return any(name in names for name in TRANSACTIONAL_FIXTURES)


class Snapshot:
    def __init__(self, build, blocker):
        self.build, self.blocker = build, blocker
        self.atomic = None
        self.data = None

    def open(self) -> None:
        with self.blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                self.data = self.build()
            except BaseException as error:
                transaction.set_rollback(True)
                atomic.__exit__(type(error), error, error.__traceback__)
                raise
        self.atomic = atomic
        _open.append(self)

    def close(self) -> None:
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic, self.data = None, None
        _open.remove(self)

    def get(self, request):
        """The built objects for the test `request` runs: copies of the shared ones, or a
        build of its own for a test that needs committed data (or when the snapshot was
        rolled back before it)."""
        if self.atomic is not None and not transactional(request.node):
            return copy.deepcopy(self.data)
        return self.build()


def close_all() -> None:
    for snapshot in list(_open):
        snapshot.close()


def per_module(build):
    """A module-scoped fixture holding a `Snapshot` of `build()` (see the module's doc).

    A test fixture using it must also depend on `db` (or `transactional_db`)."""

    @pytest.fixture(scope="module")
    def snapshot(request, django_db_setup, django_db_blocker):
        shared = Snapshot(build, django_db_blocker)
        # Opened before the first test's own savepoint (module fixtures are set up before
        # function ones), unless that test needs committed data.
        if not transactional(request._pyfuncitem):
            shared.open()
        yield shared
        shared.close()

    return snapshot
