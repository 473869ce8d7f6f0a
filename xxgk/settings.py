"""Django settings, from the environment (XXGK_*), with safe defaults for a local run."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("XXGK_VAR_DIR", Path.cwd() / "var")).resolve()


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def storage_from_url(url: str, media_root: Path) -> tuple[dict[str, object], Path]:
    """XXGK_STORAGE_URL → (the default storage, MEDIA_ROOT)."""
    from urllib.parse import parse_qs, unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme == "file":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}, Path(unquote(parts.path))
    if parts.scheme == "s3":
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        options = {
            "bucket_name": parts.netloc,
            "location": parts.path.strip("/"),
            "endpoint_url": query.get("endpoint"),
            "region_name": query.get("region"),
            "access_key": os.environ.get("XXGK_S3_ACCESS_KEY"),
            "secret_key": os.environ.get("XXGK_S3_SECRET_KEY"),
            "default_acl": None,
            "querystring_auth": True,  # files (identity documents) are never public: links expire
            "file_overwrite": False,
        }
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}, media_root
    raise ValueError(f"XXGK_STORAGE_URL 只支持 file:// 和 s3://,而不是“{url}”")


def _secret_key() -> str:
    """XXGK_SECRET_KEY, or a random key kept in var/ so sessions survive restarts."""
    key = os.environ.get("XXGK_SECRET_KEY")
    if key:
        return key
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = _flag("XXGK_DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in os.environ.get("XXGK_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("XXGK_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",  # the form templates, so that the project's overrides (error summary) apply
    "ninja",  # the API docs page's own copies of Swagger UI (no CDN)
    "xxgk.agencies",
    "xxgk.workcal",
    "xxgk.api",
    "xxgk.review",
    "xxgk.applications",
    "xxgk.publishing",
    "xxgk.portal",
    "xxgk.annual",
    "xxgk.oversight",
    "xxgk.catalogue",
    "xxgk.security",
    "xxgk.background",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
]

# Background work (年报核查 batches, attachment text, exports, the daily run) goes through Django's
# tasks API. The database backend needs no extra service: `xxgk worker` (started by `xxgk serve`)
# takes tasks from a table of the platform's own database, so any number of workers may share it.
# "slow": the daily run and federation, bounded but long: a worker of its own keeps them from
# holding up 年报核查 batches, attachment text and exports on "default".
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "slow"]}}
# Local time after which the worker queues the daily run (reminders, then the retention purge).
XXGK_DAILY_AT = os.environ.get("XXGK_DAILY_AT", "06:00")

# Uploads: 年报核查 takes batches of reports; bigger single files are refused with a message.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 200

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An ETag for every GET answer that has none (API lists, staff pages) and 304 on If-None-Match:
    # a client polling the open API gets nothing again while nothing changed. The portal's pages
    # carry their own ETag from the agency's version and are answered before they are rendered.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "csp.middleware.CSPMiddleware",
    "xxgk.middleware.CleanInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "xxgk.security.middleware.RequestContextMiddleware",
    "xxgk.security.middleware.StaffSessionMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xxgk.urls"
WSGI_APPLICATION = "xxgk.wsgi.application"

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
                "xxgk.todo.header_count",
                "xxgk.portal.context.frame",
            ],
        },
    },
]

# Forms render with the project's templates: templates/django/forms/p.html adds the error summary
# at the top of every form; select_option.html says 请选择 instead of Django's "---------".
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
# A field with an error is marked for everyone, not only by colour (templates/django/forms/p.html).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("XXGK_DATABASE_URL", f"sqlite:///{VAR_DIR / 'xxgk.sqlite3'}"),
        conn_max_age=int(os.environ.get("XXGK_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    (VAR_DIR).mkdir(parents=True, exist_ok=True)
    # WAL lets the portal read while staff write; the timeout rides out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # Tests: a file, not Django's shared-cache in-memory database, whose table locks fail at once
    # ("database schema is locked") when a live server thread and a task worker thread write
    # together; a file waits out the lock like production does. One file per test process.
    import tempfile

    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"xxgk-test-{os.getpid()}.sqlite3")
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("XXGK_PASSWORD_MIN_LENGTH", "10"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Three of: capitals, small letters, digits, other characters (Chinese counts as other).
    {"NAME": "xxgk.security.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
]
# Years after a case is answered that applicants' identity and contact data are kept (xxgk purge).
# The Regulation sets no period: this is the agency's own decision under its archive rules.
XXGK_RETENTION_YEARS = int(os.environ.get("XXGK_RETENTION_YEARS", "5"))
# Staff must choose a new password after this many days (0: never).
XXGK_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("XXGK_PASSWORD_MAX_AGE_DAYS", "90"))

# Login protection (django-axes): after XXGK_LOGIN_FAILURES failed logins an account, and separately
# an address, is locked for XXGK_LOCKOUT_MINUTES; an administrator unlocks it earlier in 后台 →
# Axes → 访问尝试 (delete the attempt) or with `xxgk manage axes_reset_username 用户名`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("XXGK_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("XXGK_LOCKOUT_MINUTES", "30")) / 60  # hours
# Locked: this account from this address. Behind one NAT or proxy many staff share an address;
# locking the address alone (or the account alone) shut out colleagues with the right password.
# Behind a reverse proxy XXGK_TRUSTED_PROXIES is required, or every visitor has the proxy's address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "xxgk.clients.axes_address"
AXES_LOCKOUT_CALLABLE = "xxgk.security.views.locked_out"
AXES_VERBOSE = False
# Staff sessions end after this much idleness (等保: 登录连接超时自动退出).
SESSION_COOKIE_AGE = int(os.environ.get("XXGK_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploads and generated files where every app process and worker reads them (several processes,
# several machines): a shared directory (file:///srv/xxgk-media) or S3-compatible object storage
# through django-storages (s3://bucket/prefix?endpoint=https://oss.example.gov.cn&region=cn-east-1,
# keys in XXGK_S3_ACCESS_KEY / XXGK_S3_SECRET_KEY).
STORAGE_URL = os.environ.get("XXGK_STORAGE_URL", "")
if STORAGE_URL:
    STORAGES["default"], MEDIA_ROOT = storage_from_url(STORAGE_URL, MEDIA_ROOT)

# One cache for every app process: rate limits, the 验证问题, lockouts. Redis where the operator
# runs one (XXGK_CACHE_URL=redis://…); otherwise a table in the platform's own database, which
# every process shares with no extra service.
if os.environ.get("XXGK_CACHE_URL"):
    CACHES = {
        "default": {
            # Redis while it answers, the database's cache table while it does not (xxgk/cache.py).
            "BACKEND": "xxgk.cache.FallbackCache",
            "LOCATION": os.environ["XXGK_CACHE_URL"],
        }
    }
    # Sessions read from the shared cache, written through to the database (nothing lost on a restart).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "xxgk_cache"}}
# The online application form answered sooner than this after it was served is a script's.
XXGK_APPLY_MIN_SECONDS = float(os.environ.get("XXGK_APPLY_MIN_SECONDS", "5"))
# With Redis unreachable the cache goes on in the database; Redis is tried again after this long.
XXGK_CACHE_RETRY_SECONDS = float(os.environ.get("XXGK_CACHE_RETRY_SECONDS", "30"))
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated).
XXGK_TRUSTED_PROXIES = os.environ.get("XXGK_TRUSTED_PROXIES", "")

LOGIN_URL = "security:login"
LOGIN_REDIRECT_URL = (
    "home"  # staff land on their 待办 (Django's default, /accounts/profile/, is no page here)
)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG and _flag("XXGK_HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    # HSTS once the site is known to work over HTTPS: browsers then refuse plain HTTP for this long.
    SECURE_HSTS_SECONDS = int(os.environ.get("XXGK_HSTS_SECONDS", "0"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("XXGK_HSTS_SUBDOMAINS")
    if os.environ.get("XXGK_TRUSTED_PROXIES"):
        # The proxy terminates TLS and says so; believed only with trusted proxies configured.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No page of the platform runs script from anywhere but its own static files, nor is framed.
# Inline style stays allowed: templates carry small <style> blocks and style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

EMAIL_BACKEND = os.environ.get("XXGK_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("XXGK_FROM_EMAIL", "xxgk@localhost")
# 短信通知 to applicants (xxgk/sms.py): console | file | http.
XXGK_SMS_BACKEND = os.environ.get("XXGK_SMS_BACKEND", "console")
XXGK_SMS_URL = os.environ.get("XXGK_SMS_URL", "")
XXGK_SMS_TOKEN = os.environ.get("XXGK_SMS_TOKEN", "")
XXGK_SMS_FILE = os.environ.get("XXGK_SMS_FILE", str(VAR_DIR / "sms.jsonl"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("XXGK_LOG_LEVEL", "WARNING")},
}
