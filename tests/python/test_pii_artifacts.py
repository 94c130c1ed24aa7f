"""PII never leaves staging in clear text (docs/raw_exports.md, "PII").

Unique e-mail addresses and phone numbers are planted in hand-edited
generated exports, in every kind of free-text column (account, user, tool,
vendor and KB names, labels, message topics and bodies, ids, enum values and
timestamps of rejected rows). One build (every model, which publishes on its
own), one more publish (scripts/publish_marts.py), the dashboard and the docs
catalog are run, and every artifact they write is searched for each planted
token: the DuckDB files, target/, logs/, published/ (Parquet values, the
read database, the dashboard), catalog.json. The only place a token may be
is the raw input itself (the exports folder, outside all of them).

Also: the keyed contact hash is sha256(key '|' normalised value), computed
here independently; it changes with the key, and normalised variants of one
contact hash alike; a missing key is a compile error outside the sample;
masking leaves ordinary numbers alone; reader and cast errors do not print
the raw input.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from conftest import BUILD_MODELS, PROJECT_DIR, VENV_BIN, generate, run_dbt

SEED = 7
SCALE = 0.05
KEY = "k3y-zqx-9f2c61"  # a token itself: must not reach any artifact
OTHER_KEY = "another-key-zqx-77"

# --- planted tokens -----------------------------------------------------------------------

E_ACCOUNT = "zqx.acct@plant-example.com"
E_USER_NAME = "zqx.alice.o'neil@plant-example.org"  # "'" in the local part
E_TOOL_VENDOR = "zqx.vendor@plant-example.net"
E_CONTRACT_VENDOR = "zqx.contract@plant-example.net"
E_KB_CATEGORY = "zqx.kb@plant-example.org"
E_TICKET_CATEGORY = "zqx.cat@plant-example.com"
E_BODY = "jörg.zqx@plant-example.de"  # Unicode in the local part
E_REQUESTER_ID = "zqx.req@plant-example.com"  # an id that is an e-mail address
E_REJECT = "zqx.reject@plant-example.com"
E_REJECT_CONTACT = "zqx.reject.contact@plant-example.com"
P_INDUSTRY = "07700 900417"  # national, trunk 0
P_USER_NAME = "+44 7700 900518"
P_TEAM = "555-0142"  # local
P_TOOL_NAME = "(415) 555-0173"
P_CONTRACT_VENDOR = "415.555.0184"
P_KB_TITLE = "0044 20 7946 0619"  # leading 00
P_TOPIC = "+1 (212) 555-0195"
P_ACCOUNT_ID = "+44 7700 900629"
P_REJECT_ENUM = "+44 7700 900730"
P_REJECT_TIMESTAMP = "07700 900841"
P_VARIANT_A = "0044 7700 900952"  # one contact, two spellings
P_VARIANT_B = "+44 (7700) 900-952"
P_ERROR = "+44 7700 900963"
E_ERROR = "zqx.error@plant-example.com"
E_CAST = "zqx.cast@plant-example.com"


# (raw title, staged title): what is masked and what is left alone.
TITLE_CASES = [
    (f"Reach us at {P_KB_TITLE}", "Reach us at [phone]"),
    ("Call 555-0199 or 555-0100 today", "Call [phone] or [phone] today"),
    ("Office 07700 900123 / (020) 7946 0958", "Office [phone] / [phone]"),
    ("Mail o'brien@example.com", "Mail [email]"),
    ("Invoice 2025-03-14 for $12,000.50 (ref 42)", "Invoice 2025-03-14 for $12,000.50 (ref 42)"),
    ("Ticket t0000008, order INV-555-0199", "Ticket t0000008, order INV-555-0199"),
    ("Sent 2025-03-14T10:30:00Z, 1234567.89 USD", "Sent 2025-03-14T10:30:00Z, 1234567.89 USD"),
    ("Up +1500 seats, 0012000 units, id 215468943275081",
     "Up +1500 seats, 0012000 units, id 215468943275081"),
]

PLANTED = [
    v for k, v in sorted(globals().items())
    if re.fullmatch(r"[EP]_[A-Z_]+", k) and isinstance(v, str)
] + [KEY, OTHER_KEY]


def _needles(values: list[str]) -> list[str]:
    """Each value, its JSON-escaped spelling and, for a phone number of 10+
    digits, its digits alone."""
    out = set()
    for v in values:
        out.add(v.lower())
        out.add(json.dumps(v)[1:-1].lower())
        digits = re.sub(r"\D", "", v)
        if "@" not in v and len(digits) >= 10:
            out.add(digits)
            out.add(re.sub(r"^00", "", digits))
    return sorted(out)


# --- the exports --------------------------------------------------------------------------

def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


KEYS = {"crm_accounts": "account_id", "crm_users": "user_id", "ai_tools": "tool_id",
        "vendor_contracts": "contract_id", "kb_articles": "article_id",
        "helpdesk_tickets": "ticket_id", "helpdesk_messages": "message_id"}


def _plant(exports: Path) -> dict[str, str]:
    """Plants the tokens in rows the generator left clean (not in its mess
    ledger, so they are staged); returns the keys and raw contact values the
    checks use."""
    tables = {p.stem: _read(p) for p in exports.glob("*.csv") if not p.name.startswith("_")}
    _, ledger = _read(exports / "_mess_ledger.csv")
    messy = {(r["table"], r["source_key"]) for r in ledger}

    def clean(table: str) -> list[dict[str, str]]:
        key = KEYS[table]
        return [r for r in tables[table][1]
                if (table, r[key]) not in messy and r[key] == r[key].strip() and r[key]]

    account = clean("crm_accounts")[0]["account_id"]
    requester = clean("helpdesk_tickets")[0]["requester_id"]
    account_id = f"{account} tel {P_ACCOUNT_ID}"
    for table, (columns, data) in tables.items():  # ids that hold PII, everywhere
        for row in data:
            if row.get("account_id") == account:
                row["account_id"] = account_id
            if row.get("requester_id") == requester:
                row["requester_id"] = E_REQUESTER_ID
    accounts = clean("crm_accounts")
    accounts[1]["account_name"] = f"Acme {E_ACCOUNT} Ltd"
    accounts[2]["industry"] = f"Retail {P_INDUSTRY}"
    users = clean("crm_users")
    users[0]["full_name"] = f"Sam {E_USER_NAME} {P_USER_NAME}"
    users[1]["team"] = f"Team {P_TEAM}"
    users[1]["phone"] = P_VARIANT_A
    users[2]["phone"] = P_VARIANT_B
    users[0]["email"] = " " + users[0]["email"].upper() + " "
    contact_email = users[0]["email"].strip().lower()
    tables["crm_users"][1].append({**users[3], "user_id": "U9999", "email": E_REJECT_CONTACT,
                                   "hired_at": f"call {P_REJECT_TIMESTAMP}"})
    tools = clean("ai_tools")
    tools[0]["tool_name"] = f"Bot {P_TOOL_NAME}"
    tools[0]["vendor"] = f"Vendor {E_TOOL_VENDOR}"
    clean("vendor_contracts")[0]["vendor"] = f"{E_CONTRACT_VENDOR} {P_CONTRACT_VENDOR}"
    articles = clean("kb_articles")
    articles[0]["category"] = f"Billing {E_KB_CATEGORY}"
    for i, (title, _) in enumerate(TITLE_CASES):
        tables["kb_articles"][1].append({**articles[1], "article_id": f"KBZ{i:02d}", "title": title})
    tickets = clean("helpdesk_tickets")
    tickets[0]["category"] = f"Data {E_TICKET_CATEGORY}"
    tickets[1]["requester_email"] = contact_email  # joins user 0 (other spelling)
    tables["helpdesk_tickets"][1].extend([
        {**tickets[2], "ticket_id": "T9999991", "complexity": "9",
         "category": f"Bad {E_REJECT}", "requester_email": E_REJECT_CONTACT},
        {**tickets[2], "ticket_id": "T9999992", "priority": P_REJECT_ENUM},
    ])
    messages = clean("helpdesk_messages")
    messages[0]["topic"] = f"Topic {P_TOPIC}"
    messages[0]["body"] = f"Write to {E_BODY}, thanks."
    for table, (columns, data) in tables.items():
        _write(exports / f"{table}.csv", columns, data)
    return {"email": contact_email, "email_raw": users[0]["email"], "account_id": account_id,
            "user0": users[0]["user_id"], "user1": users[1]["user_id"],
            "user2": users[2]["user_id"], "ticket1": tickets[1]["ticket_id"]}


# --- the builds ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Build:
    work: Path
    exports: Path
    db_path: Path
    contacts: dict[str, str]
    dbt_vars: dict[str, str]

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.db_path), read_only=True) as con:
            return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("pii_artifacts")
    exports = work.parent / f"{work.name}_exports"  # outside every artifact folder
    generate(exports, SEED, SCALE)
    contacts = _plant(exports)
    dbt_vars = {"raw_source": "files", "raw_export_dir": str(exports)}
    db_path = work / "pii.duckdb"
    env = {"AISM_PII_HASH_KEY": KEY, "DBT_PUBLISH_DIR": None}
    run_dbt(BUILD_MODELS, db_path, work, dbt_vars, env_overrides=env)
    assert (work / "published" / "current" / "_manifest.json").exists(), "the build did not publish"
    run_dbt(["docs", "generate"], db_path, work, dbt_vars, env_overrides=env)
    for script in (["scripts/publish_marts.py", "--db", str(db_path), "--out", str(work / "published")],
                   ["scripts/build_dashboard.py", "--published", str(work / "published"),
                    "--out", str(work / "published" / "dashboard.html")]):
        subprocess.run([str(VENV_BIN / "python"), *script], cwd=PROJECT_DIR, check=True,
                       capture_output=True, text=True)
    return Build(work, exports, db_path, contacts, dbt_vars)


def _sha(key: str, value: str) -> str:
    return hashlib.sha256(f"{key}|{value}".encode()).hexdigest()


# --- every artifact -----------------------------------------------------------------------

def _db_hits(path: Path, needles: list[str], skip_schemas: tuple[str, ...] = ()) -> list[str]:
    hits = []
    with duckdb.connect(str(path), read_only=True) as con:
        relations = con.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
        for schema, name in relations:
            if schema in skip_schemas:
                continue
            for row in con.execute(f'select * from "{schema}"."{name}"').fetchall():
                text = "\x1f".join("" if v is None else str(v) for v in row).lower()
                hits += [f"{path.name}:{schema}.{name}: {n}" for n in needles if n in text]
    return hits


def _parquet_hits(path: Path, needles: list[str]) -> list[str]:
    with duckdb.connect() as con:
        rows = con.execute("select * from read_parquet(?)", [str(path)]).fetchall()
        meta = con.execute(
            "select cast(key as varchar) || '=' || cast(value as varchar) "
            "from parquet_kv_metadata(?)", [str(path)]
        ).fetchall()
    text = "\n".join("\x1f".join("" if v is None else str(v) for v in r) for r in rows + meta)
    return [f"{path}: {n}" for n in needles if n in text.lower()]


def _artifact_hits(build: Build, needles: list[str]) -> list[str]:
    hits = []
    files = [p for p in build.work.rglob("*") if p.is_file()]
    assert any(p.name == "catalog.json" for p in files)
    assert any(p.name == "dashboard.html" for p in files)
    assert any(p.name == "dbt.log" for p in files)
    assert any(p.name == "run_results.json" for p in files)
    assert sum(p.suffix == ".parquet" for p in files) > 10
    for path in files:
        blob = path.read_bytes().lower()  # compressed data can only be caught here, not cleared
        hits += [f"{path}: {n}" for n in needles if n.encode() in blob]
        if path.suffix == ".parquet":
            hits += _parquet_hits(path, needles)
        elif path.suffix == ".duckdb" and not path.is_symlink():
            hits += _db_hits(path, needles)
    return hits


def test_no_planted_token_in_any_artifact(build: Build) -> None:
    # The exports themselves hold every token (the raw input: the one exception).
    raw = "\n".join(p.read_text() for p in build.exports.glob("*.csv")).lower()
    elsewhere = (KEY, OTHER_KEY, P_ERROR, E_ERROR, E_CAST)  # the key; the error tests' file
    missing = [t for t in PLANTED if t.lower() not in raw and t not in elsewhere]
    assert missing == []
    assert _artifact_hits(build, _needles(PLANTED)) == []


def test_no_exported_contact_in_any_model(build: Build) -> None:
    """Every e-mail address and phone number of the generated exports, in the
    models (schema raw holds the bundled sample's seeds, not this input)."""
    _, users = _read(build.exports / "crm_users.csv")
    _, tickets = _read(build.exports / "helpdesk_tickets.csv")
    contacts = {u["email"].strip() for u in users} | {u["phone"].strip() for u in users}
    contacts |= {t["requester_email"].strip() for t in tickets}
    contacts = {c for c in contacts if len(c) > 6 and c.lower() not in ("null", "none")}
    assert len(contacts) > 50
    assert _db_hits(build.db_path, _needles(sorted(contacts)), skip_schemas=("raw",)) == []


# --- what the models hold instead ---------------------------------------------------------

def test_free_text_is_masked_before_labels_are_normalised(build: Build) -> None:
    name = dict(build.query("select account_id, account_name from staging.stg_crm__accounts"))
    assert "Acme [email] Ltd" in name.values()
    industries = {r[0] for r in build.query("select industry from staging.stg_crm__accounts")}
    assert "retail_phone" in industries
    users = dict(build.query("select user_id, full_name from staging.stg_crm__users"))
    assert users[build.contacts["user0"]] == "Sam [email] [phone]"
    teams = dict(build.query("select user_id, team from staging.stg_crm__users"))
    assert teams[build.contacts["user1"]] == "team_phone"
    tools = build.query("select tool_name, vendor from staging.stg_ai_telemetry__tools")
    assert ("Bot [phone]", "Vendor [email]") in tools
    vendors = {r[0] for r in build.query("select vendor from staging.stg_vendors__vendor_contracts")}
    assert "[email] [phone]" in vendors
    categories = {r[0] for r in build.query("select category from staging.stg_kb__articles")}
    assert "billing_email" in categories
    ticket_categories = {r[0] for r in build.query("select category from staging.stg_helpdesk__tickets")}
    assert "data_email" in ticket_categories
    messages = build.query("select topic, body from staging.stg_helpdesk__messages")
    assert ("topic_phone", "Write to [email], thanks.") in messages


def test_masking_leaves_ordinary_numbers_alone(build: Build) -> None:
    titles = dict(build.query(
        "select article_id, title from staging.stg_kb__articles where article_id like 'KBZ%'"
    ))
    assert titles == {f"KBZ{i:02d}": staged for i, (_, staged) in enumerate(TITLE_CASES)}


def test_ids_holding_pii_are_hashed_and_still_join(build: Build) -> None:
    account_id = build.contacts["account_id"]
    account = "pii_" + _sha(KEY, account_id)[:16]
    requester = "pii_" + _sha(KEY, E_REQUESTER_ID)[:16]
    accounts = {r[0] for r in build.query("select account_id from staging.stg_crm__accounts")}
    assert account in accounts and account_id not in accounts
    _, raw_tickets = _read(build.exports / "helpdesk_tickets.csv")
    staged = build.query(
        "select count(*) filter (where account_id = '" + account + "'), "
        "count(*) filter (where requester_id = '" + requester + "') "
        "from staging.base_helpdesk__tickets"
    )[0]
    assert staged == (
        sum(t["account_id"] == account_id for t in raw_tickets),
        sum(t["requester_id"] == E_REQUESTER_ID for t in raw_tickets),
    )
    assert staged[0] > 0 and staged[1] > 0
    views = {r[0] for r in build.query("select requester_id from staging.stg_kb__article_views")}
    _, raw_views = _read(build.exports / "kb_article_views.csv")
    assert (requester in views) == any(v["requester_id"] == E_REQUESTER_ID for v in raw_views)


def test_rejected_raw_rows_are_built_from_masked_values(build: Build) -> None:
    rejects = {(r[0], r[1]): (r[2], r[3]) for r in build.query(
        "select source_table, source_key, reject_reason, raw_row from staging.stg_rejects"
    )}
    reason, raw_row = rejects[("helpdesk_tickets", "T9999991")]
    assert "complexity out of range" in reason
    assert "Bad [email]" in raw_row.split("|")
    assert _sha(KEY, E_REJECT_CONTACT) in raw_row.split("|")
    reason, raw_row = rejects[("helpdesk_tickets", "T9999992")]
    assert "unknown priority" in reason and "[phone]" in raw_row.split("|")
    reason, raw_row = rejects[("crm_users", "U9999")]
    assert "unparseable hired_at" in reason and "call [phone]" in raw_row.split("|")


# --- the keyed hash -----------------------------------------------------------------------

def _user_hashes(build: Build) -> dict[str, tuple[str, str]]:
    return {r[0]: (r[1], r[2]) for r in build.query(
        "select user_id, email_hash, phone_hash from staging.stg_crm__users"
    )}


def test_contact_hash_is_keyed_over_normalised_values(build: Build) -> None:
    users = _user_hashes(build)
    c = build.contacts
    assert users[c["user0"]][0] == _sha(KEY, c["email"])  # ' X@Y.COM ' -> 'x@y.com'
    assert c["email_raw"] != c["email"]
    digits = re.sub(r"\D", "", P_VARIANT_A)[2:]  # '00' dropped: 447700900952
    assert users[c["user1"]][1] == users[c["user2"]][1] == _sha(KEY, digits)
    tickets = dict(build.query(
        "select ticket_id, requester_email_hash from staging.stg_helpdesk__tickets"
    ))
    assert tickets[c["ticket1"]] == users[c["user0"]][0]
    assert _sha(KEY, c["email"]) != hashlib.md5(c["email"].encode()).hexdigest()


def test_contact_hash_changes_with_the_key(build: Build, tmp_path: Path) -> None:
    db_path = tmp_path / "other_key.duckdb"
    run_dbt(["run", "--select", "base_crm__users", "stg_crm__users"], db_path, tmp_path,
            build.dbt_vars, env_overrides={"AISM_PII_HASH_KEY": OTHER_KEY})
    with duckdb.connect(str(db_path), read_only=True) as con:
        other = dict(con.execute(
            "select user_id, email_hash from staging.stg_crm__users"
        ).fetchall())
    user0 = build.contacts["user0"]
    assert other[user0] == _sha(OTHER_KEY, build.contacts["email"])
    assert other[user0] != _user_hashes(build)[user0][0]


def test_missing_key_is_a_compile_error_outside_the_sample(build: Build, tmp_path: Path) -> None:
    result = run_dbt(["compile", "--select", "base_crm__users"], tmp_path / "nokey.duckdb",
                     tmp_path / "files", build.dbt_vars, check=False,
                     env_overrides={"AISM_PII_HASH_KEY": None})
    assert result.returncode != 0
    assert "Environment variable AISM_PII_HASH_KEY is not set" in result.stdout
    sample = run_dbt(["compile", "--select", "base_crm__users"], tmp_path / "sample.duckdb",
                     tmp_path / "sample", check=False, env_overrides={"AISM_PII_HASH_KEY": None})
    assert sample.returncode == 0, sample.stdout[-3000:]
    compiled = next((tmp_path / "sample" / "target").rglob("base_crm__users.sql")).read_text()
    assert "ai-support-metrics-bundled-sample" in compiled


# --- error messages -----------------------------------------------------------------------

def _bad_file(tmp_path: Path) -> Path:
    path = tmp_path / "bad.csv"
    lines = ["a,b,c"] + [f"{i},x{i},y" for i in range(50)]
    lines += [f"51,{P_ERROR},{E_ERROR},extra", f"52,{E_CAST},z"]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("case", ["reader", "cast"])
def test_errors_do_not_print_raw_input(build: Build, tmp_path: Path, case: str) -> None:
    bad = _bad_file(tmp_path)
    columns = "columns = {'a': 'varchar', 'b': 'varchar', 'c': 'varchar'}"
    if case == "reader":  # DuckDB quotes the offending line: 'Original Line: 51,+44 ...'
        sql = (f"select * from read_csv('{bad}', header = true, delim = ',', quote = '\"', "
               f"auto_detect = false, {columns})")
        expected = "CSV Error on Line"
    else:  # ... and the value it could not convert
        sql = (f"select cast(b as integer) as b from read_csv('{bad}', header = true, "
               f"ignore_errors = true, auto_detect = false, {columns}) where a = '52'")
        expected = "Could not convert"
    result = run_dbt(["show", "--inline", sql], tmp_path / "err.duckdb", tmp_path, check=False,
                     env_overrides={"AISM_PII_HASH_KEY": KEY})
    output = (result.stdout + result.stderr).lower()
    assert result.returncode != 0 and expected.lower() in output, output[-3000:]
    needles = _needles([P_ERROR, E_ERROR, E_CAST, KEY])
    assert [n for n in needles if n in output] == []
    logs = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix in (".log", ".json")]
    assert any(p.name == "dbt.log" for p in logs)
    for path in logs:
        text = path.read_text(errors="replace").lower()
        assert [n for n in needles if n in text] == [], path


def test_redaction_keeps_the_line_number(tmp_path: Path) -> None:
    sys.path.insert(0, str(PROJECT_DIR / "scripts"))
    import dbt_pii_plugin  # noqa: PLC0415

    bad = _bad_file(tmp_path)
    with duckdb.connect() as con, pytest.raises(duckdb.Error) as error:
        con.execute(f"select * from read_csv('{bad}', header = true, delim = ',', "
                    "auto_detect = false, columns = {'a': 'varchar', 'b': 'varchar', "
                    "'c': 'varchar'})").fetchall()
    message = str(error.value)
    assert P_ERROR in message  # DuckDB's own message quotes the line
    redacted = dbt_pii_plugin.redact(message)
    assert P_ERROR not in redacted and E_ERROR not in redacted
    assert "CSV Error on Line: 52" in redacted and str(bad) in redacted
