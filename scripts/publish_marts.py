"""Publish the marts for BI tools: Parquet files plus a small read-only DuckDB file.

DuckDB lets one process write a database file at a time, and `dbt build`
holds the dev file for minutes. A BI tool pointed at that file fails while
a build runs. After a successful build this script copies every table and
view of schema `marts` (and the reference seeds) to

    published/<model>.parquet                     one file per mart
    published/reference/<seed>.parquet            benchmark bands, metric catalog
    published/ai_support_metrics_read.duckdb      views marts.<model> and
                                                  reference.<seed> over them
    published/_manifest.json                      when, from what, row counts

so readers never touch the file dbt writes. Every file is first written
completely into a temporary folder inside the target folder and then moved
into place with an atomic rename (`os.replace`): a reader sees either the
previous complete file or the new complete one, never a partial one, and a
reader that already has a file open keeps reading the version it opened.
The Parquet files are moved first, then the DuckDB file whose views read
them, then the manifest.

    python scripts/publish_marts.py [--db ai_support_metrics.duckdb] [--out published]

The views hold absolute paths: after moving the folder, publish again with
--out (or read the Parquet files directly).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[1]
READ_DB_NAME = "ai_support_metrics_read.duckdb"
MANIFEST_NAME = "_manifest.json"


def default_db_path() -> Path:
    """The DuckDB file dbt builds: DBT_DUCKDB_PATH as in profiles.yml."""
    return Path(os.environ.get("DBT_DUCKDB_PATH", "ai_support_metrics.duckdb"))


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def list_models(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    rows = con.execute(
        """
        select table_name
        from information_schema.tables
        where table_schema = ?
        order by table_name
        """,
        [schema],
    ).fetchall()
    return [row[0] for row in rows]


def fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


# Schema -> sub-folder of the published folder. The marts are the interface;
# the reference seeds (benchmark bands, metric catalog) come along because a
# dashboard needs them to draw the bands and targets the marts are judged by.
PUBLISHED_SCHEMAS: dict[str, str] = {"marts": "", "reference": "reference"}


def publish(
    db_path: Path,
    out_dir: Path,
    schemas: dict[str, str] | None = None,
) -> dict[str, object]:
    """Write the models of `schemas` in `db_path` to `out_dir`; return the manifest."""
    schemas = dict(PUBLISHED_SCHEMAS if schemas is None else schemas)
    db_path = db_path.resolve()
    out_dir = out_dir.resolve()
    if not db_path.exists():
        raise FileNotFoundError(f"{db_path} does not exist: run `dbt build` first")
    out_dir.mkdir(parents=True, exist_ok=True)

    # Same folder as the final files, so that the rename is atomic (same
    # file system) and an interrupted run leaves only a .tmp-* folder behind.
    staging = Path(tempfile.mkdtemp(prefix=".tmp-publish-", dir=out_dir))
    try:
        # (schema, model) -> path of its Parquet file relative to out_dir
        files: dict[tuple[str, str], Path] = {}
        row_counts: dict[str, int] = {}
        source = duckdb.connect(str(db_path), read_only=True)
        try:
            for schema, folder in schemas.items():
                models = list_models(source, schema)
                if schema == "marts" and not models:
                    raise RuntimeError(f"schema marts of {db_path} has no table or view")
                for model in models:
                    relative = Path(folder) / f"{model}.parquet"
                    relation = f"{quote_ident(schema)}.{quote_ident(model)}"
                    target = staging / relative
                    target.parent.mkdir(parents=True, exist_ok=True)
                    source.execute(
                        f"copy (select * from {relation}) to {quote_literal(str(target))}"
                        " (format parquet, compression zstd)"
                    )
                    count = source.execute(f"select count(*) from {relation}").fetchone()
                    row_counts[f"{schema}.{model}"] = int(count[0]) if count else 0
                    files[(schema, model)] = relative
        finally:
            source.close()

        for relative in files.values():
            fsync_file(staging / relative)
            (out_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / relative, out_dir / relative)

        # The read-only database: one view per model over its final Parquet
        # path (DuckDB checks the file when it creates the view, so the
        # Parquet files are moved first), moved in after them.
        read_db = staging / READ_DB_NAME
        reader = duckdb.connect(str(read_db))
        try:
            for schema in schemas:
                reader.execute(f"create schema if not exists {quote_ident(schema)}")
            for (schema, model), relative in files.items():
                reader.execute(
                    f"create or replace view {quote_ident(schema)}.{quote_ident(model)}"
                    f" as select * from read_parquet({quote_literal(str(out_dir / relative))})"
                )
            reader.execute("checkpoint")
        finally:
            reader.close()
        fsync_file(read_db)
        os.replace(read_db, out_dir / READ_DB_NAME)

        # Last: the manifest that says the set is complete.
        manifest: dict[str, object] = {
            "published_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "source_database": str(db_path),
            "read_database": READ_DB_NAME,
            "row_counts": row_counts,
        }
        (staging / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n")
        fsync_file(staging / MANIFEST_NAME)
        os.replace(staging / MANIFEST_NAME, out_dir / MANIFEST_NAME)

        # A model that no longer exists must not linger as a stale file.
        for folder in set(schemas.values()):
            for stale in (out_dir / folder).glob("*.parquet"):
                if stale.relative_to(out_dir) not in files.values():
                    stale.unlink()
        return manifest
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db",
        type=Path,
        default=default_db_path(),
        help="DuckDB file built by dbt (default: $DBT_DUCKDB_PATH or ai_support_metrics.duckdb)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("published"),
        help="folder to publish to (default: published)",
    )
    args = parser.parse_args(argv)
    manifest = publish(args.db, args.out)
    row_counts = manifest["row_counts"]
    assert isinstance(row_counts, dict)
    marts = [name for name in row_counts if name.startswith("marts.")]
    print(
        f"Published {len(marts)} marts from {args.db} to {args.out.resolve()}/ "
        f"(read-only database: {args.out / READ_DB_NAME})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
