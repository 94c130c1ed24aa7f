"""An incremental run after one new day equals a full refresh on the same data.

One generated dataset (Parquet exports) is split by time: the last day of every
time-stamped table is held back, together with some late rows from the days
before it (inside var incremental_lookback_days) and some rows that cannot be
placed in time (unparseable timestamp) or matched to earlier runs (no key).
The project is built on the data without that day; then the held-back rows are
added to the same export files, as a daily export refresh would, and the
project is run again without --full-refresh. Every row of the incremental
models, the staging models on top of them, the rejects and the reconciliation
and the headline marts must equal a --full-refresh build on the full files.

Only DuckDB models are incremental (README "Incremental builds"); the test
also checks that the incremental path really ran (delete+insert, not a
rebuild).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from conftest import BUILD_MODELS, generate, run_dbt

SEED = 7
SCALE = 0.3
LOOKBACK_DAYS = 3

# Export table -> the timestamp columns its base_ model is incremental on
# (incremental_on in models/staging/**/base_*.sql), creation time first, and
# the base model.
INCREMENTAL_TABLES: dict[str, tuple[tuple[str, ...], str]] = {
    "helpdesk_tickets": (("created_at", "solved_at"), "base_helpdesk__tickets"),
    "helpdesk_messages": (("created_at",), "base_helpdesk__messages"),
    "ai_events": (("occurred_at",), "base_ai_telemetry__events"),
    "helpdesk_time_entries": (("started_at",), "base_helpdesk__time_entries"),
    "helpdesk_surveys": (("responded_at",), "base_helpdesk__surveys"),
    "kb_article_views": (("viewed_at",), "base_kb__article_views"),
    "cs_interventions": (("opened_at", "closed_at"), "base_cs_platform__interventions"),
}
INCREMENTAL_MODELS = [base for _, base in INCREMENTAL_TABLES.values()] + [
    "int_ai_events_classified",
]
# Models whose every row must match: the staging views on the incremental
# tables, rejects and reconciliation, and the headline marts BI tools read.
COMPARED_MODELS = INCREMENTAL_MODELS + [
    "stg_helpdesk__tickets",
    "stg_helpdesk__messages",
    "stg_ai_telemetry__events",
    "stg_helpdesk__time_entries",
    "stg_helpdesk__surveys",
    "stg_kb__article_views",
    "stg_cs_platform__interventions",
    "stg_rejects",
    "stg_row_reconciliation",
    "int_data_cutoff",
    "fct_tickets",
    "fct_cs_interventions",
    "fct_csm_ai_usage_weekly",
    "mart_repeat_contacts_monthly",
    "mart_automation_resolution_monthly",
    "mart_ai_assisted_resolution_monthly",
    "mart_csm_ai_adoption_weekly",
]


def _parsed(column: str) -> str:
    """The instant staging reads from a raw timestamp (parse_timestamp_utc)."""
    return f"timezone('UTC', try_cast(nullif(trim({column}), '') as timestamptz))"


def _split_exports(full_dir: Path, before_dir: Path, day_dir: Path) -> dict[str, int]:
    """Write the exports without the last day (before_dir) and the held-back
    rows (day_dir, for the record). Returns held-back rows per table."""
    before_dir.mkdir()
    day_dir.mkdir()
    con = duckdb.connect()
    con.execute("set timezone = 'UTC'")
    # The last day: from midnight of the latest ticket creation.
    cut = con.execute(
        f"select date_trunc('day', max({_parsed('created_at')})) "
        f"from read_parquet('{full_dir}/helpdesk_tickets.parquet')"
    ).fetchone()[0]
    held: dict[str, int] = {}
    for path in sorted(full_dir.glob("*.parquet")):
        table = path.stem
        if table not in INCREMENTAL_TABLES:
            shutil.copy(path, before_dir / path.name)
            continue
        first = INCREMENTAL_TABLES[table][0][0]
        at = _parsed(first)
        key = con.execute(
            f"select column_name from (describe select * from read_parquet('{path}')) limit 1"
        ).fetchone()[0]
        # Held back: the last day; a late tenth of the rows within the lookback
        # before it; a third of the rows whose time does not parse; a third of
        # the rows without a key.
        late = f"interval '{LOOKBACK_DAYS - 1} days'"
        held_back = f"""(
            {at} >= timestamp '{cut}'
            or ({at} >= timestamp '{cut}' - {late} and hash({key}) % 10 = 0)
            or ({at} is null and nullif(trim({first}), '') is not null and hash(file_row_number) % 3 = 0)
            or (nullif(trim({key}), '') is null and hash(file_row_number) % 3 = 1)
        )"""
        con.execute(
            f"create or replace table t as "
            f"select *, {held_back} as _held "
            f"from read_parquet('{path}', file_row_number = true)"
        )
        columns = [
            r[0]
            for r in con.execute("describe t").fetchall()
            if r[0] not in ("_held", "file_row_number")
        ]
        select = ", ".join(f'"{c}"' for c in columns)
        for where, out in (("not coalesce(_held, false)", before_dir), ("_held", day_dir)):
            con.execute(f"copy (select {select} from t where {where}) to '{out / path.name}' (format parquet)")
        held[table] = con.execute("select count(*) from t where _held").fetchone()[0]
    return held


def _rows(db: Path, model: str) -> list[tuple[Any, ...]]:
    """Every row of a model, sorted, doubles rounded to 9 decimals (sums may
    add in a different order)."""
    with duckdb.connect(str(db), read_only=True) as con:
        schema = con.execute(
            "select table_schema from information_schema.tables where table_name = ?", [model]
        ).fetchone()[0]
        cols = con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [schema, model],
        ).fetchall()
        exprs = [
            f'round("{c}", 9)' if t in ("DOUBLE", "FLOAT") else f'"{c}"' for c, t in cols
        ]
        rows = con.execute(f'select {", ".join(exprs)} from "{schema}"."{model}"').fetchall()
    return sorted(rows, key=lambda r: tuple((v is None, str(v)) for v in r))


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("incremental")
    full_dir = work / "full"
    generate(full_dir, SEED, SCALE, fmt="parquet")
    held = _split_exports(full_dir, work / "before", work / "day")

    # The export directory the project reads: first without the day, then
    # refreshed with it (same path, as a daily export job would do).
    exports = work / "exports"
    shutil.copytree(work / "before", exports)
    dbt_vars = {
        "raw_source": "files",
        "raw_export_dir": str(exports),
        "raw_export_format": "parquet",
    }
    incremental_db = work / "incremental.duckdb"
    run_dbt(BUILD_MODELS, incremental_db, work / "run_before", dbt_vars)
    for path in full_dir.glob("*.parquet"):
        shutil.copy(path, exports / path.name)
    run_dbt(BUILD_MODELS, incremental_db, work / "run_incremental", dbt_vars)

    full_db = work / "full.duckdb"
    run_dbt(BUILD_MODELS + ["--full-refresh"], full_db, work / "run_full", dbt_vars)
    return {
        "work": work,
        "exports": exports,
        "dbt_vars": dbt_vars,
        "incremental_db": incremental_db,
        "full_db": full_db,
        "held": held,
        "run_results": json.loads(
            (work / "run_incremental" / "target" / "run_results.json").read_text()
        ),
        "run_dir": work / "run_incremental" / "target" / "run",
    }


def test_the_day_holds_new_late_and_unplaceable_rows(builds: dict[str, Any]) -> None:
    held = builds["held"]
    assert set(held) == set(INCREMENTAL_TABLES)
    assert all(n > 0 for n in held.values()), held


@pytest.mark.parametrize("model", INCREMENTAL_MODELS)
def test_incremental_run_used_delete_insert(builds: dict[str, Any], model: str) -> None:
    sql = next(builds["run_dir"].rglob(f"{model}.sql")).read_text()
    assert "delete from" in sql.lower() and "insert into" in sql.lower(), model


@pytest.mark.parametrize("model", COMPARED_MODELS)
def test_incremental_equals_full_refresh(builds: dict[str, Any], model: str) -> None:
    incremental = _rows(builds["incremental_db"], model)
    full = _rows(builds["full_db"], model)
    assert len(incremental) == len(full), (model, len(incremental), len(full))
    incremental_set, full_set = set(incremental), set(full)
    missing = [r for r in full if r not in incremental_set][:5]
    extra = [r for r in incremental if r not in full_set][:5]
    assert incremental == full, {"model": model, "missing": missing, "extra": extra}


def test_a_row_later_than_the_lookback_fails_reconciliation(builds: dict[str, Any]) -> None:
    """The documented limit: a row that arrives more than
    incremental_lookback_days late is not re-staged by an incremental run, and
    the reconciliation test (raw = staged + duplicates + rejected) says so."""
    work = builds["work"]
    late_exports = work / "exports_late"
    shutil.copytree(builds["exports"], late_exports)
    messages = late_exports / "helpdesk_messages.parquet"
    with duckdb.connect() as con:
        con.execute(
            f"create table m as select * from read_parquet('{builds['exports'] / messages.name}')"
        )
        # A copy of one message under a new id, dated well before the window.
        con.execute(
            "insert into m by name select 'M_TOO_LATE' as message_id, ticket_id, "
            f"strftime((select max({_parsed('created_at')}) from m) "
            f"- interval '{LOOKBACK_DAYS + 10} days', '%Y-%m-%d %H:%M:%S') as created_at, "
            "author_role, author_id, event_type, is_public, sentiment_score, topic, body "
            "from m where message_id = (select min(message_id) from m where message_id like 'M0%')"
        )
        con.execute(f"copy m to '{messages}' (format parquet)")
    late_db = work / "late.duckdb"
    shutil.copy(builds["incremental_db"], late_db)
    dbt_vars = {**builds["dbt_vars"], "raw_export_dir": str(late_exports)}
    run_dbt(BUILD_MODELS, late_db, work / "run_late", dbt_vars)
    with duckdb.connect(str(late_db), read_only=True) as con:
        staged = con.execute(
            "select count(*) from staging.base_helpdesk__messages where message_id = 'M_TOO_LATE'"
        ).fetchone()[0]
        unexplained = con.execute(
            "select unexplained_rows from staging.stg_row_reconciliation "
            "where source_table = 'helpdesk_messages'"
        ).fetchone()[0]
    assert staged == 0
    assert unexplained == 1
    result = run_dbt(
        ["test", "--select", "stg_row_reconciliation"], late_db, work / "run_late_test", dbt_vars,
        check=False,
    )
    assert result.returncode != 0 and "FAIL" in result.stdout, result.stdout[-2000:]
