"""Settings shared by every environment. Everything that differs comes from the environment."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file is read only when asked (DJANGO_READ_DOT_ENV_FILE=true): a forgotten one never
# points `make test` or `make demo` at another database. docker-compose passes it as env_file.
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    env.read_env(BASE_DIR / ".env")

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-only-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
]
LOCAL_APPS = [
    "apps.core",
    "apps.articles",
    "apps.actors",
    "apps.agreements",
    "apps.places",
    "apps.events",
    "apps.ingestion",
    "apps.portal",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "apps.core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# Database: DATABASE_URL, or an embedded SQLite file when it is absent.
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 30)
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A list's first page runs as a statement prepared once per connection (apps/core/plan_cache.py).
# Turn it off behind a pooler in transaction mode, whose server sessions change between
# statements.
DATABASE_PREPARED_PAGES = env.bool("DATABASE_PREPARED_PAGES", default=True)
# Optional read replica (streaming replication of the primary): API and pages read from it.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.db_routers.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# No STATIC_ROOT here: only production collects static files (production.py); elsewhere they
# come straight from the finders, and WhiteNoise would warn about a folder nothing creates.
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "media/"

# Celery: with no broker configured, tasks run eagerly in-process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery closes the database connection before and after every task unless told to reuse it;
# a new PostgreSQL connection per article cost the server more CPU than storing the article.
# Instead, config/celery_app.py checks connections around each task the way Django does
# around each request (CONN_MAX_AGE, CONN_HEALTH_CHECKS), so a broken one is still replaced.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1_000_000)
# One file's task: a soft limit the task turns into a rejected record, a hard limit that
# ends the worker process (its file is delivered again, and rejected once two workers died on it).
CELERY_TASK_SOFT_TIME_LIMIT = env.int("INGESTION_TASK_SOFT_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("INGESTION_TASK_HARD_LIMIT", default=180)
# A pool process is replaced after this many tasks. The new one is forked from the worker's
# main process, which holds the preloaded pipeline, so the replacement costs a fork, not a
# rebuild; it bounds what a process accumulates from the texts it reads (spaCy's string store
# keeps every distinct token it has seen). 0 keeps each process for the worker's lifetime.
CELERY_WORKER_MAX_TASKS_PER_CHILD = (
    env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=5000) or None
)
# Redis and SQS hand an unacknowledged task to another worker after this many seconds;
# it must exceed the hard limit, or a slow file would run twice at once.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
}
CELERY_TASK_ROUTES = {
    "apps.ingestion.tasks.*": {"queue": env("INGESTION_QUEUE", default="celery")},
}

# Cache: local memory unless CACHE_URL names a shared one (redis://...). Anonymous API reads
# are cached for API_CACHE_SECONDS and dropped on any committed write (apps/core/api/cache.py);
# on by default only with a shared cache, since each process has its own local memory.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
API_CACHE_SECONDS = env.int("API_CACHE_SECONDS", default=300 if env("CACHE_URL", default="") else 0)

# Ingestion limits.
INGESTION_MAX_FILE_BYTES = env.int("INGESTION_MAX_FILE_BYTES", default=5 * 1024 * 1024)
INGESTION_ALLOWED_SUFFIXES = env.list(
    "INGESTION_ALLOWED_SUFFIXES",
    default=[".txt", ".md", ".markdown", ".html", ".htm", ".json", ".xml", ".rss", ".atom"],
)
INGESTION_TASK_TIMEOUT = env.int("INGESTION_TASK_TIMEOUT", default=600)
# Build the extraction pipeline in a worker's main process before it forks (config/celery_app.py).
INGESTION_PRELOAD = env.bool("INGESTION_PRELOAD", default=True)
INGESTION_UPLOAD_DIR = env.path("INGESTION_UPLOAD_DIR", default=BASE_DIR / "var" / "uploads")

REST_FRAMEWORK = {
    "DEFAULT_FILTER_BACKENDS": ["apps.core.api.filters.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "apps.core.api.schema.APISchema",
    # Token first: a missing or revoked token is answered 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["apps.core.api.throttles.AnonWindowThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_ANON_RATE", default="600/minute")},
    "DEFAULT_PAGINATION_CLASS": "apps.core.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": [
        "apps.core.api.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "EXCEPTION_HANDLER": "apps.core.api.exceptions.exception_handler",
    "URL_FORMAT_OVERRIDE": "format",
}
# Rows in one CSV/GeoJSON export (exports stream every matching row up to this).
API_EXPORT_MAX_ROWS = env.int("API_EXPORT_MAX_ROWS", default=200_000)

SPECTACULAR_SETTINGS = {
    "TITLE": "Idlib knowledge base API",
    "DESCRIPTION": "Articles, actors, agreements, observation posts and events of the "
    "Russia-Turkey-Syria conflict over Idlib, each fact cited to its sentence.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "ReviewStatusEnum": "apps.core.choices.ReviewStatus",
        "DatePrecisionEnum": "apps.core.choices.DatePrecision",
        "ActorKindEnum": "apps.actors.models.ActorKind",
        "AgreementKindEnum": "apps.agreements.models.AgreementKind",
        "AgreementRelationTypeEnum": "apps.agreements.api.serializers.RELATION_TYPES",
        "AgreementTimelineRoleEnum": "apps.agreements.api.serializers.TIMELINE_ROLES",
        "PostStatusEnum": "apps.places.models.PostStatus",
        "DateSourceEnum": "apps.articles.models.DateSource",
        "RoleEnum": "apps.events.models.Role",
        "OutcomeEnum": "apps.ingestion.models.Outcome",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
