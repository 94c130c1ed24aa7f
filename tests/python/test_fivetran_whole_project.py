"""The whole project built on each Fivetran adapter, every data test passing.

For each connector: load the hand-built connector tables (tests/python/
fivetran_fixtures.py) into a fresh DuckDB file and ``dbt build`` the WHOLE project
with ``helpdesk_source`` set, as a user with only the connector would: the contract
tables the connector cannot feed (AI telemetry, CS interventions, renewals, ...)
are absent files listed in var ``optional_raw_tables``, read as empty with a warning.
Then a few mart figures are checked against an independent computation from the
fixture rows (plain Python, never the models): tickets per month and category,
resolution paths, first response times with the bot's reply vs the human's, CSAT
from Zendesk good / bad and Intercom 1-5 ratings, repeat contacts, and the data
cut-off (Intercom with ``as_of_from: fivetran_synced``, Zendesk from the latest event).

Staging contract changes still pending on main (an account without a segment and
an orphan comment fail relationships tests; binary CSAT is rejected; first response
time still counts agent-initiated tickets; merged / closed-without-solve tickets are
still counted as the repeat) make a few asserts fail today: those, and only those,
are ``xfail(strict=True)`` with the reason naming the change, so they turn red (and
the marker must go) the day the change lands. When the build has failures, the
models it skipped are built with ``dbt run`` so the figures can still be checked.
Cost: two builds of ~800 nodes (threads 2), about two minutes in all.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

import fivetran_fixtures as fx
from conftest import run_dbt, statuses_of_nodes_run
from test_fivetran_adapters import intercom_expected, zendesk_expected

# The contract tables neither connector feeds: absent, read as empty.
NOT_FED = ["ai_tools", "ai_events", "cs_interventions", "crm_renewals", "crm_opportunities",
           "helpdesk_time_entries", "escalation_reviews", "qa_reviews", "kb_articles",
           "kb_article_views", "support_costs", "vendor_contracts"]
# Tests that fail today for staging contract changes not yet on main.
PENDING_SEGMENT = ("relationships_stg_helpdesk__tickets_account_id__account_id__ref_stg_crm__accounts_",
                   "optional segment (an account without a segment staged as Unknown, not rejected)")
PENDING_ORPHANS = ("relationships_stg_helpdesk__messages_ticket_id__ticket_id__ref_stg_helpdesk__tickets_",
                   "orphans warn by default (a comment whose ticket is outside the sync)")
PENDING = {"zendesk": [PENDING_SEGMENT, PENDING_ORPHANS], "intercom": [PENDING_SEGMENT]}
REASON_BUILD = "staging contract change pending (h13a): optional segment, orphans warn by default"
REASON_CSAT = "staging contract change pending (h13a): binary CSAT (survey_type csat_binary) accepted"
REASON_INITIATOR = ("staging contract change pending (h13a): initiated_by in stg_helpdesk__tickets, "
                    "agent-initiated tickets excluded from first response time")
REASON_REPEAT = ("staging contract change pending (h13a): merged_into_ticket_id; merged and "
                 "closed-without-solve tickets never counted as the repeat contact")
REPEAT_DAYS = 7  # var repeat_window_short_days (default)
CSAT_SATISFIED_MIN = 4  # var csat_satisfied_min_score (default)


class Build:
    def __init__(self, db: Path, results: list[dict[str, Any]], log: str, tables: fx.Tables) -> None:
        self.db, self.results, self.log, self.tables = db, results, log, tables

    def rows(self, sql: str) -> list[dict[str, Any]]:
        with duckdb.connect(str(self.db), read_only=True) as con:
            cur = con.execute(sql)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row)) for row in cur.fetchall()]


def _whole_build(tmp: Path, loader: Any, dbt_vars: dict[str, Any]) -> Build:
    db = tmp / "connector.duckdb"
    with duckdb.connect(str(db)) as con:
        tables = loader(con)
    exports = tmp / "exports"
    exports.mkdir()
    all_vars = {**dbt_vars, "raw_source": "files", "raw_export_dir": str(exports),
                "optional_raw_tables": NOT_FED}
    result = run_dbt(["build", "--threads", "2"], db, tmp, all_vars, check=False)
    run_results = tmp / "target" / "run_results.json"
    assert run_results.exists(), result.stdout[-3000:] + result.stderr[-2000:]
    results = json.loads(run_results.read_text())["results"]
    if result.returncode != 0:
        # Build what the failures skipped, so that the figures can be checked.
        state = tmp / "state"
        shutil.copytree(tmp / "target", state)
        rerun = run_dbt(["run", "--threads", "2", "--select", "result:skipped", "--state", str(state)],
                        db, tmp, all_vars, check=False)
        assert rerun.returncode == 0, rerun.stdout[-3000:]
    return Build(db, results, result.stdout, tables)


@pytest.fixture(scope="module")
def zendesk(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return _whole_build(tmp_path_factory.mktemp("whole_zendesk"), fx.load_zendesk, fx.ZENDESK_VARS)


@pytest.fixture(scope="module")
def intercom(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return _whole_build(tmp_path_factory.mktemp("whole_intercom"), fx.load_intercom,
                        {**fx.INTERCOM_VARS, "as_of_from": "fivetran_synced"})


def _not_passed(build: Build) -> dict[str, str]:
    return {uid: status for uid, status in statuses_of_nodes_run(build.results).items()
            if status not in ("success", "pass", "warn")}


def _pending(connector: str) -> set[str]:
    return {name for name, _ in PENDING[connector]}


def _check_build(build: Build, connector: str, strict: bool) -> None:
    assert len(build.results) > 700  # the whole project, not a selection
    kinds = {r["unique_id"].split(".")[0] for r in build.results}
    assert {"seed", "model", "test", "unit_test"} <= kinds
    failed = _not_passed(build)
    if strict:
        assert failed == {}
        return
    # Everything passed but the pending tests and what their failure skipped.
    errors = {uid for uid, status in failed.items() if status != "skipped"}
    assert {uid.split(".")[2] for uid in errors} <= _pending(connector), errors
    # The tables the connector cannot feed were read as empty, with a warning.
    assert "read as an empty table (var optional_raw_tables)" in build.log
    # Warnings are the designed ones only (rows to look at; orphans once they warn).
    warned = {r["unique_id"].split(".")[2] for r in build.results if r["status"] == "warn"}
    assert warned <= {f"fivetran_{connector}_rows_to_look_at"} | _pending(connector), warned


@pytest.mark.parametrize("connector", ["zendesk", "intercom"])
def test_every_node_passed_but_the_pending_contract_changes(connector: str, request: Any) -> None:
    _check_build(request.getfixturevalue(connector), connector, strict=False)


@pytest.mark.xfail(strict=True, reason=REASON_BUILD)
@pytest.mark.parametrize("connector", ["zendesk", "intercom"])
def test_every_node_passed(connector: str, request: Any) -> None:
    _check_build(request.getfixturevalue(connector), connector, strict=True)


# --- the figures, from the fixture rows --------------------------------------------------

def _label(name: str | None) -> str:
    """A category as the marts show it: snake_case, 'uncategorised' when none."""
    return "uncategorised" if name is None else re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _month(at: datetime) -> str:
    return at.strftime("%Y-%m-01")


def _tickets(connector: str, tables: fx.Tables) -> dict[str, dict[str, Any]]:
    """Per ticket: created_at, category, solved_at, status, requester, initiator,
    merge target, resolution path and first response times (seconds)."""
    expected = (zendesk_expected if connector == "zendesk" else intercom_expected)(tables)
    tickets = {tid: dict(row) for tid, row in expected["tickets"].items()}
    if connector == "intercom":
        latest: dict[str, dict[str, Any]] = {}
        for row in tables["conversation_history"]:
            if row["id"] not in latest or row["updated_at"] > latest[row["id"]]["updated_at"]:
                latest[row["id"]] = row
        for cid, row in tickets.items():
            row["created_at"] = latest[cid]["created_at"]
            row["merged_into_ticket_id"] = None
    replies: dict[str, dict[str, list[datetime]]] = {tid: {"ai_agent": [], "agent": [], "handoff": []}
                                                     for tid in tickets}
    for tid, at, who, event, public in expected["messages"]:
        if tid not in tickets:
            continue  # an orphan
        if event == "message" and public and who in ("ai_agent", "agent"):
            replies[tid][who].append(at)
        if event == "handoff_to_human":
            replies[tid]["handoff"].append(at)
    for tid, row in tickets.items():
        ai, human, handoff = (min(replies[tid][k], default=None) for k in ("ai_agent", "agent", "handoff"))
        row["resolution_path"] = ("unanswered" if ai is None and human is None else "human_only" if ai is None
                                  else "ai_only" if human is None and handoff is None else "ai_to_human")
        row["ai_frt"] = None if ai is None else int((ai - row["created_at"]).total_seconds())
        start = handoff if handoff is not None and human is not None and handoff < human else row["created_at"]
        row["human_frt"] = None if human is None else int((human - start).total_seconds())
        row["category"] = _label(row["category"])
    return tickets


def _by_month(rows: list[dict[str, Any]], key: str, *values: str) -> dict[Any, tuple[Any, ...]]:
    out: dict[Any, list[Any]] = {}
    for r in rows:
        k = (str(r["month_start"]),) + tuple(r[c] for c in key.split(",") if c) if key else str(r["month_start"])
        sums = out.setdefault(k, [0] * len(values))
        for i, v in enumerate(values):
            sums[i] += r[v] or 0
    return {k: tuple(v) for k, v in out.items()}


@pytest.mark.parametrize("connector", ["zendesk", "intercom"])
def test_tickets_per_month_and_category(connector: str, request: Any) -> None:
    build = request.getfixturevalue(connector)
    tickets = _tickets(connector, build.tables)
    expected = Counter((_month(t["created_at"]), t["category"]) for t in tickets.values())
    mart = _by_month(build.rows("select * from marts.mart_automation_resolution_monthly"), "category", "tickets")
    assert {k: v[0] for k, v in mart.items() if v[0]} == dict(expected)
    assert ("2025-05-01", "uncategorised") in expected  # kept in totals, under its label
    assert len({m for m, _ in expected}) == 6  # Jan-Jun 2025


@pytest.mark.parametrize("connector", ["zendesk", "intercom"])
def test_resolution_paths(connector: str, request: Any) -> None:
    build = request.getfixturevalue(connector)
    tickets = _tickets(connector, build.tables)
    expected = Counter((_month(t["created_at"]), t["resolution_path"]) for t in tickets.values())
    mart = _by_month(build.rows("select * from marts.mart_customer_experience_monthly"),
                     "resolution_path", "tickets")
    assert {k: v[0] for k, v in mart.items() if v[0]} == dict(expected)
    # History from before the AI agent existed holds no AI-only conversations.
    before_ai = {path for (month, path) in expected if month < _month(fx.AI_LIVE_FROM)}
    assert "ai_only" not in before_ai and "ai_to_human" not in before_ai
    assert {"ai_only", "ai_to_human", "human_only"} <= {path for _, path in expected}


@pytest.mark.parametrize("connector", ["zendesk", "intercom"])
def test_first_response_times_per_ticket(connector: str, request: Any) -> None:
    build = request.getfixturevalue(connector)
    tickets = _tickets(connector, build.tables)
    staged = {r["ticket_id"]: r for r in build.rows("select * from marts.fct_tickets")}
    expected = {tid.upper(): (t["resolution_path"], t["ai_frt"], t["human_frt"]) for tid, t in tickets.items()
                if t["initiated_by"] == "customer"}
    assert {tid: (staged[tid]["resolution_path"], staged[tid]["ai_first_response_seconds"],
                  staged[tid]["human_first_response_seconds"]) for tid in expected} == expected
    # The bot answered in 30 s; the human 84 min after the customer wrote: 74 (Intercom 81) min
    # after the hand-off, where human first response time starts.
    pinned = {"zendesk": ("1002", 30, 74 * 60), "intercom": ("502", 30, 81 * 60)}[connector]
    assert (staged[pinned[0]]["ai_first_response_seconds"], staged[pinned[0]]["human_first_response_seconds"]) \
        == pinned[1:]


def _frt_expected(tickets: dict[str, dict[str, Any]]) -> dict[str, tuple[int, int, int, int]]:
    out: dict[str, list[int]] = {}
    for t in tickets.values():
        if t["initiated_by"] != "customer":
            continue  # outbound: kept, flagged, no first response time
        sums = out.setdefault(_month(t["created_at"]), [0, 0, 0, 0])
        if t["ai_frt"] is not None:
            sums[0], sums[1] = sums[0] + 1, sums[1] + t["ai_frt"]
        if t["human_frt"] is not None:
            sums[2], sums[3] = sums[2] + 1, sums[3] + t["human_frt"]
    return {m: tuple(v) for m, v in out.items()}


def _frt_mart(build: Build) -> dict[str, tuple[int, ...]]:
    return _by_month(build.rows("select * from marts.mart_response_handle_time_monthly"), "",
                     "ai_answered_tickets", "ai_first_response_seconds_sum",
                     "human_answered_tickets", "human_first_response_seconds_sum")


@pytest.mark.parametrize("connector", ["zendesk", "intercom"])
def test_first_response_time_months_without_outbound_tickets(connector: str, request: Any) -> None:
    build = request.getfixturevalue(connector)
    tickets = _tickets(connector, build.tables)
    outbound = {_month(t["created_at"]) for t in tickets.values() if t["initiated_by"] != "customer"}
    expected, mart = _frt_expected(tickets), _frt_mart(build)
    assert outbound == {"2025-05-01"}
    assert {m: v for m, v in mart.items() if m not in outbound} == {
        m: v for m, v in expected.items() if m not in outbound}


@pytest.mark.xfail(strict=True, reason=REASON_INITIATOR)
@pytest.mark.parametrize("connector", ["zendesk", "intercom"])
def test_first_response_time_excludes_outbound_tickets(connector: str, request: Any) -> None:
    build = request.getfixturevalue(connector)
    assert _frt_mart(build) == _frt_expected(_tickets(connector, build.tables))


def _csat_expected(connector: str, build: Build) -> dict[str, tuple[int, int]]:
    tickets = _tickets(connector, build.tables)
    if connector == "zendesk":
        answers = {tid: score == 1 for tid, (_, score) in zendesk_expected(build.tables)["surveys"].items()}
    else:
        answers = {cid: score >= CSAT_SATISFIED_MIN for cid, score in intercom_expected(build.tables)["surveys"].items()}
    out: dict[str, list[int]] = {}
    for tid, satisfied in answers.items():
        sums = out.setdefault(_month(tickets[tid]["created_at"]), [0, 0])
        sums[0], sums[1] = sums[0] + 1, sums[1] + int(satisfied)
    return {m: tuple(v) for m, v in out.items()}


def _csat_mart(build: Build) -> dict[str, tuple[int, ...]]:
    rows = build.rows("select * from marts.mart_customer_experience_monthly")
    return {m: v for m, v in _by_month(rows, "", "csat_answers", "csat_satisfied_answers").items() if v[0]}


def test_intercom_csat_from_ratings(intercom: Build) -> None:
    expected = _csat_expected("intercom", intercom)
    assert _csat_mart(intercom) == expected
    assert 0 < sum(s for _, s in expected.values()) < sum(a for a, _ in expected.values())


@pytest.mark.xfail(strict=True, reason=REASON_CSAT)
def test_zendesk_csat_from_good_and_bad(zendesk: Build) -> None:
    expected = _csat_expected("zendesk", zendesk)
    assert _csat_mart(zendesk) == expected
    assert 0 < sum(s for _, s in expected.values()) < sum(a for a, _ in expected.values())


def _as_of(build: Build) -> tuple[datetime, str]:
    row = build.rows("select as_of_at, as_of_source from intermediate.int_data_cutoff")[0]
    return row["as_of_at"], row["as_of_source"]


def _repeat_expected(build: Build) -> dict[str, bool | None]:
    """Short-window repeat contact per solved Zendesk ticket: the same requester opens
    another ticket in the same category within 7 days of the first solve; a ticket
    merged into another or closed without a solve is never the repeat; null while the
    window has not elapsed by as_of."""
    tickets = _tickets("zendesk", build.tables)
    as_of, _ = _as_of(build)
    out: dict[str, bool | None] = {}
    for tid, a in tickets.items():
        solved = a["solved_at"]
        if solved is None or a["category"] == "uncategorised":
            continue
        if solved + timedelta(days=REPEAT_DAYS) > as_of:
            out[tid] = None
            continue
        out[tid] = any(
            b["requester_id"] == a["requester_id"] and b["category"] == a["category"] and tid != other
            and solved < b["created_at"] <= solved + timedelta(days=REPEAT_DAYS)
            and b["merged_into_ticket_id"] is None and not (b["status"] == "closed" and b["solved_at"] is None)
            for other, b in tickets.items())
    return out


def _repeat_mart(build: Build) -> dict[str, bool | None]:
    return {r["ticket_id"]: r["is_repeat_contact_short_window"] for r in build.rows(
        "select ticket_id, is_repeat_contact_short_window from marts.fct_tickets where solved_at is not null"
        " and category <> 'uncategorised'")}


# Tickets whose next contact is merged (1022 into 1021) or closed without a solve (1009).
REPEAT_RULE_TICKETS = {"1021", "1023"}


def test_zendesk_repeat_contacts(zendesk: Build) -> None:
    expected, mart = _repeat_expected(zendesk), _repeat_mart(zendesk)
    assert {t: v for t, v in mart.items() if t not in REPEAT_RULE_TICKETS} == {
        t: v for t, v in expected.items() if t not in REPEAT_RULE_TICKETS}
    assert expected["1024"] is True and {expected[t] for t in REPEAT_RULE_TICKETS} == {False}


@pytest.mark.xfail(strict=True, reason=REASON_REPEAT)
def test_zendesk_merged_and_closed_without_solve_are_never_the_repeat(zendesk: Build) -> None:
    expected, mart = _repeat_expected(zendesk), _repeat_mart(zendesk)
    assert {t: mart[t] for t in REPEAT_RULE_TICKETS} == {t: expected[t] for t in REPEAT_RULE_TICKETS}


def test_as_of_from_the_sync_time(intercom: Build) -> None:
    as_of, source = _as_of(intercom)
    assert (as_of, source) == (min(fx.IC_SYNC.values()), "fivetran_synced")


def test_as_of_from_the_latest_event_by_default(zendesk: Build) -> None:
    tables = zendesk.tables
    kept = {r["id"] for r in tables["ticket"] if not r["_fivetran_deleted"] and r["status"] != "deleted"}
    events = [r["created_at"] for r in tables["ticket"] if r["id"] in kept]
    events += [h["updated"] for h in tables["ticket_field_history"]
               if h["ticket_id"] in kept and h["field_name"] == "status" and h["value"] == "solved"]
    events += [c["created"] for c in tables["ticket_comment"]
               if not c["_fivetran_deleted"] and c["ticket_id"] not in {1005, 1006}]
    assert _as_of(zendesk) == (max(events), "latest_event")
    assert max(events) < min(fx.ZD_SYNC.values())  # the sync time would differ


def test_as_of_from_fivetran_synced_needs_a_connector(tmp_path: Path) -> None:
    result = run_dbt(["parse"], tmp_path / "contract.duckdb", tmp_path,
                     {"as_of_from": "fivetran_synced"}, check=False)
    assert result.returncode != 0
    assert "var as_of_from = 'fivetran_synced' reads the sync time of a Fivetran connector" in " ".join(
        (result.stdout + result.stderr).split())
