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

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from conftest import DbtBuild
from conftest_bi import PUBLISH_SCRIPT, hold_for_writing, run_script
from mf_runner import MfProject, make_mf_project

METRICS_PER_QUERY = 6
# Every metric has a quarter (some are quarterly only); the spine has days.
QUARTER = "metric_time__quarter"
MONTH = "metric_time__month"


@pytest.fixture(scope="module")
def project(generated_build: DbtBuild, tmp_path_factory: pytest.TempPathFactory) -> MfProject:
    root = tmp_path_factory.mktemp("mf_on_published")
    # The database in a folder of its own: `published` is written next to it.
    project = make_mf_project(
        root / "data", generated_build.db_path, generated_build.db_path.parent / "target" / "semantic_manifest.json"
    )
    # Published where the `published` target looks by default: next to the database.
    run_script(PUBLISH_SCRIPT, "--db", str(project.db_path))
    assert (project.root / "published" / "current").is_symlink()
    return project


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
    from_dev = project.rows(metrics_query, tmp_path / "dev_metrics.csv", "dev")
    assert from_dev and any(value not in ("", None) for row in from_dev for value in row.values())
    with duckdb.connect(str(project.db_path), read_only=True) as con:
        spine_months = con.execute(
            "select count(distinct date_trunc('month', date_day)) from semantic.metricflow_time_spine"
        ).fetchone()

    with hold_for_writing(project.db_path) as writer:
        locked = project.run(metrics_query, tmp_path / "locked.csv", "dev")
        assert locked.returncode != 0
        assert "lock" in (locked.stdout + locked.stderr).lower(), locked.stdout[-2000:] + locked.stderr[-2000:]

        from_published = project.rows(metrics_query, tmp_path / "published_metrics.csv", "published")
        spine = project.rows(spine_query, tmp_path / "published_spine.csv", "published")
        assert writer.still_holding()

    assert from_published == from_dev
    assert spine_months is not None and len(spine) == spine_months[0] > 0
