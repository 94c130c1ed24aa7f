"""Hostile values in real exports (docs/raw_exports.md, "Hostile values").

A small generated dataset is the clean export; the hostile export is the same
files with hand-built rows appended, each carrying one hostile value. Both are
read as files (var raw_source = 'files') and built (models only). Every test
asserts the planted row's fate (its stg_rejects reason, or duplicate), the
reconciliation (raw = staged + duplicates + rejected, counted from the rows
this module wrote) and that the marts the row could have moved equal the
clean build's. Expected values come from the planted rows and the clean
build, never from the hostile build itself.

Classes: 1 implausible timestamps (and var as_of, and the spines), 2
non-finite and oversized numbers, 7 key case and deletions (an incremental
run after an erasure), 10 autonomous actions carrying a CSM's user_id.
"""

from __future__ import annotations

import csv
import shutil
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from conftest import BUILD_MODELS, DbtBuild, generate, run_dbt

SEED = 5
SCALE = 0.1

# table -> [(key, reason or 'duplicate', {column: value})]; the other columns
# of a planted row are copied from a staged row of the clean export, so only
# the hostile value can decide its fate.
PLANTED: dict[str, list[tuple[str, str, dict[str, str]]]] = {
    # --- class 1: implausible and special timestamps
    "cs_interventions": [
        ("I_H1900", "implausible opened_at", {"opened_at": "1900-01-01 00:00:00"}),
        ("I_HINF", "unparseable opened_at", {"opened_at": "infinity"}),
    ],
    "helpdesk_tickets": [
        ("T_H2099", "implausible created_at",
         {"created_at": "2099-12-31 10:00:00", "solved_at": ""}),
        ("T_HINF", "unparseable created_at", {"created_at": "Infinity", "solved_at": ""}),
        ("T_HEPOCH", "unparseable created_at", {"created_at": "epoch", "solved_at": ""}),
        ("T_HNOW", "unparseable created_at", {"created_at": "now", "solved_at": ""}),
        ("T_HTODAY", "unparseable created_at", {"created_at": "today", "solved_at": ""}),
        ("T_HMINF", "unparseable solved_at", {"solved_at": "-infinity"}),
        # --- class 2: an integer column
        ("T_HBIG", "unparseable complexity", {"complexity": "1e30"}),
        ("T_HCINF", "unparseable complexity", {"complexity": "Infinity"}),
    ],
    "ai_events": [
        ("E_HINF", "unparseable occurred_at", {"occurred_at": "-infinity"}),
        ("E_HCHARS", "unparseable ai_output_chars", {"ai_output_chars": "1e30"}),
    ],
    # --- class 2: money, decimal and integer columns
    "crm_accounts": [
        ("A_HNAN", "unparseable arr_usd", {"arr_usd": "+nan"}),
        ("A_HMNAN", "unparseable arr_usd", {"arr_usd": "-nan"}),
        ("A_HINF", "unparseable arr_usd", {"arr_usd": "Infinity"}),
        ("A_HINF2", "unparseable arr_usd", {"arr_usd": "inf"}),
    ],
    "support_costs": [
        ("CL_HINF", "unparseable amount_usd", {"amount_usd": "inf"}),
        # A bare 'nan' is a spelling of "no value" (how pandas writes one):
        # null, so a required column is missing rather than unparseable.
        ("CL_HNAN", "missing amount_usd", {"amount_usd": "NaN "}),
        ("CL_HPNAN", "unparseable amount_usd", {"amount_usd": "+NaN"}),
    ],
    "helpdesk_time_entries": [
        ("TE_HINF", "unparseable seconds", {"seconds": "Infinity"}),
        ("TE_HBIG", "unparseable seconds", {"seconds": "1e30"}),
    ],
}
# The marts the planted rows of classes 1, 2 and 7 could move.
COMPARED = [
    "int_data_cutoff",
    "int_cs_reporting_months",
    "int_cs_reporting_weeks",
    "fct_tickets",
    "fct_cs_interventions",
    "mart_cost_per_resolution_monthly",
    "mart_repeat_contacts_monthly",
    "dim_accounts",
]


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _append(path: Path, rows: list[dict[str, str]]) -> None:
    header, _ = _read(path)
    text = path.read_text()
    with open(path, "a", newline="") as f:
        if not text.endswith("\n"):
            f.write("\n")
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in header})


def _template(build: DbtBuild, table: str, key: str, rows: list[dict[str, str]]) -> dict[str, str]:
    """A raw row of `table` whose key occurs once and was staged in the clean build."""
    stg = {
        "cs_interventions": "stg_cs_platform__interventions",
        "helpdesk_tickets": "stg_helpdesk__tickets",
        "ai_events": "stg_ai_telemetry__events",
        "crm_accounts": "stg_crm__accounts",
        "support_costs": "stg_finance__support_costs",
        "helpdesk_time_entries": "stg_helpdesk__time_entries",
    }[table]
    staged = {r[0] for r in build.query(f"select {key} from staging.{stg}")}
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[key]] = counts.get(row[key], 0) + 1
    for row in rows:
        value = row[key]
        if counts[value] == 1 and value in staged and value == value.strip():
            return row
    raise AssertionError(f"no clean template row in {table}")


def _rows(db: Path, model: str, where: str = "true") -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        schema = con.execute(
            "select table_schema from information_schema.tables where table_name = ?", [model]
        ).fetchone()[0]
        rows = con.execute(f'select * from "{schema}"."{model}" where {where}').fetchall()
    # Doubles are summed in a thread-dependent order (341.9 vs
    # 341.90000000000003): compared to 9 decimals.
    rows = [tuple(round(v, 9) if isinstance(v, float) else v for v in r) for r in rows]
    return sorted(rows, key=lambda r: tuple((v is None, str(v)) for v in r))


def _reconciliation(build: DbtBuild) -> dict[str, tuple[int, ...]]:
    rows = build.query(
        "select source_table, raw_rows, staged_rows, duplicate_rows, rejected_rows, "
        "unexplained_rows from staging.stg_row_reconciliation"
    )
    return {r[0]: tuple(r[1:]) for r in rows}


def _build(work: Path, data_dir: Path, name: str) -> DbtBuild:
    dbt_vars = {"raw_source": "files", "raw_export_dir": str(data_dir),
                "publish_after_build": False}
    db = work / f"{name}.duckdb"
    run_dbt(BUILD_MODELS, db, work / f"run_{name}", dbt_vars)
    return DbtBuild(db_path=db, data_dir=data_dir, vars=dbt_vars)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("hostile")
    clean_dir = work / "clean"
    generate(clean_dir, SEED, SCALE)
    clean_vars = {"raw_source": "files", "raw_export_dir": str(clean_dir),
                  "publish_after_build": False}
    # The staging of the clean export picks the template rows (staged keys).
    probe_db = work / "probe.duckdb"
    run_dbt(["run", "--select", "staging"], probe_db, work / "run_probe", clean_vars)
    probe = DbtBuild(db_path=probe_db, data_dir=clean_dir, vars=clean_vars)

    hostile_dir = work / "hostile"
    shutil.copytree(clean_dir, hostile_dir, ignore=shutil.ignore_patterns("_*"))
    planted: dict[str, list[dict[str, str]]] = {}
    expected_rejects: list[tuple[str, str, str]] = []
    for table, rows in PLANTED.items():
        header, raw = _read(clean_dir / f"{table}.csv")
        key = header[0]
        template = _template(probe, table, key, raw)
        planted[table] = []
        for value, fate, hostile in rows:
            planted[table].append({**template, key: value, **hostile})
            expected_rejects.append((table, value, fate))

    # Class 7: a re-export of a staged ticket with its id in lower case.
    header, raw = _read(clean_dir / "helpdesk_tickets.csv")
    ticket = _template(probe, "helpdesk_tickets", "ticket_id", raw)
    planted["helpdesk_tickets"].append({**ticket, "ticket_id": ticket["ticket_id"].lower()})

    # Class 10: an autonomous action logged with a CSM's user id, by an
    # approved tool, in a complete week of that CSM's employment.
    csm_id, week_start = probe.query(
        "select user_id, cast(date_trunc('week', greatest(hired_at, "
        "timestamp '2025-07-01')) + interval 14 day as date) "
        "from staging.stg_crm__users where role = 'csm' and terminated_at is null "
        "order by user_id limit 1"
    )[0]
    tool_id = probe.query(
        "select tool_id from staging.stg_ai_telemetry__tools "
        "where is_approved and approved_at < timestamp '2025-07-01' "
        "and (retired_at is null or retired_at > timestamp '2026-01-01') "
        "order by tool_id limit 1"
    )[0][0]
    header, _ = _read(clean_dir / "ai_events.csv")
    auto_event = {c: "" for c in header}
    auto_event.update(
        event_id="E_HAUTO", occurred_at=f"{week_start} 10:00:00", tool_id=tool_id,
        user_id=csm_id, event_type="autonomous_action", ai_output_chars="300",
    )
    planted["ai_events"].append(auto_event)

    for table, rows in planted.items():
        _append(hostile_dir / f"{table}.csv", rows)

    with ThreadPoolExecutor(max_workers=2) as pool:
        clean = pool.submit(_build, work, clean_dir, "clean")
        hostile = pool.submit(_build, work, hostile_dir, "hostile")
        clean_build, hostile_build = clean.result(), hostile.result()
    return {
        "work": work,
        "clean": clean_build,
        "hostile": hostile_build,
        "planted": planted,
        "expected_rejects": expected_rejects,
        "lower_ticket": ticket["ticket_id"],
        "auto": (csm_id, week_start),
    }


def _reject_reasons(build: DbtBuild, table: str, key: str) -> list[str]:
    return [
        r[0] for r in build.query(
            "select reject_reason from staging.stg_rejects "
            "where source_table = ? and source_key = ?", [table, key]
        )
    ]


def _assert_fates(builds: dict[str, Any], tables: set[str]) -> None:
    hostile = builds["hostile"]
    for table, key, fate in builds["expected_rejects"]:
        if table in tables:
            assert _reject_reasons(hostile, table, key) == [fate], (table, key)


def _assert_reconciled(builds: dict[str, Any], extra_staged: dict[str, int],
                       extra_duplicates: dict[str, int]) -> None:
    clean = _reconciliation(builds["clean"])
    hostile = _reconciliation(builds["hostile"])
    for table, rows in builds["planted"].items():
        added = len(rows)
        staged = extra_staged.get(table, 0)
        duplicates = extra_duplicates.get(table, 0)
        raw, stg, dup, rej, unexplained = clean[table]
        assert hostile[table] == (
            raw + added, stg + staged, dup + duplicates, rej + added - staged - duplicates, 0
        ), table
        assert unexplained == 0


def _assert_marts_equal(builds: dict[str, Any]) -> None:
    for model in COMPARED:
        clean = _rows(builds["clean"].db_path, model)
        hostile = _rows(builds["hostile"].db_path, model)
        assert clean == hostile, model


# --- class 1 ------------------------------------------------------------------------------

def test_implausible_and_special_timestamps_are_rejected(builds: dict[str, Any]) -> None:
    """1900-01-01, 2099 and infinity / epoch / now / today are rejected with
    their reason; the cut-off, the CS month and week spines and the marts
    are those of the clean build (no 1900 spine, no 2098 as_of)."""
    _assert_fates(builds, {"cs_interventions", "helpdesk_tickets", "ai_events"})
    _assert_reconciled(builds, {"ai_events": 1}, {"helpdesk_tickets": 1})
    _assert_marts_equal(builds)
    hostile = builds["hostile"]
    as_of, start = hostile.query(
        "select as_of_at, data_start_at from intermediate.int_data_cutoff"
    )[0]
    assert start >= datetime(2000, 1, 1) and as_of < datetime(2026, 1, 2)


def test_a_spine_longer_than_its_series_fails_loudly(builds: dict[str, Any]) -> None:
    """With the window opened (var min_valid_date 1800-01-01) the 1900
    intervention is staged; the month spine would need more than its 1,250
    months, and the build fails naming the spine instead of truncating it."""
    work = builds["work"]
    db = work / "spine.duckdb"
    shutil.copy(builds["hostile"].db_path, db)
    dbt_vars = {**builds["hostile"].vars, "min_valid_date": "1800-01-01"}
    run_dbt(
        ["run", "--full-refresh", "--select", "base_cs_platform__interventions",
         "stg_cs_platform__interventions", "int_data_cutoff", "int_cs_reporting_window"],
        db, work / "run_spine_stage", dbt_vars,
    )
    result = run_dbt(["run", "--select", "int_cs_reporting_months"], db,
                     work / "run_spine", dbt_vars, check=False)
    assert result.returncode != 0
    assert "int_cs_reporting_months: the reporting window from 1900-01-01" in result.stdout
    assert "is longer than its spine of 1250 months" in result.stdout


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("31/12/2025", "var as_of: '31/12/2025' is not a timestamp"),
        ("2025-02-30", "var as_of: '2025-02-30' is not a timestamp"),
        ("infinity", "var as_of: 'infinity' is not a timestamp"),
        ("2001-01-01", "var as_of (2001-01-01 00:00:00) is before the first event in the data"),
        ("2030-06-30 12:00:00",
         "var as_of (2030-06-30 12:00:00) is more than 1 day(s) "
         "(var as_of_max_days_after_data) after the last event in the data"),
    ],
)
def test_var_as_of_is_validated(builds: dict[str, Any], as_of: str, message: str) -> None:
    work = builds["work"]
    safe = "".join(c if c.isalnum() else "_" for c in as_of)
    db = work / f"as_of_{safe}.duckdb"
    shutil.copy(builds["clean"].db_path, db)
    result = run_dbt(["run", "--select", "int_data_cutoff"], db, work / f"run_as_of_{safe}",
                     {**builds["clean"].vars, "as_of": as_of}, check=False)
    assert result.returncode != 0
    assert message in result.stdout, result.stdout[-3000:]


def test_var_as_of_with_an_offset_is_converted_to_utc(builds: dict[str, Any]) -> None:
    work = builds["work"]
    db = work / "as_of_offset.duckdb"
    shutil.copy(builds["clean"].db_path, db)
    run_dbt(["run", "--select", "int_data_cutoff"], db, work / "run_as_of_offset",
            {**builds["clean"].vars, "as_of": "2025-11-30T01:30:00+02:00"})
    with duckdb.connect(str(db), read_only=True) as con:
        as_of, source = con.execute(
            "select as_of_at, as_of_source from intermediate.int_data_cutoff"
        ).fetchone()
    assert (as_of, source) == (datetime(2025, 11, 29, 23, 30), "var")


# --- class 2 ------------------------------------------------------------------------------

def test_non_finite_and_oversized_numbers_are_rejected(builds: dict[str, Any]) -> None:
    """NaN, +-Infinity and 1e30 are rejected as unparseable (the base models
    build); no staged number is non-finite; a bare empty or 'nan' stays a
    null value of a staged row (the clean data's own empties)."""
    _assert_fates(builds, {"crm_accounts", "support_costs", "helpdesk_time_entries",
                           "helpdesk_tickets", "ai_events"})
    _assert_reconciled(builds, {"ai_events": 1}, {"helpdesk_tickets": 1})
    _assert_marts_equal(builds)
    hostile = builds["hostile"]
    for relation, column in [
        ("stg_crm__accounts", "arr_usd"),
        ("stg_finance__support_costs", "amount_usd"),
    ]:
        (bad,) = hostile.query(
            f"select count(*) from staging.{relation} where not isfinite({column})"
        )[0]
        assert bad == 0, relation


def test_bare_empty_numbers_stay_null(builds: dict[str, Any], tmp_path: Path) -> None:
    """'' and a bare 'nan' (how pandas writes a missing value) are no value:
    the row is staged with a null, not rejected."""
    clean = builds["clean"]
    _, rows = _read(clean.data_dir / "crm_accounts.csv")
    template = _template(clean, "crm_accounts", "account_id", rows)
    data_dir = tmp_path / "exports"
    shutil.copytree(clean.data_dir, data_dir, ignore=shutil.ignore_patterns("_*"))
    _append(data_dir / "crm_accounts.csv", [
        {**template, "account_id": "A_HEMPTY", "arr_usd": ""},
        {**template, "account_id": "A_HBARENAN", "arr_usd": "nan"},
    ])
    db = tmp_path / "empty.duckdb"
    run_dbt(["run", "--select", "base_crm__accounts", "stg_crm__accounts"], db, tmp_path,
            {**clean.vars, "raw_export_dir": str(data_dir)})
    with duckdb.connect(str(db), read_only=True) as con:
        staged = con.execute(
            "select account_id, arr_usd from staging.stg_crm__accounts "
            "where account_id in ('A_HEMPTY', 'A_HBARENAN') order by 1"
        ).fetchall()
    assert staged == [("A_HBARENAN", None), ("A_HEMPTY", None)]


# --- class 7 ------------------------------------------------------------------------------

def test_ids_are_case_insensitive(builds: dict[str, Any]) -> None:
    """A re-export of a ticket under its id in lower case is the same ticket:
    a duplicate, not a second ticket (stg_ keys are upper case)."""
    hostile, clean = builds["hostile"], builds["clean"]
    ticket = builds["lower_ticket"]
    assert ticket != ticket.lower()
    rows = hostile.query(
        "select ticket_id, _is_staged, _is_duplicate, _reject_reason "
        "from staging.base_helpdesk__tickets where upper(_source_key) = ?", [ticket]
    )
    assert sorted(rows, key=str) == sorted(
        [(ticket, True, False, None), (ticket, False, True, None)], key=str
    )
    assert _reconciliation(hostile)["helpdesk_tickets"][2] == (
        _reconciliation(clean)["helpdesk_tickets"][2] + 1
    )
    assert _rows(hostile.db_path, "fct_tickets") == _rows(clean.db_path, "fct_tickets")
    (lower_ids,) = hostile.query(
        "select count(*) from staging.stg_helpdesk__tickets where ticket_id <> upper(ticket_id)"
    )[0]
    assert lower_ids == 0


def test_an_erased_key_leaves_the_incremental_models(builds: dict[str, Any]) -> None:
    """An erasure request deletes an old ticket (outside the incremental
    window) from the export, and a new ticket arrives: the incremental run
    removes the erased ticket from the base and stg models and stages the
    new one (the 2099 reject does not hold the watermark), and the
    reconciliation explains every row."""
    hostile = builds["hostile"]
    work = builds["work"]
    data_dir = work / "erased"
    shutil.copytree(hostile.data_dir, data_dir)
    path = data_dir / "helpdesk_tickets.csv"
    header, rows = _read(path)
    erased = builds["lower_ticket"]
    kept = [r for r in rows if r["ticket_id"].strip().upper() != erased]
    assert len(rows) - len(kept) == 2  # the ticket and its lower-case re-export
    latest = max(hostile.query("select max(created_at) from staging.stg_helpdesk__tickets")[0])
    new_ticket = {**kept[0], "ticket_id": "T_HNEW",
                  "created_at": (latest - timedelta(hours=12)).strftime("%Y-%m-%d %H:%M:%S"),
                  "solved_at": "", "status": "open"}
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept + [new_ticket])
    db = work / "erased.duckdb"
    shutil.copy(hostile.db_path, db)
    dbt_vars = {**hostile.vars, "raw_export_dir": str(data_dir)}
    run_dbt(["run", "--select", "base_helpdesk__tickets", "stg_helpdesk__tickets",
             "stg_rejects", "stg_row_reconciliation"], db, work / "run_erased", dbt_vars)
    sql = next((work / "run_erased" / "target" / "run").rglob("base_helpdesk__tickets.sql"))
    assert "delete from" in sql.read_text().lower()  # the incremental path ran
    with duckdb.connect(str(db), read_only=True) as con:
        def count(sql: str) -> int:
            return con.execute(sql).fetchone()[0]

        assert count(f"select count(*) from staging.base_helpdesk__tickets "
                     f"where ticket_id = '{erased}'") == 0
        assert count(f"select count(*) from staging.stg_helpdesk__tickets "
                     f"where ticket_id = '{erased}'") == 0
        assert count("select count(*) from staging.stg_helpdesk__tickets "
                     "where ticket_id = 'T_HNEW'") == 1
        raw, staged, dup, rej, unexplained = con.execute(
            "select raw_rows, staged_rows, duplicate_rows, rejected_rows, unexplained_rows "
            "from staging.stg_row_reconciliation where source_table = 'helpdesk_tickets'"
        ).fetchone()
    before = _reconciliation(hostile)["helpdesk_tickets"]
    assert (raw, staged, dup, rej, unexplained) == (
        before[0] - 1, before[1], before[2] - 1, before[3], 0
    )


# --- class 10 -----------------------------------------------------------------------------

def test_autonomous_actions_of_a_csm_count_as_their_fourth_type(builds: dict[str, Any]) -> None:
    """The planted autonomous_action with a CSM's user id adds one
    autonomous_action_interaction and one ai_assisted_interaction to that
    CSM's week, nothing else; in both builds the four involvement types add
    up to ai_assisted_interactions, and the generator's own data holds such
    events."""
    csm_id, week_start = builds["auto"]
    counts = (
        "select ai_assisted_interactions, drafted_interactions, "
        "surfaced_signal_interactions, recommendation_interactions, "
        "autonomous_action_interactions from marts.fct_csm_ai_usage_weekly "
        "where csm_id = ? and week_start = ?"
    )
    (clean,) = builds["clean"].query(counts, [csm_id, week_start])
    (hostile,) = builds["hostile"].query(counts, [csm_id, week_start])
    assert hostile == (clean[0] + 1, clean[1], clean[2], clean[3], clean[4] + 1)
    where = f"not (csm_id = '{csm_id}' and week_start = date '{week_start}')"
    assert _rows(builds["hostile"].db_path, "fct_csm_ai_usage_weekly", where) == _rows(
        builds["clean"].db_path, "fct_csm_ai_usage_weekly", where
    )
    for build in (builds["clean"], builds["hostile"]):
        (broken,) = build.query(
            "select count(*) from marts.fct_csm_ai_usage_weekly where "
            "ai_assisted_interactions <> drafted_interactions + surfaced_signal_interactions "
            "+ recommendation_interactions + autonomous_action_interactions"
        )[0]
        assert broken == 0
    # The generator emits autonomous actions with a CSM's user id (counted
    # from its clean truth) and the fact counts them all.
    truth = builds["clean"].data_dir / "_truth"
    with duckdb.connect() as con:
        (emitted,) = con.execute(
            f"select count(*) from read_parquet('{truth}/ai_events.parquet') e "
            f"join read_parquet('{truth}/crm_users.parquet') u using (user_id) "
            f"join read_parquet('{truth}/ai_tools.parquet') t using (tool_id) "
            "where e.event_type = 'autonomous_action' and u.role = 'csm' "
            "and t.is_approved and t.approved_at <= e.occurred_at "
            "and (t.retired_at is null or e.occurred_at < t.retired_at)"
        ).fetchone()
    (counted,) = builds["clean"].query(
        "select sum(autonomous_action_interactions) from marts.fct_csm_ai_usage_weekly"
    )[0]
    assert emitted > 0
    assert counted == emitted
