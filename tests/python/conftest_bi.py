"""Helpers for the BI read-path tests (imported by test_published_marts.py and
test_dashboard.py; pytest does not load this file by itself).

`publish_copy` copies the shared generated build's DuckDB file (so a test can
hold it open for writing without disturbing other tests) and publishes it
with scripts/publish_marts.py, as `make build` does.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from conftest import PROJECT_DIR, DbtBuild

PUBLISH_SCRIPT = PROJECT_DIR / "scripts" / "publish_marts.py"
DASHBOARD_SCRIPT = PROJECT_DIR / "scripts" / "build_dashboard.py"
READ_DB_NAME = "ai_support_metrics_read.duckdb"


@dataclass(frozen=True)
class PublishedCopy:
    """A private copy of the dev database and the folder published from it."""

    dev_db: Path
    published: Path

    @property
    def read_db(self) -> Path:
        return self.published / READ_DB_NAME


def run_script(script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, str(script), *args],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"{script.name} {' '.join(args)} failed ({result.returncode}):\n"
            + result.stdout[-3000:]
            + result.stderr[-3000:]
        )
    return result


def publish_copy(build: DbtBuild, work: Path) -> PublishedCopy:
    work.mkdir(parents=True, exist_ok=True)
    dev_db = work / "ai_support_metrics.duckdb"
    shutil.copyfile(build.db_path, dev_db)
    published = work / "published"
    run_script(PUBLISH_SCRIPT, "--db", str(dev_db), "--out", str(published))
    return PublishedCopy(dev_db=dev_db, published=published)
