"""Tests of the staging layer against the raw export contract (docs/raw_exports.md).

Three builds, each read as files (var raw_source = 'files'):

* hand-built messy CSV exports of all 17 tables, one row per mess class, each row
  annotated with the fate the contract gives it (staged, duplicate, conflicting
  re-export, or the exact reject reasons); only ``dbt run --select staging``;
* the generator's messy CSV output (conftest ``generated_build``), compared with the
  generator's mess ledger (every reject and duplicate) and its clean ``_truth``
  (row counts and every staged value);
* a tiny generated dataset written as Parquet (var raw_export_format = 'parquet').

Expected numbers always come from the fixture data, the ledger or the truth, never
from the models. The two file builds of this module run concurrently with the
session's ``generated_build`` to keep the module under a few minutes on 2 cores.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from conftest import PROJECT_DIR, DbtBuild, generate, run_dbt

STAGING_SCHEMA = "staging"
STAGED, DUPLICATE, CONFLICT = "staged", "duplicate", "conflict"


# --- the contract, read from the doc ---------------------------------------------------

def _contract() -> dict[str, tuple[str, list[str]]]:
    """table -> (key, columns in order), parsed from docs/raw_exports.md."""
    text = (PROJECT_DIR / "docs" / "raw_exports.md").read_text()
    tables = {}
    for m in re.finditer(r"^\| (\w+) \| raw_\w+ \| (\w+) \| ([\w, ]+) \|$", text, re.M):
        tables[m[1]] = (m[2], [c.strip() for c in m[3].split(",")])
    assert len(tables) == 17, sorted(tables)
    return tables


CONTRACT = _contract()
TABLES = sorted(CONTRACT)

# table -> staging model (models/staging/<source>/stg_<source>__<entity>.sql)
STG = {
    "crm_accounts": "stg_crm__accounts",
    "crm_renewals": "stg_crm__renewals",
    "crm_opportunities": "stg_crm__opportunities",
    "crm_users": "stg_crm__users",
    "cs_interventions": "stg_cs_platform__interventions",
    "ai_tools": "stg_ai_telemetry__tools",
    "ai_events": "stg_ai_telemetry__events",
    "helpdesk_tickets": "stg_helpdesk__tickets",
    "helpdesk_messages": "stg_helpdesk__messages",
    "helpdesk_time_entries": "stg_helpdesk__time_entries",
    "helpdesk_surveys": "stg_helpdesk__surveys",
    "escalation_reviews": "stg_helpdesk__escalation_reviews",
    "qa_reviews": "stg_helpdesk__qa_reviews",
    "kb_articles": "stg_kb__articles",
    "kb_article_views": "stg_kb__article_views",
    "support_costs": "stg_finance__support_costs",
    "vendor_contracts": "stg_vendors__vendor_contracts",
}
# Contact fields hashed in staging: raw column -> staged column.
PII_HASHED = {
    "crm_users": {"email": "email_hash", "phone": "phone_hash"},
    "helpdesk_tickets": {"requester_email": "requester_email_hash"},
}


# --- hand-built messy exports ------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One raw row and what the contract says happens to it."""

    fate: str | frozenset[str]  # STAGED / DUPLICATE / CONFLICT, or the reject reasons
    values: dict[str, str] = field(default_factory=dict)


def staged(**values: str) -> Row:
    return Row(STAGED, values)


def duplicate(**values: str) -> Row:
    """Same key and same values after parsing as a row above (exact or re-spelled)."""
    return Row(DUPLICATE, values)


def conflict(**values: str) -> Row:
    """One of several different versions of one key: one is kept, the rest rejected."""
    return Row(CONFLICT, values)


def rejected(*reasons: str, **values: str) -> Row:
    return Row(frozenset(reasons), values)


# Planted PII: must never appear in clear text in the DuckDB file.
JANE_EMAIL = "jane.doe@example.com"
PII_EMAILS = (
    JANE_EMAIL, "omar.haddad@corp.example.org", "lee.wong@corp.example.org",
    "mallory.evil@example.net", "trent.x@example.net", "pat.conflict@example.com",
    "bob.builder@example.com", "carol.c@example.org", "ops.lead@corp.example.org",
)
PII_PHONES = (
    "+1 415 555 0134", "(020) 7946 0958", "+44 20 7946 0321", "+1 (212) 555-0187",
    "+1 415 555 0199", "+49 30 901820 17",
)
PII_BODY = (
    "Hi, please reach me at jane.doe@example.com or +1 415 555 0134 "
    "(office: (020) 7946 0958). Order placed 2025-03-14, still missing."
)
PII_BODY_MASKED = (
    "Hi, please reach me at [email] or [phone] "
    "(office: [phone]). Order placed 2025-03-14, still missing."
)
DATES_BODY = "Your invoice dated 2025-03-14 was re-sent at 2025-03-14T10:30:00Z, ref 42."
INTL_PHONE_BODY = "Call me at +49 30 901820 17 or +1 (212) 555-0187 if easier."
INTL_PHONE_BODY_MASKED = "Call me at [phone] or [phone] if easier."

_ACCOUNT = dict(account_name="Acme", owner_csm_id="U01", industry="Software",
                created_at="2025-01-15 09:30:00", arr_usd="12000", churned_at="")
_USER = dict(full_name="Sam Example", email="", phone="", role="csm", team="Team A",
             segment_focus="SMB", hired_at="2024-01-10 08:00:00", terminated_at="")
_INTERVENTION = dict(account_id="A01", csm_id="U01", intervention_type="adoption",
                     opened_at="2025-03-03 09:00:00", closed_at="", outcome="")
_TOOL = dict(tool_name="Copilot", vendor="Acme AI", approved_at="2025-01-01 00:00:00",
             retired_at="")
_EVENT = dict(occurred_at="2025-03-01 10:00:00", tool_id="TL01", user_id="U01",
              ticket_id="T01", intervention_id="", event_type="opened",
              ai_output_chars="", retained_ratio="")
_TICKET = dict(requester_id="C01", requester_email="", account_id="A01", channel="chat",
               category="Other", priority="normal", complexity="2",
               created_at="2025-03-01 08:00:00", status="open", solved_at="")
_MESSAGE = dict(ticket_id="T01", created_at="2025-03-01 08:05:00", author_role="customer",
                author_id="C01", event_type="message", is_public="true",
                sentiment_score="0", topic="", body="Hello")
_SURVEY = dict(ticket_id="T01", responded_at="2025-03-02 10:00:00")
_COST = dict(cost_month="2025-01-01", cost_type="tooling", channel="shared", amount_usd="100")
_CONTRACT = dict(vendor="Acme AI", tool_id="TL01", effective_from="2025-01-01",
                 effective_to="", price_per_resolution_usd="0.99", min_resolution_rate="0.6",
                 min_csat_pct="80", penalty_pct="10")

MESSY: dict[str, list[Row]] = {
    "crm_accounts": [
        staged(**{**_ACCOUNT, "account_id": "A01", "segment": "Mid-Market",
                  "industry": "Financial Services / Banking",
                  "created_at": "2025-01-15T09:30:00Z"}),
        duplicate(**{**_ACCOUNT, "account_id": "A01", "segment": "Mid-Market",
                     "industry": "Financial Services / Banking",
                     "created_at": "2025-01-15T09:30:00Z"}),  # exact re-export
        staged(**{**_ACCOUNT, "account_id": "A02", "account_name": "Acme Two",
                  "segment": "mid market", "industry": "  Retail & E-Commerce ",
                  "created_at": "2025-01-15 11:30:00+02:00", "arr_usd": "8000.5",
                  "churned_at": "NULL"}),
        duplicate(**{**_ACCOUNT, "account_id": "A02", "account_name": " Acme Two ",
                     "segment": "MID_MARKET", "industry": "retail / e-commerce",
                     "created_at": "2025-01-15T09:30:00+00:00", "arr_usd": "8000.50",
                     "churned_at": "n/a"}),  # re-spelled re-export
        staged(**{**_ACCOUNT, "account_id": "A03", "segment": "MM", "arr_usd": "1234567.89"}),
        staged(**{**_ACCOUNT, "account_id": "A04", "segment": "ENT", "churned_at": "none"}),
        staged(**{**_ACCOUNT, "account_id": "A05", "segment": " smb ", "owner_csm_id": "   "}),
        staged(**{**_ACCOUNT, "account_id": "A06", "segment": "enterprise",
                  "churned_at": "2025-06-30T00:00:00Z"}),
        staged(**{**_ACCOUNT, "account_id": "A07", "segment": "Small Business"}),
        rejected("unknown segment", **{**_ACCOUNT, "account_id": "A08", "segment": "platinum"}),
        rejected("missing account_id", **{**_ACCOUNT, "account_id": "", "segment": "SMB"}),
        rejected("missing account_id", **{**_ACCOUNT, "account_id": "NULL", "segment": "SMB"}),
        rejected("unparseable created_at",
                 **{**_ACCOUNT, "account_id": "A09", "segment": "SMB", "created_at": "not a date"}),
        rejected("arr_usd out of range",
                 **{**_ACCOUNT, "account_id": "A10", "segment": "SMB", "arr_usd": "-100"}),
        rejected("unparseable arr_usd",  # decimal separator is '.', no grouping
                 **{**_ACCOUNT, "account_id": "A15", "segment": "SMB", "arr_usd": "12,000"}),
        rejected("unknown segment", "unparseable created_at",  # two problems, both reported
                 **{**_ACCOUNT, "account_id": "A11", "segment": "platinum",
                    "created_at": "31/12/2025 10:00"}),
        rejected("churned_at before created_at",
                 **{**_ACCOUNT, "account_id": "A12", "segment": "SMB",
                    "created_at": "2025-03-01 00:00:00", "churned_at": "2025-02-01 00:00:00"}),
        rejected("missing segment", **{**_ACCOUNT, "account_id": "A13", "segment": "  "}),
        conflict(**{**_ACCOUNT, "account_id": "A14", "segment": "SMB", "arr_usd": "5000"}),
        conflict(**{**_ACCOUNT, "account_id": "A14", "segment": "SMB", "arr_usd": "6000"}),
    ],
    "crm_renewals": [
        staged(renewal_id="R01", account_id="A01", renewal_date="2025-03-01",
               arr_before_usd="10000", arr_after_usd="12000", outcome="Expansion"),
        staged(renewal_id="R02", account_id="A02", renewal_date="2025-03-01 10:00:00",
               arr_before_usd="3.0", arr_after_usd="0", outcome="CHURN"),
        staged(renewal_id="R03", account_id="A03", renewal_date="2025-04-30T23:00:00Z",
               arr_before_usd="5000", arr_after_usd="5000", outcome="Renewed"),
        staged(renewal_id="R04", account_id="A04", renewal_date=" 2025-05-01 ",
               arr_before_usd="5000", arr_after_usd="4000", outcome="down-sell"),
        rejected("unparseable renewal_date", renewal_id="R05", account_id="A01",
                 renewal_date="2025-02-30", outcome="renewed"),
        rejected("unparseable renewal_date", renewal_id="R06", account_id="A01",
                 renewal_date="01/03/2025", outcome="renewed"),
        rejected("missing renewal_date", renewal_id="R07", account_id="A01",
                 renewal_date="", outcome="renewed"),
        rejected("arr_after_usd out of range", renewal_id="R08", account_id="A01",
                 renewal_date="2025-03-01", arr_after_usd="-1", outcome="renewed"),
        rejected("unknown outcome", renewal_id="R09", account_id="A01",
                 renewal_date="2025-03-01", outcome="maybe"),
    ],
    "crm_opportunities": [
        staged(opportunity_id="O01", account_id="A01", created_at="2025-02-01 10:00:00",
               closed_at="2025-02-20 10:00:00", opportunity_type="Cross-Sell",
               stage="Closed Won", amount_usd="2500", source_ticket_id="T01"),
        staged(opportunity_id="O02", account_id="A01", created_at="2025-02-01 10:00:00",
               closed_at="2025-02-21 10:00:00", opportunity_type="X-Sell", stage="won",
               amount_usd="100.25"),
        staged(opportunity_id="O03", account_id="A02", created_at="2025-02-01 10:00:00",
               opportunity_type="Retention", stage="In Progress", source_intervention_id="I01"),
        staged(opportunity_id="O04", account_id="A02", created_at="2025-02-01 10:00:00",
               closed_at="2025-02-03 10:00:00", opportunity_type="UPSELL", stage="LOST",
               amount_usd="0"),
        rejected("amount_usd out of range", opportunity_id="O05", account_id="A01",
                 created_at="2025-02-01 10:00:00", opportunity_type="upsell", stage="open",
                 amount_usd="-250"),
        rejected("closed_at before created_at", opportunity_id="O06", account_id="A01",
                 created_at="2025-02-01 10:00:00", closed_at="2025-01-01 10:00:00",
                 opportunity_type="upsell", stage="closed_won"),
        rejected("missing account_id", opportunity_id="O07", account_id="n/a",
                 created_at="2025-02-01 10:00:00", opportunity_type="upsell", stage="open"),
        rejected("unknown stage", opportunity_id="O08", account_id="A01",
                 created_at="2025-02-01 10:00:00", opportunity_type="upsell",
                 stage="negotiation"),
    ],
    "crm_users": [
        staged(**{**_USER, "user_id": "U01", "full_name": "Jane Doe", "email": JANE_EMAIL,
                  "phone": "+1 415 555 0134", "role": "CSM", "team": "Mid-Market Team / East",
                  "segment_focus": "mid market", "hired_at": "2024-01-10T09:00:00+0100"}),
        duplicate(**{**_USER, "user_id": "U01", "full_name": "Jane Doe",
                     "email": "  Jane.Doe@Example.COM ", "phone": "+1 415 555 0134",
                     "role": "Customer Success Manager", "team": "mid-market team east",
                     "segment_focus": "MM", "hired_at": "2024-01-10 08:00:00Z"}),
        staged(**{**_USER, "user_id": "U02", "full_name": "Omar Haddad",
                  "email": "omar.haddad@corp.example.org", "phone": "(020) 7946 0958",
                  "role": "Agent", "team": "Tier 2 Support", "segment_focus": ""}),
        staged(**{**_USER, "user_id": "U03", "role": "MGR", "email": "", "phone": "NULL",
                  "segment_focus": "n/a"}),
        staged(**{**_USER, "user_id": "U04", "email": "lee.wong@corp.example.org",
                  "phone": "+44 20 7946 0321", "role": "support", "segment_focus": "ENT"}),
        rejected("unknown role", **{**_USER, "user_id": "U05", "email": "mallory.evil@example.net",
                                    "phone": "+1 (212) 555-0187", "role": "wizard"}),
        rejected("unparseable hired_at",
                 **{**_USER, "user_id": "U06", "email": "trent.x@example.net",
                    "phone": "+1 415 555 0199", "hired_at": "yesterday"}),
        rejected("terminated_at before hired_at",
                 **{**_USER, "user_id": "U07", "terminated_at": "2023-12-31 00:00:00"}),
        conflict(**{**_USER, "user_id": "U08", "email": "pat.conflict@example.com", "role": "csm"}),
        conflict(**{**_USER, "user_id": "U08", "email": "pat.conflict@example.com",
                    "role": "manager"}),
    ],
    "cs_interventions": [
        staged(**{**_INTERVENTION, "intervention_id": "I01", "intervention_type": "At-Risk",
                  "opened_at": "2025-03-03 09:00:00.750", "closed_at": "2025-03-10 09:00:00",
                  "outcome": "Retained"}),
        staged(**{**_INTERVENTION, "intervention_id": "I02", "intervention_type": "Business Review",
                  "outcome": "n/a"}),
        staged(**{**_INTERVENTION, "intervention_id": "I03", "intervention_type": "Onboard",
                  "closed_at": "2025-03-04 09:00:00", "outcome": "No Reply"}),
        rejected("unknown intervention_type",
                 **{**_INTERVENTION, "intervention_id": "I04", "intervention_type": "party"}),
        rejected("unparseable opened_at",
                 **{**_INTERVENTION, "intervention_id": "I05", "opened_at": "2025-13-01 08:00:00"}),
        rejected("closed_at before opened_at",
                 **{**_INTERVENTION, "intervention_id": "I06", "closed_at": "2025-03-01 09:00:00"}),
        rejected("missing intervention_id", **{**_INTERVENTION, "intervention_id": ""}),
    ],
    "ai_tools": [
        *[staged(**{**_TOOL, "tool_id": f"TL{i:02d}", "is_approved": v})
          for i, v in enumerate(["true", "TRUE", "1", "yes", "Y", "t",
                                 "false", "0", "no", "N", "f", " False "], start=1)],
        duplicate(**{**_TOOL, "tool_id": "TL01", "is_approved": "true"}),
        duplicate(**{**_TOOL, "tool_id": "TL02", "is_approved": "Yes",
                     "approved_at": "2025-01-01T00:00:00Z"}),
        rejected("unparseable is_approved", **{**_TOOL, "tool_id": "TL13", "is_approved": "maybe"}),
        rejected("missing is_approved", **{**_TOOL, "tool_id": "TL14", "is_approved": ""}),
        rejected("retired_at before approved_at",
                 **{**_TOOL, "tool_id": "TL15", "is_approved": "true",
                    "approved_at": "2025-05-01 00:00:00", "retired_at": "2025-04-01 00:00:00"}),
    ],
    "ai_events": [
        staged(**{**_EVENT, "event_id": "E01", "occurred_at": "2025-03-01T10:00:00Z",
                  "intervention_id": "", "event_type": "Draft Sent",
                  "ai_output_chars": "1200", "retained_ratio": "0.75"}),
        duplicate(**{**_EVENT, "event_id": "E01", "occurred_at": "2025-03-01T10:00:00Z",
                     "intervention_id": "", "event_type": "Draft Sent",
                     "ai_output_chars": "1200", "retained_ratio": "0.75"}),
        staged(**{**_EVENT, "event_id": "E02", "occurred_at": "2025-03-01 12:00:00+02:00",
                  "intervention_id": "NULL", "event_type": "draft_generated",
                  "ai_output_chars": "1200.0", "retained_ratio": "1"}),
        duplicate(**{**_EVENT, "event_id": "E02", "occurred_at": "2025-03-01T10:00:00Z",
                     "intervention_id": "null", "event_type": "Draft Generated",
                     "ai_output_chars": "1200", "retained_ratio": "1.0"}),
        staged(**{**_EVENT, "event_id": "E03", "occurred_at": "2025-03-01 05:00:00-05:00",
                  "intervention_id": "n/a", "event_type": "OPENED"}),
        staged(**{**_EVENT, "event_id": "E04", "occurred_at": "2025-03-01 15:30:00+05:30",
                  "intervention_id": "   ", "event_type": "sent", "retained_ratio": "0.49"}),
        staged(**{**_EVENT, "event_id": "E05", "occurred_at": "2025-03-01 10:00:00",
                  "intervention_id": "None", "event_type": "Autonomous", "user_id": ""}),
        staged(**{**_EVENT, "event_id": "E06", "occurred_at": "2025-03-01T10:00:00.123456Z",
                  "intervention_id": "NaN", "event_type": "signal"}),
        staged(**{**_EVENT, "event_id": "E07", "occurred_at": "2025-03-01 10:00:00.5",
                  "intervention_id": "NA", "event_type": "recommendation"}),
        staged(**{**_EVENT, "event_id": "E08", "occurred_at": "2025-03-01T11:00:00+0100",
                  "intervention_id": "I01", "event_type": "Accepted"}),
        staged(**{**_EVENT, "event_id": "E09", "occurred_at": "2025-03-01T23:30:00-05:00",
                  "event_type": "Signal Surfaced"}),
        staged(**{**_EVENT, "event_id": "E10", "occurred_at": "2025-03-02T01:00:00+05:30",
                  "event_type": "AUTO-ACTION"}),
        staged(**{**_EVENT, "event_id": "E11", "occurred_at": "2025-03-01T10:00:00",
                  "event_type": "draft_sent", "retained_ratio": "0"}),
        rejected("unparseable occurred_at",
                 **{**_EVENT, "event_id": "E20", "occurred_at": "2025-02-30 10:00:00"}),
        rejected("unparseable occurred_at",
                 **{**_EVENT, "event_id": "E21", "occurred_at": "31/12/2025 10:00"}),
        rejected("unparseable occurred_at",
                 **{**_EVENT, "event_id": "E22", "occurred_at": "not a date"}),
        rejected("retained_ratio out of range",
                 **{**_EVENT, "event_id": "E23", "event_type": "draft_sent",
                    "retained_ratio": "1.3"}),
        rejected("retained_ratio out of range",
                 **{**_EVENT, "event_id": "E24", "event_type": "draft_sent",
                    "retained_ratio": "-0.1"}),
        rejected("unparseable ai_output_chars",
                 **{**_EVENT, "event_id": "E25", "ai_output_chars": "12.5"}),
        rejected("ai_output_chars out of range",
                 **{**_EVENT, "event_id": "E26", "ai_output_chars": "-5"}),
        rejected("unknown event_type", "retained_ratio out of range",
                 **{**_EVENT, "event_id": "E27", "event_type": "teleport",
                    "retained_ratio": "1.3"}),
        rejected("missing event_id", **{**_EVENT, "event_id": ""}),
        rejected("missing tool_id", **{**_EVENT, "event_id": "E28", "tool_id": ""}),
        conflict(**{**_EVENT, "event_id": "E30", "event_type": "draft_sent", "tool_id": "TL01"}),
        conflict(**{**_EVENT, "event_id": "E30", "event_type": "draft_sent", "tool_id": "TL02"}),
    ],
    "helpdesk_tickets": [
        staged(**{**_TICKET, "ticket_id": "T01", "requester_email": "JANE.DOE@example.com",
                  "channel": "Live Chat", "category": "Billing / Invoices", "priority": "P1",
                  "complexity": "3.0", "created_at": "2025-03-01T08:00:00Z",
                  "status": "Resolved", "solved_at": "2025-03-01T09:15:00Z"}),
        duplicate(**{**_TICKET, "ticket_id": "T01", "requester_email": " jane.doe@EXAMPLE.com",
                     "channel": "livechat", "category": "billing-invoices",
                     "priority": "critical", "complexity": "3",
                     "created_at": "2025-03-01 09:00:00+01:00", "status": "solved",
                     "solved_at": "2025-03-01 04:15:00-05:00"}),
        staged(**{**_TICKET, "ticket_id": "T02", "channel": "Web Form",
                  "category": "  Account Access ", "priority": "Medium", "complexity": "1",
                  "status": "On Hold"}),
        staged(**{**_TICKET, "ticket_id": "T03", "channel": "EMAIL",
                  "category": "API & Integrations", "priority": "low", "complexity": "5",
                  "status": "new", "requester_email": "n/a"}),
        staged(**{**_TICKET, "ticket_id": "T04", "channel": "call", "category": "Login-Issues",
                  "priority": "URGENT", "complexity": ""}),
        rejected("complexity out of range", **{**_TICKET, "ticket_id": "T05", "complexity": "9"}),
        rejected("complexity out of range", **{**_TICKET, "ticket_id": "T06", "complexity": "0"}),
        rejected("solved_at before created_at",
                 **{**_TICKET, "ticket_id": "T07", "status": "solved",
                    "solved_at": "2025-03-01 07:00:00"}),
        rejected("unknown channel", **{**_TICKET, "ticket_id": "T08", "channel": "carrier pigeon"}),
        rejected("missing ticket_id",
                 **{**_TICKET, "ticket_id": "", "requester_email": "bob.builder@example.com"}),
        rejected("unparseable created_at",
                 **{**_TICKET, "ticket_id": "T09", "requester_email": "carol.c@example.org",
                    "created_at": "2025-02-30 10:00:00"}),
        conflict(**{**_TICKET, "ticket_id": "T10", "status": "open"}),
        conflict(**{**_TICKET, "ticket_id": "T10", "status": "pending"}),
    ],
    "helpdesk_messages": [
        staged(**{**_MESSAGE, "message_id": "M01", "created_at": "2025-03-01T08:00:00Z",
                  "author_role": "End User", "event_type": "Message", "is_public": "yes",
                  "sentiment_score": "-0.4", "topic": "Billing Question", "body": PII_BODY}),
        duplicate(**{**_MESSAGE, "message_id": "M01", "created_at": "2025-03-01T08:00:00Z",
                     "author_role": "End User", "event_type": "Message", "is_public": "yes",
                     "sentiment_score": "-0.4", "topic": "Billing Question",
                     "body": PII_BODY}),
        staged(**{**_MESSAGE, "message_id": "M02", "author_role": "Bot", "author_id": "AT01",
                  "event_type": "msg", "is_public": "Y", "sentiment_score": "1",
                  "body": DATES_BODY}),
        staged(**{**_MESSAGE, "message_id": "M03", "author_role": "Human Agent",
                  "author_id": "U02", "event_type": "Escalation", "is_public": "false",
                  "sentiment_score": ""}),
        staged(**{**_MESSAGE, "message_id": "M04", "author_role": "System", "author_id": "",
                  "event_type": "Private Note", "is_public": "N", "sentiment_score": "-1"}),
        staged(**{**_MESSAGE, "message_id": "M05", "event_type": "Reopen", "is_public": "T"}),
        staged(**{**_MESSAGE, "message_id": "M06", "author_role": "ai",
                  "event_type": "Out of Scope Question", "is_public": "0"}),
        staged(**{**_MESSAGE, "message_id": "M11", "body": INTL_PHONE_BODY}),
        rejected("sentiment_score out of range",
                 **{**_MESSAGE, "message_id": "M07", "sentiment_score": "1.7"}),
        rejected("unknown author_role",
                 **{**_MESSAGE, "message_id": "M08", "author_role": "alien",
                    "body": "Call mallory at +44 20 7946 0321 or mail ops.lead@corp.example.org"}),
        rejected("unparseable is_public",
                 **{**_MESSAGE, "message_id": "M09", "is_public": "maybe"}),
        rejected("missing ticket_id", **{**_MESSAGE, "message_id": "M10", "ticket_id": ""}),
    ],
    "helpdesk_time_entries": [
        staged(time_entry_id="TE01", ticket_id="T01", agent_id="U02",
               started_at="2025-03-01 08:30:00.123", seconds="600.0"),
        duplicate(time_entry_id="TE01", ticket_id="T01", agent_id="U02",
                  started_at="2025-03-01T08:30:00.123Z", seconds="600"),
        staged(time_entry_id="TE02", ticket_id="T01", agent_id="U02",
               started_at="2025-03-01 09:00:00", seconds="0"),
        rejected("seconds out of range", time_entry_id="TE03", ticket_id="T01",
                 started_at="2025-03-01 09:00:00", seconds="-30"),
        rejected("unparseable seconds", time_entry_id="TE04", ticket_id="T01",
                 started_at="2025-03-01 09:00:00", seconds="1.5"),
        rejected("missing seconds", time_entry_id="TE05", ticket_id="T01",
                 started_at="2025-03-01 09:00:00", seconds=""),
        rejected("missing ticket_id", time_entry_id="TE06", ticket_id="NULL",
                 started_at="2025-03-01 09:00:00", seconds="60"),
        rejected("unparseable seconds", time_entry_id="TE07", ticket_id="T01",
                 started_at="2025-03-01 09:00:00", seconds="ten"),
    ],
    "helpdesk_surveys": [
        staged(**_SURVEY, survey_id="S01", survey_type="CSAT", score="5"),
        staged(**_SURVEY, survey_id="S02", survey_type="csat", score="1"),
        staged(**_SURVEY, survey_id="S03", survey_type="Net Promoter Score", score="0"),
        staged(**_SURVEY, survey_id="S04", survey_type="NPS", score="10"),
        staged(**_SURVEY, survey_id="S05", survey_type="effort", score="7"),
        staged(**_SURVEY, survey_id="S06", survey_type="CES", score="1"),
        staged(**_SURVEY, survey_id="S07", survey_type="Satisfaction", score="4.0"),
        rejected("score out of range for survey_type", **_SURVEY, survey_id="S08",
                 survey_type="csat", score="6"),
        rejected("score out of range for survey_type", **_SURVEY, survey_id="S09",
                 survey_type="nps", score="11"),
        rejected("score out of range for survey_type", **_SURVEY, survey_id="S10",
                 survey_type="ces", score="0"),
        rejected("unknown survey_type", **_SURVEY, survey_id="S12", survey_type="happiness",
                 score="3"),
        rejected("unparseable score", **_SURVEY, survey_id="S13", survey_type="csat",
                 score="4.5"),
        rejected("unparseable responded_at", survey_id="S14", ticket_id="T01",
                 responded_at="not a date", survey_type="csat", score="4"),
    ],
    "escalation_reviews": [
        staged(review_id="ER01", ticket_id="T01", reviewer_id="U02",
               reviewed_at="2025-03-02 10:00:00", was_necessary="yes",
               had_sufficient_context="no", routed_correctly="Y"),
        staged(review_id="ER02", ticket_id="T01", reviewer_id="U02",
               reviewed_at="2025-03-02 10:00:00", was_necessary="n",
               had_sufficient_context="TRUE", routed_correctly="0"),
        staged(review_id="ER03", ticket_id="T01", reviewer_id="U02",
               reviewed_at="2025-03-02 10:00:00", was_necessary="",
               had_sufficient_context="NULL", routed_correctly="1"),
        rejected("unparseable was_necessary", review_id="ER04", ticket_id="T01",
                 was_necessary="perhaps"),
        rejected("missing ticket_id", review_id="ER05", ticket_id="", was_necessary="yes"),
    ],
    "qa_reviews": [
        staged(qa_review_id="Q01", ticket_id="T01", reviewed_at="2025-03-02 10:00:00",
               has_hallucination="t", has_policy_violation="F"),
        staged(qa_review_id="Q02", ticket_id="T01", reviewed_at="2025-03-02 10:00:00",
               has_hallucination="False", has_policy_violation="true"),
        rejected("unparseable reviewed_at", qa_review_id="Q03", ticket_id="T01",
                 reviewed_at="2025-03-01 25:00:00", has_hallucination="f"),
    ],
    # An empty export (header only) is valid: zero rows everywhere.
    "kb_articles": [],
    "kb_article_views": [
        staged(view_id="V01", article_id="KB01", requester_id="C01",
               viewed_at="2025-03-01 07:45:00", voted_helpful="yes"),
        duplicate(view_id="V01", article_id="KB01", requester_id="C01",
                  viewed_at="2025-03-01 07:45:00", voted_helpful="yes"),
        staged(view_id="V02", article_id="KB01", requester_id="C01",
               viewed_at="2025-03-01 07:50:00", voted_helpful=""),
        rejected("missing viewed_at", view_id="V03", article_id="KB01", viewed_at=""),
    ],
    "support_costs": [
        staged(**{**_COST, "cost_line_id": "C01", "cost_type": "Labor", "channel": "People",
                  "amount_usd": "52000.10"}),
        staged(**{**_COST, "cost_line_id": "C02", "cost_type": "AI Platform Fee",
                  "channel": "Bot"}),
        staged(**{**_COST, "cost_line_id": "C03", "cost_month": "2025-02-01T00:00:00Z",
                  "cost_type": "Optimisation", "channel": "Overhead"}),
        rejected("amount_usd out of range",
                 **{**_COST, "cost_line_id": "C04", "amount_usd": "-10"}),
        rejected("unknown cost_type", **{**_COST, "cost_line_id": "C05", "cost_type": "catering"}),
        rejected("unparseable cost_month",
                 **{**_COST, "cost_line_id": "C06", "cost_month": "Feb 2025"}),
    ],
    "vendor_contracts": [
        staged(**{**_CONTRACT, "contract_id": "VC01"}),
        rejected("min_csat_pct out of range",
                 **{**_CONTRACT, "contract_id": "VC02", "min_csat_pct": "120"}),
        rejected("effective_to before effective_from",
                 **{**_CONTRACT, "contract_id": "VC03", "effective_to": "2024-12-31"}),
        rejected("min_resolution_rate out of range",
                 **{**_CONTRACT, "contract_id": "VC04", "min_resolution_rate": "1.5"}),
    ],
}


def _write_messy_exports(out: Path) -> None:
    out.mkdir(parents=True)
    assert set(MESSY) == set(CONTRACT)
    for table, (_, columns) in CONTRACT.items():
        with open(out / f"{table}.csv", "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            for row in MESSY[table]:
                unknown = set(row.values) - set(columns)
                assert not unknown, f"{table}: not in the contract: {unknown}"
                writer.writerow([row.values.get(c, "") for c in columns])


def _key_value(table: str, row: Row) -> str | None:
    """The raw key as staging reports it: trimmed, null spellings as None."""
    raw = row.values.get(CONTRACT[table][0], "").strip()
    return None if raw.lower() in ("", "null", "none", "n/a", "na", "nan") else raw


@dataclass(frozen=True)
class Expected:
    raw: int
    staged: int
    duplicates: int
    rejected: int


def _expected_counts(table: str) -> Expected:
    rows = MESSY[table]
    conflicts = [_key_value(table, r) for r in rows if r.fate == CONFLICT]
    groups = len(set(conflicts))
    plain_rejects = sum(isinstance(r.fate, frozenset) for r in rows)
    return Expected(
        raw=len(rows),
        staged=sum(r.fate == STAGED for r in rows) + groups,
        duplicates=sum(r.fate == DUPLICATE for r in rows),
        rejected=plain_rejects + len(conflicts) - groups,
    )


def _expected_rejects() -> Counter:
    """Multiset of (table, source_key, reasons) the hand-built rows imply."""
    expected: Counter = Counter()
    for table, rows in MESSY.items():
        key = CONTRACT[table][0]
        conflicts = Counter(_key_value(table, r) for r in rows if r.fate == CONFLICT)
        for value, n in conflicts.items():
            reason = frozenset([f"conflicting values for a re-exported {key}"])
            expected[(table, value, reason)] += n - 1
        for row in rows:
            if isinstance(row.fate, frozenset):
                expected[(table, _key_value(table, row), row.fate)] += 1
    return expected


# --- builds -------------------------------------------------------------------------------

PARQUET_SEED = 11
PARQUET_SCALE = 0.1


def _build_messy(work: Path) -> DbtBuild:
    data_dir = work / "exports"
    _write_messy_exports(data_dir)
    dbt_vars = {"raw_source": "files", "raw_export_dir": str(data_dir)}
    db_path = work / "messy.duckdb"
    run_dbt(["run", "--select", "staging", "stg_rejects", "stg_row_reconciliation"], db_path, work, dbt_vars)
    return DbtBuild(db_path=db_path, data_dir=data_dir, vars=dbt_vars)


def _build_parquet(work: Path) -> DbtBuild:
    data_dir = work / "exports"
    generate(data_dir, PARQUET_SEED, PARQUET_SCALE, fmt="parquet")
    dbt_vars = {"raw_source": "files", "raw_export_dir": str(data_dir),
                "raw_export_format": "parquet"}
    db_path = work / "parquet.duckdb"
    run_dbt(["run", "--select", "staging", "stg_rejects", "stg_row_reconciliation"], db_path, work, dbt_vars)
    return DbtBuild(db_path=db_path, data_dir=data_dir, vars=dbt_vars)


@dataclass(frozen=True)
class StagingBuilds:
    messy: DbtBuild
    parquet: DbtBuild


@pytest.fixture(scope="module")
def staging_builds(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> StagingBuilds:
    """Both file builds of this module, run in the background; if this session
    also needs ``generated_build``, it is built meanwhile in the foreground."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        messy = pool.submit(_build_messy, tmp_path_factory.mktemp("staging_messy"))
        parquet = pool.submit(_build_parquet, tmp_path_factory.mktemp("staging_parquet"))
        if any("generated_build" in getattr(item, "fixturenames", ())
               for item in request.session.items):
            request.getfixturevalue("generated_build")
        return StagingBuilds(messy=messy.result(), parquet=parquet.result())


@pytest.fixture(scope="module")
def messy(staging_builds: StagingBuilds) -> DbtBuild:
    return staging_builds.messy


@pytest.fixture(scope="module")
def parquet_build(staging_builds: StagingBuilds) -> DbtBuild:
    return staging_builds.parquet


def _column(build: DbtBuild, table: str, column: str) -> dict[str, Any]:
    """key -> value of one column of a stg_ model."""
    key = CONTRACT[table][0]
    rows = build.query(f"select {key}, {column} from {STAGING_SCHEMA}.{STG[table]}")
    return dict(rows)


def _reconciliation(build: DbtBuild) -> dict[str, tuple[int, int, int, int, int]]:
    rows = build.query(
        "select source_table, raw_rows, staged_rows, duplicate_rows, rejected_rows, "
        f"unexplained_rows from {STAGING_SCHEMA}.stg_row_reconciliation"
    )
    return {r[0]: tuple(r[1:]) for r in rows}


def _rejects(build: DbtBuild) -> list[tuple[str, str | None, str, str]]:
    return build.query(
        "select source_table, source_key, reject_reason, raw_row "
        f"from {STAGING_SCHEMA}.stg_rejects"
    )


def _text_columns(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]) -> list[tuple]:
    return con.execute(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where data_type = 'VARCHAR' and table_schema in (select unnest(?))",
        [list(schemas)],
    ).fetchall()


def _clear_text_pii(
    db_path: Path, schemas: tuple[str, ...], needles: list[str]
) -> list[tuple[str, str, str]]:
    """(relation.column, needle, value) for every text value that holds a needle
    (case-insensitive) or anything shaped like an e-mail address."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        columns = _text_columns(con, schemas)
        assert columns, f"no text columns in {schemas}"
        values = " union all ".join(
            f"select '{s}.{t}.{c}' as loc, \"{c}\" as v from \"{s}\".\"{t}\" "
            f"where \"{c}\" is not null"
            for s, t, c in columns
        )
        return con.execute(
            f"""
            with v as ({values}),
            needles as (select lower(unnest(?)) as needle)
            select loc, needle, v from v join needles on contains(lower(v), needle)
            union all
            select loc, 'an e-mail address', v from v
            where regexp_matches(v, '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+')
            order by 1, 2
            limit 20
            """,
            [needles],
        ).fetchall()


# --- 1. hand-built messy rows -------------------------------------------------------------

def test_enum_spellings_and_aliases_become_canonical(messy: DbtBuild) -> None:
    assert _column(messy, "crm_accounts", "segment") == {
        "A01": "Mid-Market", "A02": "Mid-Market", "A03": "Mid-Market", "A04": "Enterprise",
        "A05": "SMB", "A06": "Enterprise", "A07": "SMB", "A14": "SMB",
    }
    assert _column(messy, "crm_users", "segment_focus") == {
        "U01": "Mid-Market", "U02": None, "U03": None, "U04": "Enterprise", "U08": "SMB",
    }
    roles = _column(messy, "crm_users", "role")
    roles.pop("U08")  # two versions: see the conflict test
    assert roles == {
        "U01": "csm", "U02": "support_agent", "U03": "manager", "U04": "support_agent",
    }
    assert _column(messy, "crm_renewals", "outcome") == {
        "R01": "expanded", "R02": "churned", "R03": "renewed", "R04": "contracted",
    }
    assert _column(messy, "crm_opportunities", "opportunity_type") == {
        "O01": "cross_sell", "O02": "cross_sell", "O03": "retention_save", "O04": "upsell",
    }
    assert _column(messy, "crm_opportunities", "stage") == {
        "O01": "closed_won", "O02": "closed_won", "O03": "open", "O04": "closed_lost",
    }
    assert _column(messy, "cs_interventions", "intervention_type") == {
        "I01": "risk_mitigation", "I02": "qbr", "I03": "onboarding",
    }
    assert _column(messy, "cs_interventions", "outcome") == {
        "I01": "saved", "I02": None, "I03": "no_response",
    }
    assert _column(messy, "ai_events", "event_type") == {
        "E01": "draft_sent", "E02": "draft_generated", "E03": "opened", "E04": "draft_sent",
        "E05": "autonomous_action", "E06": "signal_surfaced",
        "E07": "recommendation_generated", "E08": "recommendation_accepted",
        "E09": "signal_surfaced", "E10": "autonomous_action", "E11": "draft_sent",
        "E30": "draft_sent",
    }
    tickets = messy.query(
        f"select ticket_id, channel, priority, status from {STAGING_SCHEMA}.stg_helpdesk__tickets"
    )
    assert {t[0]: t[1:] for t in tickets if t[0] != "T10"} == {  # T10: conflict test
        "T01": ("chat", "urgent", "solved"), "T02": ("web", "normal", "pending"),
        "T03": ("email", "low", "new"), "T04": ("phone", "urgent", "open"),
    }
    messages = messy.query(
        f"select message_id, author_role, event_type from {STAGING_SCHEMA}.stg_helpdesk__messages"
    )
    assert {m[0]: m[1:] for m in messages} == {
        "M01": ("customer", "message"), "M02": ("ai_agent", "message"),
        "M03": ("agent", "handoff_to_human"), "M04": ("system", "internal_note"),
        "M05": ("customer", "reopened"), "M06": ("ai_agent", "out_of_scope"),
        "M11": ("customer", "message"),
    }
    assert _column(messy, "helpdesk_surveys", "survey_type") == {
        "S01": "csat", "S02": "csat", "S03": "nps", "S04": "nps", "S05": "ces", "S06": "ces",
        "S07": "csat",
    }
    costs = messy.query(
        f"select cost_line_id, cost_type, channel from {STAGING_SCHEMA}.stg_finance__support_costs"
    )
    assert {c[0]: c[1:] for c in costs} == {
        "C01": ("agent_labor", "human"), "C02": ("ai_platform_fee", "ai"),
        "C03": ("optimization", "shared"),
    }


def test_free_text_labels_become_snake_case(messy: DbtBuild) -> None:
    assert _column(messy, "helpdesk_tickets", "category") == {
        "T01": "billing_invoices", "T02": "account_access", "T03": "api_integrations",
        "T04": "login_issues", "T10": "other",
    }
    assert _column(messy, "crm_accounts", "industry")["A01"] == "financial_services_banking"
    assert _column(messy, "crm_accounts", "industry")["A02"] == "retail_e_commerce"
    assert _column(messy, "crm_users", "team")["U01"] == "mid_market_team_east"
    assert _column(messy, "crm_users", "team")["U02"] == "tier_2_support"
    assert _column(messy, "helpdesk_messages", "topic")["M01"] == "billing_question"
    assert _column(messy, "helpdesk_messages", "topic")["M02"] is None


def test_timestamps_in_every_accepted_format_become_the_right_utc_instant(
    messy: DbtBuild,
) -> None:
    ten = datetime(2025, 3, 1, 10, 0)
    assert _column(messy, "ai_events", "occurred_at") == {
        "E01": ten,                                      # 'T' and 'Z'
        "E02": ten,                                      # +02:00
        "E03": ten,                                      # -05:00
        "E04": ten,                                      # +05:30
        "E05": ten,                                      # no offset = UTC
        "E06": datetime(2025, 3, 1, 10, 0, 0, 123456),   # microseconds
        "E07": datetime(2025, 3, 1, 10, 0, 0, 500000),   # fractional, no offset
        "E08": ten,                                      # +HHMM
        "E09": datetime(2025, 3, 2, 4, 30),              # crosses midnight forward
        "E10": datetime(2025, 3, 1, 19, 30),             # crosses midnight backward
        "E11": ten,                                      # 'T', no offset
        "E30": ten,
    }
    assert _column(messy, "crm_users", "hired_at")["U01"] == datetime(2024, 1, 10, 8, 0)
    assert _column(messy, "cs_interventions", "opened_at")["I01"] == datetime(
        2025, 3, 3, 9, 0, 0, 750000
    )
    assert _column(messy, "helpdesk_time_entries", "started_at")["TE01"] == datetime(
        2025, 3, 1, 8, 30, 0, 123000
    )
    assert _column(messy, "crm_accounts", "created_at")["A02"] == datetime(2025, 1, 15, 9, 30)


def test_date_columns_parse_and_timestamps_are_cut_to_their_date(messy: DbtBuild) -> None:
    assert _column(messy, "crm_renewals", "renewal_date") == {
        "R01": date(2025, 3, 1), "R02": date(2025, 3, 1), "R03": date(2025, 4, 30),
        "R04": date(2025, 5, 1),
    }
    assert _column(messy, "support_costs", "cost_month") == {
        "C01": date(2025, 1, 1), "C02": date(2025, 1, 1), "C03": date(2025, 2, 1),
    }
    assert _column(messy, "vendor_contracts", "effective_from") == {"VC01": date(2025, 1, 1)}


def test_null_spellings_become_null(messy: DbtBuild) -> None:
    # '', 'NULL', 'n/a', blanks, 'None', 'NaN', 'NA'
    interventions = _column(messy, "ai_events", "intervention_id")
    assert {k: interventions[k] for k in ("E01", "E02", "E03", "E04", "E05", "E06", "E07")} == {
        k: None for k in ("E01", "E02", "E03", "E04", "E05", "E06", "E07")
    }
    assert interventions["E08"] == "I01"
    assert _column(messy, "ai_events", "user_id")["E05"] is None
    assert _column(messy, "crm_accounts", "churned_at") == {
        "A01": None, "A02": None, "A03": None, "A04": None, "A05": None,
        "A06": datetime(2025, 6, 30), "A07": None, "A14": None,
    }
    assert _column(messy, "crm_accounts", "owner_csm_id")["A05"] is None
    assert _column(messy, "helpdesk_tickets", "complexity")["T04"] is None
    assert _column(messy, "helpdesk_tickets", "requester_email_hash")["T03"] is None
    assert _column(messy, "escalation_reviews", "was_necessary")["ER03"] is None
    assert _column(messy, "escalation_reviews", "had_sufficient_context")["ER03"] is None
    assert _column(messy, "kb_article_views", "voted_helpful")["V02"] is None


def test_boolean_spellings_parse(messy: DbtBuild) -> None:
    assert _column(messy, "ai_tools", "is_approved") == {
        "TL01": True, "TL02": True, "TL03": True, "TL04": True, "TL05": True, "TL06": True,
        "TL07": False, "TL08": False, "TL09": False, "TL10": False, "TL11": False,
        "TL12": False,
    }
    reviews = messy.query(
        "select review_id, was_necessary, had_sufficient_context, routed_correctly "
        f"from {STAGING_SCHEMA}.stg_helpdesk__escalation_reviews"
    )
    assert {r[0]: r[1:] for r in reviews} == {
        "ER01": (True, False, True), "ER02": (False, True, False), "ER03": (None, None, True),
    }
    qa = messy.query(
        "select qa_review_id, has_hallucination, has_policy_violation "
        f"from {STAGING_SCHEMA}.stg_helpdesk__qa_reviews"
    )
    assert {q[0]: q[1:] for q in qa} == {"Q01": (True, False), "Q02": (False, True)}
    assert _column(messy, "helpdesk_messages", "is_public") == {
        "M01": True, "M02": True, "M03": False, "M04": False, "M05": True, "M06": False,
        "M11": True,
    }


def test_numbers_parse_exactly(messy: DbtBuild) -> None:
    assert _column(messy, "ai_events", "ai_output_chars")["E02"] == 1200  # '1200.0'
    assert _column(messy, "helpdesk_tickets", "complexity")["T01"] == 3  # '3.0'
    assert _column(messy, "helpdesk_time_entries", "seconds") == {"TE01": 600, "TE02": 0}
    assert _column(messy, "helpdesk_surveys", "score")["S07"] == 4  # '4.0'
    # Decimal numbers are doubles: no precision lost on money or ratios.
    assert _column(messy, "crm_accounts", "arr_usd")["A03"] == 1234567.89
    assert _column(messy, "crm_accounts", "arr_usd")["A02"] == 8000.5
    assert _column(messy, "support_costs", "amount_usd")["C01"] == 52000.10
    assert _column(messy, "ai_events", "retained_ratio")["E04"] == 0.49
    assert _column(messy, "helpdesk_messages", "sentiment_score")["M01"] == -0.4
    assert _column(messy, "vendor_contracts", "price_per_resolution_usd")["VC01"] == 0.99


def test_staged_column_types_follow_the_contract(messy: DbtBuild) -> None:
    """docs/raw_exports.md "Values": number -> double / bigint, timestamps UTC
    without time zone, dates, booleans."""
    expected = {
        ("stg_crm__accounts", "arr_usd"): "DOUBLE",
        ("stg_crm__accounts", "created_at"): "TIMESTAMP",
        ("stg_crm__renewals", "renewal_date"): "DATE",
        ("stg_crm__renewals", "arr_before_usd"): "DOUBLE",
        ("stg_crm__opportunities", "amount_usd"): "DOUBLE",
        ("stg_ai_telemetry__events", "retained_ratio"): "DOUBLE",
        ("stg_ai_telemetry__events", "ai_output_chars"): "BIGINT",
        ("stg_ai_telemetry__tools", "is_approved"): "BOOLEAN",
        ("stg_helpdesk__tickets", "complexity"): "BIGINT",
        ("stg_helpdesk__messages", "sentiment_score"): "DOUBLE",
        ("stg_helpdesk__time_entries", "seconds"): "BIGINT",
        ("stg_helpdesk__surveys", "score"): "BIGINT",
        ("stg_finance__support_costs", "amount_usd"): "DOUBLE",
        ("stg_vendors__vendor_contracts", "price_per_resolution_usd"): "DOUBLE",
        ("stg_vendors__vendor_contracts", "min_resolution_rate"): "DOUBLE",
    }
    rows = messy.query(
        "select table_name, column_name, data_type from information_schema.columns "
        f"where table_schema = '{STAGING_SCHEMA}'"
    )
    actual = {(t, c): d for t, c, d in rows}
    assert {k: actual.get(k) for k in expected} == expected


def test_duplicates_collapse_to_one_staged_row(messy: DbtBuild) -> None:
    for table, rows in MESSY.items():
        dup_keys = {_key_value(table, r) for r in rows if r.fate == DUPLICATE}
        if not dup_keys:
            continue
        key = CONTRACT[table][0]
        counts = dict(messy.query(
            f"select {key}, count(*) from {STAGING_SCHEMA}.{STG[table]} group by 1"
        ))
        assert {k: counts.get(k) for k in dup_keys} == {k: 1 for k in dup_keys}, table
    # A re-spelled copy differs in raw text only, and nothing of it is rejected.
    assert not [r for r in _rejects(messy) if r[1] in ("A02", "U01", "E02", "T01", "TE01")]


def test_conflicting_versions_keep_one_and_reject_the_others(messy: DbtBuild) -> None:
    cases = {  # table: (key value, column the versions differ in, raw -> staged value)
        "crm_accounts": ("A14", "arr_usd", {"5000": 5000.0, "6000": 6000.0}),
        "crm_users": ("U08", "role", {"csm": "csm", "manager": "manager"}),
        "ai_events": ("E30", "tool_id", {"TL01": "TL01", "TL02": "TL02"}),
        "helpdesk_tickets": ("T10", "status", {"open": "open", "pending": "pending"}),
    }
    rejects = _rejects(messy)
    for table, (key_value, column, versions) in cases.items():
        key, columns = CONTRACT[table]
        kept = messy.query(
            f"select {column} from {STAGING_SCHEMA}.{STG[table]} where {key} = ?", [key_value]
        )
        assert len(kept) == 1, (table, kept)
        assert kept[0][0] in versions.values(), (table, kept)
        lost = [r for r in rejects if r[0] == table and r[1] == key_value]
        assert [r[2] for r in lost] == [f"conflicting values for a re-exported {key}"], lost
        # The rejected copy is the other version (raw_row: raw values '|'-joined).
        raw_value = lost[0][3].split("|")[columns.index(column)]
        assert versions[raw_value] != kept[0][0], (table, raw_value, kept)


def test_rejects_carry_every_documented_reason(messy: DbtBuild) -> None:
    actual = Counter(
        (table, key, frozenset(reason.split("; "))) for table, key, reason, _ in _rejects(messy)
    )
    expected = _expected_rejects()
    assert actual - expected == Counter(), "unexpected rejects"
    assert expected - actual == Counter(), "missing rejects"


def test_every_raw_row_is_staged_duplicated_or_rejected(messy: DbtBuild) -> None:
    actual = _reconciliation(messy)
    expected = {}
    for table in TABLES:
        e = _expected_counts(table)
        expected[table] = (e.raw, e.staged, e.duplicates, e.rejected, 0)
    assert actual == expected
    for table in TABLES:  # the stg_ model itself, not only the reconciliation's view of it
        n = messy.query(f"select count(*) from {STAGING_SCHEMA}.{STG[table]}")[0][0]
        assert n == expected[table][1], table


def test_pii_in_message_bodies_is_masked_but_dates_are_not(messy: DbtBuild) -> None:
    bodies = _column(messy, "helpdesk_messages", "body")
    assert bodies["M01"] == PII_BODY_MASKED
    assert bodies["M02"] == DATES_BODY


def test_international_phone_formats_are_masked(messy: DbtBuild) -> None:
    """'+49 30 901820 17' is one of the numbers the generator plants in bodies."""
    assert _column(messy, "helpdesk_messages", "body")["M11"] == INTL_PHONE_BODY_MASKED


def test_rejected_raw_rows_mask_and_hash_pii(messy: DbtBuild) -> None:
    raw = {(t, k): r for t, k, _, r in _rejects(messy)}
    message = raw[("helpdesk_messages", "M08")]
    assert "[email]" in message and "[phone]" in message
    assert "ops.lead" not in message and "7946" not in message
    for key in ("U05", "U06"):  # contact fields of a rejected user are hashed
        user = raw[("crm_users", key)].split("|")
        columns = CONTRACT["crm_users"][1]
        email, phone = user[columns.index("email")], user[columns.index("phone")]
        assert email != phone and set(email + phone) <= set("0123456789abcdef"), user


def test_contact_fields_are_hashed_consistently(messy: DbtBuild) -> None:
    users = messy.query(
        f"select user_id, email_hash, phone_hash from {STAGING_SCHEMA}.stg_crm__users"
    )
    email = {u[0]: u[1] for u in users}
    phone = {u[0]: u[2] for u in users}
    assert email["U03"] is None and phone["U03"] is None  # '' and 'NULL'
    hashed = [email[u] for u in ("U01", "U02", "U04")] + [phone[u] for u in ("U01", "U02", "U04")]
    assert all(hashed) and len(set(hashed)) == len(hashed)
    assert not any("@" in h or h in PII_PHONES for h in hashed)
    # Case and blanks do not matter, and a ticket's requester joins to the user.
    tickets = _column(messy, "helpdesk_tickets", "requester_email_hash")
    assert tickets["T01"] == email["U01"]


def test_no_clear_text_pii_anywhere_in_the_database(messy: DbtBuild) -> None:
    with duckdb.connect(str(messy.db_path), read_only=True) as con:
        schemas = tuple(r[0] for r in con.execute(
            "select distinct table_schema from information_schema.tables"
        ).fetchall())
    assert STAGING_SCHEMA in schemas
    leaks = _clear_text_pii(messy.db_path, schemas, [*PII_EMAILS, *PII_PHONES])
    assert leaks == []
    # Belt and braces: the file's bytes (strings may be compressed, so this can
    # only catch, never clear, a leak).
    blob = messy.db_path.read_bytes().lower()
    assert [n for n in (*PII_EMAILS, *PII_PHONES) if n.lower().encode() in blob] == []


# --- 2. generated data vs the generator's ledger and truth --------------------------------

def _ledger(build: DbtBuild) -> pd.DataFrame:
    return pd.read_csv(build.data_dir / "_mess_ledger.csv", dtype=str, keep_default_na=False)


def _truth_count(build: DbtBuild, table: str) -> int:
    with duckdb.connect() as con:
        return con.execute(
            f"select count(*) from read_parquet('{build.truth_dir / table}.parquet')"
        ).fetchone()[0]


def test_generated_rejects_equal_the_ledger(generated_build: DbtBuild) -> None:
    ledger = _ledger(generated_build)
    ledger = ledger[ledger["kind"] == "rejected"]
    expected = Counter(
        (t, k or None, r) for t, k, r in
        zip(ledger["table"], ledger["source_key"], ledger["expected_reason"])
    )
    actual = Counter((t, k, r) for t, k, r, _ in _rejects(generated_build))
    assert actual - expected == Counter(), "rejected but not in the ledger"
    assert expected - actual == Counter(), "in the ledger but not rejected"


def test_generated_duplicates_equal_the_ledger(generated_build: DbtBuild) -> None:
    ledger = _ledger(generated_build)
    duplicates = ledger[ledger["kind"] == "duplicate"].groupby("table").size().to_dict()
    actual = {t: r[2] for t, r in _reconciliation(generated_build).items()}
    assert actual == {t: duplicates.get(t, 0) for t in TABLES}


def test_generated_staged_counts_equal_truth(generated_build: DbtBuild) -> None:
    reconciliation = _reconciliation(generated_build)
    assert {t: r[4] for t, r in reconciliation.items()} == {t: 0 for t in TABLES}
    assert {t: r[1] for t, r in reconciliation.items()} == {
        t: _truth_count(generated_build, t) for t in TABLES
    }


def _compare_sql(con: duckdb.DuckDBPyConnection, table: str, truth: Path) -> str:
    """Staged vs truth rows, both normalised to naive UTC timestamps and doubles,
    on every column except hashed / masked PII."""
    described = con.execute(f"describe select * from read_parquet('{truth}')").fetchall()
    truth_types = {r[0]: r[1] for r in described}
    assert list(truth_types) == CONTRACT[table][1], table
    staged_cols = {r[0] for r in con.execute(f"describe {STAGING_SCHEMA}.{STG[table]}").fetchall()}
    skip = set(PII_HASHED.get(table, {})) | {"body"}
    s, t = [], []
    for column, dtype in truth_types.items():
        if column in skip:
            continue
        assert column in staged_cols, (table, column)
        if dtype.startswith("TIMESTAMP"):
            s.append(f"cast({column} as timestamp) as {column}")
            t.append(f"cast(timezone('UTC', {column}) as timestamp) as {column}")
        elif dtype in ("DOUBLE", "FLOAT"):
            s.append(f"cast({column} as double) as {column}")
            t.append(f"cast({column} as double) as {column}")
        else:
            s.append(column)
            t.append(column)
    staged = f"select {', '.join(s)} from {STAGING_SCHEMA}.{STG[table]}"
    truth_rows = f"select {', '.join(t)} from read_parquet('{truth}')"
    return f"""
        select 'staged only' as side, * from ({staged} except all {truth_rows})
        union all
        select 'truth only' as side, * from ({truth_rows} except all {staged})
        order by 2, 1
    """


@pytest.mark.parametrize("table", TABLES)
def test_generated_staged_values_equal_truth(generated_build: DbtBuild, table: str) -> None:
    """Every staged row equals the truth row with the same key: timestamps,
    dates, enums, labels, booleans and numbers, after type normalisation."""
    with duckdb.connect(str(generated_build.db_path), read_only=True) as con:
        con.execute("set TimeZone = 'UTC'")
        truth = generated_build.truth_dir / f"{table}.parquet"
        diff = con.execute(_compare_sql(con, table, truth)).df()
    assert diff.empty, f"{len(diff)} differing rows, e.g.:\n{diff.head(10).to_string()}"


@pytest.mark.parametrize("table", sorted(PII_HASHED))
def test_generated_contact_fields_hash_one_to_one(generated_build: DbtBuild, table: str) -> None:
    key = CONTRACT[table][0]
    truth = generated_build.truth_dir / f"{table}.parquet"
    with duckdb.connect(str(generated_build.db_path), read_only=True) as con:
        for raw, hashed in PII_HASHED[table].items():
            # One contact, one hash: e-mail lower-cased and trimmed, a phone
            # number as its digits without the '+' / '00' prefix.
            contact = (
                f"regexp_replace(regexp_replace(trim(t.{raw}), '^(\\+|00)', ''), '[^0-9]', '', 'g')"
                if raw == "phone" else f"lower(trim(t.{raw}))"
            )
            stats = con.execute(f"""
                select
                    count(*) filter (where (t.{raw} is null) <> (s.{hashed} is null)),
                    count(distinct {contact}),
                    count(distinct s.{hashed}),
                    count(distinct ({contact}, s.{hashed}))
                from {STAGING_SCHEMA}.{STG[table]} s
                join read_parquet('{truth}') t using ({key})
            """).fetchone()
            assert stats[0] == 0, (table, raw, "null mismatch")
            assert stats[1] == stats[2] == stats[3], (table, raw, stats)


def _generator_pii() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The e-mail addresses and phone numbers the generator plants in message bodies
    (generator/pools.py, loaded by path: the generator is not an installed package)."""
    spec = importlib.util.spec_from_file_location(
        "_generator_pools", PROJECT_DIR / "generator" / "pools.py"
    )
    assert spec and spec.loader
    pools = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pools)
    return tuple(pools.PII_EMAILS), tuple(pools.PII_PHONES)


def test_generated_message_bodies_are_truth_with_pii_masked(generated_build: DbtBuild) -> None:
    emails, phones = _generator_pii()
    truth = pd.read_parquet(generated_build.truth_dir / "helpdesk_messages.parquet",
                            columns=["message_id", "body"])
    expected = truth["body"]
    for email in emails:
        expected = expected.str.replace(email, "[email]", regex=False)
    for phone in phones:
        expected = expected.str.replace(phone, "[phone]", regex=False)
    truth = truth.assign(expected=expected)[["message_id", "expected"]]
    staged = generated_build.frame(
        f"select message_id, body as staged from {STAGING_SCHEMA}.stg_helpdesk__messages"
    )
    merged = staged.merge(truth, on="message_id", how="inner", validate="one_to_one")
    assert len(merged) == len(staged)
    wrong = merged[merged["staged"].fillna("\0") != merged["expected"].fillna("\0")]
    assert wrong.empty, (
        f"{len(wrong)} of {len(merged)} bodies differ, e.g.:\n"
        + wrong.head(5).to_string()
    )


def test_generated_pii_never_reaches_any_model_in_clear_text(generated_build: DbtBuild) -> None:
    emails, phones = _generator_pii()
    users = pd.read_parquet(generated_build.truth_dir / "crm_users.parquet")
    needles = sorted({*emails, *phones, *users["phone"].dropna()})
    with duckdb.connect(str(generated_build.db_path), read_only=True) as con:
        schemas = tuple(r[0] for r in con.execute(
            "select distinct table_schema from information_schema.tables"
        ).fetchall() if r[0] in ("staging", "intermediate", "marts", "semantic"))
    assert STAGING_SCHEMA in schemas
    assert _clear_text_pii(generated_build.db_path, schemas, needles) == []


# --- 3. Parquet exports -------------------------------------------------------------------

def test_parquet_exports_reconcile_to_truth(parquet_build: DbtBuild) -> None:
    ledger = _ledger(parquet_build)
    kinds = ledger.groupby(["table", "kind"]).size().to_dict()
    expected = {}
    for table in TABLES:
        truth = _truth_count(parquet_build, table)
        dups = kinds.get((table, "duplicate"), 0)
        rejects = kinds.get((table, "rejected"), 0)
        expected[table] = (truth + dups + rejects, truth, dups, rejects, 0)
    assert _reconciliation(parquet_build) == expected


def test_parquet_rejects_equal_the_ledger(parquet_build: DbtBuild) -> None:
    ledger = _ledger(parquet_build)
    ledger = ledger[ledger["kind"] == "rejected"]
    expected = Counter(
        (t, k or None, r) for t, k, r in
        zip(ledger["table"], ledger["source_key"], ledger["expected_reason"])
    )
    assert Counter((t, k, r) for t, k, r, _ in _rejects(parquet_build)) == expected
