"""`mf query` answers from the published data while a build holds the dev database.

`mf` opens the DuckDB file of its dbt target; during `dbt build` the dev file
is locked and `mf query` on the dev target fails. profiles.yml's target
`published` attaches the published read database read-only under the dev
database's name (the name the semantic manifest has baked into every table),
so `DBT_TARGET=published mf query ...` runs against the published views,
the time spine included. Here another process holds the dev database for
writing (as `dbt build` does); `mf` on the dev target fails with the lock,
and `mf` on the published target returns exactly what it returned from the
dev database before the lock, for metrics picked from the semantic manifest
(not named here: the semantic layer changes) and for the time spine alone.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import pytest

from conftest import PROJECT_DIR, VENV_BIN, DbtBuild
from conftest_bi import PUBLISH_SCRIPT, hold_for_writing, run_script

MF = str(VENV_BIN / "mf")
PROJECT_ENTRIES = ["dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests", "analyses"]
METRICS_PER_QUERY = 6
# Every metric has a quarter (some are quarterly only); the spine has days.
QUARTER = "metric_time__quarter"
MONTH = "metric_time__month"


class MfProject:
    """A throwaway project folder (mf reads <project>/target/semantic_manifest.json)."""

    def __init__(self, root: Path, db_path: Path) -> None:
        self.root = root
        self.db_path = db_path

    def mf(self, target: str, args: list[str], out: Path) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ)
        env.pop("DBT_PUBLISH_DIR", None)  # the default: `published` next to the database
        env.update(
            DBT_TARGET=target,
            DBT_PROFILES_DIR=str(PROJECT_DIR),
            DBT_DUCKDB_PATH=str(self.db_path),
            DBT_DUCKDB_MEMORY_LIMIT="2GB",
            DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        )
        return subprocess.run(
            [MF, "query", *args, "--csv", str(out), "--quiet"],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def rows(self, target: str, args: list[str], out: Path) -> list[dict[str, str]]:
        result = self.mf(target, args, out)
        assert result.returncode == 0 and out.exists(), (
            f"mf query {' '.join(args)} on {target} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )
        with out.open(newline="") as handle:
            return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def project(generated_build: DbtBuild, tmp_path_factory: pytest.TempPathFactory) -> MfProject:
    root = tmp_path_factory.mktemp("mf_on_published")
    for entry in PROJECT_ENTRIES:
        (root / entry).symlink_to(PROJECT_DIR / entry)
    (root / "target").mkdir()
    shutil.copyfile(
        generated_build.db_path.parent / "target" / "semantic_manifest.json",
        root / "target" / "semantic_manifest.json",
    )
    # Same file name as the build: the manifest's database name is its stem.
    data = root / "data"
    data.mkdir()
    db_path = data / generated_build.db_path.name
    shutil.copyfile(generated_build.db_path, db_path)
    # Published where the `published` target looks by default: next to the database.
    run_script(PUBLISH_SCRIPT, "--db", str(db_path))
    assert (data / "published" / "current").is_symlink()
    return MfProject(root, db_path)


def some_metrics(project: MfProject) -> list[str]:
    """The first rate metrics by name: each is derived from a numerator and a denominator metric."""
    manifest: dict[str, Any] = json.loads((project.root / "target" / "semantic_manifest.json").read_text())
    ratios = sorted(
        metric["name"]
        for metric in manifest["metrics"]
        if metric["type"] == "ratio"
        or (
            metric["type"] == "derived"
            and {m.get("alias") for m in metric["type_params"].get("metrics") or []} >= {"numerator", "denominator"}
        )
    )
    assert ratios, "the semantic manifest has no rate metric (numerator over denominator)"
    return ratios[:METRICS_PER_QUERY]


def test_mf_query_on_published_data_while_the_dev_database_is_held(
    project: MfProject, tmp_path: Path
) -> None:
    metrics_query = ["--metrics", ",".join(some_metrics(project)), "--group-by", QUARTER, "--order", QUARTER]
    spine_query = ["--group-by", MONTH, "--order", MONTH]
    # Before any lock: the answers from the dev database.
    from_dev = project.rows("dev", metrics_query, tmp_path / "dev_metrics.csv")
    assert from_dev and any(value not in ("", None) for row in from_dev for value in row.values())
    with duckdb.connect(str(project.db_path), read_only=True) as con:
        spine_months = con.execute(
            "select count(distinct date_trunc('month', date_day)) from semantic.metricflow_time_spine"
        ).fetchone()

    with hold_for_writing(project.db_path) as writer:
        locked = project.mf("dev", metrics_query, tmp_path / "locked.csv")
        assert locked.returncode != 0
        assert "lock" in (locked.stdout + locked.stderr).lower(), locked.stdout[-2000:] + locked.stderr[-2000:]

        from_published = project.rows("published", metrics_query, tmp_path / "published_metrics.csv")
        spine = project.rows("published", spine_query, tmp_path / "published_spine.csv")
        assert writer.still_holding()

    assert from_published == from_dev
    assert spine_months is not None and len(spine) == spine_months[0] > 0
