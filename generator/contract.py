"""The raw export contract (docs/raw_exports.md) as data.

Each table lists its columns in contract order with the kind of value staging
parses it as. The kind decides three things: the typed column written to
``_truth/``, the canonical text written to the raw export, and which harmless
re-spellings the mess injector may use. ``required``/``min``/``max`` mirror the
staging rules the injected rejects rely on.

Accepted enum spellings are a curated subset of
``macros/staging/enum_aliases.sql``; tests/python/test_generator.py checks
every spelling here against that macro (and that the "unknown" ones are not in
it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pyarrow as pa

Kind = Literal[
    "string", "id", "label", "enum", "timestamp", "date", "number", "integer",
    "boolean", "pii_text", "pii_hash",
]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    description: str
    enum: str | None = None
    required: bool = False
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class RejectKind:
    """One way to make an extra row unusable, with the reason staging gives."""

    problem: Literal["missing", "unparseable", "unknown", "out_of_range", "survey_scale"]
    column: str

    @property
    def reason(self) -> str:
        if self.problem == "missing":
            return f"missing {self.column}"
        if self.problem == "unparseable":
            return f"unparseable {self.column}"
        if self.problem == "unknown":
            return f"unknown {self.column}"
        if self.problem == "out_of_range":
            return f"{self.column} out of range"
        return "score out of range for survey_type"


@dataclass(frozen=True)
class Table:
    name: str
    seed: str
    key: str
    description: str
    columns: tuple[Column, ...]
    rejects: tuple[RejectKind, ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _id(name: str, description: str, required: bool = False) -> Column:
    return Column(name, "id", description, required=required)


def _ts(name: str, description: str, required: bool = False) -> Column:
    return Column(name, "timestamp", description, required=required)


TABLES: tuple[Table, ...] = (
    Table(
        "crm_accounts", "raw_crm__accounts", "account_id",
        "CRM customer accounts (one row per account).",
        (
            _id("account_id", "Account key.", True),
            Column("account_name", "string", "Account (company) name."),
            Column("segment", "enum", "Customer segment: SMB, Mid-Market or Enterprise.",
                   enum="segment", required=True),
            _id("owner_csm_id", "User id of the CSM who owns the account (crm_users)."),
            Column("industry", "label", "Industry label (free text)."),
            _ts("created_at", "When the account became a customer.", True),
            Column("arr_usd", "number",
                   "Annual recurring revenue in USD now, or at churn for churned accounts.",
                   min=0),
            _ts("churned_at", "When the account churned; empty while a customer."),
        ),
        (
            RejectKind("missing", "account_id"),
            RejectKind("unknown", "segment"),
            RejectKind("out_of_range", "arr_usd"),
            RejectKind("unparseable", "created_at"),
        ),
    ),
    Table(
        "crm_renewals", "raw_crm__renewals", "renewal_id",
        "Contract renewal events with ARR before and after.",
        (
            _id("renewal_id", "Renewal key.", True),
            _id("account_id", "Account renewing (crm_accounts).", True),
            Column("renewal_date", "date", "Date the renewal (or churn) took effect.", required=True),
            Column("arr_before_usd", "number", "ARR in USD before the renewal.", min=0),
            Column("arr_after_usd", "number", "ARR in USD after the renewal (0 when churned).",
                   min=0),
            Column("outcome", "enum", "renewed, expanded, contracted or churned.",
                   enum="renewal_outcome", required=True),
        ),
    ),
    Table(
        "crm_opportunities", "raw_crm__opportunities", "opportunity_id",
        "Sales opportunities, some sourced from a support ticket or a CS intervention.",
        (
            _id("opportunity_id", "Opportunity key.", True),
            _id("account_id", "Account (crm_accounts).", True),
            _ts("created_at", "When the opportunity was opened.", True),
            _ts("closed_at", "When it was won or lost; empty while open."),
            Column("opportunity_type", "enum", "upsell, cross_sell or retention_save.",
                   enum="opportunity_type", required=True),
            Column("stage", "enum", "closed_won, closed_lost or open.", enum="opportunity_stage",
                   required=True),
            Column("amount_usd", "number", "Opportunity value in USD.", min=0),
            _id("source_ticket_id", "Support ticket the opportunity came from, if any."),
            _id("source_intervention_id", "CS intervention the opportunity came from, if any."),
        ),
    ),
    Table(
        "crm_users", "raw_crm__users", "user_id",
        "Employees: CSMs, support agents and managers (contains PII).",
        (
            _id("user_id", "User key.", True),
            Column("full_name", "string", "Full name (PII)."),
            Column("email", "pii_hash", "Work e-mail (PII, hashed in staging)."),
            Column("phone", "pii_hash", "Work phone (PII, hashed in staging)."),
            Column("role", "enum", "csm, support_agent or manager.", enum="user_role",
                   required=True),
            Column("team", "label", "Team label (free text)."),
            Column("segment_focus", "enum", "Segment a CSM covers; empty for other roles.",
                   enum="segment"),
            _ts("hired_at", "Hire date and time.", True),
            _ts("terminated_at", "Termination date and time; empty while employed."),
        ),
        (
            RejectKind("missing", "user_id"),
            RejectKind("unknown", "role"),
            RejectKind("unparseable", "hired_at"),
        ),
    ),
    Table(
        "cs_interventions", "raw_cs_platform__interventions", "intervention_id",
        "CS-initiated interventions (CTAs, outreach, plays) from the CS platform.",
        (
            _id("intervention_id", "Intervention key.", True),
            _id("account_id", "Account (crm_accounts).", True),
            _id("csm_id", "CSM who ran it (crm_users)."),
            Column("intervention_type", "enum",
                   "risk_mitigation, onboarding, adoption, renewal, expansion or qbr.",
                   enum="intervention_type", required=True),
            _ts("opened_at", "When it was opened.", True),
            _ts("closed_at", "When it was closed; empty while open."),
            Column("outcome", "enum",
                   "saved/lost (risk_mitigation), completed/no_response (others); empty while open.",
                   enum="intervention_outcome"),
        ),
        (
            RejectKind("missing", "intervention_id"),
            RejectKind("unknown", "intervention_type"),
            RejectKind("unparseable", "opened_at"),
        ),
    ),
    Table(
        "ai_tools", "raw_ai_telemetry__tools", "tool_id",
        "AI tools seen in telemetry, with their approval status.",
        (
            _id("tool_id", "Tool key.", True),
            Column("tool_name", "string", "Tool name."),
            Column("vendor", "string", "Vendor name."),
            Column("is_approved", "boolean", "Whether the tool is (or was) approved.", required=True),
            _ts("approved_at", "When it was approved; empty if never."),
            _ts("retired_at", "When it was retired; empty if in use."),
        ),
    ),
    Table(
        "ai_events", "raw_ai_telemetry__events", "event_id",
        "AI telemetry events: copilot use by employees and autonomous AI actions.",
        (
            _id("event_id", "Event key.", True),
            _ts("occurred_at", "When the event happened.", True),
            _id("tool_id", "Tool (ai_tools).", True),
            _id("user_id", "Employee using the tool (crm_users); empty for autonomous AI, "
                "or the CSM who let it act on an intervention."),
            _id("ticket_id", "Ticket the event belongs to, if any."),
            _id("intervention_id", "CS intervention the event belongs to, if any."),
            Column("event_type", "enum",
                   "opened, draft_generated, draft_sent, signal_surfaced, "
                   "recommendation_generated, recommendation_accepted or autonomous_action.",
                   enum="ai_event_type", required=True),
            Column("ai_output_chars", "integer", "Characters of AI output; empty for opened.",
                   min=0),
            Column("retained_ratio", "number",
                   "Share (0-1) of the AI draft kept in what was sent; draft_sent only.",
                   min=0, max=1),
        ),
        (
            RejectKind("missing", "event_id"),
            RejectKind("unknown", "event_type"),
            RejectKind("out_of_range", "retained_ratio"),
            RejectKind("unparseable", "occurred_at"),
        ),
    ),
    Table(
        "helpdesk_tickets", "raw_helpdesk__tickets", "ticket_id",
        "Helpdesk tickets / conversations (requester e-mail is PII).",
        (
            _id("ticket_id", "Ticket key.", True),
            _id("requester_id", "Contact who opened the ticket."),
            Column("requester_email", "pii_hash", "Requester e-mail (PII, hashed in staging)."),
            _id("account_id", "Requester's account (crm_accounts)."),
            Column("channel", "enum", "email, chat, web or phone.", enum="ticket_channel"),
            Column("category", "label", "Ticket category label (free text)."),
            Column("priority", "enum", "low, normal, high or urgent.", enum="ticket_priority"),
            Column("complexity", "integer", "Agent-rated complexity 1-5.", min=1, max=5),
            _ts("created_at", "When the ticket was created.", True),
            Column("status", "enum", "new, open, pending, solved or closed.",
                   enum="ticket_status", required=True),
            _ts("solved_at", "When the ticket was (first) solved; empty if not solved."),
        ),
        (
            RejectKind("missing", "ticket_id"),
            RejectKind("unknown", "channel"),
            RejectKind("out_of_range", "complexity"),
            RejectKind("unparseable", "created_at"),
        ),
    ),
    Table(
        "helpdesk_messages", "raw_helpdesk__messages", "message_id",
        "Messages and events on tickets (body may contain e-mail addresses and phone numbers).",
        (
            _id("message_id", "Message key.", True),
            _id("ticket_id", "Ticket (helpdesk_tickets).", True),
            _ts("created_at", "When the message or event was logged.", True),
            Column("author_role", "enum", "customer, ai_agent, agent or system.",
                   enum="author_role", required=True),
            _id("author_id",
                "Requester id (customer), user id (agent) or tool id (ai_agent); empty for system."),
            Column("event_type", "enum",
                   "message, handoff_to_human, reopened, out_of_scope or internal_note.",
                   enum="message_event_type", required=True),
            Column("is_public", "boolean", "Visible to the customer."),
            Column("sentiment_score", "number", "Sentiment -1..1 of customer messages.",
                   min=-1, max=1),
            Column("topic", "label", "Topic the AI declined (out_of_scope events)."),
            Column("body", "pii_text", "Free text; may contain PII (masked in staging)."),
        ),
        (
            RejectKind("missing", "message_id"),
            RejectKind("unknown", "author_role"),
            RejectKind("out_of_range", "sentiment_score"),
            RejectKind("unparseable", "created_at"),
        ),
    ),
    Table(
        "helpdesk_time_entries", "raw_helpdesk__time_entries", "time_entry_id",
        "Agent time tracking on tickets.",
        (
            _id("time_entry_id", "Time entry key.", True),
            _id("ticket_id", "Ticket (helpdesk_tickets).", True),
            _id("agent_id", "Support agent (crm_users)."),
            _ts("started_at", "When the work started.", True),
            Column("seconds", "integer", "Seconds worked.", required=True, min=0),
        ),
        (
            RejectKind("missing", "time_entry_id"),
            RejectKind("out_of_range", "seconds"),
            RejectKind("unparseable", "started_at"),
        ),
    ),
    Table(
        "helpdesk_surveys", "raw_helpdesk__surveys", "survey_id",
        "Post-resolution survey answers (CSAT 1-5, CES 1-7, NPS 0-10).",
        (
            _id("survey_id", "Survey answer key.", True),
            _id("ticket_id", "Ticket (helpdesk_tickets).", True),
            _ts("responded_at", "When the customer answered.", True),
            Column("survey_type", "enum", "csat, ces or nps.", enum="survey_type", required=True),
            Column("score", "integer", "Score on the survey type's scale.", required=True),
        ),
        (
            RejectKind("missing", "survey_id"),
            RejectKind("survey_scale", "score"),
            RejectKind("unparseable", "responded_at"),
        ),
    ),
    Table(
        "escalation_reviews", "raw_helpdesk__escalation_reviews", "review_id",
        "Agent reviews of AI hand-offs.",
        (
            _id("review_id", "Review key.", True),
            _id("ticket_id", "Ticket (helpdesk_tickets).", True),
            _id("reviewer_id", "Reviewing agent or manager (crm_users)."),
            _ts("reviewed_at", "When the review was done."),
            Column("was_necessary", "boolean", "The hand-off was necessary."),
            Column("had_sufficient_context", "boolean", "The hand-off carried enough context."),
            Column("routed_correctly", "boolean", "The hand-off reached the right queue."),
        ),
    ),
    Table(
        "qa_reviews", "raw_helpdesk__qa_reviews", "qa_review_id",
        "Quality audits of AI answers.",
        (
            _id("qa_review_id", "QA review key.", True),
            _id("ticket_id", "Ticket (helpdesk_tickets).", True),
            _ts("reviewed_at", "When the audit was done."),
            Column("has_hallucination", "boolean", "The AI answer contained a hallucination."),
            Column("has_policy_violation", "boolean", "The AI answer violated a policy."),
        ),
    ),
    Table(
        "kb_articles", "raw_kb__articles", "article_id",
        "Knowledge-base articles.",
        (
            _id("article_id", "Article key.", True),
            Column("title", "string", "Article title."),
            Column("category", "label", "Category label (same labels as tickets)."),
            _ts("created_at", "When the article was published."),
        ),
    ),
    Table(
        "kb_article_views", "raw_kb__article_views", "view_id",
        "Knowledge-base article views by customer contacts.",
        (
            _id("view_id", "View key.", True),
            _id("article_id", "Article (kb_articles).", True),
            _id("requester_id", "Contact who viewed it (same ids as ticket requesters)."),
            _ts("viewed_at", "When the article was viewed.", True),
            Column("voted_helpful", "boolean", "Helpful vote; empty when the viewer did not vote."),
        ),
    ),
    Table(
        "support_costs", "raw_finance__support_costs", "cost_line_id",
        "Monthly support cost ledger lines from finance.",
        (
            _id("cost_line_id", "Ledger line key.", True),
            Column("cost_month", "date", "First day of the month the cost belongs to.", required=True),
            Column("cost_type", "enum",
                   "agent_labor, ai_platform_fee, ai_usage, training_data, optimization or tooling.",
                   enum="cost_type", required=True),
            Column("channel", "enum", "human, ai or shared.", enum="cost_channel", required=True),
            Column("amount_usd", "number", "Amount in USD.", required=True, min=0),
        ),
    ),
    Table(
        "vendor_contracts", "raw_vendors__vendor_contracts", "contract_id",
        "Pay-for-performance contracts with AI vendors.",
        (
            _id("contract_id", "Contract key.", True),
            Column("vendor", "string", "Vendor name."),
            _id("tool_id", "Tool the contract covers (ai_tools).", True),
            Column("effective_from", "date", "First day the contract applies.", required=True),
            Column("effective_to", "date", "Last day it applies; empty if open-ended."),
            Column("price_per_resolution_usd", "number", "Price per billable resolution in USD.",
                   required=True, min=0),
            Column("min_resolution_rate", "number",
                   "Minimum resolution rate as a fraction 0-1.", min=0, max=1),
            Column("min_csat_pct", "number", "Minimum CSAT in percent 0-100.", min=0, max=100),
            Column("penalty_pct", "number",
                   "Invoice penalty in percent when a threshold is missed.", min=0, max=100),
        ),
    ),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}

SURVEY_SCALES: dict[str, tuple[int, int]] = {"csat": (1, 5), "ces": (1, 7), "nps": (0, 10)}


def arrow_type(kind: Kind) -> pa.DataType:
    """Type of a column in the _truth parquet files."""
    if kind == "timestamp":
        return pa.timestamp("us", tz="UTC")
    if kind == "date":
        return pa.date32()
    if kind == "number":
        return pa.float64()
    if kind == "integer":
        return pa.int64()
    if kind == "boolean":
        return pa.bool_()
    return pa.string()


def truth_schema(table: Table) -> pa.Schema:
    return pa.schema([pa.field(c.name, arrow_type(c.kind)) for c in table.columns])


def raw_schema(table: Table) -> pa.Schema:
    return pa.schema([pa.field(c.name, pa.string()) for c in table.columns])


# --- Spellings ------------------------------------------------------------------

# Accepted re-spellings per enum and canonical value (all resolve through
# enum_aliases.sql after lower-casing and dropping non-alphanumerics).
ENUM_VARIANTS: dict[str, dict[str, tuple[str, ...]]] = {
    "segment": {
        "SMB": ("smb", "Smb", "small business", "Small-Business", "S.M.B."),
        "Mid-Market": ("mid market", "MID_MARKET", "MM", "mid", "MidMarket", "Mid-Mkt"),
        "Enterprise": ("enterprise", "ENT", "Ent", "ENTERPRISE", "Large"),
    },
    "renewal_outcome": {
        "renewed": ("Renewed", "RENEWED", "renew", "Renewal", "flat"),
        "expanded": ("Expanded", "expansion", "Upsell", "EXPANDED"),
        "contracted": ("Contracted", "contraction", "downsell"),
        "churned": ("Churned", "churn", "Lost", "Cancelled", "CHURNED"),
    },
    "opportunity_type": {
        "upsell": ("Upsell", "UPSELL", "up-sell", "expansion", "upsale"),
        "cross_sell": ("Cross-Sell", "cross sell", "xsell", "X-Sell", "crosssale"),
        "retention_save": ("Retention Save", "retention", "save", "RETENTION_SAVE"),
    },
    "opportunity_stage": {
        "closed_won": ("Closed Won", "closed-won", "won", "WON", "ClosedWon"),
        "closed_lost": ("Closed Lost", "lost", "closed-lost", "LOST"),
        "open": ("Open", "OPEN", "pipeline", "in progress"),
    },
    "user_role": {
        "csm": ("CSM", "Csm", "customer success manager", "CS"),
        "support_agent": ("Support Agent", "agent", "support", "Support Rep", "SUPPORT_AGENT"),
        "manager": ("Manager", "mgr", "MGR", "Team Lead"),
    },
    "intervention_type": {
        "risk_mitigation": ("Risk Mitigation", "risk", "at-risk", "Churn Risk", "RISK_MITIGATION"),
        "onboarding": ("Onboarding", "onboard", "ONBOARDING"),
        "adoption": ("Adoption", "ADOPTION"),
        "renewal": ("Renewal", "renewal prep", "RENEWAL"),
        "expansion": ("Expansion", "upsell", "EXPANSION"),
        "qbr": ("QBR", "Qbr", "business review", "Q.B.R."),
    },
    "intervention_outcome": {
        "saved": ("Saved", "save", "retained", "SAVED"),
        "lost": ("Lost", "churned", "LOST"),
        "completed": ("Completed", "done", "complete", "COMPLETED"),
        "no_response": ("No Response", "no reply", "unresponsive", "NO_RESPONSE", "no-response"),
    },
    "ai_event_type": {
        "opened": ("Opened", "open", "OPENED"),
        "draft_generated": ("Draft Generated", "draft", "draft created", "DRAFT_GENERATED"),
        "draft_sent": ("Draft Sent", "sent", "draft-sent"),
        "signal_surfaced": ("Signal Surfaced", "signal", "SIGNAL_SURFACED"),
        "recommendation_generated": ("Recommendation Generated", "recommendation"),
        "recommendation_accepted": ("Recommendation Accepted", "accepted"),
        "autonomous_action": ("Autonomous Action", "autonomous", "auto-action",
                              "AUTONOMOUS_ACTION"),
    },
    "ticket_channel": {
        "email": ("Email", "E-mail", "mail", "EMAIL"),
        "chat": ("Chat", "live chat", "messaging", "CHAT"),
        "web": ("Web", "web form", "form", "WEB"),
        "phone": ("Phone", "voice", "call", "PHONE"),
    },
    "ticket_priority": {
        "low": ("Low", "LOW", "P4"),
        "normal": ("Normal", "medium", "Medium", "p3"),
        "high": ("High", "HIGH", "P2"),
        "urgent": ("Urgent", "critical", "P1", "URGENT"),
    },
    "ticket_status": {
        "new": ("New", "NEW"),
        "open": ("Open", "in progress", "OPEN"),
        "pending": ("Pending", "on hold", "waiting"),
        "solved": ("Solved", "resolved", "Resolved", "SOLVED"),
        "closed": ("Closed", "CLOSED"),
    },
    "author_role": {
        "customer": ("Customer", "end user", "requester", "user", "CUSTOMER"),
        "ai_agent": ("AI Agent", "bot", "ai", "AI-Bot", "virtual agent"),
        "agent": ("Agent", "human", "human agent", "support agent", "AGENT"),
        "system": ("System", "SYSTEM"),
    },
    "message_event_type": {
        "message": ("Message", "msg", "reply", "comment"),
        "handoff_to_human": ("Handoff To Human", "handoff", "escalation", "escalated to human"),
        "reopened": ("Reopened", "reopen", "REOPENED"),
        "out_of_scope": ("Out Of Scope", "out-of-scope", "out of scope question"),
        "internal_note": ("Internal Note", "note", "private note"),
    },
    "survey_type": {
        "csat": ("CSAT", "Csat", "satisfaction"),
        "ces": ("CES", "effort", "Customer Effort Score"),
        "nps": ("NPS", "Net Promoter Score", "Nps"),
    },
    "cost_type": {
        "agent_labor": ("Agent Labor", "labor", "agent labour"),
        "ai_platform_fee": ("AI Platform Fee", "platform fee", "ai platform"),
        "ai_usage": ("AI Usage", "usage"),
        "training_data": ("Training Data", "training-data"),
        "optimization": ("Optimization", "optimisation", "AI Optimization"),
        "tooling": ("Tooling", "tools"),
    },
    "cost_channel": {
        "human": ("Human", "people", "HUMAN"),
        "ai": ("AI", "bot", "automation"),
        "shared": ("Shared", "overhead", "common"),
    },
}

# Spellings that are NOT in the alias list: staging rejects them as unknown.
UNKNOWN_ENUM_VALUES: dict[str, tuple[str, ...]] = {
    "segment": ("platinum", "Gold Tier", "startup"),
    "user_role": ("intern", "contractor"),
    "intervention_type": ("webinar", "health check"),
    "ai_event_type": ("thumbs_up", "copied"),
    "ticket_channel": ("fax", "carrier pigeon", "sms"),
    "author_role": ("robot", "partner"),
}

NULL_SPELLINGS: tuple[str, ...] = ("", "NULL", "null", "n/a", "N/A", "None", "  ", "NaN")
BLANK_KEY_SPELLINGS: tuple[str, ...] = ("", "NULL", "  ", "n/a")
TRUE_SPELLINGS: tuple[str, ...] = ("TRUE", "True", "1", "yes", "Y", "t", "T")
FALSE_SPELLINGS: tuple[str, ...] = ("FALSE", "False", "0", "no", "N", "f")
UNPARSEABLE_TIMESTAMPS: tuple[str, ...] = (
    "2025-02-30 10:00:00", "31/12/2025 10:00", "not a date", "2025-13-01 08:00:00",
    "yesterday", "2025-06-31T09:15:00Z",
)
