"""Hand-built Fivetran connector tables: Zendesk Support and Intercom.

Table and column names and types follow the connectors as Fivetran documents them
(the Zendesk Support and Intercom schema ERDs) and as Fivetran's dbt packages read
them (dbt_zendesk / dbt_zendesk_source, dbt_intercom / dbt_intercom_source); see
docs/fivetran_sources.md. Zendesk ids are Long (BIGINT), Intercom ids are String;
Zendesk times are naive UTC TIMESTAMPs (as Fivetran's Zendesk seeds), Intercom times
TIMESTAMP WITH TIME ZONE (its seeds carry ' UTC'), so both read paths are exercised.

Every judgement call of the adapters has a ticket / conversation on each side (the
``SCENARIOS`` dicts say which), plus generated volume: a few dozen tickets over six
months, before and after the AI agent existed (``AI_LIVE_FROM``), deterministic.

``load_zendesk(con)`` / ``load_intercom(con)`` create the tables in schema
``zendesk`` / ``intercom`` of an open DuckDB connection. The rows are plain Python
(``zendesk_tables()`` / ``intercom_tables()``) so that a test can compute what the
adapters must produce independently of the models.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import duckdb

Row = dict[str, Any]
Tables = dict[str, list[Row]]

# Connector column types: (column, DuckDB type). Only these columns exist.
ZENDESK_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "ticket": [
        ("id", "BIGINT"), ("_fivetran_synced", "TIMESTAMP"), ("_fivetran_deleted", "BOOLEAN"),
        ("allow_channelback", "BOOLEAN"), ("assignee_id", "BIGINT"), ("brand_id", "BIGINT"),
        ("created_at", "TIMESTAMP"), ("description", "VARCHAR"), ("due_at", "TIMESTAMP"),
        ("external_id", "VARCHAR"), ("group_id", "BIGINT"), ("has_incidents", "BOOLEAN"),
        ("is_public", "BOOLEAN"), ("organization_id", "BIGINT"), ("priority", "VARCHAR"),
        ("problem_id", "BIGINT"), ("recipient", "VARCHAR"), ("requester_id", "BIGINT"),
        ("status", "VARCHAR"), ("subject", "VARCHAR"), ("submitter_id", "BIGINT"),
        ("ticket_form_id", "BIGINT"), ("type", "VARCHAR"), ("updated_at", "TIMESTAMP"),
        ("url", "VARCHAR"), ("via_channel", "VARCHAR"), ("via_source_rel", "VARCHAR"),
        ("merged_ticket_ids", "VARCHAR"), ("followup_ids", "VARCHAR"),
    ],
    "ticket_comment": [
        ("id", "BIGINT"), ("_fivetran_synced", "TIMESTAMP"), ("_fivetran_deleted", "BOOLEAN"),
        ("body", "VARCHAR"), ("created", "TIMESTAMP"), ("facebook_comment", "BOOLEAN"),
        ("public", "BOOLEAN"), ("ticket_id", "BIGINT"), ("tweet", "BOOLEAN"),
        ("user_id", "BIGINT"), ("voice_comment", "BOOLEAN"),
    ],
    "ticket_field_history": [
        ("field_name", "VARCHAR"), ("ticket_id", "BIGINT"), ("updated", "TIMESTAMP"),
        ("_fivetran_synced", "TIMESTAMP"), ("user_id", "BIGINT"), ("value", "VARCHAR"),
    ],
    "ticket_tag": [("tag", "VARCHAR"), ("ticket_id", "BIGINT"), ("_fivetran_synced", "TIMESTAMP")],
    "user": [
        ("id", "BIGINT"), ("_fivetran_synced", "TIMESTAMP"), ("_fivetran_deleted", "BOOLEAN"),
        ("active", "BOOLEAN"), ("created_at", "TIMESTAMP"), ("default_group_id", "BIGINT"),
        ("email", "VARCHAR"), ("locale", "VARCHAR"), ("name", "VARCHAR"),
        ("organization_id", "BIGINT"), ("phone", "VARCHAR"), ("role", "VARCHAR"),
        ("suspended", "BOOLEAN"), ("time_zone", "VARCHAR"), ("updated_at", "TIMESTAMP"),
    ],
    "organization": [
        ("id", "BIGINT"), ("_fivetran_synced", "TIMESTAMP"), ("created_at", "TIMESTAMP"),
        ("details", "VARCHAR"), ("external_id", "VARCHAR"), ("group_id", "BIGINT"),
        ("name", "VARCHAR"), ("notes", "VARCHAR"), ("updated_at", "TIMESTAMP"),
    ],
    "organization_tag": [
        ("organization_id", "BIGINT"), ("tag", "VARCHAR"), ("_fivetran_synced", "TIMESTAMP"),
    ],
    "group": [
        ("id", "BIGINT"), ("_fivetran_synced", "TIMESTAMP"), ("_fivetran_deleted", "BOOLEAN"),
        ("created_at", "TIMESTAMP"), ("name", "VARCHAR"), ("updated_at", "TIMESTAMP"),
    ],
    "brand": [
        ("id", "BIGINT"), ("_fivetran_synced", "TIMESTAMP"), ("active", "BOOLEAN"),
        ("brand_url", "VARCHAR"), ("name", "VARCHAR"), ("subdomain", "VARCHAR"),
    ],
    "ticket_chat": [
        ("chat_id", "VARCHAR"), ("_fivetran_synced", "TIMESTAMP"), ("authenticated", "BOOLEAN"),
        ("backend", "VARCHAR"), ("channel", "VARCHAR"), ("conversation_id", "VARCHAR"),
        ("integration_id", "VARCHAR"), ("ticket_id", "BIGINT"), ("user_id", "BIGINT"),
        ("visitor_id", "VARCHAR"),
    ],
    "ticket_chat_event": [
        ("chat_id", "VARCHAR"), ("created_at", "TIMESTAMP"), ("_fivetran_synced", "TIMESTAMP"),
        ("actor_id", "VARCHAR"), ("chat_index", "BIGINT"), ("message", "VARCHAR"),
        ("message_source", "VARCHAR"), ("original_message", "VARCHAR"),
        ("original_message_type", "VARCHAR"), ("type", "VARCHAR"),
    ],
}

INTERCOM_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "conversation_history": [
        ("id", "VARCHAR"), ("updated_at", "TIMESTAMPTZ"), ("_fivetran_synced", "TIMESTAMPTZ"),
        ("assignee_id", "VARCHAR"), ("assignee_type", "VARCHAR"), ("company_id", "VARCHAR"),
        ("conversation_rating_contact_id", "VARCHAR"),
        ("conversation_rating_created_at", "TIMESTAMPTZ"),
        ("conversation_rating_remark", "VARCHAR"), ("conversation_rating_value", "BIGINT"),
        ("created_at", "TIMESTAMPTZ"), ("first_contact_reply_created_at", "TIMESTAMPTZ"),
        ("first_contact_reply_type", "VARCHAR"), ("open", "BOOLEAN"), ("priority", "VARCHAR"),
        ("read", "BOOLEAN"), ("snoozed_until", "TIMESTAMPTZ"), ("source_author_id", "VARCHAR"),
        ("source_author_type", "VARCHAR"), ("source_body", "VARCHAR"),
        ("source_delivered_as", "VARCHAR"), ("source_id", "VARCHAR"),
        ("source_subject", "VARCHAR"), ("source_type", "VARCHAR"), ("source_url", "VARCHAR"),
        ("state", "VARCHAR"), ("team_assignee_id", "VARCHAR"), ("title", "VARCHAR"),
        ("waiting_since", "TIMESTAMPTZ"),
    ],
    "conversation_part_history": [
        ("id", "VARCHAR"), ("updated_at", "TIMESTAMPTZ"), ("_fivetran_synced", "TIMESTAMPTZ"),
        ("assigned_to_id", "VARCHAR"), ("assigned_to_type", "VARCHAR"), ("author_id", "VARCHAR"),
        ("author_type", "VARCHAR"), ("body", "VARCHAR"), ("conversation_id", "VARCHAR"),
        ("conversation_updated_at", "TIMESTAMPTZ"), ("created_at", "TIMESTAMPTZ"),
        ("notified_at", "TIMESTAMPTZ"), ("part_type", "VARCHAR"),
    ],
    "contact_history": [
        ("id", "VARCHAR"), ("updated_at", "TIMESTAMPTZ"), ("_fivetran_synced", "TIMESTAMPTZ"),
        ("_fivetran_deleted", "BOOLEAN"), ("admin_id", "VARCHAR"), ("created_at", "TIMESTAMPTZ"),
        ("email", "VARCHAR"), ("external_id", "VARCHAR"), ("name", "VARCHAR"),
        ("phone", "VARCHAR"), ("role", "VARCHAR"), ("signed_up_at", "TIMESTAMPTZ"),
    ],
    "contact_company_history": [
        ("company_id", "VARCHAR"), ("contact_id", "VARCHAR"),
        ("contact_updated_at", "TIMESTAMPTZ"), ("_fivetran_synced", "TIMESTAMPTZ"),
    ],
    "company_history": [
        ("id", "VARCHAR"), ("updated_at", "TIMESTAMPTZ"), ("_fivetran_synced", "TIMESTAMPTZ"),
        ("_fivetran_deleted", "BOOLEAN"), ("company_id", "VARCHAR"),
        ("created_at", "TIMESTAMPTZ"), ("industry", "VARCHAR"), ("monthly_spend", "DOUBLE"),
        ("name", "VARCHAR"), ("plan_id", "VARCHAR"), ("plan_name", "VARCHAR"),
        ("session_count", "BIGINT"), ("user_count", "BIGINT"), ("website", "VARCHAR"),
    ],
    "admin": [
        ("id", "VARCHAR"), ("_fivetran_deleted", "BOOLEAN"), ("_fivetran_synced", "TIMESTAMPTZ"),
        ("email", "VARCHAR"), ("job_title", "VARCHAR"), ("name", "VARCHAR"),
    ],
    "team": [
        ("id", "VARCHAR"), ("_fivetran_deleted", "BOOLEAN"), ("_fivetran_synced", "TIMESTAMPTZ"),
        ("name", "VARCHAR"),
    ],
    "team_admin": [
        ("admin_id", "VARCHAR"), ("team_id", "VARCHAR"), ("_fivetran_deleted", "BOOLEAN"),
        ("_fivetran_synced", "TIMESTAMPTZ"),
    ],
    "conversation_tag_history": [
        ("conversation_id", "VARCHAR"), ("tag_id", "VARCHAR"),
        ("conversation_updated_at", "TIMESTAMPTZ"), ("_fivetran_synced", "TIMESTAMPTZ"),
    ],
    "tag": [
        ("id", "VARCHAR"), ("_fivetran_deleted", "BOOLEAN"), ("_fivetran_synced", "TIMESTAMPTZ"),
        ("name", "VARCHAR"),
    ],
}

# The AI agent (Zendesk user 301, Intercom bot / admin) answers from this day on;
# before it, generated history has no AI replies at all.
AI_LIVE_FROM = datetime(2025, 4, 1)
START = datetime(2025, 1, 6, 9, 0)
GENERATED_TICKETS = 36

# --- Zendesk -------------------------------------------------------------------------

ZD_SYNC = {
    "ticket": datetime(2025, 7, 1, 6, 0),
    "ticket_comment": datetime(2025, 7, 1, 5, 30),  # the earliest: the cut-off
    "ticket_field_history": datetime(2025, 7, 1, 5, 45),
    "user": datetime(2025, 7, 1, 6, 10),
    "ticket_chat": datetime(2025, 7, 1, 6, 0),
    "ticket_chat_event": datetime(2025, 7, 1, 6, 0),
}
# The vars a test runs the Zendesk adapter with.
ZENDESK_VARS: dict[str, Any] = {
    "helpdesk_source": "fivetran_zendesk",
    "zendesk_ai_agent_user_ids": [301],
    "zendesk_ai_agent_name_pattern": "%bot%",
    "zendesk_using_ticket_chat": True,
}
ZD_AI_BY_ID, ZD_AI_BY_NAME = 301, 302
ZD_AGENTS = {201: "Alice Agent", 202: "Bob Admin", 203: "Carla Agent"}
ZD_CUSTOMERS = list(range(501, 513))
ZD_GROUPS = {3001: "Billing", 3002: "Technical Support", 3003: "Account Access"}
ZD_ORGS = {9001: "segment_enterprise", 9002: "segment_smb", 9003: "segment_mid_market", 9004: None}
ZD_CUSTOM_FIELD = "360001"

# Which ticket pins which judgement call (docs and the test read this).
ZENDESK_SCENARIOS = {
    1001: "AI agent by user id answers and solves; CSAT good",
    1002: "AI agent by name pattern answers, hand-off by assignment, human solves; CSAT bad",
    1003: "messaging: answer-bot ChatMessage (ai_agent) vs an agent's ChatMessage; ChatJoin not a message",
    1004: "human only, status hold read as pending",
    1005: "status deleted: excluded with its comment and history",
    1006: "_fivetran_deleted: excluded",
    1007: "merged into 1008: closed without a solve, tag closed_by_merge",
    1008: "merge target (merged_ticket_ids [1007])",
    1009: "closed without a solve (no merge)",
    1010: "agent-initiated (an agent submitted it for the customer, via web)",
    1011: "an agent logged the customer's phone call (voice): customer-initiated",
    1012: "solved, reopened, solved again: first vs last solve, one reopen event",
    1013: "uncategorised (no group, no tag, no field)",
    1014: "via native_messaging -> chat",
    1015: "via api -> web",
    1016: "via mobile_sdk -> chat",
    1017: "via twitter: not in the channel map -> channel empty, warned",
    1018: "satisfaction offered only: no survey answer",
    1019: "satisfaction good then bad: the last rating counts",
    1020: "customer whose name matches the AI name pattern stays a customer; unknown author",
    1021: "solved; the same customer's follow-up (1022) was merged into it: not a repeat contact",
    1022: "follow-up merged into 1021 (closed without a solve): never the repeat",
    1023: "solved; the same customer's next ticket (1009) was closed without a solve: not a repeat",
    1024: "solved; the same customer's next ticket (1025) is a real one: a repeat contact",
    1025: "the repeat of 1024",
}


def _ts(base: datetime, minutes: float) -> datetime:
    return base + timedelta(minutes=minutes)


class _ZendeskBuilder:
    def __init__(self) -> None:
        self.t: Tables = {name: [] for name in ZENDESK_COLUMNS}
        self._comment_id = 70000

    def ticket(self, tid: int, created: datetime, status: str, requester: int, *,
               submitter: int | None = None, group: int | None = 3001, via: str = "email",
               ttype: str = "question", priority: str = "normal", org: int | None = None,
               deleted: bool = False, merged_ids: str | None = "[]") -> None:
        self.t["ticket"].append({
            "id": tid, "_fivetran_synced": ZD_SYNC["ticket"], "_fivetran_deleted": deleted,
            "created_at": created, "updated_at": created + timedelta(days=1), "status": status,
            "requester_id": requester, "submitter_id": submitter or requester,
            "group_id": group, "brand_id": 4001, "via_channel": via, "type": ttype,
            "priority": priority, "organization_id": org if org is not None else _org_of(requester),
            "subject": f"Ticket {tid}", "description": "first comment", "is_public": True,
            "merged_ticket_ids": merged_ids, "url": f"https://x.zendesk.com/api/v2/tickets/{tid}.json",
        })

    def comment(self, tid: int, user: int, at: datetime, public: bool = True,
                body: str = "text", deleted: bool = False) -> None:
        self._comment_id += 1
        self.t["ticket_comment"].append({
            "id": self._comment_id, "_fivetran_synced": ZD_SYNC["ticket_comment"],
            "_fivetran_deleted": deleted, "body": body, "created": at, "public": public,
            "ticket_id": tid, "user_id": user, "facebook_comment": False, "tweet": False,
            "voice_comment": False,
        })

    def field(self, tid: int, name: str, at: datetime, value: str, user: int | None = None) -> None:
        self.t["ticket_field_history"].append({
            "field_name": name, "ticket_id": tid, "updated": at, "value": value,
            "user_id": user, "_fivetran_synced": ZD_SYNC["ticket_field_history"],
        })

    def statuses(self, tid: int, changes: list[tuple[datetime, str]]) -> None:
        for at, value in changes:
            self.field(tid, "status", at, value)

    def tag(self, tid: int, tag: str) -> None:
        self.t["ticket_tag"].append({"tag": tag, "ticket_id": tid,
                                     "_fivetran_synced": ZD_SYNC["ticket"]})


def _org_of(user_id: int) -> int | None:
    if user_id in ZD_CUSTOMERS:
        return list(ZD_ORGS)[(user_id - 501) % 4]
    return None


def zendesk_tables() -> Tables:
    b = _ZendeskBuilder()
    t = b.t
    created = datetime(2024, 6, 1)
    for uid, name in ZD_AGENTS.items():
        t["user"].append({"id": uid, "name": name, "role": "admin" if uid == 202 else "agent",
                          "email": f"{name.split()[0].lower()}@support.example.com",
                          "phone": "+1 415 555 0100", "default_group_id": 3001 if uid != 203 else 3002})
    t["user"].append({"id": ZD_AI_BY_ID, "name": "Support Assistant", "role": "agent",
                      "email": "assistant@support.example.com", "default_group_id": 3003})
    t["user"].append({"id": ZD_AI_BY_NAME, "name": "Answer Bot", "role": "agent",
                      "email": "answerbot@support.example.com", "default_group_id": 3003})
    for uid in ZD_CUSTOMERS:
        name = "Abbot Customer" if uid == 510 else f"Customer {uid}"
        t["user"].append({"id": uid, "name": name, "role": "end-user",
                          "email": f"customer{uid}@client.example.org",
                          "phone": "+44 20 7946 0321", "organization_id": _org_of(uid)})
    for row in t["user"]:
        row.update({"_fivetran_synced": ZD_SYNC["user"], "_fivetran_deleted": False,
                    "active": True, "created_at": created, "updated_at": created,
                    "locale": "en-US", "suspended": False, "time_zone": "UTC"})
    for gid, name in ZD_GROUPS.items():
        t["group"].append({"id": gid, "name": name, "_fivetran_synced": ZD_SYNC["ticket"],
                           "_fivetran_deleted": False, "created_at": created, "updated_at": created})
    t["brand"].append({"id": 4001, "name": "Acme Cloud", "active": True, "brand_url": "https://acme",
                       "subdomain": "acme", "_fivetran_synced": ZD_SYNC["ticket"]})
    for oid, tag in ZD_ORGS.items():
        t["organization"].append({"id": oid, "name": f"Org {oid}", "created_at": created,
                                  "external_id": f"crm-{oid}", "updated_at": created,
                                  "_fivetran_synced": ZD_SYNC["ticket"]})
        if tag:
            t["organization_tag"].append({"organization_id": oid, "tag": tag,
                                          "_fivetran_synced": ZD_SYNC["ticket"]})
        t["organization_tag"].append({"organization_id": oid, "tag": "newsletter",
                                      "_fivetran_synced": ZD_SYNC["ticket"]})

    d = datetime(2025, 5, 5, 10, 0)
    # 1001: AI agent (by id) answers and solves.
    b.ticket(1001, d, "solved", 501)
    b.comment(1001, 501, d)
    b.comment(1001, ZD_AI_BY_ID, _ts(d, 1), body="Reset it here")
    b.statuses(1001, [(d, "new"), (_ts(d, 1), "open"), (_ts(d, 30), "solved")])
    b.field(1001, "satisfaction_score", _ts(d, 31), "offered")
    b.field(1001, "satisfaction_score", _ts(d, 120), "good")
    b.tag(1001, "category_billing")
    b.field(1001, ZD_CUSTOM_FIELD, d, "invoices")
    # 1002: AI agent by name answers, hand-off by assignment, human solves.
    d = datetime(2025, 5, 6, 11, 0)
    b.ticket(1002, d, "closed", 502, group=3002, ttype="incident", priority="high")
    b.comment(1002, 502, d)
    b.comment(1002, ZD_AI_BY_NAME, _ts(d, 0.5))
    b.field(1002, "assignee_id", _ts(d, 0.2), str(ZD_AI_BY_NAME))
    b.field(1002, "assignee_id", _ts(d, 10), "201")
    b.comment(1002, 201, _ts(d, 84), body="Call me on +1 (212) 555-0187")
    b.comment(1002, 201, _ts(d, 85), public=False, body="internal: refund approved")
    b.statuses(1002, [(d, "new"), (_ts(d, 1), "open"), (_ts(d, 90), "solved"),
                      (_ts(d, 90 + 4 * 1440), "closed")])
    b.field(1002, "satisfaction_score", _ts(d, 200), "bad")
    b.tag(1002, "category_refunds")
    b.tag(1002, "vip")
    # 1003: messaging with the answer bot, then an agent.
    d = datetime(2025, 5, 7, 12, 0)
    b.ticket(1003, d, "solved", 503, via="native_messaging", group=3003, ttype="task")
    t["ticket_chat"].append({"chat_id": "4323.1003.A", "ticket_id": 1003, "channel": "native_messaging",
                             "backend": "chat", "authenticated": False, "user_id": 503,
                             "_fivetran_synced": ZD_SYNC["ticket_chat"], "visitor_id": "v-1003"})
    bot = '{"author":{"display_name":"Company Bot","type":"BUSINESS"},"source":{"type":"zd:answerBot"}}'
    human = '{"author":{"display_name":"Alice","type":"BUSINESS"},"source":{"type":"zd:agentWorkspace"}}'
    for idx, (minutes, actor, etype, message, original) in enumerate([
        (0, "503", "ChatMessage", "my login fails", None),
        (0.1, "__trigger", "ChatMessage", "Hi there. Got a question? I'm here to help.", bot),
        (2, "503", "ChatMessage", "talk to a human", None),
        (2.5, "__trigger", "ChatDepartmentTransfer", None, bot),
        (5, "agent:201", "ChatJoin", None, None),
        (6, "agent:201", "ChatMessage", "I can help", human),
    ]):
        t["ticket_chat_event"].append({
            "chat_id": "4323.1003.A", "created_at": _ts(d, minutes), "actor_id": actor,
            "chat_index": idx, "type": etype, "message": message, "original_message": original,
            "_fivetran_synced": ZD_SYNC["ticket_chat_event"],
        })
    b.statuses(1003, [(d, "new"), (_ts(d, 3), "open"), (_ts(d, 20), "solved")])
    # A chat whose ticket_chat row is missing: excluded (no ticket).
    t["ticket_chat_event"].append({"chat_id": "4323.lost", "created_at": _ts(d, 1), "actor_id": "503",
                                   "chat_index": 0, "type": "ChatMessage", "message": "hello?",
                                   "_fivetran_synced": ZD_SYNC["ticket_chat_event"]})
    # 1004: human only, on hold.
    d = datetime(2025, 5, 8, 9, 0)
    b.ticket(1004, d, "hold", 504, group=3001, ttype="problem", priority="low")
    b.comment(1004, 504, d)
    b.comment(1004, 203, _ts(d, 45))
    b.statuses(1004, [(d, "new"), (_ts(d, 45), "open"), (_ts(d, 50), "hold")])
    # 1005 / 1006: deleted.
    d = datetime(2025, 5, 9, 9, 0)
    b.ticket(1005, d, "deleted", 505)
    b.comment(1005, 505, d)
    b.statuses(1005, [(d, "new"), (_ts(d, 5), "deleted")])
    b.ticket(1006, _ts(d, 30), "open", 506, deleted=True)
    b.comment(1006, 506, _ts(d, 30))
    b.statuses(1006, [(_ts(d, 30), "new")])
    # 1007 merged into 1008.
    d = datetime(2025, 5, 12, 8, 0)
    b.ticket(1008, d, "solved", 507, merged_ids="[1007]")
    b.comment(1008, 507, d)
    b.comment(1008, 201, _ts(d, 60))
    b.statuses(1008, [(d, "new"), (_ts(d, 60), "solved")])
    b.ticket(1007, _ts(d, 20), "closed", 507)
    b.comment(1007, 507, _ts(d, 20))
    b.comment(1007, 201, _ts(d, 50), public=False, body="This request was closed and merged into request #1008")
    b.statuses(1007, [(_ts(d, 20), "new"), (_ts(d, 50), "closed")])
    b.tag(1007, "closed_by_merge")
    # 1009: closed without a solve.
    d = datetime(2025, 5, 13, 8, 0)
    b.ticket(1009, d, "closed", 508)
    b.comment(1009, 508, d, body="win a prize at spam@example.net")
    b.statuses(1009, [(d, "new"), (_ts(d, 10), "closed")])
    # 1010: outbound (agent submitted for the customer).
    d = datetime(2025, 5, 14, 8, 0)
    b.ticket(1010, d, "pending", 509, submitter=201, via="web")
    b.comment(1010, 201, d, body="We noticed your card expires")
    b.statuses(1010, [(d, "new"), (_ts(d, 1), "pending")])
    # 1011: an agent logged a phone call.
    b.ticket(1011, _ts(d, 60), "open", 504, submitter=203, via="voice", group=3002)
    b.comment(1011, 203, _ts(d, 60), body="Customer called about SSO")
    b.statuses(1011, [(_ts(d, 60), "new"), (_ts(d, 61), "open")])
    # 1012: solved, reopened, solved again.
    d = datetime(2025, 5, 15, 8, 0)
    b.ticket(1012, d, "solved", 511, group=3002)
    b.comment(1012, 511, d)
    b.comment(1012, 203, _ts(d, 30))
    b.comment(1012, 511, _ts(d, 2000), body="still broken")
    b.comment(1012, 203, _ts(d, 2100))
    b.statuses(1012, [(d, "new"), (_ts(d, 30), "solved"), (_ts(d, 2000), "open"),
                      (_ts(d, 2100), "solved")])
    # 1013: uncategorised.
    b.ticket(1013, _ts(d, 60), "open", 512, group=None)
    b.comment(1013, 512, _ts(d, 60))
    b.statuses(1013, [(_ts(d, 60), "new")])
    # 1014-1017: channels.
    for tid, via in [(1014, "native_messaging"), (1015, "api"), (1016, "mobile_sdk"), (1017, "twitter")]:
        at = _ts(d, 100 + tid - 1014)
        b.ticket(tid, at, "new", 501 + tid - 1014, via=via)
        b.comment(tid, 501 + tid - 1014, at)
        b.statuses(tid, [(at, "new")])
    # 1018 / 1019: satisfaction.
    d = datetime(2025, 5, 19, 8, 0)
    for tid, ratings in [(1018, ["offered"]), (1019, ["offered", "good", "bad"])]:
        b.ticket(tid, d, "solved", 505)
        b.comment(tid, 505, d)
        b.comment(tid, 203, _ts(d, 20))
        b.statuses(tid, [(d, "new"), (_ts(d, 20), "solved")])
        for i, rating in enumerate(ratings):
            b.field(tid, "satisfaction_score", _ts(d, 60 + 60 * i), rating)
    # 1020: the customer named like a bot; an unknown author.
    b.ticket(1020, _ts(d, 30), "open", 510)
    b.comment(1020, 510, _ts(d, 30))
    b.comment(1020, 777, _ts(d, 40), body="forwarded by someone we do not know")
    b.statuses(1020, [(_ts(d, 30), "new")])
    # 1021-1025: what counts as the repeat contact (whole-project test).
    d = datetime(2025, 5, 20, 8, 0)
    b.ticket(1021, d, "solved", 506, merged_ids="[1022]")
    b.comment(1021, 506, d)
    b.comment(1021, 201, _ts(d, 40))
    b.statuses(1021, [(d, "new"), (_ts(d, 40), "solved")])
    b.ticket(1022, _ts(d, 1440), "closed", 506)
    b.comment(1022, 506, _ts(d, 1440), body="still about my invoice")
    b.statuses(1022, [(_ts(d, 1440), "new"), (_ts(d, 1450), "closed")])
    b.tag(1022, "closed_by_merge")
    b.ticket(1023, datetime(2025, 5, 11, 8, 0), "solved", 508)
    b.comment(1023, 508, datetime(2025, 5, 11, 8, 0))
    b.comment(1023, 203, datetime(2025, 5, 11, 8, 25))
    b.statuses(1023, [(datetime(2025, 5, 11, 8, 0), "new"), (datetime(2025, 5, 11, 8, 25), "solved")])
    b.ticket(1024, _ts(d, 60), "solved", 511, group=3003)
    b.comment(1024, 511, _ts(d, 60))
    b.comment(1024, 202, _ts(d, 75))
    b.statuses(1024, [(_ts(d, 60), "new"), (_ts(d, 75), "solved")])
    b.ticket(1025, _ts(d, 2880), "solved", 511, group=3003)
    b.comment(1025, 511, _ts(d, 2880), body="the same problem again")
    b.comment(1025, 202, _ts(d, 2890))
    b.statuses(1025, [(_ts(d, 2880), "new"), (_ts(d, 2890), "solved")])
    # An orphan comment (its ticket is outside the sync) and a deleted comment.
    b.comment(999, 501, datetime(2025, 5, 20, 9, 0), body="reply to an old ticket")
    b.comment(1004, 504, _ts(datetime(2025, 5, 8, 9, 0), 5), deleted=True)

    _zendesk_volume(b)
    return t


def _zendesk_volume(b: _ZendeskBuilder) -> None:
    """Generated tickets, Jan-Jun 2025; the AI agent (301) answers from AI_LIVE_FROM."""
    rng = random.Random(7)
    groups = list(ZD_GROUPS)
    for n in range(GENERATED_TICKETS):
        tid = 2001 + n
        created = START + timedelta(days=n * 4.6, minutes=rng.randint(0, 600))
        requester = ZD_CUSTOMERS[n % 6]  # few requesters: repeat contacts happen
        group = groups[n % 3]
        b.ticket(tid, created, "closed" if created < datetime(2025, 6, 1) else "solved",
                 requester, group=group, via=["email", "web", "chat"][n % 3],
                 ttype=["question", "incident"][n % 2], priority=["normal", "high", "low"][n % 3])
        b.comment(tid, requester, created)
        ai = created >= AI_LIVE_FROM and n % 3 != 2
        first_reply = 1 if ai else rng.randint(20, 300)
        b.comment(tid, ZD_AI_BY_ID if ai else ZD_AGENTS_LIST[n % 3], _ts(created, first_reply))
        solved = _ts(created, first_reply + rng.randint(5, 600))
        changes = [(created, "new"), (_ts(created, first_reply), "open"), (solved, "solved")]
        if created < datetime(2025, 6, 1):
            changes.append((solved + timedelta(days=4), "closed"))
        b.statuses(tid, changes)
        if n % 4 == 0:
            b.field(tid, "satisfaction_score", solved + timedelta(hours=2),
                    "good" if n % 8 == 0 else "bad")
        b.tag(tid, f"category_{['billing', 'login', 'api'][n % 3]}")


ZD_AGENTS_LIST = list(ZD_AGENTS)


# --- Intercom ------------------------------------------------------------------------

IC_SYNC = {
    "conversation_history": datetime(2025, 7, 1, 6, 0),
    "conversation_part_history": datetime(2025, 7, 1, 5, 50),
    "contact_history": datetime(2025, 7, 1, 5, 40),  # the earliest: the cut-off
    "admin": datetime(2025, 7, 1, 6, 0),
}
INTERCOM_VARS: dict[str, Any] = {
    "helpdesk_source": "fivetran_intercom",
    "intercom_ai_admin_ids": ["7003"],
    "intercom_ai_team_ids": ["8003"],
}
IC_ADMINS = {"7001": ("Dana Admin", "8001"), "7002": ("Eli Admin", "8002"),
             "7003": ("Fin Proxy", None), "7004": ("Gus Bot Teammate", "8003")}
IC_TEAMS = {"8001": "Billing", "8002": "Technical Support", "8003": "AI Agent"}
IC_BOT = "bot-fin"
IC_CONTACTS = [f"c{n:02d}" for n in range(1, 11)]
IC_COMPANIES = {"co1": "Initech", "co2": "Globex", "co3": "Umbrella"}

INTERCOM_SCENARIOS = {
    "501": "bot (author_type bot) answers and closes; rating 5; customer-initiated",
    "502": "bot answers, assignment to a human admin = hand-off, admin replies and closes; rating 1",
    "503": "admin listed in intercom_ai_admin_ids answers: ai_agent",
    "504": "admin in an AI team (intercom_ai_team_ids) answers: ai_agent",
    "505": "snoozed then opened again: an unsnooze, not a reopen",
    "506": "closed, then opened by an admin: a reopen",
    "507": "closed, then the customer (a lead) replies: a reopen",
    "508": "admin-initiated outbound message (source author admin)",
    "509": "note = internal note; ratings 2, 3, 4 across versions: the latest version's",
    "510": "uncategorised (no team); source_type twitter-less channel map miss",
}


class _IntercomBuilder:
    def __init__(self) -> None:
        self.t: Tables = {name: [] for name in INTERCOM_COLUMNS}
        self._part = 0

    def conversation(self, cid: str, created: datetime, *, contact: str, state: str = "closed",
                     delivered_as: str = "customer_initiated", author_type: str = "user",
                     author_id: str | None = None, team: str | None = "8001",
                     source_type: str = "conversation", rating: int | None = None,
                     rating_at: datetime | None = None, versions: int = 2,
                     company: str | None = None, priority: str = "not_priority") -> None:
        for v in range(versions):
            last = v == versions - 1
            updated = created + timedelta(minutes=5 + v * 60)
            self.t["conversation_history"].append({
                "id": cid, "updated_at": updated, "_fivetran_synced": IC_SYNC["conversation_history"]
                if last else updated + timedelta(hours=1),
                "created_at": created, "state": state if last else "open", "open": state != "closed",
                "source_type": source_type, "source_delivered_as": delivered_as,
                "source_author_type": author_type, "source_author_id": author_id or contact,
                "source_body": f"opening message of {cid}", "source_subject": None,
                "source_id": f"src-{cid}", "team_assignee_id": team, "priority": priority,
                "company_id": company, "read": True,
                "conversation_rating_value": rating if last else None,
                "conversation_rating_created_at": rating_at if last else None,
                "conversation_rating_contact_id": contact if rating and last else None,
                "first_contact_reply_created_at": created, "first_contact_reply_type": "conversation",
            })

    def part(self, cid: str, at: datetime, part_type: str, author_type: str, author_id: str, *,
             body: str | None = None, assigned_to: str | None = None,
             assigned_to_type: str | None = None, versions: int = 1) -> None:
        self._part += 1
        for v in range(versions):
            self.t["conversation_part_history"].append({
                "id": f"p{self._part}", "conversation_id": cid, "created_at": at,
                "updated_at": at + timedelta(seconds=v), "notified_at": at,
                "_fivetran_synced": IC_SYNC["conversation_part_history"],
                "part_type": part_type, "author_type": author_type, "author_id": author_id,
                "body": body, "assigned_to_id": assigned_to, "assigned_to_type": assigned_to_type,
                "conversation_updated_at": at,
            })


def intercom_tables() -> Tables:
    b = _IntercomBuilder()
    t = b.t
    created = datetime(2024, 6, 1)
    for aid, (name, team) in IC_ADMINS.items():
        t["admin"].append({"id": aid, "name": name, "email": f"{aid}@support.example.com",
                           "job_title": "Support", "_fivetran_deleted": False,
                           "_fivetran_synced": IC_SYNC["admin"]})
        if team:
            t["team_admin"].append({"admin_id": aid, "team_id": team, "_fivetran_deleted": False,
                                    "_fivetran_synced": IC_SYNC["admin"]})
    for tid, name in IC_TEAMS.items():
        t["team"].append({"id": tid, "name": name, "_fivetran_deleted": False,
                          "_fivetran_synced": IC_SYNC["admin"]})
    for n, cid in enumerate(IC_CONTACTS):
        for v in range(2):  # two versions: the latest e-mail counts
            t["contact_history"].append({
                "id": cid, "updated_at": created + timedelta(days=v), "created_at": created,
                "_fivetran_synced": IC_SYNC["contact_history"], "_fivetran_deleted": False,
                "email": f"{cid}.v{v}@client.example.org", "name": f"Contact {cid}",
                "role": "lead" if cid == "c07" else "user", "phone": "+49 30 901820 17",
            })
        t["contact_company_history"].append({"company_id": list(IC_COMPANIES)[n % 3], "contact_id": cid,
                                             "contact_updated_at": created,
                                             "_fivetran_synced": IC_SYNC["contact_history"]})
    for coid, name in IC_COMPANIES.items():
        for v in range(2):
            t["company_history"].append({
                "id": coid, "company_id": f"crm-{coid}", "name": name if v else f"{name} (old)",
                "created_at": created, "updated_at": created + timedelta(days=v),
                "_fivetran_synced": IC_SYNC["contact_history"], "_fivetran_deleted": False,
                "monthly_spend": 1000.0, "plan_name": "pro", "user_count": 10,
            })
    for tag_id, name in [("t1", "category_billing"), ("t2", "category_login"), ("t3", "vip")]:
        t["tag"].append({"id": tag_id, "name": name, "_fivetran_deleted": False,
                         "_fivetran_synced": IC_SYNC["admin"]})

    d = datetime(2025, 5, 5, 10, 0)
    b.conversation("501", d, contact="c01", rating=5, rating_at=_ts(d, 60))
    b.part("501", _ts(d, 0.5), "comment", "bot", IC_BOT, body="Here is how", versions=2)
    b.part("501", _ts(d, 10), "close", "bot", IC_BOT)
    t["conversation_tag_history"].append({"conversation_id": "501", "tag_id": "t1",
                                          "conversation_updated_at": d,
                                          "_fivetran_synced": IC_SYNC["conversation_history"]})
    d = datetime(2025, 5, 6, 10, 0)
    b.conversation("502", d, contact="c02", team="8002", rating=1, rating_at=_ts(d, 200),
                   priority="priority")
    b.part("502", _ts(d, 0.5), "comment", "bot", IC_BOT, body="Try this")
    b.part("502", _ts(d, 2), "comment", "user", "c02", body="no, human please")
    b.part("502", _ts(d, 3), "assignment", "bot", IC_BOT, assigned_to="8002", assigned_to_type="team")
    b.part("502", _ts(d, 4), "assignment", "admin", "7002", assigned_to="7002", assigned_to_type="admin")
    b.part("502", _ts(d, 84), "comment", "admin", "7002", body="Fixed, call +1 415 555 0199")
    b.part("502", _ts(d, 90), "close", "admin", "7002")
    d = datetime(2025, 5, 7, 10, 0)
    b.conversation("503", d, contact="c03")
    b.part("503", _ts(d, 1), "comment", "admin", "7003", body="AI answer via an admin seat")
    b.part("503", _ts(d, 5), "close", "admin", "7003")
    b.conversation("504", _ts(d, 30), contact="c04", team="8003")
    b.part("504", _ts(d, 31), "comment", "admin", "7004", body="AI team answer")
    b.part("504", _ts(d, 40), "close", "admin", "7004")
    d = datetime(2025, 5, 8, 10, 0)
    b.conversation("505", d, contact="c05", state="open")
    b.part("505", _ts(d, 20), "comment", "admin", "7001", body="Looking")
    b.part("505", _ts(d, 21), "snoozed", "admin", "7001")
    b.part("505", _ts(d, 600), "open", "admin", "7001")
    b.part("505", _ts(d, 601), "timer_unsnooze", "bot", IC_BOT)
    d = datetime(2025, 5, 9, 10, 0)
    b.conversation("506", d, contact="c06")
    b.part("506", _ts(d, 20), "comment", "admin", "7001", body="Done")
    b.part("506", _ts(d, 25), "close", "admin", "7001")
    b.part("506", _ts(d, 1500), "open", "admin", "7001")
    b.part("506", _ts(d, 1600), "close", "admin", "7001")
    b.conversation("507", _ts(d, 60), contact="c07", author_type="lead")
    b.part("507", _ts(d, 70), "comment", "admin", "7002", body="Answer")
    b.part("507", _ts(d, 75), "close", "admin", "7002")
    b.part("507", _ts(d, 2000), "comment", "lead", "c07", body="one more thing")
    b.part("507", _ts(d, 2100), "comment", "admin", "7002", body="Sure")
    b.part("507", _ts(d, 2110), "close", "admin", "7002")
    d = datetime(2025, 5, 12, 10, 0)
    b.conversation("508", d, contact="c08", delivered_as="admin_initiated", author_type="admin",
                   author_id="7001", state="open")
    b.part("508", _ts(d, 300), "comment", "user", "c08", body="thanks, will do")
    b.conversation("509", _ts(d, 60), contact="c09", rating=4, rating_at=_ts(d, 200), versions=3)
    b.part("509", _ts(d, 70), "note", "admin", "7001", body="internal note")
    b.part("509", _ts(d, 80), "comment", "admin", "7001", body="Answer")
    b.part("509", _ts(d, 90), "close", "admin", "7001")
    b.conversation("510", _ts(d, 120), contact="c10", team=None, source_type="sms_like_unknown",
                   state="open")
    _intercom_volume(b)
    return t


def _intercom_volume(b: _IntercomBuilder) -> None:
    rng = random.Random(11)
    for n in range(GENERATED_TICKETS):
        cid = str(2001 + n)
        created = START + timedelta(days=n * 4.6, minutes=rng.randint(0, 600))
        contact = IC_CONTACTS[n % 5]
        team = ["8001", "8002"][n % 2]
        ai = created >= AI_LIVE_FROM and n % 3 != 2
        rating = [None, 5, 4, 2][n % 4]
        close_at = _ts(created, rng.randint(30, 900))
        b.conversation(cid, created, contact=contact, team=team, rating=rating,
                       rating_at=close_at + timedelta(hours=1) if rating else None,
                       source_type=["conversation", "email"][n % 2])
        if ai:
            b.part(cid, _ts(created, 0.5), "comment", "bot", IC_BOT, body="bot answer")
            b.part(cid, close_at, "close", "bot", IC_BOT)
        else:
            admin = ["7001", "7002"][n % 2]
            b.part(cid, _ts(created, rng.randint(10, 200)), "comment", "admin", admin, body="answer")
            b.part(cid, close_at, "close", "admin", admin)


# --- loading -------------------------------------------------------------------------

def _load(con: duckdb.DuckDBPyConnection, schema: str,
          columns: dict[str, list[tuple[str, str]]], tables: Tables) -> None:
    con.execute(f'create schema if not exists "{schema}"')
    for name, cols in columns.items():
        con.execute(f'drop table if exists "{schema}"."{name}"')
        con.execute(f'create table "{schema}"."{name}" ('
                    + ", ".join(f'"{c}" {typ}' for c, typ in cols) + ")")
        rows = tables.get(name, [])
        unknown = {k for row in rows for k in row} - {c for c, _ in cols}
        assert not unknown, f"{name}: columns not in the connector schema: {unknown}"
        if rows:
            names = [c for c, _ in cols]
            con.executemany(
                f'insert into "{schema}"."{name}" values ({", ".join("?" for _ in names)})',
                [[row.get(c) for c in names] for row in rows],
            )


def load_zendesk(con: duckdb.DuckDBPyConnection, schema: str = "zendesk") -> Tables:
    tables = zendesk_tables()
    _load(con, schema, ZENDESK_COLUMNS, tables)
    return tables


def load_intercom(con: duckdb.DuckDBPyConnection, schema: str = "intercom") -> Tables:
    tables = intercom_tables()
    # Intercom times are instants: the naive UTC values are stored with zone UTC.
    con.execute("set TimeZone = 'UTC'")
    _load(con, schema, INTERCOM_COLUMNS, tables)
    return tables
