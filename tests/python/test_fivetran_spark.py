"""The Zendesk adapter on the Spark target stages the same rows as on DuckDB.

`make test-spark-fivetran` runs this module (DBT_SPARK_FIVETRAN_TESTS=1; a plain
`pytest` skips it: it needs Java 17 and about five minutes on a loaded 2-core machine,
two JVM starts). The hand-built Zendesk connector tables (tests/python/
fivetran_fixtures.py) are written as Parquet by DuckDB and saved as tables of schema
`zendesk` in a local Spark catalog by a pyspark process of the test (timestamps as
Spark TIMESTAMP, UTC session, as Fivetran lands them); then `dbt build` of the adapter
and the staging it feeds runs on the `spark` target with every data and unit test
whose parents are selected, and every staging and adapter table is compared row by
row with the same selection built on DuckDB.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

import fivetran_fixtures as fx
from conftest import DBT, PROJECT_DIR, TEST_PII_HASH_KEY, run_dbt, statuses_of_nodes_run
from test_spark import _read_duckdb, _read_spark, _rows_equal, _sorted_rows

pytestmark = pytest.mark.skipif(
    os.environ.get("DBT_SPARK_FIVETRAN_TESTS") != "1",
    reason="Fivetran adapter on Spark: run `make test-spark-fivetran`",
)

SELECT = ["build", "--select", "+stg_helpdesk__tickets", "+stg_helpdesk__messages", "+stg_helpdesk__surveys",
          "+stg_crm__accounts", "+stg_crm__users", "path:models/staging/fivetran_zendesk",
          "--indirect-selection", "cautious"]
# Orphans and accounts without a segment warn until the staging contract allows them.
VARS = {**fx.ZENDESK_VARS, "relationship_test_severity": "warn"}

LOADER = """
import sys
from pyspark.sql import SparkSession, functions as F
parquet_dir, spark_dir, names = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
spark = (SparkSession.builder.master("local[1]")
         .config("spark.sql.warehouse.dir", f"{spark_dir}/warehouse")
         .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                 f"jdbc:derby:;databaseName={spark_dir}/metastore_db;create=true")
         .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={spark_dir}/derby")
         .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false")
         .config("spark.sql.legacy.createHiveTableByDefault", "false")
         .enableHiveSupport().getOrCreate())
spark.sql("create schema if not exists zendesk")
for name in names:
    frame = spark.read.parquet(f"{parquet_dir}/{name}.parquet")
    frame = frame.select([F.col(f.name).cast("timestamp").alias(f.name)
                          if f.dataType.typeName() == "timestamp_ntz" else F.col(f.name)
                          for f in frame.schema.fields])
    frame.write.mode("overwrite").saveAsTable(f"zendesk.`{name}`")
spark.stop()
"""


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if shutil.which("java") is None:
        pytest.fail("Java 17 is required: make java-deps")
    work = tmp_path_factory.mktemp("fivetran_spark")
    duck = work / "duckdb.duckdb"
    with duckdb.connect(str(duck)) as con:
        fx.load_zendesk(con)
        (work / "parquet").mkdir()
        for name in fx.ZENDESK_COLUMNS:
            con.execute(f"copy zendesk.\"{name}\" to '{work / 'parquet' / name}.parquet' (format parquet)")
    spark_dir = work / "spark"
    loaded = subprocess.run([sys.executable, "-c", LOADER, str(work / "parquet"), str(spark_dir),
                             ",".join(fx.ZENDESK_COLUMNS)], capture_output=True, text=True, timeout=900)
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    env = dict(os.environ, DBT_TARGET="spark", DBT_SPARK_DIR=str(spark_dir),
               DBT_SPARK_DRIVER_MEMORY=os.environ.get("DBT_SPARK_DRIVER_MEMORY", "2g"))
    env.setdefault("AISM_PII_HASH_KEY", TEST_PII_HASH_KEY)
    spark = subprocess.run(
        [DBT, *SELECT, "--profiles-dir", str(PROJECT_DIR), "--project-dir", str(PROJECT_DIR),
         "--target-path", str(work / "spark_run" / "target"), "--log-path", str(work / "spark_run" / "logs"),
         "--vars", json.dumps(VARS)],
        cwd=work, env=env, capture_output=True, text=True, timeout=1800)
    results = json.loads((work / "spark_run" / "target" / "run_results.json").read_text())["results"]
    run_dbt(SELECT, duck, work / "duckdb_run", VARS, env_overrides={"AISM_PII_HASH_KEY": env["AISM_PII_HASH_KEY"]})
    manifest = json.loads((work / "spark_run" / "target" / "manifest.json").read_text())
    tables = sorted(
        (node["schema"], node["name"]) for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["unique_id"] in {r["unique_id"] for r in results}
        and node["config"]["materialized"] in ("table", "incremental"))
    return {"stdout": spark.stdout, "results": results, "tables": tables,
            "warehouse": spark_dir / "warehouse", "duckdb": duck}


def test_every_spark_node_passed(builds: dict[str, Any]) -> None:
    statuses = statuses_of_nodes_run(builds["results"])
    assert {s for s in statuses.values()} <= {"success", "pass", "warn"}, {
        k: v for k, v in statuses.items() if v not in ("success", "pass", "warn")}
    kinds = {uid.split(".")[0] for uid in statuses}
    assert {"model", "test", "unit_test"} <= kinds, kinds
    assert any(".fivetran_zendesk__" in uid for uid in statuses if uid.startswith("unit_test."))


def test_staged_rows_equal_duckdb(builds: dict[str, Any]) -> None:
    names = {table for _, table in builds["tables"]}
    assert {"base_helpdesk__tickets", "base_helpdesk__messages", "base_helpdesk__surveys",
            "base_crm__accounts", "base_crm__users"} <= names
    differences = {}
    for schema, table in builds["tables"]:
        spark_columns, spark_rows = _read_spark(builds["warehouse"], schema, table)
        duck_columns, duck_rows = _read_duckdb(builds["duckdb"], schema, table)
        spark_sorted, duck_sorted = _sorted_rows(spark_rows), _sorted_rows(duck_rows)
        if spark_columns != duck_columns or not _rows_equal(spark_sorted, duck_sorted):
            pairs = [(x, y) for x, y in zip(spark_sorted, duck_sorted) if not _rows_equal([x], [y])]
            differences[table] = {"columns": (spark_columns, duck_columns), "rows": (len(spark_rows), len(duck_rows)),
                                  "first differing rows (spark, duckdb)": pairs[:3]}
    assert not differences, differences
    # Not vacuous: the fixture's tickets (deleted ones excluded) reached Spark's staging.
    _, rows = _read_spark(builds["warehouse"], "staging", "base_helpdesk__tickets")
    assert len(rows) == len(fx.zendesk_tables()["ticket"]) - 2
