"""Nabij settings: one module, every knob from the environment, defaults that run the demo.

In production set NABIJ_ENV=production; then SECRET_KEY and ALLOWED_HOSTS must come from the
environment and Django's deploy checks apply.
"""

import datetime as dt
import ipaddress
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(environ.Env().str("NABIJ_VAR_DIR", default=str(PROJECT_DIR / "var")))

env = environ.Env()
NABIJ_ENV = env.str("NABIJ_ENV", default="development")
PRODUCTION = NABIJ_ENV == "production"

DEBUG = env.bool("DEBUG", default=False)
if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")  # fails loudly when missing
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-change-me-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
# Keys SECRET_KEY replaced: what was signed or hashed with them stays valid, erasure tombstones included
# (docs/privacy.md, "Verwijderen"). Keep an old key here for as long as tombstones made with it are kept.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "nabij.core",
    "nabij.privacy",
    "nabij.tenants",
    "nabij.ledger",
    "nabij.contacts",
    "nabij.casework",
    "nabij.actions",
    "nabij.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nabij.core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "nabij.core.middleware.PrivateCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "nabij.privacy.second_factor.RequireSecondFactorMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the Dutch "te vaak geprobeerd" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nabij.urls"
WSGI_APPLICATION = "nabij.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nabij.core.context_processors.corporation",
                "nabij.casework.context_processors.queue_counts",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite by default so a newcomer needs no server; PostgreSQL in production via DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'nabij.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Django's SQLite backend plus a queue that hands the write lock on at once (nabij/core/db/sqlite).
    DATABASES["default"]["ENGINE"] = "nabij.core.db.sqlite"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN
            # so concurrent writers wait (in the queue, else on busy_timeout) instead of failing with
            # "database is locked".
            # A larger page cache (default 2 MB) keeps the indexes the monitor and search read hot.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            f"PRAGMA cache_size=-{env.int('SQLITE_CACHE_MB', default=64) * 1024};",
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT_SECONDS", default=20),
        }
    )
# Persistent connections, on SQLite too: a new SQLite connection costs ~2.5 ms per request (the pragmas, the
# schema parsed again, a cold page cache), more than a whole /healthz (bench/one_tap_load.py).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background work ------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Daily jobs (nabij.core.schedule, run by `manage.py run_scheduler`): move one or switch it off,
# e.g. "retention=02:30,erp_export=off". Jobs: retention, rate_counters, outreach, erp_export.
NABIJ_SCHEDULE = env.dict("NABIJ_SCHEDULE", default={})

# --- Authentication and sessions ------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a login for a user name and address that failed too often, before the
# password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Idle timeout: the session ends after this many seconds without a request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The CSRF token reaches HTMX through the page (hx-headers), so no script needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Content-Security-Policy (django-csp 4): only the site's own scripts, styles and images; no inline script or
# style (every page's JavaScript and CSS are static files), no plugins, no <base>, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "connect-src": [SELF],
        "font-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    },
}
# Login brute-force protection (django-axes): after AXES_FAILURE_LIMIT failed logins for one user name from
# one address, that pair is locked out for AXES_COOLOFF_MINUTES; a successful login resets the count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "nabij.privacy.views.locked_out"  # the Dutch page, status 429
# The client's address as privacy.services.client_ip finds it (a client's own X-Forwarded-For is ignored).
AXES_CLIENT_IP_CALLABLE = "nabij.privacy.services.client_ip"
# Failed logins go to Nabij's own access log; axes keeps only its lock-out counters (no login history).
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Optional second factor (TOTP, django-otp): off by default. With NABIJ_REQUIRE_2FA=true every staff member
# confirms a code from an authenticator app after the password (and sets one up the first time).
NABIJ_REQUIRE_2FA = env.bool("NABIJ_REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Nabij")
# Optional staff login through OpenID Connect (mozilla-django-oidc), e.g. Microsoft Entra ID: on when
# OIDC_RP_CLIENT_ID is set. With OIDC_ENTRA_TENANT_ID the endpoints are Entra ID's; otherwise give all four.
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
NABIJ_OIDC = bool(OIDC_RP_CLIENT_ID)
NABIJ_OIDC_ROLE_CLAIM = env.str("NABIJ_OIDC_ROLE_CLAIM", default="roles")
NABIJ_OIDC_ROLE_MAP = env.dict("NABIJ_OIDC_ROLE_MAP", default={})
if NABIJ_OIDC:
    _entra = env.str("OIDC_ENTRA_TENANT_ID", default="")
    _entra_base = f"https://login.microsoftonline.com/{_entra}"

    def _endpoint(name: str, entra_default: str) -> str:
        return env.str(name, default=entra_default) if _entra else env.str(name)

    OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = _endpoint(
        "OIDC_OP_AUTHORIZATION_ENDPOINT", f"{_entra_base}/oauth2/v2.0/authorize"
    )
    OIDC_OP_TOKEN_ENDPOINT = _endpoint("OIDC_OP_TOKEN_ENDPOINT", f"{_entra_base}/oauth2/v2.0/token")
    OIDC_OP_USER_ENDPOINT = _endpoint("OIDC_OP_USER_ENDPOINT", "https://graph.microsoft.com/oidc/userinfo")
    OIDC_OP_JWKS_ENDPOINT = _endpoint("OIDC_OP_JWKS_ENDPOINT", f"{_entra_base}/discovery/v2.0/keys")
    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_SCOPES = "openid profile email"
    OIDC_CREATE_USER = True
    LOGIN_REDIRECT_URL_FAILURE = "login"
    AUTHENTICATION_BACKENDS.append("nabij.privacy.oidc.RoleMappingOIDCBackend")
    INSTALLED_APPS.append("mozilla_django_oidc")
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # __Host- cookies: only over HTTPS, only for this exact host, path /; no subdomain can set or read them.
    SESSION_COOKIE_NAME = "__Host-nabij-session"
    CSRF_COOKIE_NAME = "__Host-nabij-csrftoken"
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # whitenoise expects it; dev serves via finders

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # No one-tap tokens in logs (Django names the path of every 4xx response).
    "filters": {"no_link_tokens": {"()": "nabij.actions.log_redaction.RedactLinkTokens"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["no_link_tokens"]}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes reports every login at INFO; lock-outs come at WARNING (failed logins: the access log).
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Nabij ----------------------------------------------------------------------------------
NABIJ_CORPORATION_NAME = env.str("NABIJ_CORPORATION_NAME", default="Woonstichting Voorbeeld")
NABIJ_CORPORATION_PHONE = env.str("NABIJ_CORPORATION_PHONE", default="088 123 45 67")
NABIJ_SEARCH_PAGE_SIZE = env.int("NABIJ_SEARCH_PAGE_SIZE", default=25)
# Contact details last checked longer ago than this are shown as "check again".
NABIJ_VERIFICATION_MAX_AGE_DAYS = env.int("NABIJ_VERIFICATION_MAX_AGE_DAYS", default=365)
# A charge counts as arrears once it is more than this many days past its due date.
NABIJ_ARREARS_GRACE_DAYS = env.int("NABIJ_ARREARS_GRACE_DAYS", default=7)
# Customer processes the quick-log form offers (codes of contacts.models.CustomerProcess), in this order.
NABIJ_CUSTOMER_PROCESSES = env.list(
    "NABIJ_CUSTOMER_PROCESSES",
    default=["telefonie", "terugbellen", "betaalhulp", "proactief", "reparatie", "overlast", "algemeen"],
)
# Working days a team gets to follow up an urgent signal: high and acute.
NABIJ_FOLLOW_UP_DAYS_HIGH = env.int("NABIJ_FOLLOW_UP_DAYS_HIGH", default=3)
NABIJ_FOLLOW_UP_DAYS_ACUTE = env.int("NABIJ_FOLLOW_UP_DAYS_ACUTE", default=1)

# --- Casework (docs/casework.md) ---------------------------------------------------------------
# Office hours for SLA deadlines counted in working hours ("HH:MM-HH:MM", Dutch working days only).
NABIJ_WORKING_HOURS = env.str("NABIJ_WORKING_HOURS", default="09:00-17:00")
# SLA per case kind: "<kind>=<n>h" (working hours) or "<kind>=<n>d" (working days, due at close of day).
NABIJ_CASE_SLA = env.str(
    "NABIJ_CASE_SLA",
    default="terugbellen=8h,betaalhulp=3d,proactief=10d,opvolging_signaal=3d,doorverwijzing=5d,vroegsignaal=10d",
)
# Callback capacity per day part ("ochtend" 09:00-12:00, "middag" 13:00-17:00); after the cut-off nothing
# is booked for today any more, and a day part counts for today until this many minutes before it ends.
NABIJ_CALLBACK_CAPACITY = env.str("NABIJ_CALLBACK_CAPACITY", default="ochtend=40,middag=40")
NABIJ_CALLBACK_CUTOFF = env.str("NABIJ_CALLBACK_CUTOFF", default="15:00")
NABIJ_CALLBACK_LEAD_MINUTES = env.int("NABIJ_CALLBACK_LEAD_MINUTES", default=60)
# Days a dunning pause (incassostop, BEWAKINGSSTATUS ONH) lasts unless given otherwise.
NABIJ_DUNNING_PAUSE_DAYS = env.int("NABIJ_DUNNING_PAUSE_DAYS", default=30)
# Contact attempts needed before a case may close as "niet bereikt" (the outcome's label names this number).
NABIJ_CASE_MIN_ATTEMPTS = env.int("NABIJ_CASE_MIN_ATTEMPTS", default=3)
NABIJ_CASE_PAGE_SIZE = env.int("NABIJ_CASE_PAGE_SIZE", default=25)
# Vroegsignalering (Wgs, docs/casework.md): candidates owe at least this many months of rent, and their
# latest written reminder (AAN) is this many days old ("min-max"). Reminders sent before the date in
# NABIJ_EARLY_SIGNAL_ANNOUNCED_SINCE (YYYY-MM-DD; empty: all) did not yet announce the report.
NABIJ_EARLY_SIGNAL_MIN_MONTHS = env.str("NABIJ_EARLY_SIGNAL_MIN_MONTHS", default="1")
NABIJ_EARLY_SIGNAL_DAYS = env.str("NABIJ_EARLY_SIGNAL_DAYS", default="30-100")
NABIJ_EARLY_SIGNAL_ANNOUNCED_SINCE = env.str("NABIJ_EARLY_SIGNAL_ANNOUNCED_SINCE", default="")

# --- One-tap links for tenants (docs/one-tap.md) -----------------------------------------------
# The address tenants reach Nabij at (https://mijn.example.nl): links start with it. Empty: the address
# staff use (the bulk command then needs --base-url).
NABIJ_PUBLIC_URL = env.str("NABIJ_PUBLIC_URL", default="")
# Days a link stays valid (per campaign the outreach app may give another number), the one-click
# opt-out link in every e-mail, and the link that confirms a new e-mail address.
NABIJ_ACTION_LINK_DAYS = env.int("NABIJ_ACTION_LINK_DAYS", default=21)
NABIJ_UNSUBSCRIBE_LINK_DAYS = env.int("NABIJ_UNSUBSCRIBE_LINK_DAYS", default=365)
NABIJ_VERIFY_EMAIL_DAYS = env.int("NABIJ_VERIFY_EMAIL_DAYS", default=2)
# Requests per minute to the tenant pages, per client address and per link (0: no limit). Many tenants
# share an address (mobile carriers' NAT), so the per-address limit is generous.
NABIJ_ACTION_RATE_PER_IP = env.int("NABIJ_ACTION_RATE_PER_IP", default=120)
NABIJ_ACTION_RATE_PER_LINK = env.int("NABIJ_ACTION_RATE_PER_LINK", default=20)
# Where an SQLite installation counts those requests: a file of its own beside the database, so counting
# never waits for the database's write lock (nabij.actions.ratelimit). Empty: in the database itself.
_SQLITE_PATH = DATABASES["default"]["NAME"] if DATABASES["default"]["ENGINE"].endswith("sqlite") else ""
NABIJ_RATE_COUNTER_FILE = env.str(
    "NABIJ_RATE_COUNTER_FILE", default=f"{_SQLITE_PATH}-ratelimit" if _SQLITE_PATH else ""
)
# Scanner hints for opened links: fetched within this many seconds of sending, and known scanner
# networks (CIDR; defaults: Microsoft Exchange Online Protection, Proofpoint, Mimecast).
NABIJ_SCANNER_SECONDS = env.int("NABIJ_SCANNER_SECONDS", default=60)
NABIJ_SCANNER_NETWORKS = env.list(
    "NABIJ_SCANNER_NETWORKS",
    default=[
        "40.92.0.0/15",
        "40.107.0.0/16",
        "52.100.0.0/14",
        "104.47.0.0/17",
        "148.163.128.0/19",
        "67.231.144.0/20",
        "205.139.110.0/24",
        "207.211.30.0/24",
    ],
)
# Proxies that connect over TCP and whose X-Forwarded-For gives the client's address (CIDR, comma-separated),
# besides gunicorn's unix socket, which only nginx can reach (docs/operations.md). Empty: the peer's address.
NABIJ_TRUSTED_PROXIES = env.list("NABIJ_TRUSTED_PROXIES", default=[])
for _network in NABIJ_TRUSTED_PROXIES:
    ipaddress.ip_network(_network.strip(), strict=False)  # a typo stops the start, naming the value
# Opening hours shown on the tenant pages with NABIJ_CORPORATION_PHONE.
NABIJ_OPENING_HOURS = env.str("NABIJ_OPENING_HOURS", default="maandag tot en met vrijdag, 8.30 tot 17.00 uur")
# The signal category a pulse check's "Het kan beter" / "Ik kan hulp gebruiken" becomes.
NABIJ_PULSE_CONCERN_CATEGORY = env.str("NABIJ_PULSE_CONCERN_CATEGORY", default="huishouden")
# SMS code hook for a new mobile number: dotted path of a function send(number, text); empty: no SMS.
NABIJ_SMS_CODE_SENDER = env.str("NABIJ_SMS_CODE_SENDER", default="")
# Outgoing e-mail (EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.nl:587); development prints it.
vars().update(env.email_url("EMAIL_URL", default="smtp://localhost:25" if PRODUCTION else "consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{NABIJ_CORPORATION_NAME} <noreply@example.nl>")

# --- Privacy: retention (docs/privacy.md, "Bewaartermijnen") -----------------------------------
# How long each data class is kept: "<class>=<n>d|m|y" (days, months, years). signals: signals that no
# longer play, after their end date; notes: the text of customer contacts; messages: sent messages;
# access_log: access-log entries; ended_tenancies: a household whose every tenancy ended this long ago is
# anonymised. A class left out is kept until erased on request. Applied by `manage.py apply_retention`.
NABIJ_RETENTION = env.str(
    "NABIJ_RETENTION", default="signals=2y,notes=2y,messages=1y,access_log=5y,ended_tenancies=7y"
)
