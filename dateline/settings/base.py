"""Settings shared by every environment, read from one typed environment schema.

Every variable is listed in docs/env-vars.md.
"""

import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.conf.global_settings import LANGUAGES as DJANGO_LANGUAGES
from django.utils.csp import CSP

PACKAGE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    DATA_DIR=(str, "data"),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "[::1]"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    DATABASE_URL=(str, ""),
    REDIS_URL=(str, ""),
    BASE_URL=(str, "http://127.0.0.1:8000"),
    LOG_LEVEL=(str, "INFO"),
    SERVE_MEDIA=(bool, True),
    EMAIL_URL=(str, "consolemail://"),
    DEFAULT_FROM_EMAIL=(str, "Dateline <dateline@localhost>"),
    SERVER_EMAIL=(str, ""),
    AXES_FAILURE_LIMIT=(int, 5),
    AXES_COOLOFF_MINUTES=(int, 15),
    # Read by settings/production.py only.
    SECURE_SSL_REDIRECT=(bool, True),
    SECURE_HSTS_SECONDS=(int, 365 * 24 * 60 * 60),
    SECURE_HSTS_INCLUDE_SUBDOMAINS=(bool, True),
    SECURE_HSTS_PRELOAD=(bool, False),
    WEBHOOKS_ALLOW_HTTP_LOCAL=(bool, False),
)

DEBUG = env("DEBUG")
DATA_DIR = Path(env("DATA_DIR")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in DATA_DIR."""
    if key := env.str("SECRET_KEY", default=""):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "dateline.site.errors.csrf_failure"  # the edition's own 403 page

INSTALLED_APPS = [
    "dateline.core",
    "dateline.editions",
    "dateline.photos",
    "dateline.taxonomy",
    "dateline.stories",
    "dateline.search",
    "dateline.live",
    "dateline.archive",
    "dateline.site",
    "dateline.newsroom",
    "dateline.syndication",
    "dateline.labels",
    "dateline.interchange",
    "axes",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # django-ninja as an app: the API docs then use its own copy of Swagger UI, not a CDN's.
    "ninja",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Sends SECURE_CSP, or the policy a response asks for (the admin's, set further in).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dateline.editions.middleware.EditionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dateline.newsroom.middleware.AdminContentSecurityPolicyMiddleware",
    "dateline.newsroom.middleware.AdminSearchLengthMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its "locked" answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dateline.urls"
ASGI_APPLICATION = "dateline.asgi.application"
WSGI_APPLICATION = "dateline.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "dateline.editions.context_processors.edition",
                "dateline.site.alternates.alternates",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url_config(
        env("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'dateline.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while the newsroom writes; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA mmap_size=268435456; PRAGMA cache_size=-65536;"
        ),
    }
else:
    # Under ASGI Django opens a connection per request; a pool keeps a few open and bounded.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"pool": {"min_size": 2, "max_size": 10, "timeout": 10}}
    # Wagtail's PostgreSQL search backend uses its fields and indexes.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "dateline",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Two task frameworks read TASKS: Wagtail's own tasks (renditions, search and reference index)
# run on the django_tasks backport's "default"; Dateline's (scheduled publication and expiry,
# the outbox's reactions) on Django's own framework's "newsroom": at once in the process that
# enqueues them, or from a database queue that `dateline worker` runs (docs/deploy.md).
NEWSROOM_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASK_BACKEND = env.str("TASK_BACKEND", default="immediate")
if TASK_BACKEND not in NEWSROOM_TASK_BACKENDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"TASK_BACKEND must be one of {', '.join(NEWSROOM_TASK_BACKENDS)}.")
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "newsroom": {"BACKEND": NEWSROOM_TASK_BACKENDS[TASK_BACKEND]},
}
if TASK_BACKEND == "database":
    INSTALLED_APPS.append("django_tasks_db")

# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After AXES_FAILURE_LIMIT failed admin logins for one user name from one client address, that
# pair waits AXES_COOLOFF_MINUTES; the pair, so that nobody can lock an editor out from afar.
# The client address is REMOTE_ADDR, which uvicorn takes from X-Forwarded-For only when the
# request comes from a proxy listed in FORWARDED_ALLOW_IPS (docs/deploy.md).
AXES_FAILURE_LIMIT = env("AXES_FAILURE_LIMIT")
AXES_COOLOFF_TIME = timedelta(minutes=env("AXES_COOLOFF_MINUTES"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Stored times are aware UTC; editions convert for display (dateline.editions.clock).
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = DJANGO_LANGUAGES
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Any language Django knows can become an edition from the admin, without a code change.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = DJANGO_LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
SERVE_MEDIA = env("SERVE_MEDIA")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Dateline"
# An approval in the review publishes: editors approve what they may not publish at once.
WAGTAIL_FINISH_WORKFLOW_ACTION = "dateline.newsroom.review.publish_approved"
BASE_URL = env("BASE_URL")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILIMAGES_IMAGE_MODEL = "photos.Photo"
WAGTAILIMAGES_IMAGE_FORM_BASE = "dateline.photos.forms.PhotoForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
# Wagtail's database backend, given only query text it can parse (see dateline/core/search.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "dateline.core.search"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["bold", "italic", "link", "h2", "h3", "ol", "ul"]},
    }
}

# Mail (Wagtail's workflow notices, password resets, error reports) goes where EMAIL_URL says:
# smtp+tls://user:password@host:587, smtp+ssl://…:465; by default to the console, i.e. the log.
# The EMAIL_* settings, not Django 6.1's MAILERS: Wagtail 8.0 sends its notices through
# get_connection(username=None, password=None), which under MAILERS drops the SMTP login.
_email = env.email_url("EMAIL_URL")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = env("SERVER_EMAIL") or DEFAULT_FROM_EMAIL

# Content-Security-Policy. Reader pages run only the site's own scripts and styles, from files
# (a nonce only where a template asks for one); media may come from the main site (BASE_URL)
# when an edition has a host of its own.
_base = urlsplit(BASE_URL)
SITE_ORIGIN = f"{_base.scheme}://{_base.netloc}"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, SITE_ORIGIN, "data:"],
    "connect-src": [CSP.SELF, SITE_ORIGIN],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The Wagtail admin's widgets still write inline scripts and style attributes, so the admin
# (dateline.newsroom.middleware) gets its own looser policy; everything else keeps the strict one.
ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, SITE_ORIGIN, "data:", "blob:"],
    "connect-src": [CSP.SELF, SITE_ORIGIN],
    "frame-src": [CSP.SELF, SITE_ORIGIN],
    "font-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
# Nothing in the admin calls out: no avatars from Gravatar (editors' addresses stay here), no
# check for a newer Wagtail.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Webhooks go to HTTPS addresses on the internet only; this lets them go to http://127.0.0.1
# too, for tests and local benchmarks (never in production: docs/webhooks.md).
WEBHOOKS_ALLOW_HTTP_LOCAL = env("WEBHOOKS_ALLOW_HTTP_LOCAL")

# Stories per page of an edition's story sitemap: far below the protocol's 50,000 addresses,
# so that a page is built within a crawler's patience; and per Google News sitemap (its limit).
SITEMAP_PAGE_SIZE = 1000
SITEMAP_NEWS_SIZE = 1000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
    # Per-task and per-edit lines are noise at INFO; the audit log is in the admin.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # Failed logins and lockouts are warnings; its start-up line is not news.
        "axes": {"level": "WARNING"},
    },
}
