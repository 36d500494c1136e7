"""The page cache on, in a directory of the test's own."""

from pathlib import Path

import pytest


@pytest.fixture
def page_cache(settings, tmp_path):
    settings.BANTIN_PAGE_CACHE = True
    settings.BANTIN_PAGE_CACHE_DIR = tmp_path / "pagecache"
    return Path(settings.BANTIN_PAGE_CACHE_DIR)
