"""bantin.core.lazy_imports: packages that only re-export names from their submodules are
imported a submodule at a time, with the same names as the eager package; anything else is
left to import as usual. In a process as gunicorn's master loads it, the passkey library's
dependencies (cryptography and the rest) are not loaded until a passkey view needs them."""

import json
import os
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

from bantin.core.lazy_imports import DeferredPackage, defer_reexports

ROOT = Path(__file__).resolve().parents[2]


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


@pytest.fixture
def package(tmp_path, monkeypatch, request):
    """A package of its own per test (`lazypkg_<test>`): imports it left behind are removed."""
    name = "lazypkg_" + request.node.name.replace("[", "_").replace("]", "").replace("-", "_")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path / name, name
    for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[module]


REEXPORTING = {
    "__init__.py": '''
        """A package that only re-exports."""
        from .alpha import alpha, ALPHA
        from .beta import Beta as B, beta_helper
        from .gamma.inner import inner_value

        __version__ = "1.2"
        __all__ = ["alpha", "ALPHA", "B", "beta_helper", "inner_value"]
    ''',
    "alpha.py": '''
        ALPHA = 1

        def alpha():
            return "alpha"
    ''',
    "beta.py": '''
        from . import heavy

        class Beta:
            size = heavy.SIZE

        def beta_helper():
            return "helper"
    ''',
    "heavy.py": "SIZE = 10\n",
    "gamma/__init__.py": "",
    "gamma/inner.py": "inner_value = 'inner'\n",
}


def test_names_are_imported_from_their_submodule_when_first_read(package):
    path, name = package
    _write(path, REEXPORTING)
    assert defer_reexports(name) is True
    module = sys.modules[name]
    assert isinstance(module, DeferredPackage)
    assert module.__version__ == "1.2"
    assert not any(m.startswith(name + ".") for m in sys.modules)  # nothing run yet

    assert module.alpha() == "alpha"
    assert f"{name}.alpha" in sys.modules
    assert f"{name}.beta" not in sys.modules and f"{name}.heavy" not in sys.modules

    namespace: dict = {}
    exec(f"from {name} import B, beta_helper", namespace)  # noqa: S102 -- the import statement itself
    assert namespace["B"].size == 10 and namespace["beta_helper"]() == "helper"
    assert f"{name}.heavy" in sys.modules
    assert module.inner_value == "inner"


def test_a_submodule_imported_directly_runs_alone_and_keeps_the_reexported_name(package):
    path, name = package
    _write(path, REEXPORTING)
    assert defer_reexports(name)
    # Importing the submodule `alpha` must not leave the module where the eager package has
    # the function `alpha` (its `from .alpha import alpha` rebinds the name).
    namespace: dict = {}
    exec(f"import {name}.alpha\nfrom {name}.alpha import ALPHA", namespace)  # noqa: S102
    assert f"{name}.beta" not in sys.modules
    module = sys.modules[name]
    assert isinstance(module.alpha, types.FunctionType) and module.alpha() == "alpha"
    assert namespace["ALPHA"] == 1


def test_star_import_dir_and_unknown_names(package):
    path, name = package
    _write(path, REEXPORTING)
    assert defer_reexports(name)
    namespace: dict = {}
    exec(f"from {name} import *", namespace)  # noqa: S102
    assert {"alpha", "ALPHA", "B", "beta_helper", "inner_value"} <= set(namespace)
    module = sys.modules[name]
    assert {"alpha", "B", "inner_value", "__version__"} <= set(dir(module))
    assert not hasattr(module, "missing")
    with pytest.raises(AttributeError, match="missing"):
        module.missing  # noqa: B018
    with pytest.raises(ImportError):
        exec(f"from {name} import missing", {})  # noqa: S102


@pytest.mark.parametrize("init", [
    "from .alpha import alpha\n\ndef helper():\n    return 1\n",     # a definition
    "from .alpha import alpha\nimport os\n",                          # an absolute import
    "from .alpha import *\n",                                         # a star import
    "from .alpha import alpha\nVALUE = alpha()\n",                    # a computed value
    "from .alpha import alpha\nif True:\n    pass\n",                 # a statement
    "from .alpha import (\n",                                         # not Python
])
def test_any_other_init_is_left_to_import_as_usual(package, init):
    path, name = package
    _write(path, {**REEXPORTING, "__init__.py": init})
    assert defer_reexports(name) is False
    assert name not in sys.modules


def test_modules_already_imported_plain_modules_and_missing_names_are_left_alone(package):
    path, name = package
    _write(path, REEXPORTING)
    __import__(name)
    assert defer_reexports(name) is False  # already imported eagerly: kept as it is
    assert not isinstance(sys.modules[name], DeferredPackage)
    assert defer_reexports("json") is False  # a plain module, not a package
    assert defer_reexports(name + "_absent") is False
    assert defer_reexports(name + "_absent.sub") is False


def test_a_subpackage_is_deferred_under_its_deferred_parent(package):
    path, name = package
    _write(path, {**REEXPORTING, "gamma/__init__.py": "from .inner import inner_value\n"})
    assert defer_reexports(name) and defer_reexports(f"{name}.gamma")
    assert sys.modules[name].gamma is sys.modules[f"{name}.gamma"]
    assert sys.modules[name].inner_value == "inner"
    assert isinstance(sys.modules[f"{name}.gamma"], DeferredPackage)


# What each public name of the passkey library is, in a process that loads bantin first (the
# deferred packages) and in one that never imports bantin (the library as published).
DESCRIBE = """
import json, sys
if sys.argv[1] == "bantin":
    import django
    django.setup()
    from bantin.core.preload import warm
    warm()
    # (redis-py imports the `cryptography` package itself, a few kB, to see if it is there.)
    loaded_before = sorted(m for m in ("cryptography.hazmat", "OpenSSL", "pyasn1",
                                       "pyasn1_modules") if m in sys.modules)
else:
    loaded_before = None
import webauthn, webauthn.helpers
def describe(module):
    return {name: [type(value).__name__, getattr(value, "__module__", None),
                   getattr(value, "__qualname__", None)]
            for name in module.__all__ for value in [getattr(module, name)]}
print(json.dumps({"before": loaded_before, "webauthn": describe(webauthn),
                  "helpers": describe(webauthn.helpers),
                  "cryptography": "cryptography.hazmat" in sys.modules}))
"""


def _describe(mode: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", DESCRIBE, mode], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_passkey_library_is_deferred_and_gives_the_same_names_as_published():
    deferred, published = _describe("bantin"), _describe("plain")
    # A process with Django, the URLs and the hooks loaded, as gunicorn's master has them.
    assert deferred["before"] == []
    assert deferred["webauthn"] == published["webauthn"]
    assert deferred["helpers"] == published["helpers"]
    assert all(kind != "module" for kind, _, _ in deferred["helpers"].values())
    assert deferred["cryptography"]  # loaded once the names are read
