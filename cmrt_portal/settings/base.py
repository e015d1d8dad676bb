"""Settings shared by every environment, read from the environment (see .env.example).

With nothing set the portal runs on embedded defaults: SQLite in the project folder, Celery tasks
executed in-process, e-mail printed to the console and uploads on local disk. DATABASE_URL switches
to PostgreSQL and REDIS_URL (or CELERY_BROKER_URL) to real Celery workers.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file in the project folder is read when present; real environment variables win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-development-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "core.apps.PortalAdminConfig",  # django.contrib.admin with the portal's entry rule
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "import_export",
    "axes",
    "csp",
    "anymail",
    "core",
    "accounts",
    "suppliers",
    "smelters",
    "surveys",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cmrt_portal.urls"
WSGI_APPLICATION = "cmrt_portal.wsgi.application"
ASGI_APPLICATION = "cmrt_portal.asgi.application"

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
                "core.context_processors.roles",
            ],
        },
    },
]

# --- Content-Security-Policy (django-csp) ------------------------------------------------------------
# Only the portal's own files run: no inline <script>, no on*= handlers, no style= attributes (templates
# are scanned for them by tests/core/test_content_security_policy.py). data: images are allowed for the
# small SVG icons that Pico CSS embeds in its stylesheet (select arrows, checkboxes); nothing else needs more.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Database: SQLite in the project folder unless DATABASE_URL is set --------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Brute-force protection of both log-in pages (django-axes) --------------------------------------
# Axes' backend comes first: it refuses a locked-out log-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Supplier contacts sign in by the personal link in their e-mails (django-sesame tokens).
    "sesame.backends.ModelBackend",
]
# Failures are counted per (e-mail address, client address): a guesser is stopped, while the real user on
# another device, or colleagues behind the same office address with their own accounts, can still log in.
# Counts live in the database (works on SQLite and PostgreSQL alike; the admin lists them under Axes).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True  # a successful log-in forgets earlier typos
# Tries during the pause are refused but not counted, so the pause ends at the time the page promised.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "accounts.login_protection.lockout_username"
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.login_protection.lockout_response"
# Reverse proxies in front of the portal that append the client to X-Forwarded-For (0: none, use the peer).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_VERBOSE = False  # no start-up banner on every command; failures and lockouts are still logged

# Password-reset e-mails: at most this many per address and per client address in the window (see
# accounts.services.password_reset_request); counted in the cache, which is Redis when REDIS_URL is set.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=3)
PASSWORD_RESET_LIMIT_PER_CLIENT = env.int("PASSWORD_RESET_LIMIT_PER_CLIENT", default=10)
PASSWORD_RESET_LIMIT_WINDOW_MINUTES = env.int("PASSWORD_RESET_LIMIT_WINDOW_MINUTES", default=60)

# --- Sign-in by link for supplier contacts (django-sesame; accounts.services.sign_in_link) ------------
# A link works once (it is spent when the contact signs in, so a forwarded or leaked old e-mail opens
# nothing), for one user (the token names the user and is signed with the secret key), and for 14 days:
# a campaign e-mail is often opened a week or more after it was sent (holidays, a colleague back from
# leave) and suppliers are given about a month, so a shorter life would mostly send people to "send me
# a new link"; longer, and a mailbox read by someone else later still opens the portal. Changing the
# password also spends every link. The e-mail asked for on the log-in page is the same kind of link.
SESAME_MAX_AGE = timedelta(days=env.int("SIGN_IN_LINK_MAX_AGE_DAYS", default=14))
SESAME_ONE_TIME = True
SESAME_TOKEN_NAME = "link"
# "Send me a link" e-mails: at most this many per address and per client address in the window, counted
# like password resets (accounts.services.throttle_exceeded). Failed link sign-ins count with django-axes
# like failed password log-ins (per address named by the link and client; accounts.login_protection).
SIGN_IN_LINK_LIMIT_PER_ADDRESS = env.int("SIGN_IN_LINK_LIMIT_PER_ADDRESS", default=3)
SIGN_IN_LINK_LIMIT_PER_CLIENT = env.int("SIGN_IN_LINK_LIMIT_PER_CLIENT", default=10)
SIGN_IN_LINK_LIMIT_WINDOW_MINUTES = env.int("SIGN_IN_LINK_LIMIT_WINDOW_MINUTES", default=60)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ---------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads are private: they live under MEDIA_ROOT and are only ever served through views that apply
# the access checks, never from a public URL (so there is deliberately no MEDIA_URL route).
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Stored uploads: owner read-write, group read (for backups), nobody else. Applied by the storage to files
# kept in memory and to spooled temporary files alike (otherwise one is 0644 by umask, the other 0600).
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
# Largest workbook a user may upload; real CMRTs are 1.5-2 MB.
CMRT_MAX_UPLOAD_BYTES = env.int("CMRT_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
# Larger files are still kept (and refused with the reason) up to this hard limit, past which nothing is stored.
UPLOAD_HARD_LIMIT_BYTES = env.int("UPLOAD_HARD_LIMIT_BYTES", default=100 * 1024 * 1024)

# --- E-mail: printed to the console unless EMAIL_URL is set ----------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="CMRT Portal <cmrt-portal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A mail provider through django-anymail (optional): EMAIL_BACKEND=anymail.backends.<provider>.EmailBackend
# and its keys as ANYMAIL_<KEY> (ANYMAIL_POSTMARK_SERVER_TOKEN=…). Its tracking webhooks (bounces and
# complaints, surveys.webhooks) are served at /anymail/ only when ANYMAIL_WEBHOOK_SECRET ("user:password",
# the basic auth the provider is given) is set: without it anymail would accept unsigned calls.
EMAIL_BACKEND = env("EMAIL_BACKEND", default=EMAIL_CONFIG.get("EMAIL_BACKEND", ""))
ANYMAIL = {key.removeprefix("ANYMAIL_"): value for key, value in os.environ.items() if key.startswith("ANYMAIL_")}
# Where the links in e-mails point (e-mails are sent from tasks and commands, without a request to ask).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://localhost:8000")

# --- Celery: eager in-process unless a broker is configured ----------------------------------------
REDIS_URL = env("REDIS_URL", default="")
# No broker configured: tasks run eagerly, and kombu gets an in-memory URL rather than guessing localhost.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL) or None
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
# No broker: run tasks in the calling process so that a newcomer needs no Redis and no worker.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=14 * 60)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ACKS_LATE = False  # opted into per task, only where the task is idempotent
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="celery")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task with acks_late is acknowledged only when it ends; if the worker's main process dies first,
# Redis hands the message to another worker after this many seconds. It must be longer than any task
# can run (the hard time limit) or a check still running would be started a second time; kombu's
# default is an hour, which is how long a check was lost after a killed worker. Time limit + 5 min.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 5 * 60),
    # An unreachable broker must fail a publish within seconds, not hang the upload request.
    "socket_connect_timeout": 2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Publishing (a web request queueing a check): retry briefly, then give up (about 8 s at worst for a
# host that does not answer, well under a second for a refused connection); the submission stays
# "not yet sent" and the minutely recovery job sends it once the broker is back.
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
# A check that stops its worker this many times (killed pool process, out of memory) is refused.
SUBMISSION_MAX_ATTEMPTS = env.int("SUBMISSION_MAX_ATTEMPTS", default=3)

# Cache: Redis when configured (shared between web and workers), local memory otherwise.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Each task's "succeeded in" line is noise when tasks run in-process inside a command or request.
    "loggers": {
        "celery.app.trace": {"level": "INFO" if REDIS_URL else "WARNING"},
        # django-axes logs every successful log-in at INFO; failures and lockouts are WARNING.
        "axes": {"level": "WARNING"},
    },
}

PORTAL_NAME = env("PORTAL_NAME", default="CMRT Portal")

# django-import-export (admin import/export of suppliers and contacts): the formats an ERP produces.
# (django-import-export wants the classes themselves here, as its documentation shows.)
from import_export.formats.base_formats import CSV, XLSX  # noqa: E402

IMPORT_EXPORT_FORMATS = [CSV, XLSX]
# Off: the library's escaping deletes a leading "=" (changing data) and lets + - @ through. Every export
# resource escapes cells the OWASP way instead (core.exporting.EscapedExportResource).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
IMPORT_EXPORT_SKIP_ADMIN_ACTION_EXPORT_UI = False

# A smelter status older than this is flagged as stale on the smelter pages and in reports.
SMELTER_STATUS_MAX_AGE_DAYS = env.int("SMELTER_STATUS_MAX_AGE_DAYS", default=365)
