"""A BI reader in a loop, for test_published_marts.py (run as a subprocess).

    python published_reader.py ROOT MODE STOP_FILE OUT_JSON

MODE is how a reader reads the published folder ROOT:
- `parquet`:  DuckDB `read_parquet` over the Parquet files of `current`;
- `pyarrow`:  pyarrow reads the same files in full;
- `database`: the read-only DuckDB file at ROOT/ai_support_metrics_read.duckdb.

Until STOP_FILE exists it reads everything once per round and checks that
what it read is one complete publish: every file or view listed, with the row
count the manifest gives, every Parquet file carrying the manifest's publish
id, nothing in the folder the manifest does not list, and the probe tables
(`marts.zz_probe_*`, added by the test, each holding its build's number) all
from the build the manifest names. Any exception is an error. OUT_JSON gets
{"rounds", "errors", "mismatches", "publish_ids"}.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from published_folder import MANIFEST_NAME, READ_DB_NAME, current_folder  # noqa: E402

PROBE_PREFIX = "marts.zz_probe_"


def build_number(source_database: str) -> int:
    """The test names each dev database `build_<n>.duckdb`."""
    return int(Path(source_database).stem.rsplit("_", 1)[1])


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def check_files(root: Path, mode: str) -> tuple[str, list[str]]:
    """One round over the Parquet files of `current` (resolved once)."""
    folder = current_folder(root)
    manifest: dict[str, Any] = json.loads((folder / MANIFEST_NAME).read_text())
    publish_id = manifest["publish_id"]
    expected_build = build_number(manifest["source_database"])
    problems: list[str] = []
    listed = {folder / path for path in manifest["files"].values()}
    on_disk = set(folder.rglob("*.parquet"))
    if listed != on_disk:
        problems.append(f"{publish_id}: files {sorted(map(str, on_disk ^ listed))} not as listed")
    con = duckdb.connect() if mode == "parquet" else None
    try:
        for relation, path in manifest["files"].items():
            file = folder / path
            if con is not None:
                rows = con.execute(f"select count(*) from read_parquet({literal(str(file))})").fetchone()[0]
                file_id = con.execute(
                    f"select decode(value) from parquet_kv_metadata({literal(str(file))})"
                    " where decode(key) = 'publish_id'"
                ).fetchone()[0]
                probe = (
                    con.execute(f"select distinct build from read_parquet({literal(str(file))})").fetchall()
                    if relation.startswith(PROBE_PREFIX)
                    else None
                )
            else:
                table = pq.read_table(file)
                rows = table.num_rows
                file_id = pq.read_metadata(file).metadata[b"publish_id"].decode()
                probe = (
                    [(value,) for value in set(table.column("build").to_pylist())]
                    if relation.startswith(PROBE_PREFIX)
                    else None
                )
            if rows != manifest["row_counts"][relation]:
                problems.append(f"{publish_id}: {relation} has {rows} rows, manifest says {manifest['row_counts'][relation]}")
            if file_id != publish_id:
                problems.append(f"{publish_id}: {relation} comes from publish {file_id}")
            if probe is not None and probe != [(expected_build,)]:
                problems.append(f"{publish_id}: {relation} is from build {probe}, manifest says {expected_build}")
    finally:
        if con is not None:
            con.close()
    return publish_id, problems


def check_database(root: Path) -> tuple[str, list[str]]:
    """One round through the read-only DuckDB file, as a BI tool connects."""
    problems: list[str] = []
    con = duckdb.connect(str(root / READ_DB_NAME), read_only=True)
    try:
        publish_id, source = con.execute(
            "select publish_id, source_database from published.manifest"
        ).fetchone()
        expected_build = build_number(source)
        relations = con.execute(
            "select schema_name, relation_name, parquet_file, row_count from published.relations"
        ).fetchall()
        views = {
            (schema, name)
            for schema, name in con.execute(
                "select schema_name, view_name from duckdb_views() where not internal"
                " and database_name = current_database()"
            ).fetchall()
        }
        if views != {(schema, name) for schema, name, _, _ in relations}:
            problems.append(f"{publish_id}: views {sorted(views)} are not the published relations")
        for schema, name, parquet_file, row_count in relations:
            relation = f'"{schema}"."{name}"'
            rows = con.execute(f"select count(*) from {relation}").fetchone()[0]
            if rows != row_count:
                problems.append(f"{publish_id}: {schema}.{name} has {rows} rows, manifest says {row_count}")
            if f"/{publish_id}/" not in parquet_file:
                problems.append(f"{publish_id}: {schema}.{name} reads {parquet_file}")
            file_id = con.execute(
                f"select decode(value) from parquet_kv_metadata({literal(parquet_file)})"
                " where decode(key) = 'publish_id'"
            ).fetchone()[0]
            if file_id != publish_id:
                problems.append(f"{publish_id}: {schema}.{name} comes from publish {file_id}")
            if f"{schema}.{name}".startswith(PROBE_PREFIX):
                probe = con.execute(f"select distinct build from {relation}").fetchall()
                if probe != [(expected_build,)]:
                    problems.append(f"{publish_id}: {schema}.{name} is from build {probe}, manifest says {expected_build}")
    finally:
        con.close()
    return publish_id, problems


def main(root: Path, mode: str, stop_file: Path, out: Path) -> None:
    rounds = 0
    errors: list[str] = []
    mismatches: list[str] = []
    publish_ids: set[str] = set()
    while not stop_file.exists():
        try:
            publish_id, problems = check_database(root) if mode == "database" else check_files(root, mode)
            publish_ids.add(publish_id)
            mismatches.extend(problems)
        except Exception:  # noqa: BLE001 - every read error is what the test looks for
            errors.append(traceback.format_exc(limit=3))
        rounds += 1
    out.write_text(
        json.dumps(
            {"rounds": rounds, "errors": errors[:20], "mismatches": mismatches[:20], "publish_ids": sorted(publish_ids)}
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
