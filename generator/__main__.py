"""Generate synthetic raw exports for the ai_support_metrics dbt project.

Usage (from the project root)::

    python -m generator --out exports                       # 4,000 tickets, CSV, with mess
    python -m generator --out exports --tickets 1000000 --format parquet
    python -m generator --out seeds --layout seeds --truth-dir tests/fixtures/sample_truth

What it writes
--------------
* ``OUT/<table>.csv`` (or ``.parquet``): the 17 raw tables of docs/raw_exports.md,
  every column as text, columns in contract order. With ``--layout seeds`` the files
  are named by seed (``OUT/raw_crm__accounts.csv`` ...) and ``OUT/_raw__seeds.yml``
  tells dbt to load every raw column as text (``string``: DuckDB and Spark both
  accept it; Spark rejects a ``varchar`` without a length).
* ``_truth/<table>.parquet``: the same tables before any mess, typed (UTC timestamps,
  dates, doubles, bigints, booleans, canonical enum values, snake_case labels; e-mail
  addresses and phone numbers in clear text). Metrics computed from ``_truth`` are what
  dbt must compute from the messy files. Default location ``OUT/_truth/``.
* ``_mess_ledger.csv``: one line per injected extra row: table, source_key (raw key as
  written, empty when blank), kind (``duplicate`` | ``rejected``) and expected_reason
  (the exact reason staging gives a rejected row). Default ``OUT/_mess_ledger.csv``.
  Raw rows = truth rows + ledger rows, per table.
  With ``--truth-dir PATH`` both go to PATH (``PATH/<table>.parquet``,
  ``PATH/_mess_ledger.csv``); with ``--layout seeds`` and no ``--truth-dir`` they go to
  ``OUT/../tests/fixtures/sample_truth`` so ``dbt seed`` never loads them.

Options
-------
``--seed`` (default 42) makes the output byte-for-byte reproducible. ``--scale`` (default
1.0) multiplies every volume; ``--tickets N`` is the same as ``--scale N/4000``. Fixed-size
lookups (ai_tools, kb_articles, vendor_contracts, support_costs lines) do not scale.
``--format csv|parquet``; ``--layout exports|seeds``; ``--no-mess`` writes canonical text
(UTC ``YYYY-MM-DD HH:MM:SS``, ``true``/``false``, canonical enums) and an empty ledger.
Big runs are generated and written in chunks (about 1 GB of RAM per million tickets).

What the data contains (calendar 2025, scale 1)
-----------------------------------------------
About 400 accounts (SMB most numerous, Enterprise highest ARR, ~9 % churning in 2025 with a
churned renewal), ~1,400 contacts who open ~4,000 tickets, 60 CSMs (hired before and during
2025, some leaving mid-week), 30 support agents, 4 managers, ~4,000 CS interventions,
~15,000 AI events, ~18,000 messages.
The AI support agent goes live on 2025-06-15 (pilot) and answers chat/web tickets first
from the rollout on 2025-07-01 (dbt var ai_rollout_date); its success rate differs strongly by
category. Tickets follow four resolution paths (ai_only, ai_to_human incl. ping-pong
hand-offs, human_only, unanswered); some reopen, some get a customer message exactly 71 h or
73 h after being solved, and repeat contacts are planted exactly at 7 d - 1 s, 7 d, 7 d + 1 s,
14 d and 14 d + 1 s after solved_at (plus near-misses from another requester or category).
CSM AI use grows after the rollout, most in SMB and among newer CSMs, so weekly counts of
material AI interactions straddle the 3-per-week adopter threshold; drafts carry retained
ratios with masses at exactly 0.49 and 0.5; a never-approved personal chatbot and a tool used
before its approval provide shadow AI; a retired tool appears before its retirement.
Surveys (CSAT/CES/NPS), escalation reviews, AI answer QA audits, knowledge-base views (some
within 24 h before a ticket), monthly support costs and two pay-for-performance vendor
contracts complete the picture.

The mess (unless ``--no-mess``): accepted enum aliases and case, label spellings, the same
instant in several timestamp formats and UTC offsets, null spellings (``NULL``, ``n/a``,
blanks), booleans as ``TRUE``/``1``/``yes``/``Y``..., surrounding blanks, re-exported
duplicates (exact or re-spelled) and rejected rows with exactly one problem each (missing key,
unparseable timestamp, unknown enum, value out of range) in tickets, messages, time entries,
surveys, AI events, accounts, interventions and users.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .config import BASE_TICKETS, Config
from .core import generate


def parse_args(argv: list[str] | None = None) -> tuple[Config, bool]:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Synthetic raw CRM / CS / helpdesk exports (with export mess) plus the "
                    "clean ground truth, for the ai_support_metrics dbt project.",
    )
    parser.add_argument("--out", required=True, type=Path, help="output directory")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--scale", type=float, default=None,
                      help=f"volume multiplier; 1.0 = about {BASE_TICKETS:,} tickets (default)")
    size.add_argument("--tickets", type=int, default=None,
                      help=f"about N tickets (same as --scale N/{BASE_TICKETS})")
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv",
                        help="raw file format (default csv)")
    parser.add_argument("--layout", choices=("exports", "seeds"), default="exports",
                        help="exports: <table>.<fmt>; seeds: raw_<source>__<entity>.csv "
                             "plus _raw__seeds.yml (default exports)")
    parser.add_argument("--no-mess", action="store_true",
                        help="write clean canonical text and an empty ledger")
    parser.add_argument("--truth-dir", type=Path, default=None,
                        help="where _truth parquet files and _mess_ledger.csv go "
                             "(default OUT/_truth and OUT/_mess_ledger.csv)")
    parser.add_argument("--quiet", action="store_true", help="do not print the row summary")
    args = parser.parse_args(argv)
    if args.tickets is not None:
        if args.tickets <= 0:
            parser.error("--tickets must be positive")
        scale = args.tickets / BASE_TICKETS
    else:
        scale = 1.0 if args.scale is None else args.scale
    if scale <= 0:
        parser.error("--scale must be positive")
    if args.layout == "seeds" and args.format != "csv":
        parser.error("--layout seeds requires --format csv (dbt seeds are CSV)")
    cfg = Config(out=args.out, seed=args.seed, scale=scale, fmt=args.format,
                 layout=args.layout, mess=not args.no_mess, truth_dir=args.truth_dir)
    return cfg, bool(args.quiet)


def main(argv: list[str] | None = None) -> int:
    cfg, quiet = parse_args(argv)
    summary = generate(cfg)
    if not quiet:
        print(summary.render())
        print(f"raw files in {cfg.out}; truth in {cfg.truth_path}; ledger {cfg.ledger_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
