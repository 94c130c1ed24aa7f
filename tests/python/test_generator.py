"""Tests of the synthetic data generator (generator/).

The central check, ``test_raw_parses_back_to_truth``, re-implements the
parsing rules of docs/raw_exports.md in DuckDB: every raw row either parses to
exactly a _truth row (duplicates included) or is a ledger row rejected for
exactly the ledger's reason. Enum spellings are resolved with the alias lists
read from macros/staging/enum_aliases.sql, so the generator can never drift
from what staging accepts.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from generator import Config, generate
from generator.contract import (
    ENUM_VARIANTS, SURVEY_SCALES, TABLES, TABLES_BY_NAME, UNKNOWN_ENUM_VALUES, Column,
)

ROOT = Path(__file__).resolve().parents[2]
SCALE = 0.2
SEED = 7


# --- fixtures --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "exports"
    generate(Config(out=out, seed=SEED, scale=SCALE))
    return out


@pytest.fixture(scope="module")
def con(run: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    c.execute("set TimeZone = 'UTC'")
    for t in TABLES:
        c.execute(f"create view t_{t.name} as select * from read_parquet('{run}/_truth/{t.name}.parquet')")
        c.execute(f"create view r_{t.name} as select * from "
                  f"read_csv('{run}/{t.name}.csv', header = true, all_varchar = true)")
    c.execute(f"create view ledger as select * from read_csv('{run}/_mess_ledger.csv', "
              f"header = true, all_varchar = true)")
    # Material AI events (docs/definitions.md "Material AI involvement").
    c.execute("""
        create view material as
        select e.*, u.role
        from t_ai_events e
        join t_ai_tools t using (tool_id)
        left join t_crm_users u using (user_id)
        where t.is_approved and e.occurred_at >= t.approved_at
          and (t.retired_at is null or e.occurred_at < t.retired_at)
          and (e.event_type in ('signal_surfaced', 'recommendation_accepted', 'autonomous_action')
               or (e.event_type = 'draft_sent' and e.retained_ratio >= 0.5))
    """)
    return c


def _files(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _enum_aliases() -> dict[str, dict[str, str]]:
    """enum name -> {enum_key: canonical} as macros/staging/enum_aliases.sql builds it."""
    sql = (ROOT / "macros/staging/enum_aliases.sql").read_text()

    def block(name: str) -> dict:
        m = re.search(r"set " + name + r" = (\{.*?\n    \}) -%\}", sql, re.S)
        assert m, name
        return ast.literal_eval(m.group(1))

    canonical, spellings = block("canonical"), block("spellings")
    out: dict[str, dict[str, str]] = {}
    for enum, values in canonical.items():
        d = {v.lower().replace("-", "").replace("_", ""): v for v in values}
        d.update(spellings.get(enum, {}))
        out[enum] = d
    return out


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


# --- CLI, determinism, layout ----------------------------------------------------------

def test_cli_help() -> None:
    res = subprocess.run([sys.executable, "-m", "generator", "--help"], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    assert "--tickets" in res.stdout and "--truth-dir" in res.stdout


def test_deterministic(run: Path, tmp_path: Path) -> None:
    # A separate process with another string-hash seed: no hidden dependence
    # on set or dict ordering of strings.
    again = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-m", "generator", "--out", str(again), "--seed", str(SEED),
                    "--scale", str(SCALE), "--quiet"], cwd=ROOT, env=env, check=True)
    assert _files(again) == _files(run)
    other = tmp_path / "other"
    generate(Config(out=other, seed=SEED + 1, scale=SCALE))
    a, b = _files(other), _files(run)
    assert a.keys() == b.keys()
    assert a["helpdesk_tickets.csv"] != b["helpdesk_tickets.csv"]
    assert a["_truth/ai_events.parquet"] != b["_truth/ai_events.parquet"]


def test_every_table_in_contract_order(run: Path) -> None:
    for t in TABLES:
        with open(run / f"{t.name}.csv", newline="") as fh:
            assert next(csv.reader(fh)) == t.column_names, t.name
        assert pq.read_schema(run / "_truth" / f"{t.name}.parquet").names == t.column_names


def test_enum_spellings_match_macro() -> None:
    aliases = _enum_aliases()
    for enum, values in ENUM_VARIANTS.items():
        assert set(values) == set(aliases[enum].values()), enum
        for canonical, variants in values.items():
            for v in variants:
                assert aliases[enum].get(_key(v)) == canonical, (enum, v)
    for enum, bad in UNKNOWN_ENUM_VALUES.items():
        for v in bad:
            assert _key(v) not in aliases[enum], (enum, v)


# --- the mess and its ledger -----------------------------------------------------------

def test_raw_rows_equal_truth_plus_ledger(con: duckdb.DuckDBPyConnection) -> None:
    for t in TABLES:
        raw = con.execute(f"select count(*) from r_{t.name}").fetchone()[0]
        truth = con.execute(f"select count(*) from t_{t.name}").fetchone()[0]
        extra = con.execute("select count(*) from ledger where \"table\" = ?", [t.name]).fetchone()[0]
        assert truth > 0, t.name
        assert raw == truth + extra, t.name


def test_ledger_rows_are_in_the_raw_output(con: duckdb.DuckDBPyConnection) -> None:
    kinds = dict(con.execute("select kind, count(*) from ledger group by 1").fetchall())
    assert kinds.get("duplicate", 0) > 0 and kinds.get("rejected", 0) > 0
    for t in TABLES:
        k = t.key
        missing = con.execute(f"""
            select l.source_key from ledger l
            where l."table" = '{t.name}' and coalesce(l.source_key, '') <> ''
              and l.source_key not in (select trim({k}) from r_{t.name} where {k} is not null)
        """).fetchall()
        assert not missing, (t.name, missing[:5])
        dups = con.execute(f"""
            with copies as (select {k} as key, count(*) as n from r_{t.name} group by 1)
            select l.source_key from ledger l left join copies c on c.key = l.source_key
            where l."table" = '{t.name}' and l.kind = 'duplicate' and coalesce(c.n, 0) < 2
        """).fetchall()
        assert not dups, (t.name, dups[:5])
        blank_ledger = con.execute(f"select count(*) from ledger where \"table\" = '{t.name}' "
                                   "and coalesce(source_key, '') = ''").fetchone()[0]
        blank_raw = con.execute(f"select count(*) from r_{t.name} where {k} is null or "
                                f"lower(trim({k})) in ('', 'null', 'none', 'n/a', 'na', 'nan')").fetchone()[0]
        assert blank_raw == blank_ledger, t.name
    reasons = {r for (r,) in con.execute(
        "select distinct expected_reason from ledger where kind = 'rejected'").fetchall()}
    for expected in ("missing ticket_id", "unparseable created_at", "unknown segment",
                     "complexity out of range", "sentiment_score out of range",
                     "retained_ratio out of range", "seconds out of range",
                     "score out of range for survey_type", "arr_usd out of range"):
        assert expected in reasons


def _parse_expr(col: Column, aliases: dict[str, dict[str, str]]) -> str:
    c = f'"{col.name}"'
    clean = (f"(case when lower(trim({c})) in ('', 'null', 'none', 'n/a', 'na', 'nan') "
             f"then null else trim({c}) end)")
    if col.kind == "timestamp":
        return f"timezone('UTC', try_cast({clean} as timestamptz))"
    if col.kind == "date":
        return f"try_cast({clean} as date)"
    if col.kind == "number":
        return f"try_cast({clean} as double)"
    if col.kind == "integer":
        d = f"try_cast({clean} as double)"
        return f"(case when {d} = floor({d}) then cast({d} as bigint) end)"
    if col.kind == "boolean":
        return (f"(case when lower({clean}) in ('true','t','1','yes','y') then true "
                f"when lower({clean}) in ('false','f','0','no','n') then false end)")
    if col.kind == "enum":
        whens = " ".join(f"when '{k}' then '{v}'" for k, v in sorted(aliases[col.enum or ""].items()))
        return f"(case regexp_replace(lower({clean}), '[^a-z0-9]', '', 'g') {whens} end)"
    if col.kind == "label":
        return f"nullif(trim(regexp_replace(lower({clean}), '[^a-z0-9]+', '_', 'g'), '_'), '')"
    return clean


def _reasons_expr(t, aliases) -> str:  # noqa: ANN001
    """Reasons computed on table p, which holds each parsed column under its own
    name and the cleaned raw text as _raw_<name>."""
    parts = []
    for col in t.columns:
        raw, p = f'"_raw_{col.name}"', f'"{col.name}"'
        if col.required:
            parts.append(f"case when {raw} is null then 'missing {col.name}' end")
        if col.kind in ("timestamp", "date", "number", "integer", "boolean", "enum"):
            word = "unknown" if col.kind == "enum" else "unparseable"
            parts.append(f"case when {raw} is not null and {p} is null then '{word} {col.name}' end")
        conds = []
        if col.min is not None:
            conds.append(f"{p} < {col.min}")
        if col.max is not None:
            conds.append(f"{p} > {col.max}")
        if conds:
            parts.append(f"case when {' or '.join(conds)} then '{col.name} out of range' end")
    if t.name == "helpdesk_surveys":
        cases = " or ".join(f"(survey_type = '{k}' and (score < {lo} or score > {hi}))"
                            for k, (lo, hi) in SURVEY_SCALES.items())
        parts.append(f"case when {cases} then 'score out of range for survey_type' end")
    return f"concat_ws('; ', {', '.join(parts)})"


def test_raw_parses_back_to_truth(con: duckdb.DuckDBPyConnection) -> None:
    aliases = _enum_aliases()
    for t in TABLES:
        parsed = ", ".join(
            f"{_parse_expr(c, aliases)} as \"{c.name}\", "
            f"case when lower(trim(\"{c.name}\")) in ('', 'null', 'none', 'n/a', 'na', 'nan') "
            f"then null else trim(\"{c.name}\") end as \"_raw_{c.name}\""
            for c in t.columns)
        con.execute(f"create or replace temp table p as select {parsed} from r_{t.name}")
        con.execute(f"create or replace temp table p as select *, coalesce(_raw_{t.key}, '') as _key, "
                    f"{_reasons_expr(t, aliases)} as _reason from p")
        # Rejected rows are exactly the ledger's, each with exactly its reason.
        got = sorted(con.execute("select _key, _reason from p where _reason <> ''").fetchall())
        want = sorted(con.execute(
            "select coalesce(source_key, ''), expected_reason from ledger "
            "where \"table\" = ? and kind = 'rejected'", [t.name]).fetchall())
        assert got == want, (t.name, got[:3], want[:3])
        # Usable rows: one distinct version per key, equal to _truth.
        truth_cols = ", ".join(
            f"timezone('UTC', \"{c.name}\") as \"{c.name}\"" if c.kind == "timestamp" else f'"{c.name}"'
            for c in t.columns)
        names = ", ".join(f'"{c.name}"' for c in t.columns)
        con.execute(f"create or replace temp table good as select distinct {names} from p where _reason = ''")
        con.execute(f"create or replace temp table truth as select {truth_cols} from t_{t.name}")
        n_good, n_keys = con.execute(f"select count(*), count(distinct {t.key}) from good").fetchone()
        n_truth = con.execute("select count(*) from truth").fetchone()[0]
        assert n_good == n_keys == n_truth, (t.name, n_good, n_keys, n_truth)
        diff = _count(con, "select count(*) from (select * from good except select * from truth)")
        assert diff == 0, t.name
        n_dups = con.execute("select count(*) from p where _reason = ''").fetchone()[0] - n_good
        want_dups = con.execute("select count(*) from ledger where \"table\" = ? and kind = 'duplicate'",
                                [t.name]).fetchone()[0]
        assert n_dups == want_dups, t.name


def test_mess_is_visible(run: Path) -> None:
    tickets = (run / "helpdesk_tickets.csv").read_text()
    assert re.search(r"T\d\d:\d\d:\d\d[+-]\d\d:\d\d", tickets)  # UTC offsets
    assert re.search(r"\d\d:\d\d:\d\dZ", tickets)
    assert re.search(r",(Email|E-mail|CHAT|live chat|Web|PHONE),", tickets)
    assert re.search(r",(Password Reset|password-reset|PASSWORD_RESET),", tickets)
    accounts = (run / "crm_accounts.csv").read_text()
    assert re.search(r",(MM|mid market|MID_MARKET|ENT|Ent|smb|Smb),", accounts)
    assert re.search(r",(NULL|null|n/a|N/A|None)(,|\n)", accounts)
    messages = (run / "helpdesk_messages.csv").read_text()
    assert re.search(r",(TRUE|True|yes|Y|1|t|T),", messages)
    assert re.search(r",(bot|AI Agent|ai|virtual agent),", messages)


def test_no_mess(tmp_path: Path) -> None:
    out = tmp_path / "clean"
    summary = generate(Config(out=out, seed=SEED, scale=0.1, mess=False))
    assert summary.ledger_rows == 0
    assert (out / "_mess_ledger.csv").read_text().strip() == "table,source_key,kind,expected_reason"
    c = duckdb.connect()
    for t in TABLES:
        raw = c.execute(f"select * from read_csv('{out}/{t.name}.csv', header = true, "
                        "all_varchar = true)").fetchall()
        assert len(raw) == summary.truth_rows[t.name] == summary.raw_rows[t.name]
        for i, col in enumerate(t.columns):
            values = {r[i] for r in raw if r[i] is not None}
            if col.kind == "timestamp":
                assert all(re.fullmatch(r"2\d{3}-\d\d-\d\d \d\d:\d\d:\d\d", v) for v in values), col.name
            if col.kind == "boolean":
                assert values <= {"true", "false"}, col.name
            if col.kind == "enum":
                assert values <= set(ENUM_VARIANTS[col.enum or ""]), col.name
            if col.kind == "label":
                assert all(re.fullmatch(r"[a-z0-9_]+", v) for v in values), col.name


# --- ground truth ----------------------------------------------------------------------

FOREIGN_KEYS = (
    ("crm_accounts", "owner_csm_id", "crm_users", "user_id"),
    ("crm_renewals", "account_id", "crm_accounts", "account_id"),
    ("crm_opportunities", "account_id", "crm_accounts", "account_id"),
    ("crm_opportunities", "source_ticket_id", "helpdesk_tickets", "ticket_id"),
    ("crm_opportunities", "source_intervention_id", "cs_interventions", "intervention_id"),
    ("cs_interventions", "account_id", "crm_accounts", "account_id"),
    ("cs_interventions", "csm_id", "crm_users", "user_id"),
    ("ai_events", "tool_id", "ai_tools", "tool_id"),
    ("ai_events", "user_id", "crm_users", "user_id"),
    ("ai_events", "ticket_id", "helpdesk_tickets", "ticket_id"),
    ("ai_events", "intervention_id", "cs_interventions", "intervention_id"),
    ("helpdesk_tickets", "account_id", "crm_accounts", "account_id"),
    ("helpdesk_messages", "ticket_id", "helpdesk_tickets", "ticket_id"),
    ("helpdesk_time_entries", "ticket_id", "helpdesk_tickets", "ticket_id"),
    ("helpdesk_time_entries", "agent_id", "crm_users", "user_id"),
    ("helpdesk_surveys", "ticket_id", "helpdesk_tickets", "ticket_id"),
    ("escalation_reviews", "ticket_id", "helpdesk_tickets", "ticket_id"),
    ("escalation_reviews", "reviewer_id", "crm_users", "user_id"),
    ("qa_reviews", "ticket_id", "helpdesk_tickets", "ticket_id"),
    ("kb_article_views", "article_id", "kb_articles", "article_id"),
    ("vendor_contracts", "tool_id", "ai_tools", "tool_id"),
)


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return con.execute(sql).fetchone()[0]


def test_truth_keys_and_foreign_keys(con: duckdb.DuckDBPyConnection) -> None:
    for t in TABLES:
        n, keys = con.execute(f"select count(*), count(distinct {t.key}) from t_{t.name}").fetchone()
        assert n == keys, t.name
    for child, fk, parent, pk in FOREIGN_KEYS:
        orphans = _count(con, f"select count(*) from t_{child} where {fk} is not null "
                              f"and {fk} not in (select {pk} from t_{parent})")
        assert orphans == 0, (child, fk)
    requesters = "select requester_id from t_helpdesk_tickets"
    assert _count(con, f"select count(*) from t_kb_article_views where requester_id not in ({requesters}) "
                       "and requester_id not like 'C%'") == 0


def test_truth_consistency(con: duckdb.DuckDBPyConnection) -> None:
    bad = {
        "owner is a CSM of the segment": """
            select count(*) from t_crm_accounts a join t_crm_users u on u.user_id = a.owner_csm_id
            where u.role <> 'csm' or u.segment_focus <> a.segment""",
        "intervention CSM active when opened": """
            select count(*) from t_cs_interventions i join t_crm_users u on u.user_id = i.csm_id
            where u.role <> 'csm' or u.hired_at > i.opened_at
               or (u.terminated_at is not null and u.terminated_at <= i.opened_at)""",
        "closed_at and outcome null together": """
            select count(*) from t_cs_interventions where (closed_at is null) <> (outcome is null)
               or closed_at < opened_at
               or (intervention_type = 'risk_mitigation' and outcome in ('completed', 'no_response'))
               or (intervention_type <> 'risk_mitigation' and outcome in ('saved', 'lost'))""",
        "CSM events belong to the CSM's interventions": """
            select count(*) from t_ai_events e join t_cs_interventions i using (intervention_id)
            where e.user_id is not null and e.user_id <> i.csm_id""",
        "events tie to a ticket or an intervention": """
            select count(*) from t_ai_events where ticket_id is null and intervention_id is null""",
        "events have a user, but an autonomous action only on an intervention": """
            select count(*) from t_ai_events
            where (event_type <> 'autonomous_action' and user_id is null)
               or (event_type = 'autonomous_action' and user_id is not null
                   and intervention_id is null)""",
        "retained_ratio only on draft_sent": """
            select count(*) from t_ai_events
            where (event_type = 'draft_sent') <> (retained_ratio is not null)""",
        "solved status and solved_at agree": """
            select count(*) from t_helpdesk_tickets
            where (status in ('solved', 'closed')) <> (solved_at is not null) or solved_at < created_at""",
        "ticket account is the requester's": """
            select count(*) from (select requester_id, count(distinct account_id) n
                                  from t_helpdesk_tickets group by 1) where n > 1""",
        "first message is the customer's at created_at": """
            select count(*) from t_helpdesk_tickets t
            where not exists (select 1 from t_helpdesk_messages m where m.ticket_id = t.ticket_id
                              and m.created_at = t.created_at and m.author_role = 'customer')""",
        "no message before the ticket": """
            select count(*) from t_helpdesk_messages m join t_helpdesk_tickets t using (ticket_id)
            where m.created_at < t.created_at""",
        "survey after solved, score on scale": """
            select count(*) from t_helpdesk_surveys s join t_helpdesk_tickets t using (ticket_id)
            where t.solved_at is null or s.responded_at < t.solved_at
               or (s.survey_type = 'csat' and s.score not between 1 and 5)
               or (s.survey_type = 'ces' and s.score not between 1 and 7)
               or (s.survey_type = 'nps' and s.score not between 0 and 10)""",
        "time entries by support agents, positive": """
            select count(*) from t_helpdesk_time_entries e join t_crm_users u on u.user_id = e.agent_id
            where u.role <> 'support_agent' or e.seconds <= 0""",
        "churn, renewal and ARR agree": """
            select count(*) from t_crm_renewals r join t_crm_accounts a using (account_id)
            where (r.outcome = 'churned') <> (a.churned_at is not null)
               or (r.outcome = 'churned' and r.arr_after_usd <> 0)
               or (r.outcome = 'renewed' and r.arr_after_usd <> r.arr_before_usd)
               or (r.outcome = 'expanded' and r.arr_after_usd <= r.arr_before_usd)
               or (r.outcome = 'contracted'
                   and (r.arr_after_usd >= r.arr_before_usd or r.arr_after_usd <= 0))""",
        "no activity after churn": """
            select count(*) from t_helpdesk_tickets t join t_crm_accounts a using (account_id)
            where t.created_at >= a.churned_at or t.created_at < a.created_at""",
        "opportunity sources belong to the account": """
            select count(*) from t_crm_opportunities o
            left join t_helpdesk_tickets t on t.ticket_id = o.source_ticket_id
            left join t_cs_interventions i on i.intervention_id = o.source_intervention_id
            where (o.source_ticket_id is not null and t.account_id <> o.account_id)
               or (o.source_intervention_id is not null and i.account_id <> o.account_id)
               or (o.stage = 'open') <> (o.closed_at is null)""",
        "everything inside 2025": """
            select count(*) from (
                select occurred_at t from t_ai_events union all
                select created_at from t_helpdesk_messages union all
                select created_at from t_helpdesk_tickets union all
                select viewed_at from t_kb_article_views union all
                select responded_at from t_helpdesk_surveys)
            where t < '2025-01-01' or t >= '2026-01-01'""",
    }
    for what, sql in bad.items():
        assert _count(con, sql) == 0, what


def test_truth_has_the_boundary_cases(con: duckdb.DuckDBPyConnection) -> None:
    gaps = {g for (g,) in con.execute("""
        select distinct epoch(b.created_at) - epoch(a.solved_at)
        from t_helpdesk_tickets a join t_helpdesk_tickets b
          on a.requester_id = b.requester_id and a.category = b.category and a.ticket_id <> b.ticket_id
        where a.solved_at is not null""").fetchall()}
    for g in (604799, 604800, 604801, 1209600, 1209601):
        assert g in gaps, g
    near_miss = _count(con, """
        select count(*) from t_helpdesk_tickets a join t_helpdesk_tickets b
          on a.requester_id = b.requester_id and a.category <> b.category
        where epoch(b.created_at) - epoch(a.solved_at) = 604800""")
    assert near_miss > 0
    ratios = {r for (r,) in con.execute(
        "select distinct retained_ratio from t_ai_events where event_type = 'draft_sent'").fetchall()}
    assert {0.49, 0.5, 0.0} <= ratios
    weekly = {n for (n,) in con.execute("""
        select count(*) from material where role = 'csm'
        group by user_id, date_trunc('week', occurred_at)""").fetchall()}
    assert {2, 3} <= weekly
    assert _count(con, """
        select count(*) from t_ai_events e join t_ai_tools t using (tool_id)
        where not t.is_approved""") > 0
    assert _count(con, """
        select count(*) from t_ai_events e join t_ai_tools t using (tool_id)
        where t.approved_at is not null and e.occurred_at < t.approved_at""") > 0
    assert _count(con, "select count(*) from t_ai_tools where retired_at is not null") == 1
    # Sunday and the next Monday for one CSM (adjacent ISO weeks).
    assert _count(con, """
        select count(*) from material a join material b
          on a.user_id = b.user_id and a.role = 'csm'
         and isodow(a.occurred_at) = 7 and isodow(b.occurred_at) = 1
         and cast(b.occurred_at as date) = cast(a.occurred_at as date) + 1""") > 0
    # AI tickets with a customer message 71 h and 73 h after solved_at; ping-pong; reopen.
    post = {g for (g,) in con.execute("""
        select distinct epoch(m.created_at) - epoch(t.solved_at)
        from t_helpdesk_messages m join t_helpdesk_tickets t using (ticket_id)
        where m.author_role = 'customer' and m.created_at > t.solved_at""").fetchall()}
    assert {71 * 3600, 73 * 3600} <= post
    assert _count(con, """select count(*) from (select ticket_id from t_helpdesk_messages
                          where event_type = 'handoff_to_human' group by 1 having count(*) > 1)""") > 0
    assert _count(con, """select count(*) from t_helpdesk_messages m
                          join t_helpdesk_tickets t using (ticket_id)
                          where m.event_type = 'reopened' and m.created_at > t.solved_at""") > 0
    assert _count(con, """select count(*) from t_helpdesk_messages
                          where event_type = 'out_of_scope' and topic is not null""") > 0
    assert _count(con, """select count(*) from t_kb_article_views v join t_helpdesk_tickets t
                          on t.requester_id = v.requester_id and t.created_at > v.viewed_at
                          and t.created_at <= v.viewed_at + interval 24 hour""") > 0
    assert _count(con, """select count(*) from t_ai_events where event_type = 'autonomous_action'
                          and intervention_id is not null""") > 0
    # CSMs hired and leaving during 2025, on a weekday other than Monday.
    assert _count(con, """select count(*) from t_crm_users where role = 'csm'
                          and hired_at >= '2025-01-01' and isodow(hired_at) between 2 and 5""") > 0
    assert _count(con, """select count(*) from t_crm_users where role = 'csm'
                          and isodow(terminated_at) between 2 and 5""") > 0
    assert _count(con, "select count(*) from t_crm_users where role = 'csm' and hired_at >= '2025-01-01'") > 0


def test_truth_shapes(con: duckdb.DuckDBPyConnection) -> None:
    seg = dict(con.execute("select segment, count(*) from t_crm_accounts group by 1").fetchall())
    assert seg["SMB"] > seg["Mid-Market"] > seg["Enterprise"]
    arr = dict(con.execute("select segment, median(arr_usd) from t_crm_accounts group by 1").fetchall())
    assert arr["Enterprise"] > arr["Mid-Market"] > arr["SMB"]
    # AI-only resolution is common after the rollout and rare before it.
    pre, post = con.execute("""
        with ai as (select distinct ticket_id from t_helpdesk_messages where author_role = 'ai_agent')
        select avg((ticket_id in (select ticket_id from ai))::int) filter (where created_at < '2025-07-01'),
               avg((ticket_id in (select ticket_id from ai))::int) filter (where created_at >= '2025-07-01')
        from t_helpdesk_tickets""").fetchone()
    assert pre < 0.05 and post > 0.4
    # Save rate is higher with material AI involvement.
    with_ai, without = con.execute("""
        with inv as (select distinct intervention_id from material where intervention_id is not null)
        select avg((outcome = 'saved')::int) filter (where intervention_id in (select * from inv)),
               avg((outcome = 'saved')::int) filter (where intervention_id not in (select * from inv))
        from t_cs_interventions where intervention_type = 'risk_mitigation' and outcome is not null
    """).fetchone()
    assert with_ai > without
    # PII sits in clear text in _truth.
    assert _count(con, "select count(*) from t_helpdesk_messages where body like '%@example.%'") > 0
    phone = "'\\+?\\d[\\d ().-]{7,}\\d'"
    assert _count(con, f"select count(*) from t_helpdesk_messages where regexp_matches(body, {phone})") > 0


# --- scale and formats -----------------------------------------------------------------

def test_tickets_option_scales(tmp_path: Path) -> None:
    from generator.__main__ import parse_args

    cfg, _quiet = parse_args(["--out", str(tmp_path / "x"), "--tickets", "2000"])
    assert cfg.scale == pytest.approx(0.5)
    small = generate(Config(out=tmp_path / "s", seed=SEED, scale=0.1, mess=False))
    big = generate(Config(out=tmp_path / "b", seed=SEED, scale=0.4, mess=False))
    assert small.truth_rows["helpdesk_tickets"] == pytest.approx(400, rel=0.12)
    assert big.truth_rows["helpdesk_tickets"] == pytest.approx(1600, rel=0.12)
    for name in ("helpdesk_messages", "cs_interventions", "crm_accounts", "ai_events", "kb_article_views"):
        ratio = big.truth_rows[name] / small.truth_rows[name]
        assert 3.0 < ratio < 5.3, (name, ratio)
    for name in ("ai_tools", "kb_articles", "vendor_contracts", "support_costs"):
        assert big.truth_rows[name] == small.truth_rows[name], name


def test_parquet_output(run: Path, tmp_path: Path) -> None:
    out = tmp_path / "pq"
    generate(Config(out=out, seed=SEED, scale=SCALE, fmt="parquet"))
    c = duckdb.connect()
    for t in TABLES:
        schema = pq.read_schema(out / f"{t.name}.parquet")
        assert schema.names == t.column_names
        assert all(str(f.type) == "string" for f in schema)
        n_pq = c.execute(f"select count(*) from read_parquet('{out}/{t.name}.parquet')").fetchone()[0]
        n_csv = c.execute(f"select count(*) from read_csv('{run}/{t.name}.csv', header = true, "
                          "all_varchar = true)").fetchone()[0]
        assert n_pq == n_csv, t.name
        assert (out / "_truth" / f"{t.name}.parquet").read_bytes() == \
            (run / "_truth" / f"{t.name}.parquet").read_bytes()


def test_seeds_layout(tmp_path: Path) -> None:
    out, truth = tmp_path / "seeds", tmp_path / "fixture"
    generate(Config(out=out, seed=SEED, scale=0.1, layout="seeds", truth_dir=truth))
    assert sorted(p.name for p in out.glob("*.csv")) == sorted(f"{t.seed}.csv" for t in TABLES)
    assert (truth / "_mess_ledger.csv").exists()
    assert sorted(p.name for p in truth.glob("*.parquet")) == sorted(f"{t.name}.parquet" for t in TABLES)
    yml = (out / "_raw__seeds.yml").read_text()
    assert yml.startswith("#") and "version: 2" in yml
    for t in TABLES:
        assert f"  - name: {t.seed}\n" in yml
        block = yml.split(f"  - name: {t.seed}\n", 1)[1].split("  - name: raw_", 1)[0]
        for c in t.columns:
            assert f"        {c.name}: string\n" in block, (t.seed, c.name)
            assert f"      - name: {c.name}\n        description: " in block, (t.seed, c.name)
    with pytest.raises(ValueError):
        generate(Config(out=tmp_path / "bad", layout="seeds", fmt="parquet", truth_dir=truth))


def test_table_specs_cover_contract_doc() -> None:
    doc = (ROOT / "docs/raw_exports.md").read_text()
    for t in TABLES:
        row = re.search(rf"^\| {t.name} \| {t.seed} \| {t.key} \| (.+) \|$", doc, re.M)
        assert row, t.name
        assert [c.strip() for c in row.group(1).split(",")] == t.column_names, t.name
    assert TABLES_BY_NAME["helpdesk_surveys"].rejects
