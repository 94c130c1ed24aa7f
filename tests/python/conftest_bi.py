"""Helpers for the BI read-path tests (imported by test_published_marts.py,
test_published_old_clients.py, test_mf_on_published.py and test_dashboard.py;
pytest does not load this file by itself).

`publish_copy` copies the shared generated build's DuckDB file (so a test can
hold it open for writing without disturbing other tests) and publishes it
with scripts/publish_marts.py, as `make publish` does.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from conftest import PROJECT_DIR, DbtBuild

sys.path.insert(0, str(PROJECT_DIR / "scripts"))
from published_folder import READ_DB_NAME, current_folder  # noqa: E402

PUBLISH_SCRIPT = PROJECT_DIR / "scripts" / "publish_marts.py"
DASHBOARD_SCRIPT = PROJECT_DIR / "scripts" / "build_dashboard.py"
# The schemas a publish copies (scripts/publish_marts.py PUBLISHED_SCHEMAS).
PUBLISHED_SCHEMAS = ("marts", "reference", "semantic")


@dataclass(frozen=True)
class PublishedCopy:
    """A private copy of the dev database and the folder published from it."""

    dev_db: Path
    published: Path

    @property
    def read_db(self) -> Path:
        """The stable path BI tools open (a symlink through `current`)."""
        return self.published / READ_DB_NAME

    @property
    def current(self) -> Path:
        """The folder of the current publish, resolved once."""
        return current_folder(self.published)


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


def publish_copy(build: DbtBuild, work: Path, name: str = "ai_support_metrics.duckdb") -> PublishedCopy:
    work.mkdir(parents=True, exist_ok=True)
    dev_db = work / name
    shutil.copyfile(build.db_path, dev_db)
    published = work / "published"
    run_script(PUBLISH_SCRIPT, "--db", str(dev_db), "--out", str(published))
    return PublishedCopy(dev_db=dev_db, published=published)


@dataclass
class WriterHolding:
    """Another process with a DuckDB file open for writing, mid-transaction."""

    process: subprocess.Popen[str]

    def still_holding(self) -> bool:
        return self.process.poll() is None


@contextlib.contextmanager
def hold_for_writing(db_path: Path) -> Iterator[WriterHolding]:
    """Hold `db_path` open for writing, as `dbt build` does, until the generator resumes."""
    code = textwrap.dedent(
        f"""
        import sys, duckdb
        con = duckdb.connect({str(db_path)!r})
        con.execute("begin transaction")
        con.execute("create or replace table main.__writer_lock as select 1 as x")
        print("ready", flush=True)
        sys.stdin.readline()
        con.execute("rollback")
        con.close()
        """
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    line = writer.stdout.readline().strip()
    assert line == "ready", writer.stderr.read() if writer.stderr else line
    try:
        yield WriterHolding(writer)
    finally:
        assert writer.stdin is not None
        writer.stdin.write("\n")
        writer.stdin.flush()
        writer.wait(timeout=60)

