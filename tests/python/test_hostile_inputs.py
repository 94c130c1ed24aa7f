"""Hostile real-world exports (files mode): each input either builds correct marts, is
rejected row by row with a reason, or fails with a message naming the file, the column
and, where there is one, the line. One test per input class of issue "Hostile real
exports": 3 CSV dialect, 4 schema drift and empty inputs, 6 vars that reach SQL,
9 the bundled sample in files mode.

A small generated dataset is built once as it is (the clean build); each hostile build
is the same files with one class of damage, and its staged rows, reconciliation and marts
are compared with the clean build. What the damage must do is computed here from the
files written, never read from the models.
"""

from __future__ import annotations

import csv
import io
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from conftest import DbtBuild, generate, run_dbt

SEED, SCALE = 7, 0.05
MARTS = [
    "mart_retention_impact_quarterly",
    "mart_cost_per_resolution_monthly",
    "mart_revenue_per_interaction_monthly",
    "mart_balanced_scorecard_monthly",
]
SELECT = ["+stg_rejects", "+stg_row_reconciliation", *[f"+{m}" for m in MARTS]]
BUILD = ["build", "--select", *SELECT, "--exclude-resource-type", "test",
         "--exclude-resource-type", "unit_test"]
STAGING_ONLY = ["run", "--select", "+stg_rejects", "+stg_row_reconciliation"]


def _files_vars(data_dir: Path, **extra: Any) -> dict[str, Any]:
    return {"raw_source": "files", "raw_export_dir": str(data_dir), **extra}


def _build(work: Path, data_dir: Path, args: list[str] = BUILD, **extra: Any) -> DbtBuild:
    dbt_vars = _files_vars(data_dir, **extra)
    db_path = work / "build.duckdb"
    run_dbt(args, db_path, work, dbt_vars)
    return DbtBuild(db_path=db_path, data_dir=data_dir, vars=dbt_vars)


def _fail(work: Path, data_dir: Path, args: list[str] = STAGING_ONLY, **extra: Any) -> str:
    """Run dbt expecting a failure; its console output."""
    result = run_dbt(args, work / "fail.duckdb", work, _files_vars(data_dir, **extra),
                     check=False)
    assert result.returncode != 0, result.stdout[-3000:]
    return result.stdout + result.stderr


def _records(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def _reconciliation(build: DbtBuild) -> dict[str, tuple[int, int, int, int, int]]:
    rows = build.query(
        "select source_table, raw_rows, staged_rows, duplicate_rows, rejected_rows, "
        "unexplained_rows from staging.stg_row_reconciliation")
    return {r[0]: tuple(r[1:]) for r in rows}


def _rejects(build: DbtBuild, table: str) -> list[tuple[str | None, str]]:
    return sorted(build.query(
        "select source_key, reject_reason from staging.stg_rejects "
        "where source_table = ? order by all", [table]), key=str)


def _mart(build: DbtBuild, mart: str) -> list[tuple]:
    """Rows of a mart, floats to 6 decimals (sums in another order differ in the
    last bits)."""
    rows = build.query(f"select * from marts.{mart}")
    return sorted((tuple(round(v, 6) if isinstance(v, float) else v for v in r)
                   for r in rows), key=repr)


@pytest.fixture(scope="module")
def clean_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile_clean") / "exports"
    generate(out, SEED, SCALE)
    return out


@pytest.fixture(scope="module")
def clean(clean_exports: Path, tmp_path_factory: pytest.TempPathFactory) -> DbtBuild:
    return _build(tmp_path_factory.mktemp("hostile_clean_build"), clean_exports)


def _copy(clean_exports: Path, dest: Path) -> Path:
    shutil.copytree(clean_exports, dest, ignore=shutil.ignore_patterns("_*"))
    return dest


# --- 3. CSV dialect -----------------------------------------------------------------------

MALFORMED_ACCOUNTS = [
    # An unescaped inner quote: the sniffer used to read the whole file unquoted.
    'AHOSTILE1,"Acme "Global" Ltd",SMB,,Software,2025-01-15 09:30:00,1000,',
    # A ragged row: too few fields.
    "AHOSTILE2,Short Row Inc,SMB",
    # A ragged row: too many fields.
    "AHOSTILE3,Long Row Inc,SMB,,Software,2025-01-15 09:30:00,1000,,extra",
]


def test_malformed_csv_lines_become_rejects_with_file_and_line(
    clean: DbtBuild, clean_exports: Path, tmp_path: Path
) -> None:
    # A quote in the folder name must work too (class 6).
    data = _copy(clean_exports, tmp_path / "o'brien exports")
    path = data / "crm_accounts.csv"
    records = len(_records(path))  # header included
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n")
    # Appended: DuckDB and this contract count a record as one line.
    path.write_text(text + "\n".join(MALFORMED_ACCOUNTS) + "\n", encoding="utf-8")
    first = records + 1
    hostile = _build(tmp_path / "work", data)

    expected = sorted(
        (None, f"malformed line {first + i} in crm_accounts.csv ({why})")
        for i, why in enumerate(["unescaped quote", "too few fields", "too many fields"]))
    clean_rejects = _rejects(clean, "crm_accounts")
    assert _rejects(hostile, "crm_accounts") == sorted(clean_rejects + expected, key=str)

    # Every other line is read exactly as before: same staged rows, same marts.
    stg = "select * from staging.stg_crm__accounts order by all"
    assert hostile.query(stg) == clean.query(stg)
    assert not any('"' in (r[0] or "") for r in hostile.query(
        "select account_name from staging.stg_crm__accounts"))
    raw, staged, dups, rejected, unexplained = _reconciliation(clean)["crm_accounts"]
    assert _reconciliation(hostile)["crm_accounts"] == (
        raw + 3, staged, dups, rejected + 3, 0)
    for mart in MARTS:
        assert _mart(hostile, mart) == _mart(clean, mart), mart


def test_unreadable_csv_files_fail_with_the_line(clean_exports: Path, tmp_path: Path) -> None:
    """What cannot be read line by line fails the pre-flight check, with the line:
    mixed line endings, a quote never closed (it would swallow every later line), bytes
    that are not UTF-8 (DuckDB's reader would drop the line without a trace)."""
    data = _copy(clean_exports, tmp_path / "exports")
    path = data / "crm_accounts.csv"
    lines = path.read_bytes().split(b"\n")
    lines[3] += b"\r"  # line 4 ends in \r\n, every other line in \n
    path.write_bytes(b"\n".join(lines))
    costs = data / "support_costs.csv"
    n_costs = len(_records(costs))
    with open(costs, "ab") as f:
        f.write(b"CX1,2025-01-01,tooling,shared,100\n")
        f.write(b'CX2,"2025-01-01,tooling,shared,100\n')  # the quote never closes
        f.write(b"CX3,2025-01-01,tooling,shared,100\n")
    tools = data / "ai_tools.csv"
    n_tools = len(_records(tools))
    with open(tools, "ab") as f:
        f.write(b"TX1,Caf\xe9 Bot,Acme,true,2025-01-01 00:00:00,\n")  # Latin-1 byte
    out = _fail(tmp_path / "work", data)
    assert ("crm_accounts.csv: mixed line endings: line 4 ends in \\r\\n, line 1 does "
            "not; save the file with one kind of line ending") in out
    assert (f"support_costs.csv: the quote opened on line {n_costs + 2} is never closed "
            "(every later line would be read as one value); close or double it") in out
    assert (f"ai_tools.csv: line {n_tools + 1} is not valid UTF-8; save the file as "
            "UTF-8") in out
    assert "could not detect" not in out.lower()
    assert "not possible to automatically detect" not in out


def test_semicolon_export_reads_with_the_delimiter_var(
    clean: DbtBuild, clean_exports: Path, tmp_path: Path
) -> None:
    data = _copy(clean_exports, tmp_path / "exports")
    for path in data.glob("*.csv"):
        records = _records(path)
        buf = io.StringIO()
        csv.writer(buf, delimiter=";", lineterminator="\n").writerows(records)
        path.write_text(buf.getvalue(), encoding="utf-8")
    out = _fail(tmp_path / "fail", data)
    assert ("crm_accounts.csv: the header has one field only: is the delimiter \",\"? "
            "(var raw_csv_delimiter)") in out
    hostile = _build(tmp_path / "work", data, STAGING_ONLY, raw_csv_delimiter=";")
    assert _reconciliation(hostile) == _reconciliation(clean)


# --- 4. schema drift and empty inputs ------------------------------------------------------

def _rewrite(path: Path, edit) -> None:
    records = _records(path)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(edit(records))
    path.write_text(buf.getvalue(), encoding="utf-8")


def test_schema_drift_fails_naming_file_and_column(clean_exports: Path, tmp_path: Path) -> None:
    data = _copy(clean_exports, tmp_path / "exports")

    def rename_priority(records):
        records[0] = ["prio" if c == "priority" else c for c in records[0]]
        return records

    def duplicate_topic(records):
        records[0] = ["topic" if c == "sentiment_score" else c for c in records[0]]
        return records

    _rewrite(data / "helpdesk_tickets.csv", rename_priority)
    _rewrite(data / "helpdesk_messages.csv", duplicate_topic)
    (data / "kb_articles.csv").write_bytes(b"")
    (data / "qa_reviews.csv").unlink()
    out = _fail(tmp_path / "work", data)
    for message in [
        "helpdesk_tickets.csv: missing column priority",
        "helpdesk_messages.csv: duplicated column topic",
        "helpdesk_messages.csv: missing column sentiment_score",
        "kb_articles.csv: empty file (0 bytes): expected at least the header line",
        "qa_reviews.csv: file not found in " + str(data),
    ]:
        assert message in out, message
    assert "referenced that exists in the SELECT clause" not in out
    assert "column0" not in out


def test_empty_and_absent_optional_tables_give_null_not_zero(
    clean: DbtBuild, clean_exports: Path, tmp_path: Path
) -> None:
    data = _copy(clean_exports, tmp_path / "exports")
    for table in ("support_costs", "crm_opportunities"):  # header only
        header = _records(data / f"{table}.csv")[0]
        (data / f"{table}.csv").write_text(",".join(header) + "\n", encoding="utf-8")
    (data / "vendor_contracts.csv").unlink()
    # Absent and not optional: a clear failure.
    out = _fail(tmp_path / "fail", data)
    assert ("vendor_contracts.csv: file not found in " + str(data)
            + " (list the table in var optional_raw_tables if it may be absent)") in out

    work = tmp_path / "work"
    hostile = _build(work, data, optional_raw_tables=["vendor_contracts"])
    log = (work / "logs" / "dbt.log").read_text()
    assert ("vendor_contracts.csv: not found, read as an empty table "
            "(var optional_raw_tables)") in log
    assert ("Empty raw tables (no data rows): crm_opportunities, support_costs, "
            "vendor_contracts. Metrics that need them are null, not 0") in log

    emptied = ("support_costs", "crm_opportunities", "vendor_contracts")
    rec = _reconciliation(hostile)
    for table in emptied:
        assert rec[table] == (0, 0, 0, 0, 0), table
    assert {t: r for t, r in rec.items() if t not in emptied} \
        == {t: r for t, r in _reconciliation(clean).items() if t not in emptied}

    def non_null(mart: str, columns: list[str]) -> dict[str, int]:
        return {c: hostile.query(f"select count({c}) from marts.{mart}")[0][0]
                for c in columns}

    # No cost input: every cost and cost per resolution is null, never $0.00.
    cost_cols = [r[0] for r in hostile.query(
        "select column_name from information_schema.columns where table_schema = 'marts' "
        "and table_name = 'mart_cost_per_resolution_monthly' and data_type = 'DOUBLE' "
        "and column_name like '%usd'")]
    assert len(cost_cols) >= 10, cost_cols
    assert set(non_null("mart_cost_per_resolution_monthly", cost_cols).values()) == {0}
    # No opportunity: revenue and the win rate (no denominator) are null.
    revenue_cols = ["won_revenue_usd", "revenue_per_interaction_usd", "upsell_won_usd",
                    "win_rate_pct"]
    assert set(non_null("mart_revenue_per_interaction_monthly", revenue_cols).values()) \
        == {0}
    # The scorecard leaves those metrics unscored (no value, no attainment).
    unscored = hostile.query(
        "select metric_name, count(metric_value), count(attainment_pct) "
        "from marts.mart_balanced_scorecard_metrics_monthly "
        "where metric_name like '%cost per resolution%' "
        "or metric_name like '%revenue per%interaction%' "
        "or metric_name = 'Support-sourced win rate' group by 1")
    assert len(unscored) >= 6, unscored
    assert all(r[1] == 0 and r[2] == 0 for r in unscored), unscored
    # Resolutions do not depend on costs: unchanged.
    keep = "month_start, human_resolutions, true_ai_resolutions"
    q = f"select {keep} from marts.mart_cost_per_resolution_monthly order by all"
    assert hostile.query(q) == clean.query(q)


# --- 6. vars that reach SQL ---------------------------------------------------------------

def test_vars_reaching_sql_are_validated_or_quoted(
    clean_exports: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-42")
    injection = f"x' || (select content from read_text('{secret}')) || '"
    # A crafted value: a compile error naming the var, nothing runs.
    out = _fail(tmp_path / "w1", clean_exports,
                extra_enum_aliases={"segment": {"gold": injection}})
    assert (f'var extra_enum_aliases.segment: alias "gold" maps to "{injection}", '
            "which is not a canonical segment (one of SMB, Mid-Market, Enterprise)") in out
    out = _fail(tmp_path / "w2", clean_exports, extra_enum_aliases={"tier": {"a": "b"}})
    assert 'var extra_enum_aliases: unknown enum "tier"' in out
    # raw_export_format must be exactly csv or parquet.
    out = _fail(tmp_path / "w3", clean_exports, raw_export_format="CSV")
    assert ("var raw_export_format must be exactly 'csv' or 'parquet' (lower case), "
            "got 'CSV'") in out
    out = _fail(tmp_path / "w4", clean_exports, raw_csv_delimiter=",;")
    assert 'var raw_csv_delimiter must be one character other than a line break, ' \
        'got ",;"' in out
    out = _fail(tmp_path / "w5", tmp_path / "exp*orts")
    assert "var raw_export_dir must not contain \"*\"" in out
    crafted = "ai_usage') or ('1' = '1"
    out = _fail(tmp_path / "w6", clean_exports, ai_marginal_cost_types=[crafted])
    assert f'var ai_marginal_cost_types: "{crafted}" is not a cost_type' in out
    out = _fail(tmp_path / "w7", clean_exports, zendesk_merged_tag="x' or 1=1 --")
    assert ("var zendesk_merged_tag must not contain a quote or a backslash, "
            "got \"x' or 1=1 --\"") in out
    out = _fail(tmp_path / "w8", clean_exports, repeat_window_short_days="7; drop")
    assert 'var repeat_window_short_days must be a number, got "7; drop"' in out

    # A crafted key is only a key: normalised like a raw value, it runs nothing,
    # and "Gold Tier" matches GOLD-tier, gold_tier, ...
    data = _copy(clean_exports, tmp_path / "it's exports")
    header = _records(data / "crm_accounts.csv")[0]
    base = dict(account_name="Gold Co", owner_csm_id="", industry="Software",
                created_at="2025-01-15 09:30:00", arr_usd="1000", churned_at="")
    added = [{**base, "account_id": "AGOLD1", "segment": "GOLD-tier"},
             {**base, "account_id": "AGOLD2", "segment": injection}]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([[r[c] for c in header] for r in added])
    with open(data / "crm_accounts.csv", "a", encoding="utf-8") as f:
        f.write(buf.getvalue())
    hostile = _build(tmp_path / "work", data, STAGING_ONLY, extra_enum_aliases={
        "segment": {"Gold Tier": "Enterprise", injection: "SMB"}})
    staged = dict(hostile.query("select account_id, segment from staging.stg_crm__accounts"))
    assert staged["AGOLD1"] == "Enterprise"
    # The crafted key matches the crafted raw value after normalising both: SMB.
    assert staged["AGOLD2"] == "SMB"
    dump = hostile.query("select string_agg(reject_reason || raw_row, '') from staging.stg_rejects")
    assert "TOPSECRET" not in (dump[0][0] or "")
    assert _reconciliation(hostile)["crm_accounts"][4] == 0


# --- 9. the bundled sample in files mode --------------------------------------------------

def test_files_mode_loads_only_the_reference_seeds(
    clean: DbtBuild, clean_exports: Path, tmp_path: Path
) -> None:
    listed = run_dbt(["ls", "--resource-type", "seed", "--output", "name"],
                     tmp_path / "ls.duckdb", tmp_path, _files_vars(clean_exports))
    names = {line.strip() for line in listed.stdout.splitlines()
             if line.strip() and " " not in line.strip()}
    assert names == {"benchmark_bands", "segments", "source_articles"}, names
    run_dbt(["seed"], clean.db_path, tmp_path, clean.vars)
    tables = set(clean.query(
        "select table_schema, table_name from information_schema.tables "
        "where table_schema in ('raw', 'reference')"))
    assert not {t for t in tables if t[0] == "raw"}, tables
    assert {("reference", s) for s in ("benchmark_bands", "segments", "source_articles")} \
        <= tables
    # The sample mode still loads all 17 raw seeds.
    seeds_mode = run_dbt(["ls", "--resource-type", "seed", "--output", "name"],
                         tmp_path / "ls2.duckdb", tmp_path / "s")
    assert len([n for n in seeds_mode.stdout.split() if n.startswith("raw_")]) == 17
