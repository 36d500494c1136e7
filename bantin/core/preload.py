"""What gunicorn's master loads once before forking its workers (deploy/gunicorn.conf.py,
`preload_app`): what every worker would otherwise load for itself on its first request.

Pages a worker inherits from the master are shared until written to; loading the same
modules in each worker after the fork would give each its own copy. Only what every worker
needs belongs here: RSS counts inherited pages in full, used or not.
"""

from django.conf import settings
from django.urls import get_resolver
from django.utils.module_loading import import_string

from bantin.core import pools


def warm() -> None:
    # The URL configuration, with every module its patterns import (Django loads it on the
    # first request), and the reverse lookup tables built from it.
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 -- imported on first access
    resolver.reverse_dict  # noqa: B018 -- built on first access
    # Every app's wagtail_hooks module, which Wagtail imports on the first page served; in a
    # public-pool process, the public hooks only (bantin.core.pools).
    pools.load_public_hooks()
    # The cache backends' modules, and with them their client libraries (redis-py, 6 MB of
    # Python objects): Django imports a backend when a request first uses it.
    for alias in settings.CACHES.values():
        import_string(alias["BACKEND"])
