"""Set up (and optionally run) a local Apache Superset on the published marts.

Run with the Superset virtualenv's Python (build/venv-superset, `make
superset-deps`), never the project's .venv:

    build/venv-superset/bin/python scripts/superset_setup.py \
        [--home build/superset] [--read-db published/ai_support_metrics_read.duckdb] \
        [--bundle bi/superset/bundle] [--serve --port 8088]

1. a throwaway SQLite metadata database under --home (`superset db upgrade`),
2. the admin user (admin / admin, local only) and the roles (`superset init`),
3. the dashboards bundle zipped with the database pointed at the absolute
   path of --read-db (opened read-only) and imported (`superset
   import-dashboards`),
4. with --serve, the web server on 127.0.0.1:--port until stopped.

Steps 1-3 are idempotent: running it again re-imports the bundle in place
(fixed UUIDs). The configuration is bi/superset/superset_config.py.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import zipfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
CONFIG = PROJECT_DIR / "bi" / "superset" / "superset_config.py"
BUNDLE = PROJECT_DIR / "bi" / "superset" / "bundle"
RELATIVE_READ_DB_URI = "duckdb:///published/ai_support_metrics_read.duckdb"
ADMIN_USER = "admin"
ADMIN_PASSWORD = "admin"


def superset_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "SUPERSET_CONFIG_PATH": str(CONFIG),
            "SUPERSET_HOME": str(home),
            "FLASK_APP": "superset",
            # No telemetry pixel (also SCARF_ANALYTICS in the config).
            "SCARF_ANALYTICS": "false",
            "PYTHONPATH": "",
        }
    )
    return env


def superset_bin() -> str:
    return str(Path(sys.executable).parent / "superset")


def run(home: Path, *args: str) -> None:
    result = subprocess.run(
        [superset_bin(), *args], env=superset_env(home), cwd=PROJECT_DIR, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"superset {' '.join(args)} failed ({result.returncode})")


def zip_bundle(bundle: Path, read_db: Path, out: Path) -> Path:
    """The bundle as `superset import-dashboards` reads it: one top folder, the
    database's URI made absolute."""
    # absolute(), not resolve(): keep the stable symlink, not the current version.
    uri = f"duckdb:///{read_db.absolute()}"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(bundle.rglob("*.yaml")):
            text = path.read_text()
            if path.parent.name == "databases":
                assert RELATIVE_READ_DB_URI in text, f"{path}: no {RELATIVE_READ_DB_URI}"
                text = text.replace(RELATIVE_READ_DB_URI, uri)
            archive.writestr(f"ai_support_metrics_bundle/{path.relative_to(bundle).as_posix()}", text)
    return out


def setup(home: Path, read_db: Path, bundle: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    if not read_db.exists():
        raise SystemExit(f"{read_db} does not exist: run `make build` (or `make publish`) first")
    run(home, "db", "upgrade")
    marker = home / ".admin_created"
    if not marker.exists():
        run(home, "fab", "create-admin", "--username", ADMIN_USER, "--firstname", "Admin", "--lastname",
            "Local", "--email", "admin@localhost", "--password", ADMIN_PASSWORD)
        marker.write_text("admin\n")
    run(home, "init")
    archive = zip_bundle(bundle, read_db, home / "bundle.zip")
    run(home, "import-dashboards", "--path", str(archive), "--username", ADMIN_USER)


def serve(home: Path, port: int) -> None:
    command = [superset_bin(), "run", "--host", "127.0.0.1", "--port", str(port), "--with-threads"]
    os.execvpe(command[0], command, superset_env(home))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, default=PROJECT_DIR / "build" / "superset")
    parser.add_argument("--read-db", type=Path, default=PROJECT_DIR / "published" / "ai_support_metrics_read.duckdb")
    parser.add_argument("--bundle", type=Path, default=BUNDLE)
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--port", type=int, default=8088)
    args = parser.parse_args()
    home = args.home.resolve()
    setup(home, args.read_db, args.bundle)
    print(f"Superset set up in {home}: dashboards imported, login {ADMIN_USER} / {ADMIN_PASSWORD}", flush=True)
    if args.serve:
        print(f"Superset: http://127.0.0.1:{args.port}/dashboard/list/", flush=True)
        serve(home, args.port)


if __name__ == "__main__":
    main()
