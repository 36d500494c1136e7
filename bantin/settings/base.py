"""Settings shared by every environment."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent
# Runtime data (SQLite database, media, collected static) lives outside the package.
VAR_DIR = Path(os.environ.get("BANTIN_VAR_DIR", PROJECT_DIR / "var"))

INSTALLED_APPS = [
    "bantin.core",
    "bantin.units",
    "bantin.news",
    "bantin.organisation",
    "bantin.laws",
    "bantin.audience",
    "bantin.interaction",
    "bantin.polls",
    "bantin.questions",
    "bantin.broadcast",
    "bantin.importers",
    "bantin.editor",
    "bantin.search",
    "bantin.pagecache",
    "bantin.speech",
    "bantin.demo",
    "bantin.security",
    "bantin.accounts",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # A public-pool process resolves requests that carry a session against every URL.
    "bantin.core.pools.PublicPoolMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "bantin.core.security.SecurityHeadersMiddleware",
    "bantin.core.null_bytes.NullByteMiddleware",
    "bantin.pagecache.middleware.PageCacheMiddleware",
    "bantin.core.middleware.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "bantin.core.admin_i18n.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "bantin.accounts.middleware.AccountSecurityMiddleware",
    "bantin.units.access.UnitAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Which requests this process serves (bantin.core.pools, docs/deploy.md "Two pools"): "all"
# (one pool for everything), "admin" (the same code, for /quan-tri/ and signed-in staff) or
# "public" (the public site only: no admin URLs, and the admin's modules never loaded).
BANTIN_POOL = os.environ.get("BANTIN_POOL", "all")
if BANTIN_POOL not in ("all", "public", "admin"):
    raise ImproperlyConfigured(
        f"BANTIN_POOL must be all, public or admin, not {BANTIN_POOL!r}")
ROOT_URLCONF = "bantin.urls_public" if BANTIN_POOL == "public" else "bantin.urls"
WSGI_APPLICATION = "bantin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "bantin.core.context_processors.portal",
            ],
        },
    },
]


def sqlite_database(path: Path) -> dict:
    """SQLite tuned for many concurrent writers: WAL, IMMEDIATE transactions, a long busy wait.

    Without IMMEDIATE, two threads that both read then write deadlock and one gets
    "database is locked" at once instead of waiting.
    """
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;"
            ),
        },
    }


DATABASES = {"default": sqlite_database(VAR_DIR / "bantin.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts and login (docs/security.md, "Accounts and login").
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "bantin.accounts.passwords.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 first; older PBKDF2 hashes are still accepted and rewritten as Argon2 at login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Accounts taken over from NukeViet: checked once, then rehashed to Argon2.
    "bantin.importers.nukeviet.hashers.NukeVietPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes counts failed logins first; a locked-out attempt never reaches the password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failures lock the account name (whoever tries it, from wherever) and, separately,
# the address (whatever names it tries), for 30 minutes. Unknown names are counted and
# locked exactly like real ones, so the lockout tells nothing about who exists.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = 0.5  # hours
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # failed attempts only; successful logins are not stored
AXES_LOCKOUT_CALLABLE = "bantin.accounts.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "bantin.accounts.security.client_ip"
AXES_VERBOSE = False
# Second factor (django-otp): TOTP apps, one-time backup codes and passkeys/security keys
# (django-otp-webauthn, as a second factor only: no passwordless login).
OTP_TOTP_ISSUER = "bantin"
OTP_WEBAUTHN_RP_NAME = "bantin"
OTP_WEBAUTHN_RP_ID_CALLABLE = "bantin.accounts.webauthn.relying_party_id"
OTP_WEBAUTHN_HELPER_CLASS = "bantin.accounts.webauthn.SiteWebAuthnHelper"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
BANTIN_BACKUP_CODES = 10

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Files, not process memory: every server process must see the same cache, because
# publishing invalidates entries that other processes read.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
    # Wagtail looks rendition rows up here on every image tag; they never change once
    # made, so each process keeps its own copy in memory.
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renditions",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 10000},
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

WAGTAIL_SITE_NAME = "bantin"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Passkeys: the admin's base URL, plus whichever allowed host name the admin is opened on
# (bantin.accounts.webauthn). The package accepts only https origins here.
OTP_WEBAUTHN_ALLOWED_ORIGINS = ["https://" + WAGTAILADMIN_BASE_URL.split("://", 1)[-1].rstrip("/")]
WAGTAILIMAGES_IMAGE_MODEL = "core.CustomImage"
WAGTAILDOCS_DOCUMENT_MODEL = "core.CustomDocument"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# Documents only through Django's serve view, which applies the privacy of collections
# (never a link to /media/documents/); only PDFs are shown in the browser, the rest are
# downloaded (docs/security.md, "Uploaded and served files").
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_EXTENSIONS = [
    "pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "ppt", "pptx", "zip", "txt", "csv",
]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
# The image upload form answers an unreadable image with a form error (bantin.core.image_forms).
WAGTAILIMAGES_IMAGE_FORM_BASE = "bantin.core.image_forms.ImageForm"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# Django's Vietnamese locale defines no input formats, so forms read dates with Django's
# defaults, which take 05/11/2026 for May 11th and refuse 27/11/2026: the admin's date
# pickers write day/month/year (above), and forms read it back the same way.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M", "%Y-%m-%d",
    "%d-%m-%Y %H:%M", "%d.%m.%Y %H:%M",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The upload gate (bantin/core/files.py): largest upload per kind, in MB, and the limits
# that refuse a ZIP bomb. Each upload path may cap these further (questions, broadcast).
BANTIN_UPLOAD_MAX_MB = {"image": 25, "pdf": 50, "office": 50, "audio": 50, "zip": 100,
                        "text": 10}
BANTIN_ZIP_MAX_MEMBERS = 10000
BANTIN_ZIP_MAX_UNCOMPRESSED_MB = 1024
BANTIN_ZIP_MAX_RATIO = 100
WAGTAILIMAGES_MAX_UPLOAD_SIZE = BANTIN_UPLOAD_MAX_MB["image"] * 1024 * 1024
# Photos straight from a phone are stored upright, without metadata, at most this many
# pixels on their longest side (bantin.core.photos).
BANTIN_PHOTO_MAX_SIDE = 2560
BANTIN_PHOTO_JPEG_QUALITY = 85

# Idle sessions end on the server after BANTIN_IDLE_SECONDS without a request from the user
# (bantin.accounts.middleware; background pings in BANTIN_IDLE_IGNORED_PATHS do not count);
# the public pages and the admin warn the user BANTIN_IDLE_WARNING_SECONDS before that and
# offer to stay logged in.
BANTIN_IDLE_SECONDS = int(os.environ.get("BANTIN_IDLE_SECONDS", 30 * 60))
BANTIN_IDLE_WARNING_SECONDS = 60
BANTIN_IDLE_IGNORED_PATHS = ["/quan-tri/editing-sessions/"]
SESSION_COOKIE_AGE = BANTIN_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Public pages stay cacheable: their scripts read the CSRF token from this cookie
# instead of having a token rendered into the page.
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "bantin.core.views.csrf_failure"

# Security headers (docs/security.md, "Headers and cookies"). Django and nginx send the
# same values: deploy/nginx/security-headers.conf and file-headers.conf are generated from
# these settings by `python -m bantin nginx_headers`.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HSTS: production turns it on from the environment (BANTIN_HSTS_SECONDS and friends).
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
# Sites whose video blocks (wagtail.embeds) may be shown in a frame.
BANTIN_EMBED_FRAME_SOURCES = [
    "https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com",
    "https://www.facebook.com",
]
# Public pages: no inline script or style at all (the page cache serves one stored copy
# many times, so a per-response nonce cannot work); every script and style is a static file.
BANTIN_CSP_PUBLIC = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "frame-src": ["'self'", *BANTIN_EMBED_FRAME_SOURCES],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# The admin: Wagtail 7.4 still writes inline scripts (date pickers, inline panels) and
# inline styles, previews pages in a frame of its own and shows images from blob: URLs.
BANTIN_CSP_ADMIN_PATHS = ["/quan-tri/"]
BANTIN_CSP_ADMIN = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "media-src": ["'self'", "blob:"],
    "frame-src": ["'self'", *BANTIN_EMBED_FRAME_SOURCES],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
# Uploaded files opened in the browser: a sandbox that runs nothing and loads nothing.
BANTIN_CSP_FILES = {
    "default-src": ["'none'"],
    "img-src": ["'self'"],
    "media-src": ["'self'"],
    "style-src": ["'unsafe-inline'"],
    "frame-ancestors": ["'none'"],
    "sandbox": [],
}
# A PDF shown inline (the preview frame of a legal document's page): browsers refuse to
# render a sandboxed PDF, so no sandbox; PDFs with scripts are refused at upload.
BANTIN_CSP_PDF_INLINE = {
    "default-src": ["'none'"],
    "object-src": ["'self'"],
    "frame-ancestors": ["'none'"],
}
BANTIN_PERMISSIONS_POLICY = {
    feature: [] for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer",
        "microphone", "payment", "usb", "display-capture")
}
# Staff record broadcast audio in the admin ("Ghi âm"): the microphone, on this site only.
BANTIN_PERMISSIONS_POLICY_ADMIN = {**BANTIN_PERMISSIONS_POLICY, "microphone": ["self"]}
# No staff e-mail hashes sent to a third-party avatar service (and no foreign images).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# A path, not the URL's name: public-pool processes have no admin URLs to look it up in.
LOGIN_URL = "/quan-tri/login/"

# Where counted events (views, downloads, votes, clicks, visits) wait for the worker's
# flush: per-process spool files here; production sets the Redis buffer (see
# docs/architecture.md, "Counters").
BANTIN_COUNTER_BUFFER = "bantin.audience.buffers.FileBuffer"
BANTIN_COUNTER_SPOOL_DIR = VAR_DIR / "counters"
# Spool files reach the disk at most this many seconds after an event (0: every event).
BANTIN_COUNTER_FSYNC_SECONDS = float(os.environ.get("BANTIN_COUNTER_FSYNC_SECONDS", 1))
# The Redis buffer's server and key prefix (REDIS_URL from the environment by default).
BANTIN_REDIS_URL = os.environ.get("REDIS_URL", "")
BANTIN_COUNTER_REDIS_PREFIX = "bantin:counters"
# How often the worker flushes counters and publishes scheduled pages (seconds).
BANTIN_PERIODIC_SECONDS = int(os.environ.get("BANTIN_PERIODIC_SECONDS", 30))

# Personal data (docs/interaction.md, "Personal data"): days each kind of record keeps it
# before `purge_personal_data` (run daily by the worker) blanks it. A kind not named here
# keeps its default; BANTIN_RETENTION_DAYS_<KIND> in the environment overrides one.
BANTIN_RETENTION_DAYS = {
    "comments": int(os.environ.get("BANTIN_COMMENT_RETENTION_DAYS", 365)),
    # Polls and surveys (docs/polls.md): the hashes that keep a vote or a response to one
    # per visitor are blanked after this; the vote and the answers stay (counts unchanged).
    "poll_votes": 180,
    "survey_responses": 180,
    # Questions (docs/questions.md): the asker's email, phone, address hashes and
    # attachment, counted from the day the question was sent; two years leave time to
    # answer, follow up and handle complaints about the answer.
    "questions": 730,
    # Failed logins (docs/security.md): address, name typed and browser of each attempt.
    "login_attempts": 30,
}
BANTIN_RETENTION_DAYS.update({
    key[len("BANTIN_RETENTION_DAYS_"):].lower(): int(value)
    for key, value in os.environ.items() if key.startswith("BANTIN_RETENTION_DAYS_")
})
# Comments: the address hashes are salted with BANTIN_IP_HASH_SALT (by default derived
# from SECRET_KEY).
BANTIN_IP_HASH_SALT = os.environ.get("BANTIN_IP_HASH_SALT", "")
# Posts allowed per window (seconds) from one address and from one visitor cookie;
# every attempt counts, valid or not.
BANTIN_COMMENT_RATE_LIMITS = {
    "ip": [(60, 5), (3600, 30)],
    "visitor": [(60, 3), (3600, 15)],
}
BANTIN_COMMENT_REPORT_LIMITS = [(60, 10), (3600, 50)]  # reports per address
BANTIN_COMMENT_MAX_LINKS = 2
# Polls and surveys (docs/polls.md): votes or responses per bare address and poll (many
# citizens share a carrier's NAT address; the visitor cookie and the address+browser hash
# refuse a second vote by the same person), and posts allowed per window.
BANTIN_POLL_VOTES_PER_ADDRESS = int(os.environ.get("BANTIN_POLL_VOTES_PER_ADDRESS", 30))
BANTIN_POLL_RATE_LIMITS = {
    "ip": [(60, 20), (3600, 200)],
    "visitor": [(60, 5), (3600, 30)],
}
# Questions (docs/questions.md): posts per window from one address and visitor cookie,
# code lookups per address (against guessing), links allowed, attachment size.
BANTIN_QUESTION_RATE_LIMITS = {
    "ip": [(60, 3), (3600, 10)],
    "visitor": [(60, 2), (3600, 6)],
}
BANTIN_QUESTION_LOOKUP_LIMITS = [(60, 10), (3600, 60)]
BANTIN_QUESTION_MAX_LINKS = 3
BANTIN_QUESTION_MAX_ATTACHMENT_MB = 10

# Live commands to loudspeaker clusters (docs/broadcast.md, "Live commands"). With
# BANTIN_MQTT_URL (mqtt://user:password@127.0.0.1:18830, the server's broker account) they
# are pushed over MQTT at once; without it devices get them by polling over HTTP. Topics
# start with BANTIN_MQTT_PREFIX; an unacknowledged command is dropped after
# BANTIN_COMMAND_TTL_SECONDS. The broker's password file and ACL are written into
# BANTIN_MQTT_CREDENTIALS_DIR by `python -m bantin mqtt_credentials`.
BANTIN_MQTT_URL = os.environ.get("BANTIN_MQTT_URL", "")
BANTIN_MQTT_PREFIX = os.environ.get("BANTIN_MQTT_PREFIX", "bantin/v1")
BANTIN_COMMAND_TTL_SECONDS = int(os.environ.get("BANTIN_COMMAND_TTL_SECONDS", 600))
BANTIN_MQTT_CREDENTIALS_DIR = Path(os.environ.get(
    "BANTIN_MQTT_CREDENTIALS_DIR", PROJECT_DIR / "var" / "services" / "mosquitto"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"bantin": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# Text to speech (docs/speech.md): the engine class, its keyword arguments, and the format
# audio is stored in ("mp3" needs lame or ffmpeg; without them WAV is kept).
BANTIN_TTS_ENGINE = os.environ.get("BANTIN_TTS_ENGINE", "bantin.speech.engines.EspeakEngine")
BANTIN_TTS_OPTIONS: dict = {}
BANTIN_TTS_FORMAT = os.environ.get("BANTIN_TTS_FORMAT", "wav")

# Device protocol (docs/device-protocol.md): lifetime of a device's bearer token.
# X-Accel-Redirect prefix for files views hand out (bantin.core.protected); production
# sets it, behind nginx.
BANTIN_ACCEL_REDIRECT = ""
BANTIN_DEVICE_TOKEN_SECONDS = int(os.environ.get("BANTIN_DEVICE_TOKEN_SECONDS", 3600))

# Jobs the worker enqueues every BANTIN_PERIODIC_SECONDS (see `python -m bantin worker`).
BANTIN_PERIODIC_TASKS = [
    "bantin.core.tasks.publish_scheduled",
    "bantin.audience.tasks.flush_counters",
    "bantin.core.tasks.prune_task_results",
    "bantin.pagecache.tasks.purge_expired",
    "bantin.broadcast.monitoring.check_alerts",
    "bantin.interaction.tasks.purge_personal_data",
    "bantin.search.tasks.recount_words",
]
# Broadcast monitoring: a cluster is offline when its last heartbeat is older than this, and a
# scheduled play not reported as started this long after its start raises an alert (seconds).
BANTIN_HEARTBEAT_OFFLINE_SECONDS = int(os.environ.get("BANTIN_HEARTBEAT_OFFLINE_SECONDS", 180))
BANTIN_MISSED_PLAY_GRACE_SECONDS = int(os.environ.get("BANTIN_MISSED_PLAY_GRACE_SECONDS", 300))

# Full pages for anonymous visitors, stored as files that nginx serves without Python
# (deploy/nginx/page-cache.conf); without nginx the first middleware serves them.
BANTIN_PAGE_CACHE = os.environ.get("BANTIN_PAGE_CACHE", "1").lower() not in ("0", "false", "off")
BANTIN_PAGE_CACHE_DIR = Path(os.environ.get("BANTIN_PAGE_CACHE_DIR", VAR_DIR / "pagecache"))
# Paths never served from or stored in the page cache (admin, APIs, files, search).
BANTIN_PAGE_CACHE_EXCLUDE = [
    "/quan-tri/", "/api/", "/media/", "/static/", "/tai-lieu/", "/tim-kiem/", "/lien-ket/",
    "/tham-do/",
]

# Security alerts (docs/security.md, "Audit log and alerts"): mailed to these addresses
# (comma-separated in the environment) and, unless turned off, to every active superuser.
BANTIN_SECURITY_ALERT_EMAILS = [
    e.strip() for e in os.environ.get("BANTIN_SECURITY_ALERT_EMAILS", "").split(",") if e.strip()
]
BANTIN_SECURITY_ALERT_SUPERUSERS = True
# (count, seconds): failed logins from one address or for one user name, and pages or
# documents deleted or unpublished by one account, that raise an alert.
BANTIN_SECURITY_FAILED_LOGINS = (10, 600)
BANTIN_SECURITY_MASS_CHANGES = (10, 600)
