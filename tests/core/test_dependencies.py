"""Every third-party module the application imports is installed by `make install`.

`make demo` installs the project's runtime dependencies only (pyproject's `dependencies`),
while the test suite runs with the test extras too: a module the application imports that
arrives only through a test extra passes every test and breaks the demo on a fresh machine.
"""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def _name(dist: str) -> str:
    return re.sub(r"[-_.]+", "-", dist).lower()


def runtime_distributions() -> set[str]:
    """The runtime dependencies and everything they require, extras left out."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    todo = [Requirement(r) for r in project["dependencies"]]
    found: set[str] = set()
    while todo:
        req = todo.pop()
        name = _name(req.name)
        if name in found:
            continue
        found.add(name)
        for extra in req.extras:  # e.g. psycopg[binary]
            found.add(f"{name}[{extra}]")
        for line in metadata.requires(req.name) or []:
            sub = Requirement(line)
            env_extras = [{"extra": e} for e in req.extras] or [{"extra": ""}]
            if sub.marker is None or any(sub.marker.evaluate(env) for env in env_extras):
                todo.append(sub)
    return found


def imported_modules() -> dict[str, str]:
    """{top-level module: first file importing it} over the application's code."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "bantin").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def test_every_imported_module_is_a_runtime_dependency():
    owners = metadata.packages_distributions()
    runtime = runtime_distributions()
    missing = []
    for module, where in imported_modules().items():
        if module in sys.stdlib_module_names or module == "bantin":
            continue
        dists = {_name(d) for d in owners.get(module, [])}
        if not dists & runtime:
            missing.append(f"{module} ({where}; installed by {sorted(dists) or 'nothing'})")
    assert not missing, "imported but not in pyproject's dependencies: " + ", ".join(missing)


def test_the_check_sees_test_only_packages():
    """The check itself: a test extra is not taken for a runtime dependency."""
    runtime = runtime_distributions()
    assert "django" in runtime and "wagtail" in runtime and "pytest" not in runtime
    assert "cobble" in runtime  # required by mammoth, a runtime dependency
