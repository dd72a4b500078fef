"""All settings, driven by environment variables with development-safe defaults.

`make run` needs no variable at all: SQLite in WAL mode, no broker (tasks run in-process).
Production switches things on by setting variables (see README, "Configuration").
"""

from datetime import timedelta

from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from thidua.env import BASE_DIR, env

# --- Core ---------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Production mode: destructive commands (load_demo, flush, restore) refuse to run without
# --allow-production (core/management/production.py). The test settings turn it off.
THIDUA_PRODUCTION = not DEBUG
_DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production-0123456789"  # noqa: S105 - dev only; production refuses to start without a real key
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off (production mode)."
        )
    SECRET_KEY = _DEV_SECRET
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Public base URL used in e-mails and on QR codes of issued documents.
SITE_URL = env("THIDUA_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.postgres",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "core",
    "units",
    "documents",
    "campaigns",
    "awards",
    "nominations",
    "reports",
    "scoring",
    "benchmarks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.SessionTimeoutMiddleware",
    "core.mfa.MFAMiddleware",
    "core.middleware.ControlCharacterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: login throttling.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "units.context_processors.roles",
                "csp.context_processors.nonce",
            ],
        },
    },
]
# https://docs.djangoproject.com/en/5.2/ref/forms/renderers/#templatessetting
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Database -----------------------------------------------------------------------
# SQLite by default (WAL, IMMEDIATE transactions: concurrent writers wait instead of
# failing with "database is locked"); PostgreSQL in production through DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-transaction-behavior
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"),
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches ------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions read from Redis, written through to the database (no session query per page view;
    # a Redis flush logs nobody out). Without Redis: plain database sessions.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth ---------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out user/IP before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "first_name", "last_name", "email")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # The user's own names (without diacritics, any case) and the application's name.
    {"NAME": "core.passwords.OwnNameValidator"},
]
# Login throttling (django-axes 8): after THIDUA_LOGIN_FAILURE_LIMIT failures for one user name,
# or from one IP address, further attempts are refused for THIDUA_LOGIN_COOLOFF_MINUTES.
# Every failure and lock-out is logged (logger "axes") and written to the audit log.
AXES_FAILURE_LIMIT = env.int("THIDUA_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.float("THIDUA_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = env.list("THIDUA_LOGIN_LOCKOUT_PARAMETERS", default=["username", "ip_address"])
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_CLIENT_IP_CALLABLE = "core.auth_events.client_ip"
# Behind the reverse proxy the client's address is the right-most X-Forwarded-For entry.
THIDUA_BEHIND_PROXY = env.bool("DJANGO_BEHIND_TLS_PROXY", default=False)
AXES_VERBOSE = False  # our own logger "thidua.auth" records failures and lock-outs

# Second factor (django-otp TOTP). Administrators, chairs (signers) and secretariats must set it
# up when THIDUA_MFA_ENFORCED is on (the default in production mode); others may. With it off
# (development, `make run`, tests) nobody is forced, but a user who has set it up is still asked.
THIDUA_MFA_ENFORCED = env.bool("THIDUA_MFA_ENFORCED", default=not DEBUG)
THIDUA_MFA_ROLES = ("admin", "chair", "secretariat")
OTP_TOTP_ISSUER = "thidua"

# Sessions: logged out after THIDUA_SESSION_IDLE_SECONDS without a request (default 30 min)
# and THIDUA_SESSION_MAX_SECONDS after login at the latest (default 10 h).
THIDUA_SESSION_IDLE_SECONDS = env.int("THIDUA_SESSION_IDLE_SECONDS", default=30 * 60)
THIDUA_SESSION_MAX_SECONDS = env.int("THIDUA_SESSION_MAX_SECONDS", default=10 * 3600)
SESSION_COOKIE_AGE = THIDUA_SESSION_MAX_SECONDS

# --- Language, time, formats --------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Off: years and ids must not print as "2.024". Amounts use the `vn_number` filter.
USE_THOUSAND_SEPARATOR = False
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["thidua.formats"]

# --- Static and media ---------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "DJANGO_STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# Uploads: largest accepted file (bytes); checked by content type as well.
THIDUA_UPLOAD_MAX_BYTES = env.int("THIDUA_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Excel imports (core.views.ExcelImportView): a file of more rows than this is committed in a
# background job with its progress shown (on the pages that allow it: people, award register).
THIDUA_IMPORT_BACKGROUND_ROWS = env.int("THIDUA_IMPORT_BACKGROUND_ROWS", default=1000)
# Excel exports (core.excel): a list of more rows than this is written in a background job.
THIDUA_EXPORT_BACKGROUND_ROWS = env.int("THIDUA_EXPORT_BACKGROUND_ROWS", default=5000)
DATA_UPLOAD_MAX_MEMORY_SIZE = THIDUA_UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
# Office files (.docx/.xlsx are zip archives) are refused before they are opened when their
# central directory declares more entries, more uncompressed bytes, or a denser entry than this
# (core.uploads.check_zip). This bounds what openpyxl/python-docx can inflate.
THIDUA_ZIP_MAX_ENTRIES = env.int("THIDUA_ZIP_MAX_ENTRIES", default=2000)
THIDUA_ZIP_MAX_UNCOMPRESSED_BYTES = env.int("THIDUA_ZIP_MAX_UNCOMPRESSED_BYTES", default=64 * 1024 * 1024)
THIDUA_ZIP_MAX_RATIO = env.int("THIDUA_ZIP_MAX_RATIO", default=200)

# --- E-mail -------------------------------------------------------------------------
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("DJANGO_EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="thidua@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -------------------------------------------------------------------------
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
# No broker configured (make run): tasks execute in-process so the app still works.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
THIDUA_BALLOT_CLOSING_HOUR = env.int("THIDUA_BALLOT_CLOSING_HOUR", default=15)
CELERY_BEAT_SCHEDULE = {
    # The reminder sweep: idempotent, so a missed or doubled beat does no harm.
    "reports-reminders-sweep": {
        "task": "reports.tasks.reminders_sweep_task",
        "schedule": crontab(minute="*/5"),  # https://crontab.guru/#*/5_*_*_*_*
    },
    # "Ballot closing soon" (nominations.services.council): once a day per member and session.
    "nominations-ballots-closing-soon": {
        "task": "nominations.tasks.ballots_closing_soon_task",
        "schedule": crontab(minute="*/15"),  # https://crontab.guru/#*/15_*_*_*_*
    },
    # Old import previews, import rows and export files (core.jobs.jobs_sweep): idempotent.
    "core-jobs-sweep": {
        "task": "core.tasks.jobs_sweep_task",
        "schedule": crontab(hour=2, minute=30),  # https://crontab.guru/#30_2_*_*_*
    },
    # The daily notification digest (README "Notifications"): idempotent like the sweep.
    "core-notification-digest": {
        "task": "core.tasks.notification_digest_task",
        "schedule": crontab(
            hour=env.int("THIDUA_DIGEST_HOUR", default=17), minute=0
        ),  # https://crontab.guru/#0_17_*_*_*
    },
}

# --- Security (production mode = DJANGO_DEBUG off) ----------------------------------
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (django-csp 4) on every response: scripts and styles only from our
# own static files (or carrying the per-request nonce); nothing may frame a page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "frame-src": [SELF],
    },
}
if not DEBUG:
    # https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies: sent only over HTTPS, for this exact host, path "/" (no Domain attribute).
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        # Rate limits count per client: the proxy must set X-Real-IP (nginx: $remote_addr).
        RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 random characters.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}

# --- thidua -------------------------------------------------------------------------
THIDUA_PAGE_SIZE = 25
# Dashboard, statistics and fairness aggregates are cached until their input tables change
# (core/caching.py); this expiry is only the safety net for writes made outside the app.
THIDUA_AGGREGATE_CACHE_SECONDS = env.int("THIDUA_AGGREGATE_CACHE_SECONDS", default=15 * 60)
# The home page's secretariat and unit-head panels are cached the same way; what changes with
# the clock alone (a deadline passing, a round opening) shows within this step (thidua/cockpit.py).
THIDUA_COCKPIT_CLOCK_SECONDS = env.int("THIDUA_COCKPIT_CLOCK_SECONDS", default=60)
# What the Excel jobs leave behind is swept daily (core.jobs.jobs_sweep): unconfirmed import
# previews after this many hours; finished imports' stored rows and export files after these days.
THIDUA_IMPORT_PREVIEW_HOURS = env.int("THIDUA_IMPORT_PREVIEW_HOURS", default=24)
THIDUA_JOB_KEEP_DAYS = env.int("THIDUA_JOB_KEEP_DAYS", default=7)
# Issued PDFs (documents app). Margins top,right,bottom,left in mm; ND 30/2020 allows
# top/bottom 20-25, left 30-35, right 15-20 (checked at start-up, documents.E001).
THIDUA_PDF_MARGINS_MM = env.list("THIDUA_PDF_MARGINS_MM", cast=float, default=[20, 15, 20, 30])
# Optional PAdES signing of issued documents with a PKCS#12 file (off when the path is empty).
THIDUA_SIGNING_P12_PATH = env("THIDUA_SIGNING_P12_PATH", default="")
THIDUA_SIGNING_P12_PASSWORD = env("THIDUA_SIGNING_P12_PASSWORD", default="")

# Reminders (reports app): an unsent reminder row older than this is enqueued again by the sweep
# (a worker killed mid-send, a lost message); failed rows are retried up to MAX_ATTEMPTS.
THIDUA_REMINDER_STUCK_SECONDS = env.int("THIDUA_REMINDER_STUCK_SECONDS", default=900)
THIDUA_REMINDER_MAX_ATTEMPTS = env.int("THIDUA_REMINDER_MAX_ATTEMPTS", default=6)
# A claimed ("sending") reminder belongs to its worker this long; then a retry reconciles it.
# Keep it well above the longest SMTP exchange (DJANGO_EMAIL_TIMEOUT applies per socket step).
THIDUA_REMINDER_LEASE_SECONDS = env.int("THIDUA_REMINDER_LEASE_SECONDS", default=300)
# The public verification page (/xac-minh/<code>/): requests per client IP, counted in the cache
# (django-ratelimit; Redis in production so that every web process shares the count).
THIDUA_VERIFY_RATE = env("THIDUA_VERIFY_RATE", default="30/m")
# Tests only: seconds to wait inside the send (lets a test kill a worker mid-send). Keep 0.
THIDUA_REMINDER_TEST_DELAY = env.float("THIDUA_REMINDER_TEST_DELAY", default=0)
