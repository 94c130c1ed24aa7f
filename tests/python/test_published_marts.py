"""The BI read path: published marts stay readable while dbt writes.

DuckDB lets one process write a database file at a time; `dbt build` holds
the dev file for minutes. scripts/publish_marts.py copies every mart to
Parquet plus a small DuckDB file of views over them. These tests hold the
dev file open for writing in another process (as `dbt build` does) and read
everything a BI tool reads, check that the published set is complete and
identical to the marts, and that publishing again while a reader is
connected neither breaks that reader nor leaves partial files behind.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Iterator

import duckdb
import pyarrow.parquet as pq
import pytest

from conftest import DbtBuild
from conftest_bi import PUBLISH_SCRIPT, PublishedCopy, publish_copy, run_script


@pytest.fixture(scope="module")
def published(generated_build: DbtBuild, tmp_path_factory: pytest.TempPathFactory) -> PublishedCopy:
    return publish_copy(generated_build, tmp_path_factory.mktemp("published_marts"))


def mart_names(db_path: Path) -> list[str]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute(
            "select table_name from information_schema.tables"
            " where table_schema = 'marts' order by 1"
        ).fetchall()
    return [row[0] for row in rows]


@pytest.fixture
def writer_holding(published: PublishedCopy) -> Iterator[subprocess.Popen[str]]:
    """Another process with the dev database open for writing, mid-transaction."""
    code = textwrap.dedent(
        f"""
        import sys, duckdb
        con = duckdb.connect({str(published.dev_db)!r})
        con.execute("begin transaction")
        con.execute("create or replace table marts.__writer_lock as select 1 as x")
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
        yield writer
    finally:
        assert writer.stdin is not None
        writer.stdin.write("\n")
        writer.stdin.flush()
        writer.wait(timeout=60)


def test_every_mart_is_published_with_its_rows(published: PublishedCopy) -> None:
    marts = mart_names(published.dev_db)
    assert marts, "the build has no marts"
    files = sorted(path.stem for path in published.published.glob("*.parquet"))
    assert files == marts
    manifest = json.loads((published.published / "_manifest.json").read_text())
    with duckdb.connect(str(published.dev_db), read_only=True) as dev, duckdb.connect(
        str(published.read_db), read_only=True
    ) as read:
        for mart in marts:
            expected = dev.execute(f"select count(*) from marts.{mart}").fetchone()
            via_view = read.execute(f"select count(*) from marts.{mart}").fetchone()
            parquet_rows = pq.ParquetFile(published.published / f"{mart}.parquet").metadata.num_rows
            assert expected is not None and via_view is not None
            assert expected[0] == via_view[0] == parquet_rows == manifest["row_counts"][f"marts.{mart}"], mart
            # Same columns, same types, same values.
            dev_columns = dev.execute(f"describe marts.{mart}").fetchall()
            read_columns = read.execute(f"describe marts.{mart}").fetchall()
            assert [c[:2] for c in dev_columns] == [c[:2] for c in read_columns], mart
        # The reference seeds travel along for the benchmark bands.
        bands = read.execute("select count(*) from reference.benchmark_bands").fetchone()
        assert bands is not None and bands[0] > 0
        dev_tickets = dev.execute("select * from marts.fct_tickets order by ticket_id").fetchall()
    with duckdb.connect(str(published.read_db), read_only=True) as read:
        read_tickets = read.execute("select * from marts.fct_tickets order by ticket_id").fetchall()
    assert dev_tickets == read_tickets
    assert not list(published.published.glob(".tmp-publish-*")), "a staging folder was left behind"


def test_reading_published_marts_while_a_writer_holds_the_dev_database(
    published: PublishedCopy, writer_holding: subprocess.Popen[str]
) -> None:
    # The problem the read path solves: the dev file cannot be opened at all.
    with pytest.raises(duckdb.IOException, match="[Ll]ock"):
        duckdb.connect(str(published.dev_db), read_only=True)

    # A BI tool on the published DuckDB file reads every mart.
    marts = sorted(path.stem for path in published.published.glob("*.parquet"))
    with duckdb.connect(str(published.read_db), read_only=True) as read:
        for mart in marts:
            count = read.execute(f"select count(*) from marts.{mart}").fetchone()
            assert count is not None and count[0] >= 0
        rate = read.execute(
            "select 100.0 * sum(ai_assisted_interventions) / sum(interventions)"
            " from marts.mart_ai_assisted_resolution_monthly"
        ).fetchone()
        assert rate is not None and 0 <= rate[0] <= 100
    # A notebook reads the Parquet files directly (pyarrow / pandas / polars).
    table = pq.read_table(published.published / "mart_repeat_contacts_monthly.parquet")
    assert table.num_rows > 0
    # The writer is still there and still holds the lock.
    assert writer_holding.poll() is None


def test_publishing_again_keeps_open_readers_working(published: PublishedCopy) -> None:
    reader = duckdb.connect(str(published.read_db), read_only=True)
    try:
        before = reader.execute("select count(*) from marts.fct_tickets").fetchone()
        run_script(PUBLISH_SCRIPT, "--db", str(published.dev_db), "--out", str(published.published))
        # The reader connected before the new files were renamed in keeps working.
        after = reader.execute("select count(*) from marts.fct_tickets").fetchone()
        assert before == after
    finally:
        reader.close()
    with duckdb.connect(str(published.read_db), read_only=True) as fresh:
        again = fresh.execute("select count(*) from marts.fct_tickets").fetchone()
    assert again == before
    assert not list(published.published.glob(".tmp-publish-*"))


def test_publish_fails_cleanly_without_a_database(tmp_path: Path) -> None:
    out = tmp_path / "published"
    result = subprocess.run(
        [sys.executable, str(PUBLISH_SCRIPT), "--db", str(tmp_path / "missing.duckdb"), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "run `dbt build` first" in result.stderr
    assert not out.exists() or not list(out.iterdir())
