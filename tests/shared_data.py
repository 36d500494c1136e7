"""Test data built once per module and shared by the module's tests.

`per_module(build)` makes a module-scoped fixture holding a `Snapshot`: `build()` runs
once, inside a transaction that is rolled back when the module's tests are done. Each test
runs in a savepoint inside that transaction (pytest-django's `db`, Django's TestCase), so
what a test changes is rolled back before the next one, and `Snapshot.get(request)`
hands each test deep copies of the built objects, as Django's `TestCase.setUpTestData`
does. The database a test starts from is therefore the same as when every test built its
own data; only the building is done once.

A test sees the built data only when it asks for it: before each test (see
`pytest_runtest_setup` in tests/conftest.py) exactly the snapshots it asks for are open.
Tests that need committed data (transaction=True, live_server: their server threads and
flushes cannot see into an open transaction) run with every snapshot rolled back and get a
fresh `build()` of their own.
"""

from __future__ import annotations

import copy

import pytest
from django.db import transaction

_open: list[Snapshot] = []  # innermost last
_alive: list[Snapshot] = []  # the current module's

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
    def __init__(self, name, build, blocker):
        self.name, self.build, self.blocker = name, build, blocker
        self.atomic = None
        self.data = None

    def wanted_by(self, item) -> bool:
        return self.name in getattr(item, "fixturenames", ()) and not transactional(item)

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
        assert _open[-1] is self, "shared data is rolled back innermost first"
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic, self.data = None, None
        _open.pop()

    def get(self, request):
        """The built objects for the test `request` runs: copies of the shared ones, or a
        build of its own for a test that needs committed data."""
        if self.atomic is not None and not transactional(request.node):
            return copy.deepcopy(self.data)
        return self.build()


def prepare(item) -> None:
    """Before `item`'s fixtures are set up: exactly the snapshots it asks for are open, so
    a test never sees data it did not ask for, nor runs inside a transaction when it
    needs committed data."""
    unwanted = [i for i, snapshot in enumerate(_open) if not snapshot.wanted_by(item)]
    if unwanted:
        for snapshot in reversed(_open[unwanted[0]:]):
            snapshot.close()
    for snapshot in _alive:
        if snapshot.atomic is None and snapshot.wanted_by(item):
            snapshot.open()


def per_module(build):
    """A module-scoped fixture holding a `Snapshot` of `build()` (see the module's doc).

    A test fixture using it must also depend on `db` (or `transactional_db`), and name it
    among its arguments (tests/conftest.py opens it before each test that asks for it)."""

    @pytest.fixture(scope="module")
    def snapshot(request, django_db_setup, django_db_blocker):
        shared = Snapshot(request.fixturename, build, django_db_blocker)
        # Opened before the first test's own savepoint (module fixtures are set up before
        # function ones); before the module's later tests, by `prepare`.
        if shared.wanted_by(request._pyfuncitem):
            shared.open()
        _alive.append(shared)
        yield shared
        _alive.remove(shared)
        while shared.atomic is not None:
            _open[-1].close()

    return snapshot
