"""Publish the marts for BI tools: versioned Parquet sets plus a read-only DuckDB file.

DuckDB lets one process write a database file at a time, and `dbt build`
holds the dev file for minutes: a BI tool pointed at that file fails while a
build runs. So every successful `dbt build` (the on-run-end hook, through
scripts/dbt_publish_plugin.py) and this script copy every table and view of
schemas `marts`, `reference` (benchmark bands, metric catalog) and `semantic`
(MetricFlow's time spine) into a NEW folder and then switch one pointer:

    published/versions/<publish_id>/            one complete publish:
        <model>.parquet                         schema marts, one file each
        reference/<seed>.parquet                schema reference
        semantic/<model>.parquet                schema semantic
        ai_support_metrics_read.duckdb          views <schema>.<model> over those
                                                files, and published.manifest /
                                                published.relations
        _manifest.json                          written last: publish id, when,
                                                from what, row counts
    published/current                          symlink -> versions/<publish_id>
    published/ai_support_metrics_read.duckdb   symlink -> current/ai_support_metrics_read.duckdb

A publish writes its folder completely (files fsynced, the manifest last),
then replaces `current` with one atomic rename. A reader that resolves
`current` once (scripts/published_folder.py) reads one complete build, never
a mix of two, and a killed publish leaves only an unfinished folder that is
never pointed to and that the next publish removes. Every Parquet file
carries the publish id in its key-value metadata. A folder that stopped
being current is removed once it has been superseded for longer than the
grace period (--grace-minutes, dbt var `publish_grace_minutes`), so a reader
still busy with it (or a BI connection opened before the switch) finishes.

The read database is written in DuckDB storage format v1.0.0 (ATTACH ...
(STORAGE_VERSION 'v1.0.0')): every DuckDB client from 1.0 on opens it.

    python scripts/publish_marts.py [--db ai_support_metrics.duckdb] [--out published]
                                    [--grace-minutes 60]

--out defaults to $DBT_PUBLISH_DIR, else the folder `published` next to the
database. The views hold absolute paths: after moving the folder, publish
again with --out (or read the Parquet files directly).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import re
import shutil
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from published_folder import (  # noqa: E402
    CURRENT_LINK,
    MANIFEST_NAME,
    READ_DB_NAME,
    VERSIONS_DIR,
)

# Schema -> sub-folder of a publish. The marts are the interface; the
# reference seeds come along because a dashboard needs them to draw the bands
# and targets the marts are judged by; schema semantic holds MetricFlow's time
# spine, which `mf query` on the published data needs.
PUBLISHED_SCHEMAS: dict[str, str] = {"marts": "", "reference": "reference", "semantic": "semantic"}
# The oldest storage format DuckDB 2.0 writes; DuckDB 1.0.0 and every later
# client (duckdb_jdbc, @duckdb/node-api, DBeaver's driver) open it.
READ_DB_STORAGE_VERSION = "v1.0.0"
OLDEST_DUCKDB_CLIENT = "1.0.0"
DEFAULT_GRACE_MINUTES = 60.0
LOCK_NAME = ".publish.lock"
# The folder names new_publish_id() makes; nothing else under versions/ is touched.
PUBLISH_ID = re.compile(r"\d{8}T\d{6}_\d{6}Z")
LOCK_TIMEOUT_SECONDS = 600.0
# The tables the read database describes itself with (not published models).
META_SCHEMA = "published"


class NothingToPublish(RuntimeError):
    """The database holds no marts (never built, or another project's file)."""


def default_db_path() -> Path:
    """The DuckDB file dbt builds: DBT_DUCKDB_PATH as in profiles.yml."""
    return Path(os.environ.get("DBT_DUCKDB_PATH", "ai_support_metrics.duckdb"))


def default_out_dir(db_path: Path) -> Path:
    """$DBT_PUBLISH_DIR, else `published` next to the database (as profiles.yml)."""
    configured = os.environ.get("DBT_PUBLISH_DIR", "").strip()
    if configured:
        return Path(configured)
    return db_path.parent / "published"


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def list_relations(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    rows = con.execute(
        """
        select table_name
        from information_schema.tables
        where table_catalog = current_database() and table_schema = ?
        order by table_name
        """,
        [schema],
    ).fetchall()
    return [row[0] for row in rows]


def fsync_path(path: Path) -> None:
    """Flush a file's (or a folder's entries') data to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def publish_lock(root: Path) -> Iterator[None]:
    """One publish at a time per folder; the kernel frees it if we die."""
    with open(root / LOCK_NAME, "a+") as handle:
        deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"another publish has held {root / LOCK_NAME} for "
                        f"{LOCK_TIMEOUT_SECONDS:.0f} s"
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def new_publish_id(versions: Path) -> str:
    """UTC time to the microsecond: sortable, and unique under the lock."""
    while True:
        publish_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S_%fZ")
        try:
            (versions / publish_id).mkdir(parents=True)
            return publish_id
        except FileExistsError:
            time.sleep(0.001)


def current_publish_id(root: Path) -> str | None:
    link = root / CURRENT_LINK
    if not os.path.islink(link):
        return None
    return Path(os.readlink(link)).name


def read_manifest(folder: Path) -> dict[str, object] | None:
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_text())
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def version_folders(root: Path) -> list[Path]:
    return sorted(
        folder
        for folder in (root / VERSIONS_DIR).glob("*")
        if folder.is_dir() and not folder.is_symlink() and PUBLISH_ID.fullmatch(folder.name)
    )


def remove_unfinished(root: Path) -> list[str]:
    """Folders of publishes that died before their manifest (we hold the lock)."""
    removed = []
    current = current_publish_id(root)
    for folder in version_folders(root):
        if folder.name != current and read_manifest(folder) is None:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    for stale_link in root.glob(f".{CURRENT_LINK}-*.tmp"):
        stale_link.unlink(missing_ok=True)
    return removed


def remove_expired(root: Path, grace_minutes: float, now: datetime) -> list[str]:
    """Folders superseded (by the next publish's switch) longer ago than the grace period."""
    current = current_publish_id(root)
    published: list[tuple[datetime, str]] = []
    for folder in version_folders(root):
        manifest = read_manifest(folder)
        if manifest is None:
            continue
        try:
            at = datetime.fromisoformat(str(manifest["published_at"]))
        except (KeyError, ValueError):
            continue
        published.append((at, folder.name))
    published.sort()
    removed = []
    for (_, publish_id), (superseded_at, _) in zip(published, published[1:]):
        if publish_id == current:
            continue
        if (now - superseded_at).total_seconds() >= grace_minutes * 60:
            shutil.rmtree(root / VERSIONS_DIR / publish_id, ignore_errors=True)
            removed.append(publish_id)
    return removed


def remove_flat_layout(root: Path) -> None:
    """The files of a publish of the layout before versions, once `current` exists.

    That layout kept the Parquet files and its manifest right in the folder;
    only the files its manifest lists are removed (DBT_PUBLISH_DIR may point
    at a folder that holds other files too).
    """
    flat_manifest = root / MANIFEST_NAME
    if not flat_manifest.is_file() or flat_manifest.is_symlink():
        return
    listed = read_manifest(root) or {}
    row_counts = listed.get("row_counts")
    for relation in row_counts if isinstance(row_counts, dict) else {}:
        schema, _, model = str(relation).partition(".")
        if schema in PUBLISHED_SCHEMAS and model and "/" not in model:
            (root / PUBLISHED_SCHEMAS[schema] / f"{model}.parquet").unlink(missing_ok=True)
    for sub_folder in set(PUBLISHED_SCHEMAS.values()) - {""}:
        with contextlib.suppress(OSError):
            (root / sub_folder).rmdir()
    flat_manifest.unlink()


def replace_symlink(link: Path, target: str) -> None:
    """Point `link` at `target` with one atomic rename."""
    tmp = link.with_name(f".{link.name}-{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)


def write_version(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    publish_id: str,
    source_database: str,
    schemas: dict[str, str],
) -> dict[str, object]:
    """Write one complete publish into `folder`; return its manifest."""
    # (schema, model) -> (path relative to folder, rows)
    files: dict[tuple[str, str], tuple[Path, int]] = {}
    for schema, sub_folder in schemas.items():
        for model in list_relations(con, schema):
            relative = Path(sub_folder) / f"{model}.parquet"
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            metadata = (
                f"{{publish_id: {quote_literal(publish_id)},"
                f" relation: {quote_literal(f'{schema}.{model}')}}}"
            )
            written = con.execute(
                f"copy (select * from {quote_ident(schema)}.{quote_ident(model)})"
                f" to {quote_literal(str(target))}"
                f" (format parquet, compression zstd, kv_metadata {metadata})"
            ).fetchone()
            files[(schema, model)] = (relative, int(written[0]) if written else 0)
    for relative, _ in files.values():
        fsync_path(folder / relative)

    published_at = datetime.now(timezone.utc).isoformat(timespec="microseconds")
    # The read database: one view per model over its Parquet file (absolute
    # path: DuckDB resolves a relative one against the reader's working
    # folder), in a storage format DuckDB 1.x opens.
    alias = f"publish_{publish_id.lower()}"
    read_db = folder / READ_DB_NAME
    con.execute(
        f"attach {quote_literal(str(read_db))} as {quote_ident(alias)}"
        f" (storage_version {quote_literal(READ_DB_STORAGE_VERSION)}, read_only false)"
    )
    try:
        db = quote_ident(alias)
        for schema in [*schemas, META_SCHEMA]:
            con.execute(f"create schema if not exists {db}.{quote_ident(schema)}")
        for (schema, model), (relative, _) in files.items():
            con.execute(
                f"create view {db}.{quote_ident(schema)}.{quote_ident(model)}"
                f" as select * from read_parquet({quote_literal(str(folder / relative))})"
            )
        meta = f"{db}.{quote_ident(META_SCHEMA)}"
        con.execute(
            f"create table {meta}.manifest as select"
            f" {quote_literal(publish_id)} as publish_id,"
            f" cast({quote_literal(published_at)} as timestamp with time zone) as published_at,"
            f" {quote_literal(source_database)} as source_database"
        )
        con.execute(
            f"create table {meta}.relations (schema_name varchar, relation_name varchar,"
            " parquet_file varchar, row_count bigint)"
        )
        for (schema, model), (relative, rows) in files.items():
            con.execute(
                f"insert into {meta}.relations values (?, ?, ?, ?)",
                [schema, model, str(folder / relative), rows],
            )
    finally:
        con.execute(f"detach {quote_ident(alias)}")
    fsync_path(read_db)

    manifest: dict[str, object] = {
        "publish_id": publish_id,
        "published_at": published_at,
        "source_database": source_database,
        "read_database": READ_DB_NAME,
        "read_database_storage_version": READ_DB_STORAGE_VERSION,
        "oldest_duckdb_client": OLDEST_DUCKDB_CLIENT,
        "files": {f"{schema}.{model}": str(relative) for (schema, model), (relative, _) in files.items()},
        "row_counts": {f"{schema}.{model}": rows for (schema, model), (_, rows) in files.items()},
    }
    tmp = folder / f".{MANIFEST_NAME}.tmp"
    tmp.write_text(json.dumps(manifest, indent=2) + "\n")
    fsync_path(tmp)
    os.replace(tmp, folder / MANIFEST_NAME)
    for sub_folder in {folder / relative.parent for relative, _ in files.values()} | {folder}:
        fsync_path(sub_folder)
    return manifest


def publish_from_connection(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path | None = None,
    grace_minutes: float = DEFAULT_GRACE_MINUTES,
    schemas: dict[str, str] | None = None,
) -> dict[str, object]:
    """Publish the models of `schemas` that `con`'s current database holds.

    `con` may be the connection dbt builds with (the on-run-end hook) or a
    read-only connection to the built file (this script).
    """
    schemas = dict(PUBLISHED_SCHEMAS if schemas is None else schemas)
    row = con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()
    if row is None or not row[0]:
        raise RuntimeError("publishing needs a database file, not an in-memory database")
    # Not resolved: `published` next to the path as given (as profiles.yml).
    db_path = Path(os.path.abspath(row[0]))
    if not list_relations(con, "marts"):
        raise NothingToPublish(f"schema marts of {db_path} has no table or view: nothing published")
    root = Path(os.path.realpath(out_dir if out_dir is not None else default_out_dir(db_path)))
    root.mkdir(parents=True, exist_ok=True)
    with publish_lock(root):
        remove_unfinished(root)
        versions = root / VERSIONS_DIR
        publish_id = new_publish_id(versions)
        folder = versions / publish_id
        try:
            manifest = write_version(con, folder, publish_id, str(db_path), schemas)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        fsync_path(versions)
        # The switch: from here on new readers get the new set.
        replace_symlink(root / CURRENT_LINK, f"{VERSIONS_DIR}/{publish_id}")
        stable = root / READ_DB_NAME
        if not (stable.is_symlink() and os.readlink(stable) == f"{CURRENT_LINK}/{READ_DB_NAME}"):
            replace_symlink(stable, f"{CURRENT_LINK}/{READ_DB_NAME}")
        fsync_path(root)
        remove_flat_layout(root)
        removed = remove_expired(root, grace_minutes, datetime.now(timezone.utc))
    manifest["published_to"] = str(root)
    manifest["removed_versions"] = removed
    return manifest


def publish(
    db_path: Path,
    out_dir: Path | None = None,
    grace_minutes: float = DEFAULT_GRACE_MINUTES,
    schemas: dict[str, str] | None = None,
) -> dict[str, object]:
    """Publish the DuckDB file `db_path` (opened read-only); return the manifest."""
    if not db_path.exists():
        raise FileNotFoundError(f"{db_path} does not exist: run `dbt build` first")
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return publish_from_connection(con, out_dir, grace_minutes, schemas)
    finally:
        con.close()


def summary(manifest: dict[str, object]) -> str:
    row_counts = manifest["row_counts"]
    assert isinstance(row_counts, dict)
    marts = [name for name in row_counts if name.startswith("marts.")]
    root = Path(str(manifest["published_to"]))
    return (
        f"Published {len(marts)} marts as {manifest['publish_id']} to {root}/ "
        f"(read-only database: {root / READ_DB_NAME}, DuckDB {OLDEST_DUCKDB_CLIENT}+; "
        f"removed {len(manifest['removed_versions'])} old version(s))"  # type: ignore[arg-type]
    )


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
        default=None,
        help="folder to publish to (default: $DBT_PUBLISH_DIR, else `published` next to --db)",
    )
    parser.add_argument(
        "--grace-minutes",
        type=float,
        default=DEFAULT_GRACE_MINUTES,
        help="keep a superseded version this long before removing it (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    try:
        manifest = publish(args.db, args.out, args.grace_minutes)
    except (FileNotFoundError, NothingToPublish) as error:
        print(f"publish_marts.py: {error}", file=sys.stderr)
        return 1
    except duckdb.IOException as error:
        # Most often the lock of a running `dbt build` (which publishes
        # itself when it succeeds).
        print(f"publish_marts.py: cannot read {args.db}: {error}", file=sys.stderr)
        return 1
    print(summary(manifest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
