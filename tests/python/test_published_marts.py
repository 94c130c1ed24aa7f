"""The BI read path: published marts stay readable while dbt writes and republishes.

DuckDB lets one process write a database file at a time; `dbt build` holds
the dev file for minutes. scripts/publish_marts.py (run by the on-run-end
hook after every successful build, and by `make publish`) writes every model
of schemas marts / reference / semantic to Parquet plus a small DuckDB file
of views over them, into a new folder `versions/<publish_id>/`, and then
switches the symlink `current` to it. These tests check that

- the published set is complete and identical to the dev database, even
  while another process holds the dev database open for writing;
- readers looping over the published folder (DuckDB `read_parquet`, pyarrow
  and the read-only DuckDB file) during repeated publishes and during a
  publish killed midway (SIGKILL) never fail and never see a mix of two
  builds or a manifest that disagrees with what they read;
- superseded versions stay for the grace period and are removed after it;
- a plain `dbt build` publishes (the shared generated build did, through the
  on-run-end hook) and a run in which a node fails publishes nothing.

Nothing here names a mart: every check loops over what the dev database
holds in the published schemas.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from conftest import PROJECT_DIR, DbtBuild, run_dbt
from conftest_bi import (
    PUBLISH_SCRIPT,
    PUBLISHED_SCHEMAS,
    PublishedCopy,
    current_folder,
    hold_for_writing,
    publish_copy,
    run_script,
)

READER = Path(__file__).with_name("published_reader.py")
READER_MODES = ("parquet", "pyarrow", "database")
BUILDS = 3
REPUBLISHES = 6


@pytest.fixture(scope="module")
def published(generated_build: DbtBuild, tmp_path_factory: pytest.TempPathFactory) -> PublishedCopy:
    return publish_copy(generated_build, tmp_path_factory.mktemp("published_marts"))


def relations(db_path: Path) -> list[tuple[str, str]]:
    """(schema, name) of every table and view a publish copies."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_catalog = current_database() and table_schema in ?"
            " order by 1, 2",
            [list(PUBLISHED_SCHEMAS)],
        ).fetchall()
    return [(schema, name) for schema, name in rows]


def versions(root: Path) -> list[str]:
    return sorted(path.name for path in (root / "versions").iterdir())


def test_every_model_is_published_with_its_rows(published: PublishedCopy) -> None:
    expected = relations(published.dev_db)
    assert {schema for schema, _ in expected} == set(PUBLISHED_SCHEMAS), expected
    folder = published.current
    assert folder.parent.name == "versions"
    manifest = json.loads((folder / "_manifest.json").read_text())
    assert sorted(manifest["files"]) == sorted(f"{schema}.{name}" for schema, name in expected)
    with duckdb.connect(str(published.dev_db), read_only=True) as dev:
        dev.execute(f"attach '{published.read_db}' as read_db (read_only)")
        for schema, name in expected:
            relation = f'"{schema}"."{name}"'
            key = f"{schema}.{name}"
            parquet = folder / manifest["files"][key]
            dev_rows = dev.execute(f"select count(*) from {relation}").fetchone()
            metadata = pq.read_metadata(parquet)
            assert dev_rows is not None
            assert dev_rows[0] == metadata.num_rows == manifest["row_counts"][key], key
            assert metadata.metadata[b"publish_id"].decode() == manifest["publish_id"], key
            # Same columns and types, same rows (as a multiset), through the view.
            dev_columns = dev.execute(f"describe {relation}").fetchall()
            read_columns = dev.execute(f"describe read_db.{relation}").fetchall()
            assert [c[:2] for c in dev_columns] == [c[:2] for c in read_columns], key
            for left, right in ((relation, f"read_db.{relation}"), (f"read_db.{relation}", relation)):
                extra = dev.execute(
                    f"select count(*) from (select * from {left} except all select * from {right})"
                ).fetchone()
                assert extra == (0,), f"{key}: {extra} rows of {left} are not in {right}"
        meta = dev.execute("select publish_id, source_database from read_db.published.manifest").fetchone()
        assert meta == (manifest["publish_id"], str(published.dev_db))
    # The stable path BI tools open goes through `current`.
    assert os.path.realpath(published.read_db) == str(folder / "ai_support_metrics_read.duckdb")
    assert not [p for p in folder.iterdir() if p.name.startswith(".")], "a temporary file was left behind"


def test_reading_published_data_while_a_writer_holds_the_dev_database(published: PublishedCopy) -> None:
    with hold_for_writing(published.dev_db) as writer:
        # The problem the read path solves: the dev file cannot be opened at all.
        with pytest.raises(duckdb.IOException, match="[Ll]ock"):
            duckdb.connect(str(published.dev_db), read_only=True)
        folder = published.current
        manifest = json.loads((folder / "_manifest.json").read_text())
        # A BI tool on the published DuckDB file reads every model.
        with duckdb.connect(str(published.read_db), read_only=True) as read:
            for key, rows in manifest["row_counts"].items():
                schema, name = key.split(".")
                assert read.execute(f'select count(*) from "{schema}"."{name}"').fetchone() == (rows,)
        # A notebook reads the Parquet files directly (pyarrow / pandas / polars).
        for key, path in manifest["files"].items():
            assert pq.read_table(folder / path).num_rows == manifest["row_counts"][key]
        # A publish of the held database fails cleanly and leaves `current` alone.
        failed = subprocess.run(
            [sys.executable, str(PUBLISH_SCRIPT), "--db", str(published.dev_db), "--out", str(published.published)],
            capture_output=True,
            text=True,
        )
        assert failed.returncode != 0
        assert published.current == folder
        assert writer.still_holding()


def test_a_connection_opened_before_a_publish_keeps_working(published: PublishedCopy) -> None:
    before_folder = published.current
    manifest = json.loads((before_folder / "_manifest.json").read_text())
    key = max(manifest["row_counts"], key=lambda k: manifest["row_counts"][k])
    schema, name = key.split(".")
    reader = duckdb.connect(str(published.read_db), read_only=True)
    try:
        before = reader.execute(f'select count(*) from "{schema}"."{name}"').fetchone()
        run_script(PUBLISH_SCRIPT, "--db", str(published.dev_db), "--out", str(published.published))
        assert published.current != before_folder
        # The connection keeps reading the version it opened (kept for the grace period).
        assert before_folder.exists()
        assert reader.execute(f'select count(*) from "{schema}"."{name}"').fetchone() == before
    finally:
        reader.close()
    with duckdb.connect(str(published.read_db), read_only=True) as fresh:
        assert fresh.execute(f'select count(*) from "{schema}"."{name}"').fetchone() == before
        assert fresh.execute("select publish_id from published.manifest").fetchone() == (published.current.name,)


def make_builds(source: Path, work: Path) -> list[Path]:
    """BUILDS dev databases, each with two probe marts holding its build number."""
    builds = []
    for number in range(1, BUILDS + 1):
        db = work / f"build_{number}.duckdb"
        shutil.copyfile(source, db)
        with duckdb.connect(str(db)) as con:
            for probe in ("a", "b"):
                con.execute(
                    f"create table marts.zz_probe_{probe} as"
                    f" select {number} as build, range as row_number from range({number * 10})"
                )
        builds.append(db)
    return builds


def wait_for_unfinished_version(root: Path, known: set[str], process: subprocess.Popen[bytes]) -> str | None:
    """The new version folder once it holds a Parquet file but no manifest yet."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        for folder in (root / "versions").iterdir():
            if folder.name in known:
                continue
            if any(folder.glob("*.parquet")) and not (folder / "_manifest.json").exists():
                return folder.name
        time.sleep(0.002)
    return None


def test_readers_never_fail_nor_see_a_mixed_set(generated_build: DbtBuild, tmp_path: Path) -> None:
    builds = make_builds(generated_build.db_path, tmp_path)
    root = tmp_path / "published"

    def publish(db: Path) -> None:
        run_script(PUBLISH_SCRIPT, "--db", str(db), "--out", str(root))

    publish(builds[0])
    completed = 1
    stop = tmp_path / "stop"
    readers = {
        mode: subprocess.Popen(
            [sys.executable, str(READER), str(root), mode, str(stop), str(tmp_path / f"{mode}.json")],
            cwd=PROJECT_DIR,
        )
        for mode in READER_MODES
    }
    try:
        time.sleep(1.0)
        for index in range(REPUBLISHES):
            publish(builds[(index + 1) % BUILDS])
            completed += 1
        # A publish killed midway: its folder is half written and never current.
        killed = None
        for attempt in range(5):
            before = current_folder(root)
            known = set(versions(root))
            process = subprocess.Popen(
                [sys.executable, str(PUBLISH_SCRIPT), "--db", str(builds[attempt % BUILDS]), "--out", str(root)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            killed = wait_for_unfinished_version(root, known, process)
            if killed is not None:
                process.send_signal(signal.SIGKILL)
            process.wait(timeout=120)
            if killed is not None:
                break
            completed += 1  # it finished before it could be caught: try again
        assert killed is not None, "never caught a publish midway"
        assert current_folder(root) == before, "a killed publish moved `current`"
        assert (root / "versions" / killed).exists()
        time.sleep(0.5)
        # The next publish removes the unfinished folder.
        publish(builds[1])
        completed += 1
        assert killed not in versions(root)
        time.sleep(1.0)
    finally:
        stop.touch()
        for process in readers.values():
            process.wait(timeout=120)

    for mode in READER_MODES:
        report = json.loads((tmp_path / f"{mode}.json").read_text())
        assert report["errors"] == [], f"{mode} reader: {report['errors'][:2]}"
        assert report["mismatches"] == [], f"{mode} reader: {report['mismatches'][:5]}"
        assert report["rounds"] >= 5, f"{mode} reader ran only {report['rounds']} rounds"
        assert len(report["publish_ids"]) >= 2, f"{mode} reader saw no switch: {report}"
    # Within the grace period every finished publish is kept.
    assert len(versions(root)) == completed


def test_superseded_versions_are_removed_after_the_grace_period(published: PublishedCopy, tmp_path: Path) -> None:
    root = tmp_path / "published"
    db = published.dev_db
    run_script(PUBLISH_SCRIPT, "--db", str(db), "--out", str(root))
    first = current_folder(root).name
    run_script(PUBLISH_SCRIPT, "--db", str(db), "--out", str(root), "--grace-minutes", "1")
    second = current_folder(root).name
    # Superseded seconds ago: kept for a grace period of a minute.
    assert versions(root) == sorted([first, second])
    time.sleep(1.5)
    run_script(PUBLISH_SCRIPT, "--db", str(db), "--out", str(root), "--grace-minutes", "0.02")
    third = current_folder(root).name
    # `first` was superseded > 1.2 s ago, `second` only just now.
    assert versions(root) == sorted([second, third])
    run_script(PUBLISH_SCRIPT, "--db", str(db), "--out", str(root), "--grace-minutes", "0")
    assert versions(root) == [current_folder(root).name]


def test_a_flat_published_folder_is_replaced(published: PublishedCopy, tmp_path: Path) -> None:
    """A published/ folder of the layout before versions: its copies go, BI paths stay."""
    root = tmp_path / "published"
    (root / "reference").mkdir(parents=True)
    (root / "old_mart.parquet").write_bytes(b"stale")
    (root / "reference" / "old_seed.parquet").write_bytes(b"stale")
    (root / "_manifest.json").write_text(
        json.dumps({"row_counts": {"marts.old_mart": 1, "reference.old_seed": 1}})
    )
    (root / "ai_support_metrics_read.duckdb").write_bytes(b"stale")
    (root / "dashboard.html").write_text("<html></html>")
    (root / "not_ours.parquet").write_bytes(b"someone else's")
    run_script(PUBLISH_SCRIPT, "--db", str(published.dev_db), "--out", str(root))
    assert sorted(p.name for p in root.iterdir()) == [
        ".publish.lock", "ai_support_metrics_read.duckdb", "current", "dashboard.html", "not_ours.parquet",
        "versions",
    ]
    with duckdb.connect(str(root / "ai_support_metrics_read.duckdb"), read_only=True) as read:
        assert read.execute("select publish_id from published.manifest").fetchone() == (current_folder(root).name,)


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


def test_dbt_build_published_its_marts(generated_build: DbtBuild) -> None:
    """The shared build (`dbt build`, conftest.py) published next to its database."""
    root = generated_build.db_path.parent / "published"
    manifest = json.loads((current_folder(root) / "_manifest.json").read_text())
    assert manifest["source_database"] == str(generated_build.db_path)
    assert sorted(manifest["files"]) == sorted(f"{s}.{n}" for s, n in relations(generated_build.db_path))


def test_a_failed_run_publishes_nothing(generated_build: DbtBuild, tmp_path: Path) -> None:
    db = tmp_path / "broken.duckdb"
    shutil.copyfile(generated_build.db_path, db)
    with duckdb.connect(str(db)) as con:
        # The marts' inputs are gone: every mart that reads one fails.
        con.execute("drop schema intermediate cascade")
    result = run_dbt(
        ["run", "--select", "path:models/marts"], db, tmp_path, generated_build.vars, check=False
    )
    assert result.returncode != 0, result.stdout[-3000:]
    assert "Not published" in result.stdout, result.stdout[-3000:]
    assert not (tmp_path / "published").exists()
