"""Passwords of accounts taken over from NukeViet, accepted once and rehashed.

An imported account keeps its NukeViet hash as `nukeviet$<hash>`. At the first login
Django checks the password here and, since this hasher is not the preferred one
(PASSWORD_HASHERS lists Argon2 first), stores an Argon2 hash instead.

The formats are those of NukeViet 4's `NukeViet\\Core\\Encryption::validate_password`:
`{SSHA512}`, `{SSHA256}`, `{SSHA}` are base64(digest(password . salt) . salt) with a
64-, 32- or 20-byte digest, `{SHA}` and `{MD5}` base64(digest(password)); and crypt(3)
hashes (`$2y$...` from PHP's password_hash, `$1$`, `$5$`, `$6$`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import warnings

from django.contrib.auth.hashers import BasePasswordHasher, mask_hash
from django.utils.translation import gettext_noop as _

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import crypt as _crypt
    except ImportError:  # Python 3.13 and later: crypt(3) hashes need a reset
        _crypt = None

SALTED = {"{SSHA512}": (hashlib.sha512, 64), "{SSHA256}": (hashlib.sha256, 32),
          "{SSHA}": (hashlib.sha1, 20)}
PLAIN = {"{SHA}": hashlib.sha1, "{MD5}": hashlib.md5}


def supported(nukeviet_hash: str) -> bool:
    value = nukeviet_hash or ""
    if any(value.startswith(p) for p in (*SALTED, *PLAIN)):
        return True
    return value.startswith("$") and _crypt is not None


def check(password: str, nukeviet_hash: str) -> bool:
    secret = password.encode("utf-8")
    for prefix, (digest, size) in SALTED.items():
        if nukeviet_hash.startswith(prefix):
            try:
                raw = base64.b64decode(nukeviet_hash[len(prefix):], validate=True)
            except (binascii.Error, ValueError):
                return False
            if len(raw) < size:
                return False
            salt = raw[size:]
            return hmac.compare_digest(raw[:size], digest(secret + salt).digest())
    for prefix, digest in PLAIN.items():
        if nukeviet_hash.startswith(prefix):
            expected = base64.b64encode(digest(secret).digest()).decode()
            return hmac.compare_digest(nukeviet_hash[len(prefix):], expected)
    if nukeviet_hash.startswith("$") and _crypt is not None:
        computed = _crypt.crypt(password, nukeviet_hash)
        return bool(computed) and hmac.compare_digest(computed, nukeviet_hash)
    return False


class NukeVietPasswordHasher(BasePasswordHasher):
    algorithm = "nukeviet"

    def encode(self, password, salt):
        raise NotImplementedError("NukeViet hashes are only ever checked, never made.")

    def decode(self, encoded):
        algorithm, original = encoded.split("$", 1)
        assert algorithm == self.algorithm
        return {"algorithm": algorithm, "hash": original, "salt": None}

    def verify(self, password, encoded):
        return check(password, self.decode(encoded)["hash"])

    def safe_summary(self, encoded):
        return {_("algorithm"): self.algorithm,
                _("hash"): mask_hash(self.decode(encoded)["hash"])}

    def must_update(self, encoded):
        return True

    def harden_runtime(self, password, encoded):
        pass
