"""Static word pools and text templates the generator draws from.

Everything here is fictional. E-mail addresses use example domains and phone
numbers use ranges reserved for fiction (US 555-01xx, UK 020 7946 0xxx), so
the PII the generator plants in free text is realistic in shape but harmless.
"""

from __future__ import annotations

FIRST_NAMES: tuple[str, ...] = (
    "Maria", "James", "Aisha", "Chen", "Lucas", "Sofia", "Noah", "Priya",
    "Mateo", "Emma", "Kwame", "Yuki", "Olivia", "Ahmed", "Liam", "Ines",
    "Daniel", "Fatima", "Elena", "Omar", "Grace", "Hugo", "Amara", "Ravi",
    "Chloe", "Tomas", "Leila", "Jonas", "Mei", "Samuel", "Nadia", "Felix",
    "Zara", "Diego", "Hannah", "Kenji", "Isabel", "Victor", "Ana", "Marcus",
    "Lena", "Arjun", "Clara", "Ethan", "Sara", "Malik", "Julia", "Pedro",
    "Ingrid", "Tariq", "Rosa", "Oscar", "Nora", "Emeka", "Lucia", "Adam",
    "Mila", "Rahul", "Eva", "Caleb",
)

LAST_NAMES: tuple[str, ...] = (
    "Lopez", "Smith", "Okafor", "Wang", "Muller", "Rossi", "Kim", "Patel",
    "Garcia", "Johnson", "Mensah", "Tanaka", "Brown", "Hassan", "Nguyen",
    "Silva", "Cohen", "Khan", "Petrov", "Haddad", "Walsh", "Dubois", "Eze",
    "Sharma", "Martin", "Novak", "Farah", "Berg", "Chen", "Adeyemi", "Ivanova",
    "Schmidt", "Ali", "Torres", "Fischer", "Sato", "Moreno", "Larsen", "Costa",
    "Reed", "Weber", "Iyer", "Laurent", "Clark", "Nilsson", "Baker", "Santos",
    "Lindqvist", "Rahman", "Vargas", "Olsen", "Murphy", "Obi", "Romero",
    "Novakova", "Hughes", "Gupta", "Jansen", "Keller", "Doyle",
)

ACCOUNT_PREFIXES: tuple[str, ...] = (
    "Bluefin", "Northwind", "Cobalt", "Harbor", "Summit", "Lumen", "Granite",
    "Crescent", "Evergreen", "Atlas", "Juniper", "Redwood", "Silverline",
    "Maple", "Orbit", "Quartz", "Riverstone", "Sierra", "Tidal", "Vertex",
    "Willow", "Zenith", "Amber", "Beacon", "Cedar", "Delta", "Ember", "Falcon",
    "Glacier", "Horizon", "Ironwood", "Kestrel", "Lattice", "Meridian",
    "Nimbus", "Onyx", "Pioneer", "Quill", "Rook", "Solstice",
)

ACCOUNT_NOUNS: tuple[str, ...] = (
    "Logistics", "Analytics", "Health", "Foods", "Robotics", "Finance",
    "Media", "Labs", "Systems", "Energy", "Retail", "Travel", "Learning",
    "Insurance", "Software", "Clinics", "Freight", "Studios", "Security",
    "Payments", "Biotech", "Outdoors", "Markets", "Networks", "Motors",
)

ACCOUNT_SUFFIXES: tuple[str, ...] = ("Inc", "Ltd", "GmbH", "Group", "Co", "LLC", "SA", "")

# Labels are written snake_case in _truth (staging's normalise_label result).
INDUSTRIES: tuple[str, ...] = (
    "software", "financial_services", "healthcare", "retail", "manufacturing",
    "education", "media", "logistics",
)

SEGMENTS: tuple[str, ...] = ("SMB", "Mid-Market", "Enterprise")

CSM_TEAMS: tuple[str, ...] = ("cs_smb", "cs_mid_market", "cs_enterprise")
AGENT_TEAMS: tuple[str, ...] = ("support_tier_1", "support_tier_2", "support_billing")
MANAGER_TEAMS: tuple[str, ...] = ("support_leadership", "cs_leadership")

# Ticket categories: (label, share of tickets, AI agent success base rate,
# mean complexity, is "hard" for the AI).
CATEGORIES: tuple[tuple[str, float, float, float, bool], ...] = (
    ("password_reset", 0.15, 0.88, 1.4, False),
    ("account_access", 0.12, 0.72, 2.0, False),
    ("how_to", 0.22, 0.66, 2.2, False),
    ("data_export", 0.10, 0.50, 2.8, True),
    ("billing", 0.16, 0.40, 2.6, True),
    ("integration", 0.11, 0.24, 3.5, True),
    ("bug_report", 0.14, 0.14, 3.8, True),
)
CATEGORY_LABELS: tuple[str, ...] = tuple(c[0] for c in CATEGORIES)

# Out-of-scope topics the AI agent declines, most frequent first.
OOS_TOPICS: tuple[tuple[str, float], ...] = (
    ("refund_request", 0.26),
    ("contract_change", 0.18),
    ("feature_request", 0.15),
    ("legal_question", 0.11),
    ("pricing_negotiation", 0.10),
    ("data_deletion_gdpr", 0.08),
    ("security_review", 0.07),
    ("custom_integration", 0.05),
)

TOOLS: tuple[dict[str, str | bool | None], ...] = (
    # tool_id, name, vendor, approved, approved_at, retired_at
    {"tool_id": "AT01", "tool_name": "Success Copilot", "vendor": "Northwind AI",
     "is_approved": True, "approved_at": "2025-02-03 09:00:00", "retired_at": None},
    {"tool_id": "AT02", "tool_name": "Resolve Agent", "vendor": "Helix Labs",
     "is_approved": True, "approved_at": "2025-06-15 08:00:00", "retired_at": None},
    {"tool_id": "AT03", "tool_name": "Health Signals", "vendor": "Pulse Analytics",
     "is_approved": True, "approved_at": "2024-09-02 09:00:00", "retired_at": None},
    {"tool_id": "AT04", "tool_name": "Renewal Forecaster", "vendor": "Pulse Analytics",
     "is_approved": True, "approved_at": "2025-08-18 09:00:00", "retired_at": None},
    {"tool_id": "AT05", "tool_name": "PocketChat (personal account)", "vendor": "PocketChat",
     "is_approved": False, "approved_at": None, "retired_at": None},
    {"tool_id": "AT06", "tool_name": "Legacy Email Assistant", "vendor": "MailMind",
     "is_approved": True, "approved_at": "2023-03-01 09:00:00",
     "retired_at": "2025-04-30 18:00:00"},
)

KB_TITLES: dict[str, tuple[str, ...]] = {
    "password_reset": (
        "How to reset your password", "Password rules and expiry",
        "Reset a password for another user", "Why did my reset link expire?",
        "Enable self-service password reset",
    ),
    "account_access": (
        "Set up single sign-on", "Unlock a locked account", "Two-factor authentication FAQ",
        "Manage user roles and permissions", "Invite and remove team members",
        "Recover access when your admin left",
    ),
    "how_to": (
        "Getting started in 10 minutes", "Build your first dashboard",
        "Schedule a recurring report", "Share a workspace with your team",
        "Keyboard shortcuts", "Customise notifications", "Use filters and segments",
        "Set up automated workflows",
    ),
    "data_export": (
        "Export data to CSV", "Bulk export through the API", "Export limits and quotas",
        "Schedule an export to cloud storage", "Why is my export empty?",
    ),
    "billing": (
        "Understand your invoice", "Update your payment method", "Change your plan",
        "Request a VAT invoice", "Billing cycles and proration", "Cancel a subscription",
    ),
    "integration": (
        "Connect the Salesforce integration", "Webhooks reference",
        "Troubleshoot a failing sync", "API rate limits", "Slack integration setup",
    ),
    "bug_report": (
        "Known issues and status page", "How to report a bug", "Clear your browser cache",
        "Supported browsers",
    ),
}

PII_EMAILS: tuple[str, ...] = (
    "jane.doe@example.com", "billing@example.org", "m.lopez@example.net",
    "it-admin@example.com", "accounts.payable@example.co.uk",
)
PII_PHONES: tuple[str, ...] = (
    "+1 415 555 0134", "(020) 7946 0958", "+44 20 7946 0321", "+1 (212) 555-0187",
    "+49 30 901820 17",
)

# Customer message templates by category. {pii} marks where a contact
# detail is planted; templates without it never contain an address or number.
CUSTOMER_FIRST: dict[str, tuple[str, ...]] = {
    "password_reset": (
        "I can't log in, the reset email never arrives.",
        "Please reset my password, I'm locked out.",
        "Password reset link says expired.",
        "Forgot my password again, can you help?",
    ),
    "account_access": (
        "SSO login fails with an error for our team.",
        "My account is locked after too many attempts.",
        "New colleague can't access the workspace.",
        "2FA codes are not accepted anymore.",
    ),
    "how_to": (
        "How do I schedule a weekly report?",
        "Where can I change notification settings?",
        "How do I share a dashboard with a client?",
        "Is there a way to bulk edit records?",
    ),
    "data_export": (
        "My CSV export is empty.",
        "Export times out for large workspaces.",
        "How do I export all data for an audit?",
        "Scheduled export did not run last night.",
    ),
    "billing": (
        "We were charged twice this month.",
        "Need an invoice with our VAT number.",
        "Why did our bill go up?",
        "Please update the card on file.",
    ),
    "integration": (
        "Salesforce sync stopped working.",
        "Webhook calls return 401 since yesterday.",
        "Slack notifications are not posting.",
        "API returns rate limit errors.",
    ),
    "bug_report": (
        "Dashboard shows wrong totals after update.",
        "Page crashes when I open settings.",
        "Charts don't load in Safari.",
        "Filters reset every time I reload.",
    ),
}
CUSTOMER_PII: tuple[str, ...] = (
    "Please reply to {pii} instead.",
    "You can reach me on {pii} today.",
    "Call me at {pii} if easier.",
    "Send the details to {pii} please.",
)
CUSTOMER_FOLLOW: tuple[str, ...] = (
    "That didn't work, still broken.",
    "Let me rephrase: it fails for every user.",
    "Any update on this?",
    "I tried that already.",
    "Still seeing the same problem.",
    "Sorry, to be clearer: it happens since Monday.",
)
CUSTOMER_THANKS: tuple[str, ...] = (
    "Thanks, that worked!", "Great, all sorted.", "Perfect, thank you.",
    "Fixed now, thanks.",
)
CUSTOMER_AFTER: tuple[str, ...] = (
    "It broke again.", "Problem is back.", "One more question on this.",
    "Actually this is not fixed.", "Thanks again for the help.",
)
AI_REPLIES: tuple[str, ...] = (
    "Here are the steps that solve this: open Settings and follow the guide.",
    "I've sent a fresh link; it is valid for 30 minutes.",
    "This article explains it step by step.",
    "I checked your workspace and applied the fix.",
    "Try clearing the cache and signing in again.",
    "I've updated that for you. Anything else?",
)
AGENT_REPLIES: tuple[str, ...] = (
    "Thanks for the details, I'm looking into it now.",
    "I've fixed the configuration on our side.",
    "Engineering confirmed a fix is deployed.",
    "I've corrected the invoice and refunded the difference.",
    "Could you confirm it works now?",
    "I've escalated this and will update you tomorrow.",
)
AGENT_NOTES: tuple[str, ...] = (
    "Checked logs, matches known issue.", "Customer on legacy plan.",
    "Linked to engineering bug.", "VIP account, keep CSM in loop.",
    "Caller verified via {pii}.",
)
HANDOFF_TEXTS: tuple[str, ...] = (
    "Transferring you to a member of our team.",
    "Escalated to human agent.",
    "Routing to the support queue.",
)
REOPEN_TEXT = "Ticket reopened by customer reply."
OOS_TEXT = "I can't help with {topic} here; a colleague will follow up."
