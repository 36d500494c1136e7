"""Packages whose `__init__` only re-exports names from their submodules, imported a
submodule at a time instead of all at once.

`django-otp-webauthn` imports `webauthn.helpers.structs` when Django loads its app and
`webauthn.helpers.parse_attestation_object` with its models. Python runs a package's
`__init__` before any of its submodules, and `webauthn`'s imports every helper, which brings
`cryptography`, `pyOpenSSL`, `pyasn1` and `cbor2`: 13 MB in every process, although only the
passkey views ever use them. Each gunicorn worker inherits that memory from the master (and
RSS counts it in full), for pages that never touch it (docs/performance.md, "Worker
memory").

`defer_reexports(name)` replaces such a package, before anything imports it, with a module
that resolves each re-exported name on first access by importing the one submodule that
defines it. Importing a submodule directly then runs only that submodule and what it
imports. The package's `__init__` is read, not run: only relative `from .sub import name`
statements, literal assignments (`__version__`, `__all__`) and a docstring are accepted; a
package whose `__init__` does anything else is left to import as usual, so an upgrade that
changes it costs memory, never behaviour (tests/core/test_lazy_imports.py notices).
"""

import ast
import importlib
import importlib.util
import sys
import types


class DeferredPackage(types.ModuleType):
    """A package module whose re-exported names are imported from their submodules when
    first read (`_bantin_reexports`: name → (submodule, name in the submodule))."""

    def __getattr__(self, name: str):
        reexports = self.__dict__.get("_bantin_reexports", {})
        if name not in reexports:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        submodule, original = reexports[name]
        value = getattr(importlib.import_module(f"{self.__name__}.{submodule}"), original)
        # What the package's `from .sub import name` would have bound.
        types.ModuleType.__setattr__(self, name, value)
        return value

    def __setattr__(self, name: str, value) -> None:
        # Importing `pkg.sub` binds `sub` on the package. When the package re-exports a name
        # `sub` from that very submodule (`from .sub import sub`, as webauthn.helpers does for
        # each helper), the eager package ends up with the re-exported object under that
        # name, not the submodule: leave it to __getattr__ to give the same.
        reexports = self.__dict__.get("_bantin_reexports", {})
        if (isinstance(value, types.ModuleType) and name in reexports
                and value.__name__ == f"{self.__name__}.{reexports[name][0]}"):
            self.__dict__.pop(name, None)
            return
        types.ModuleType.__setattr__(self, name, value)

    def __dir__(self):
        return sorted(set(self.__dict__) | set(self.__dict__.get("_bantin_reexports", {})))


def _reexports(source: str) -> tuple[dict[str, tuple[str, str]], dict] | None:
    """(name → (submodule, name in it), literal assignments) of an `__init__` that only
    re-exports, or None when it does anything else."""
    reexports: dict[str, tuple[str, str]] = {}
    literals: dict = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            for alias in node.names:
                if alias.name == "*":
                    return None
                reexports[alias.asname or alias.name] = (node.module, alias.name)
        elif (isinstance(node, ast.Assign) and len(node.targets) == 1
              and isinstance(node.targets[0], ast.Name)):
            try:
                literals[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                return None
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the docstring
        else:
            return None
    return reexports, literals


def defer_reexports(name: str) -> bool:
    """Install `name` as a DeferredPackage if it is not imported yet and its `__init__` only
    re-exports; True if it was. The parent of a dotted name is imported first (as a
    deferred package itself, if it was installed as one before)."""
    if name in sys.modules:
        return isinstance(sys.modules[name], DeferredPackage)
    try:
        spec = importlib.util.find_spec(name)
    except ImportError:
        return False
    if spec is None or spec.submodule_search_locations is None or not spec.origin:
        return False
    try:
        with open(spec.origin, encoding="utf-8") as init:
            found = _reexports(init.read())
    except (OSError, SyntaxError, UnicodeDecodeError):
        return False
    if found is None:
        return False
    reexports, literals = found
    module = importlib.util.module_from_spec(spec)
    module.__class__ = DeferredPackage
    module.__dict__.update(literals)
    module.__dict__["_bantin_reexports"] = reexports
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
    return True


# Loaded by the passkey views only (django-otp-webauthn); see the module's docstring.
DEFERRED = ("webauthn", "webauthn.helpers")


def install() -> None:
    for name in DEFERRED:
        defer_reexports(name)
