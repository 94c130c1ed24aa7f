"""The same project on Apache Spark gives the same numbers as on DuckDB.

`make test-spark` runs this module (with DBT_SPARK_TESTS=1; a plain `pytest`
skips it, Spark needs Java 17 and a minute to start). It builds the bundled
sample twice from the same seeds:

* on the `spark` target (dbt-spark, method session, local pyspark) with every
  data test and unit test: the build must pass;
* on DuckDB (a fresh file), models only;

and compares every row of every table both build: the staging base tables
(parsed values, reject reasons, duplicate flags, masked raw rows), the
intermediate models and the marts BI tools read. Spark's tables are read back
from its warehouse directory (Parquet) with DuckDB, so no second JVM starts.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import pytest

from conftest import BUILD_MODELS, DBT, PROJECT_DIR, run_dbt, statuses_of_nodes_run

pytestmark = pytest.mark.skipif(
    os.environ.get("DBT_SPARK_TESTS") != "1",
    reason="Spark build: run `make test-spark` (sets DBT_SPARK_TESTS=1)",
)

# Doubles may be summed in another order on the two engines, and the
# statistics' iterations (continued fractions, Newton steps) end a few ulps
# apart: doubles are equal when within this relative (or absolute) tolerance.
TOLERANCE = 1e-6
# Rows are sorted on doubles rounded this far, then compared with TOLERANCE.
SORT_DECIMALS = 3


def _spark_build(work: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        DBT_TARGET="spark",
        DBT_SPARK_DIR=str(work / "spark"),
        DBT_SPARK_DRIVER_MEMORY=env.get("DBT_SPARK_DRIVER_MEMORY", "2g"),
    )
    # Both builds hash contacts with the bundled sample's documented key:
    # the Spark profile does not yet pass "key is set" to the macros
    # (macros/staging/pii.sql), so a key in the environment would reach
    # the DuckDB build only.
    env.pop("AISM_PII_HASH_KEY", None)
    cmd = [
        DBT,
        "build",
        "--profiles-dir",
        str(PROJECT_DIR),
        "--project-dir",
        str(PROJECT_DIR),
        "--target-path",
        str(work / "spark_run" / "target"),
        "--log-path",
        str(work / "spark_run" / "logs"),
    ]
    return subprocess.run(
        cmd, cwd=work, env=env, capture_output=True, text=True, timeout=1800
    )


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if shutil.which("java") is None:
        pytest.fail("Java 17 is required: apt-get install -y openjdk-17-jre-headless")
    work = tmp_path_factory.mktemp("spark")
    spark = _spark_build(work)
    if spark.returncode != 0:
        failed = [
            line
            for line in spark.stdout.splitlines()
            if " ERROR " in line or " FAIL " in line or "Error" in line
        ]
        pytest.fail("dbt build on Spark failed:\n" + "\n".join(failed[-60:]))

    duckdb_path = work / "duckdb.duckdb"
    run_dbt(
        BUILD_MODELS,
        duckdb_path,
        work / "duckdb_run",
        env_overrides={"AISM_PII_HASH_KEY": None},
    )
    manifest = json.loads((work / "spark_run" / "target" / "manifest.json").read_text())
    results = json.loads((work / "spark_run" / "target" / "run_results.json").read_text())
    tables = sorted(
        (node["schema"], node["name"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["unique_id"] in {r["unique_id"] for r in results["results"]}
        and node["config"]["materialized"] in ("table", "incremental")
    )
    return {
        "warehouse": work / "spark" / "warehouse",
        "duckdb": duckdb_path,
        "tables": tables,
        "results": results["results"],
    }


def _normalise(value: Any) -> Any:
    if isinstance(value, (float, decimal.Decimal)):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return value


def _sort_key(row: tuple[Any, ...]) -> tuple[tuple[bool, str], ...]:
    return tuple(
        (v is None, str(round(v, SORT_DECIMALS) if isinstance(v, float) else v))
        for v in row
    )


def _sorted_rows(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    normalised = [tuple(_normalise(v) for v in row) for row in rows]
    return sorted(normalised, key=_sort_key)


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    return a == b


def _rows_equal(a: list[tuple[Any, ...]], b: list[tuple[Any, ...]]) -> bool:
    return len(a) == len(b) and all(
        len(x) == len(y) and all(_equal(u, v) for u, v in zip(x, y))
        for x, y in zip(a, b)
    )


def _read_spark(warehouse: Path, schema: str, table: str) -> tuple[list[str], list[tuple]]:
    location = warehouse / f"{schema}.db" / table
    with duckdb.connect() as con:
        relation = con.sql(f"select * from read_parquet('{location}/*.parquet')")
        return relation.columns, relation.fetchall()


def _read_duckdb(path: Path, schema: str, table: str) -> tuple[list[str], list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as con:
        relation = con.sql(f'select * from "{schema}"."{table}"')
        return relation.columns, relation.fetchall()


def test_every_spark_node_passed(builds: dict[str, Any]) -> None:
    statuses = statuses_of_nodes_run(builds["results"])
    assert statuses
    assert {s for s in statuses.values()} <= {"success", "pass"}, {
        k: v for k, v in statuses.items() if v not in ("success", "pass")
    }
    kinds = {uid.split(".")[0] for uid in statuses}
    assert {"seed", "model", "test", "unit_test"} <= kinds, kinds


def test_headline_marts_are_built_on_spark(builds: dict[str, Any]) -> None:
    names = {table for _, table in builds["tables"]}
    assert {
        "fct_cs_interventions",
        "fct_csm_ai_usage_weekly",
        "mart_csm_ai_adoption_weekly",
        "mart_ai_assisted_resolution_monthly",
        "mart_automation_resolution_monthly",
        "mart_repeat_contacts_monthly",
        "fct_tickets",
        "mart_cost_per_resolution_monthly",
        "mart_vendor_pay_for_performance_monthly",
        "mart_balanced_scorecard_monthly",
        "int_ai_events_classified",
        "base_helpdesk__messages",
    } <= names


def test_every_table_equals_duckdb(builds: dict[str, Any]) -> None:
    differences = {}
    for schema, table in builds["tables"]:
        spark_columns, spark_rows = _read_spark(builds["warehouse"], schema, table)
        duck_columns, duck_rows = _read_duckdb(builds["duckdb"], schema, table)
        if spark_columns != duck_columns:
            differences[table] = {"spark columns": spark_columns, "duckdb columns": duck_columns}
            continue
        spark_sorted, duck_sorted = _sorted_rows(spark_rows), _sorted_rows(duck_rows)
        if not _rows_equal(spark_sorted, duck_sorted):
            pairs = [
                (x, y)
                for x, y in zip(spark_sorted, duck_sorted)
                if not _rows_equal([x], [y])
            ]
            differences[table] = {
                "rows": (len(spark_rows), len(duck_rows)),
                "first differing rows (spark, duckdb)": pairs[:3],
            }
    assert not differences, differences
