"""The resolution audit's checks, recomputed from the staged rows.

fct_ticket_resolution_audit holds, per ticket the AI claimed or the vendor
would bill, every check of a true AI resolution and the vendor's check, the
first failed check and the ticket's contract. Here a handful of tickets is
picked on every side (each first_failed_check value, true resolutions,
billed-but-not-verified and verified-but-not-billed, tickets outside any
contract) plus tickets that must NOT be in the audit (answered by a human,
handed off), and for each one every check is recomputed in plain Python from
the staged helpdesk rows (tickets, messages, surveys) and the staged vendor
contracts, straight from docs/definitions.md ("Resolution audit" and the
rules it names), without reading the project's SQL. Only as_of is read from
int_data_cutoff (it is an input: the var or the latest event).

The exact reconciliation of the automation and invoice marts to the audit is
the dbt tests fct_ticket_resolution_audit_reconciles_*; the last test here
re-checks the invoice mart's counts of one contract-month from the
recomputed flags of all its tickets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

import pytest

# The definition vars' defaults (dbt_project.yml; docs/definitions.md).
REPEAT_SHORT_DAYS = 7
VENDOR_WINDOW_HOURS = 72
CSAT_SATISFIED_MIN = 4
CHECK_ORDER = [
    "not_judged_yet",
    "not_claimed",
    "reopened",
    "repeat_contact_short_window",
    "escalated",
    "csat_below_threshold",
]
PER_GROUP = 3


class DbtBuild(Protocol):
    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]: ...


@dataclass
class Staged:
    as_of: datetime
    tickets: dict[str, dict[str, Any]]
    messages: dict[str, list[dict[str, Any]]]
    csat: dict[str, int]
    contacts: dict[tuple[str, str], list[datetime]]
    contracts: list[dict[str, Any]]


def _dicts(build: DbtBuild, sql: str, columns: list[str]) -> list[dict[str, Any]]:
    return [dict(zip(columns, row)) for row in build.query(sql)]


@pytest.fixture(scope="module")
def staged(generated_build: DbtBuild) -> Staged:
    as_of = generated_build.query("select as_of_at from intermediate.int_data_cutoff")[0][0]
    ticket_cols = ["ticket_id", "requester_id", "requester_email_hash", "category", "created_at", "solved_at"]
    tickets = {
        row["ticket_id"]: row
        for row in _dicts(
            generated_build, f"select {', '.join(ticket_cols)} from staging.stg_helpdesk__tickets", ticket_cols
        )
    }
    message_cols = ["ticket_id", "created_at", "author_role", "author_id", "event_type", "is_public"]
    messages: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _dicts(
        generated_build, f"select {', '.join(message_cols)} from staging.stg_helpdesk__messages", message_cols
    ):
        messages[row["ticket_id"]].append(row)
    # The latest CSAT answer of a ticket.
    csat: dict[str, int] = {}
    latest: dict[str, datetime] = {}
    for ticket_id, responded_at, score in generated_build.query(
        "select ticket_id, responded_at, score from staging.stg_helpdesk__surveys"
        " where survey_type = 'csat' and score is not null"
    ):
        if ticket_id not in latest or responded_at > latest[ticket_id]:
            latest[ticket_id] = responded_at
            csat[ticket_id] = int(score)
    # Every ticket a requester opened, by category (the repeat-contact rule).
    contacts: dict[tuple[str, str], list[datetime]] = defaultdict(list)
    for ticket in tickets.values():
        requester = ticket["requester_id"] or ticket["requester_email_hash"]
        if requester is not None and ticket["category"] is not None:
            contacts[(requester, ticket["category"])].append(ticket["created_at"])
    contract_cols = ["contract_id", "tool_id", "effective_from", "effective_to", "price_per_resolution_usd"]
    contracts = _dicts(
        generated_build,
        f"select {', '.join(contract_cols)} from staging.stg_vendors__vendor_contracts",
        contract_cols,
    )
    return Staged(as_of, tickets, dict(messages), csat, dict(contacts), contracts)


def recompute(staged: Staged, ticket_id: str) -> dict[str, Any]:
    """Every check of one ticket, from its staged rows."""
    ticket = staged.tickets[ticket_id]
    solved_at: datetime | None = ticket["solved_at"]
    messages = staged.messages.get(ticket_id, [])
    public = [m for m in messages if m["event_type"] == "message" and m["is_public"]]
    ai_replies = [m for m in public if m["author_role"] == "ai_agent"]
    human_replies = [m for m in public if m["author_role"] == "agent"]
    handoffs = [m for m in messages if m["event_type"] == "handoff_to_human"]
    after_solve = [m for m in messages if solved_at is not None and m["created_at"] > solved_at]
    reopens = [m for m in after_solve if m["event_type"] == "reopened"]
    customer_after = sorted(
        m["created_at"] for m in after_solve if m["author_role"] == "customer" and m["event_type"] == "message"
    )

    if ai_replies and (handoffs or human_replies):
        path = "ai_to_human"
    elif ai_replies:
        path = "ai_only"
    elif human_replies:
        path = "human_only"
    else:
        path = "unanswered"
    solved = solved_at is not None
    claimed = solved and path == "ai_only"
    escalated = bool(handoffs or human_replies)
    reopened = bool(reopens)

    requester = ticket["requester_id"] or ticket["requester_email_hash"]
    identifiable = requester is not None and ticket["category"] is not None
    short_end = solved_at + timedelta(days=REPEAT_SHORT_DAYS) if solved else None
    mature = bool(solved and identifiable and short_end <= staged.as_of)
    repeat: bool | None = None
    if mature:
        later = [
            created
            for created in staged.contacts[(requester, ticket["category"])]
            if solved_at < created <= short_end
        ]
        repeat = bool(later)
    score = staged.csat.get(ticket_id)
    csat_below = score is not None and score < CSAT_SATISFIED_MIN

    if not solved:
        true: bool | None = False
    elif not mature:
        true = None
    else:
        true = claimed and not reopened and not repeat and not escalated and not csat_below

    vendor_end = solved_at + timedelta(hours=VENDOR_WINDOW_HOURS) if solved else None
    message_in_window = bool(customer_after) and vendor_end is not None and customer_after[0] <= vendor_end
    if not solved:
        billable: bool | None = False
    elif vendor_end > staged.as_of:
        billable = None
    else:
        billable = claimed and not message_in_window

    failed = {
        "not_judged_yet": not mature,
        "not_claimed": not claimed,
        "reopened": reopened,
        "repeat_contact_short_window": bool(repeat),
        "escalated": escalated,
        "csat_below_threshold": csat_below,
    }
    first_failed = next((check for check in CHECK_ORDER if failed[check]), None)

    contract = None
    created_day: date = ticket["created_at"].date()
    if path in ("ai_only", "ai_to_human"):
        tools = {m["author_id"] for m in ai_replies if m["author_id"] is not None}
        matches = [
            c
            for c in staged.contracts
            if c["tool_id"] in tools
            and c["effective_from"] <= created_day
            and (c["effective_to"] is None or created_day <= c["effective_to"])
        ]
        assert len(matches) <= 1, f"{ticket_id}: more than one contract covers it"
        contract = matches[0] if matches else None
    invoiced = int(contract is not None and true is True)
    billed = int(contract is not None and billable is True)
    return {
        "resolution_path": path,
        "is_short_window_elapsed": mature,
        "is_reopened": reopened,
        "is_repeat_contact_short_window": repeat,
        "is_escalated": escalated,
        "is_csat_below_threshold": csat_below,
        "is_vendor_window_elapsed": None if vendor_end is None else vendor_end <= staged.as_of,
        "has_customer_message_in_vendor_window": message_in_window,
        "is_claimed_ai_resolution": claimed,
        "is_true_ai_resolution": true,
        "is_vendor_billable_resolution": billable,
        "first_failed_check": first_failed,
        "contract_id": None if contract is None else contract["contract_id"],
        "invoiced_resolutions": invoiced,
        "vendor_billed_resolutions": billed,
        "over_billed_resolutions": billed - invoiced,
        "in_audit": claimed or billable is True,
    }


COMPARED = [
    "resolution_path",
    "is_short_window_elapsed",
    "is_reopened",
    "is_repeat_contact_short_window",
    "is_escalated",
    "is_csat_below_threshold",
    "is_vendor_window_elapsed",
    "has_customer_message_in_vendor_window",
    "is_claimed_ai_resolution",
    "is_true_ai_resolution",
    "is_vendor_billable_resolution",
    "first_failed_check",
    "contract_id",
    "invoiced_resolutions",
    "vendor_billed_resolutions",
    "over_billed_resolutions",
]


def audit_rows(build: DbtBuild, where: str) -> dict[str, dict[str, Any]]:
    rows = build.query(
        f"select ticket_id, {', '.join(COMPARED)} from marts.fct_ticket_resolution_audit where {where}"
    )
    return {row[0]: dict(zip(COMPARED, row[1:])) for row in rows}


def picked_tickets(build: DbtBuild) -> list[str]:
    """A few tickets of every kind the audit holds (chosen by id order)."""
    groups = [
        "first_failed_check is null",
        *(f"first_failed_check = '{check}'" for check in CHECK_ORDER),
        "over_billed_resolutions = 1",
        "over_billed_resolutions = -1",
        "contract_id is null",
        "is_vendor_billable_resolution is null",
    ]
    picked: list[str] = []
    for where in groups:
        for (ticket_id,) in build.query(
            f"select ticket_id from marts.fct_ticket_resolution_audit where {where}"
            f" order by ticket_id limit {PER_GROUP}"
        ):
            if ticket_id not in picked:
                picked.append(ticket_id)
    return picked


def test_audit_checks_match_the_staged_rows(generated_build: DbtBuild, staged: Staged) -> None:
    picked = picked_tickets(generated_build)
    rows = audit_rows(generated_build, "ticket_id in (" + ", ".join(f"'{t}'" for t in picked) + ")")
    expected = {ticket_id: recompute(staged, ticket_id) for ticket_id in picked}
    # The data holds every side: each failed check that can occur for a
    # claimed ticket, true resolutions, over-billing both ways.
    kinds = {row["first_failed_check"] for row in expected.values()}
    assert {None, "reopened", "repeat_contact_short_window", "csat_below_threshold"} <= kinds, kinds
    assert {1, -1} <= {row["over_billed_resolutions"] for row in expected.values()}
    assert len(picked) >= 12
    mismatches = [
        f"{ticket_id} {column}: audit {rows[ticket_id][column]!r}, staged rows {expected[ticket_id][column]!r}"
        for ticket_id in picked
        for column in COMPARED
        if rows[ticket_id][column] != expected[ticket_id][column]
    ]
    assert not mismatches, "\n".join(mismatches[:30])


def test_tickets_neither_claimed_nor_billed_are_not_in_the_audit(
    generated_build: DbtBuild, staged: Staged
) -> None:
    # Solved tickets outside the audit, a few per resolution path (the path
    # only picks them; it is recomputed below).
    outside = [
        ticket_id
        for (ticket_id,) in generated_build.query(
            "select ticket_id from ("
            " select ticket_id, row_number() over (partition by resolution_path order by ticket_id desc) as n"
            " from marts.fct_tickets where is_solved"
            " and ticket_id not in (select ticket_id from marts.fct_ticket_resolution_audit)"
            f") where n <= {4 * PER_GROUP}"
        )
    ]
    assert outside
    recomputed = {ticket_id: recompute(staged, ticket_id) for ticket_id in outside}
    wrongly_left_out = [t for t, row in recomputed.items() if row["in_audit"]]
    assert not wrongly_left_out
    # Among them, tickets the AI answered but a human took over.
    assert any(row["resolution_path"] == "ai_to_human" for row in recomputed.values())
    # And the audit holds every ticket the staged rows say it should, for the
    # tickets of one month.
    month = generated_build.query("select max(month_start) from marts.fct_ticket_resolution_audit")[0][0]
    in_month = [
        t for t, ticket in staged.tickets.items()
        if ticket["created_at"].date().replace(day=1) == month
    ]
    expected = {t for t in in_month if recompute(staged, t)["in_audit"]}
    actual = set(audit_rows(generated_build, f"month_start = date '{month.isoformat()}'"))
    assert expected == actual


def test_invoice_mart_counts_from_the_recomputed_flags(generated_build: DbtBuild, staged: Staged) -> None:
    """One contract-month of the invoice mart, recounted from every staged ticket."""
    contract_id, month, verified, billable, over_billed = generated_build.query(
        "select contract_id, month_start, verified_resolutions, billable_resolutions, over_billed_resolutions"
        " from marts.mart_vendor_pay_for_performance_monthly"
        " where over_billed_resolutions <> 0 order by month_start desc limit 1"
    )[0]
    counted = [0, 0]
    for ticket_id, ticket in staged.tickets.items():
        if ticket["created_at"].date().replace(day=1) != month:
            continue
        row = recompute(staged, ticket_id)
        if row["contract_id"] == contract_id:
            counted[0] += row["invoiced_resolutions"]
            counted[1] += row["vendor_billed_resolutions"]
    assert counted == [verified, billable]
    assert counted[1] - counted[0] == over_billed
