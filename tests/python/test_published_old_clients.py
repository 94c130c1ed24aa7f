"""The published read database opens in the DuckDB 1.x clients BI tools ship.

The project builds with DuckDB 2.0, whose default storage format DuckDB 1.x
cannot read ("version number 69, but we can only read versions between 64
and 68"): Metabase's duckdb_jdbc 1.4, Evidence's @duckdb/node-api 1.5 and
DBeaver's driver would fail at connect. scripts/publish_marts.py writes the
read database in storage format v1.0.0. Here each older client from
`make duckdb-old-clients` (its own virtualenv under build/venv-duckdb1x/, not
the project's) opens the published database read-only, through the stable
symlink a BI tool is pointed at, and copies every view (the published models,
views over Parquet files with absolute paths) and every table to Parquet;
the project's DuckDB then checks each copy against the dev database row for
row, so what an old client reads is exactly what dbt built.
"""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT_DIR, DbtBuild
from conftest_bi import PUBLISHED_SCHEMAS, PublishedCopy, publish_copy

from publish_marts import OLDEST_DUCKDB_CLIENT  # noqa: E402 - scripts/ is on sys.path via conftest_bi

OLD_CLIENTS_DIR = PROJECT_DIR / "build" / "venv-duckdb1x"

# Runs inside the old client's virtualenv: read everything, copy it out.
OLD_CLIENT_READ = textwrap.dedent(
    """
    import json, sys, duckdb
    read_db, out_dir = sys.argv[1], sys.argv[2]
    con = duckdb.connect(read_db, read_only=True)
    relations = con.execute(
        "select table_schema, table_name, table_type from information_schema.tables"
        " where table_catalog = current_database() order by 1, 2"
    ).fetchall()
    copied = {}
    for schema, name, kind in relations:
        target = f"{out_dir}/{schema}.{name}.parquet"
        rows = con.execute(
            f'copy (select * from "{schema}"."{name}") to ' + "'" + target + "' (format parquet)"
        ).fetchone()[0]
        copied[f"{schema}.{name}"] = {"rows": rows, "type": kind, "file": target}
    print(json.dumps({"version": duckdb.__version__, "relations": copied}))
    """
)


def old_clients() -> list[Path]:
    found = sorted(OLD_CLIENTS_DIR.glob("*/bin/python"))
    if not found:
        pytest.fail(f"no old DuckDB clients in {OLD_CLIENTS_DIR}: run `make duckdb-old-clients`")
    return found


@pytest.fixture(scope="module")
def published(generated_build: DbtBuild, tmp_path_factory: pytest.TempPathFactory) -> PublishedCopy:
    return publish_copy(generated_build, tmp_path_factory.mktemp("published_old_clients"))


def test_the_oldest_supported_client_is_tested() -> None:
    versions = {python.parents[1].name for python in old_clients()}
    assert OLDEST_DUCKDB_CLIENT in versions, versions
    assert all(version.startswith("1.") for version in versions), versions


@pytest.mark.parametrize("version", [p.parents[1].name for p in sorted(OLD_CLIENTS_DIR.glob("*/bin/python"))])
def test_an_old_client_reads_every_published_model(
    version: str, published: PublishedCopy, tmp_path: Path
) -> None:
    python = OLD_CLIENTS_DIR / version / "bin" / "python"
    result = subprocess.run(
        [str(python), "-c", OLD_CLIENT_READ, str(published.read_db), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert report["version"] == version
    copied = report["relations"]

    with duckdb.connect(str(published.dev_db), read_only=True) as dev:
        expected = dev.execute(
            "select table_schema || '.' || table_name from information_schema.tables"
            " where table_catalog = current_database() and table_schema in ?",
            [list(PUBLISHED_SCHEMAS)],
        ).fetchall()
        models = sorted(row[0] for row in expected)
        # Every published model as a view, plus the read database's own tables.
        assert sorted(name for name, item in copied.items() if item["type"] == "VIEW") == models
        assert sorted(name for name, item in copied.items() if item["type"] != "VIEW") == [
            "published.manifest",
            "published.relations",
        ]
        for model in models:
            schema, name = model.split(".")
            relation = f'"{schema}"."{name}"'
            copy = f"read_parquet('{copied[model]['file']}')"
            rows = dev.execute(f"select count(*) from {relation}").fetchone()
            assert rows == (copied[model]["rows"],), model
            for left, right in ((relation, copy), (copy, relation)):
                extra = dev.execute(
                    f"select count(*) from (select * from {left} except all select * from {right})"
                ).fetchone()
                assert extra == (0,), f"{model} read by DuckDB {version}: {extra} rows differ"
