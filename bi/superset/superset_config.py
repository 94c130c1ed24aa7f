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

# No usage telemetry (Scarf pixel) and no external map tiles / help links.
SCARF_ANALYTICS = False
MAPBOX_API_KEY = ""
FEATURE_FLAGS: dict[str, bool] = {"DASHBOARD_RBAC": False}
# A local server on 127.0.0.1: no HTTPS redirect or strict CSP from Talisman.
TALISMAN_ENABLED = False
# Results are small: no cache server, no async queries (no Celery / Redis).
CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
# Rate limiting needs no storage backend for a single local user.
RATELIMIT_ENABLED = False
