"""Superset configuration for the local, throwaway BI server (`make superset`,
tests/python/test_superset.py).

Everything lives under SUPERSET_HOME (default build/superset): the SQLite
metadata database and the secret key are created there on first start and
thrown away with `make clean`. Nothing is fetched from outside: telemetry is
off and no feature that calls an external service is enabled.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SUPERSET_HOME = Path(os.environ.get("SUPERSET_HOME", "build/superset")).resolve()
SUPERSET_HOME.mkdir(parents=True, exist_ok=True)

_key_file = SUPERSET_HOME / "secret_key"
if not _key_file.exists():
    _key_file.write_text(secrets.token_urlsafe(42))
SECRET_KEY = _key_file.read_text().strip()

SQLALCHEMY_DATABASE_URI = f"sqlite:///{SUPERSET_HOME / 'superset.db'}"
DATA_DIR = str(SUPERSET_HOME)

# No usage telemetry and no external map tiles. The 6.1.0 frontend draws the
# Scarf telemetry pixel whatever SCARF_ANALYTICS says, so the content
# security policy below allows nothing but this server (and data: / blob:
# URLs): the browser never requests the pixel, Google Fonts or map tiles
# (tests/python/test_superset.py checks every resource a page loads).
SCARF_ANALYTICS = False
MAPBOX_API_KEY = ""
FEATURE_FLAGS: dict[str, bool] = {"DASHBOARD_RBAC": False}
TALISMAN_ENABLED = True
_LOCAL_ONLY_CSP = {
    "base-uri": ["'self'"],
    "default-src": ["'self'"],
    "img-src": ["'self'", "blob:", "data:"],
    "worker-src": ["'self'", "blob:"],
    "connect-src": ["'self'"],
    "object-src": "'none'",
    "style-src": ["'self'", "'unsafe-inline'"],
    "font-src": ["'self'", "data:"],
    "script-src": ["'self'", "'strict-dynamic'"],
}
# A local server on 127.0.0.1 over plain HTTP: no HTTPS redirect.
TALISMAN_CONFIG = {
    "content_security_policy": _LOCAL_ONLY_CSP,
    "content_security_policy_nonce_in": ["script-src"],
    "force_https": False,
    "session_cookie_secure": False,
}
TALISMAN_DEV_CONFIG = TALISMAN_CONFIG
# Results are small: no cache server, no async queries (no Celery / Redis).
CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
# Rate limiting needs no storage backend for a single local user.
RATELIMIT_ENABLED = False
