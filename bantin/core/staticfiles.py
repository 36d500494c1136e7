"""Static files storage for production: hashed names, each looked up once per process."""

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

#: Bound on the names remembered (templates name a few dozen files).
MAX_REMEMBERED = 2048


class RememberingManifestStaticFilesStorage(ManifestStaticFilesStorage):
    """`ManifestStaticFilesStorage` whose URLs are remembered: the manifest is read once
    when the process starts and does not change while it runs, but finding a name in it
    and building its URL is repeated for every `{% static %}` of every page rendered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            pass
        url = super().url(name)  # raises for a name missing from the manifest: not kept
        if len(self._urls) < MAX_REMEMBERED:
            self._urls[name] = url
        return url
