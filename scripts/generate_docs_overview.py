"""Write the docs site's landing page (docs/overview.md, the `__overview__` doc block).

The page says what the project measures and, for each leader question, which
mart, metric, dashboard panel and saved query answer it; then who owns each
model. Everything but the questions' wording comes from the metric catalog
(the `config.meta.metric` declarations on the marts' columns, read as
scripts/generate_semantic_layer.py reads them), so the page cannot drift
from the catalog:

- a question's metrics are catalog keys (QUESTIONS below); their mart,
  label, headline flag and dashboard panel are the catalog's;
- a model's owner is the owner of its headline metric (the first declared),
  else the owner most of its metrics name (the first declared on a tie); a
  model without catalog metrics (a fact table) names the metric it explains
  in `config.meta.owner_metric` and gets that metric's owner. Every other
  owner of a model's metrics is listed beside it.

    python scripts/generate_docs_overview.py           # write docs/overview.md
    python scripts/generate_docs_overview.py --check   # exit 1 if it is stale

tests/python/test_docs_overview.py runs --check.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_semantic_layer import PROJECT_DIR, catalog_entries, load_models  # noqa: E402

OUT = PROJECT_DIR / "docs" / "overview.md"

# (question, catalog keys that answer it, saved query or None).
QUESTIONS: list[tuple[str, list[str], str | None]] = [
    (
        "How much of CS work does AI materially help, per segment, against its band?",
        ["ai_assisted_rate_pct"],
        "ai_assisted_rate_by_segment_quarter",
    ),
    ("Are CSMs actually using approved AI?", ["adoption_rate_pct", "weekly_adoption_rate_pct"], None),
    (
        'Does "AI resolved it" hold up? Claimed vs true vs vendor-billable',
        [
            "claimed_ai_resolution_rate_pct",
            "true_ai_resolution_rate_pct",
            "vendor_billable_resolution_rate_pct",
        ],
        "ai_resolution_claimed_true_billable_by_category",
    ),
    (
        "Do customers come back with the same issue?",
        ["repeat_contact_rate_short_window_pct"],
        "repeat_contacts_by_path",
    ),
    ("Are customers satisfied, with and without AI?", ["csat_pct", "ai_csat_pct"], None),
    (
        "What does a resolution cost, human vs AI?",
        ["human_cost_per_resolution_usd", "ai_full_cost_per_resolution_usd", "blended_cost_per_resolution_usd"],
        "cost_per_resolution_trend",
    ),
    (
        "Is the AI vendor over-billing us?",
        ["verified_resolution_rate_pct", "billable_resolution_rate_pct"],
        "vendor_over_billing",
    ),
    ("Is the programme working overall?", ["scorecard_total_score_pct"], "balanced_scorecard"),
    ("Does AI help retention?", ["churn_rate_pct"], None),
]

INTRO = """\
# AI in customer support & success: metrics you can check

Vendors say "AI resolves 70 %". This project turns raw CRM, customer-success-platform, helpdesk,
AI telemetry, finance and vendor-contract exports into metric marts (schema `marts`) whose
definitions you can read on every model and column, and tests that enforce them. It measures:

- **CS**: the AI-assisted resolution rate of CS interventions and CSM AI adoption, per segment
  against benchmark bands, with the outcomes (save rate, CSAT, GRR) of assisted vs unassisted work;
- **support automation**: claimed vs true (verified) vs vendor-billable AI resolution, repeat
  contacts within a short and a long window, first contact resolution, escalation and answer
  quality, response and handle times, deflection;
- **business**: cost per resolution (human, AI, blended), the AI vendor's invoice on verified
  resolutions vs its own count, revenue and retention impact, and a balanced scorecard.

Every rate sits beside its numerator and denominator and its 95 % interval; a month whose
tickets are still inside a window is *provisional*. Definitions, vars and source articles: the
doc blocks of `docs/definitions.md` (shown on each model and column). The tickets behind the
claimed / true / billable figures and the vendor invoice: `fct_ticket_resolution_audit`.
"""

OUTRO = """\
## Where to read it

- **Dashboard** (`make dashboard`): headline cards for the catalog's headline metrics and one
  chart per catalog panel, from the published data.
- **Saved queries** (`.venv/bin/mf query --saved-query <name>`): the questions above in
  MetricFlow, from `models/semantic/_saved_queries.yml`.
- **BI tools**: the read-only database `published/ai_support_metrics_read.duckdb` (README, "Read
  the marts from a BI tool"). The catalog itself is `reference.metric_catalog`.
"""


def entries_by_key(models: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    for model in models:
        for entry in catalog_entries(model):
            key = entry.get("key") or entry["_column"]["name"]
            entries.setdefault(key, {**entry, "_mart": model["name"]})
    return entries


def model_meta(model: dict[str, Any]) -> dict[str, Any]:
    return ((model.get("config") or {}).get("meta") or {}) | (model.get("meta") or {})


def owners(models: list[dict[str, Any]], catalog: dict[str, dict[str, Any]]) -> list[tuple[str, str, list[str]]]:
    """(model, owner, other owners of its metrics) for every model with one."""
    rows = []
    for model in sorted(models, key=lambda m: m["name"]):
        entries = [e for e in catalog_entries(model) if e.get("owner")]
        if entries:
            headline = next((e for e in entries if e.get("headline")), None)
            counts = Counter(e["owner"] for e in entries)
            owner = headline["owner"] if headline else max(counts, key=lambda o: (counts[o], -list(counts).index(o)))
            others = sorted(set(counts) - {owner})
        elif model_meta(model).get("owner_metric"):
            key = model_meta(model)["owner_metric"]
            if key not in catalog:
                raise SystemExit(f"{model['name']}: owner_metric {key} is not a catalog key")
            owner, others = catalog[key]["owner"], []
        else:
            continue
        rows.append((model["name"], owner, others))
    return rows


def panel_of(entry: dict[str, Any]) -> str:
    places = []
    if entry.get("headline"):
        places.append("headline card")
    if entry.get("panel"):
        places.append(f'"{entry["panel"]}"')
    return "; ".join(places) or "—"


def render() -> str:
    models = load_models()
    catalog = entries_by_key(models)
    lines = ["{% docs __overview__ %}", INTRO, "## The leader questions", ""]
    lines.append(
        "Each question, the mart that answers it, the catalog metric (its label), where the dashboard "
        "shows it and the MetricFlow saved query. Generated from the metric catalog by "
        "`scripts/generate_docs_overview.py`."
    )
    lines += ["", "| question | mart | metric | dashboard | saved query |", "|---|---|---|---|---|"]
    for question, keys, saved_query in QUESTIONS:
        for index, key in enumerate(keys):
            if key not in catalog:
                raise SystemExit(f"question {question!r}: {key} is not a catalog key")
            entry = catalog[key]
            label = entry.get("label") or key
            lines.append(
                f"| {question if index == 0 else ''} | `{entry['_mart']}` | `{key}` ({label}) "
                f"| {panel_of(entry)} | {f'`{saved_query}`' if saved_query and index == 0 else ''} |"
            )
    lines += [
        "",
        "## Owners",
        "",
        "A model's owner is the owner of its headline metric in the metric catalog, else the owner "
        "most of its metrics name; a fact table without metrics takes the owner of the metric it "
        "explains (`config.meta.owner_metric`). Generated by `scripts/generate_docs_overview.py`.",
        "",
        "| model | owner | other metric owners |",
        "|---|---|---|",
    ]
    for name, owner, others in owners(models, catalog):
        lines.append(f"| `{name}` | {owner} | {', '.join(others)} |")
    lines += ["", OUTRO.rstrip(), "{% enddocs %}", ""]
    header = (
        "<!-- GENERATED by scripts/generate_docs_overview.py from the metric catalog: edit the script"
        " (questions, text) or the marts' properties, then run it. -->\n"
    )
    return header + "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/overview.md is stale")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = OUT.read_text() if OUT.exists() else ""
        if current != text:
            diff = difflib.unified_diff(current.splitlines(), text.splitlines(), "committed", "generated", lineterm="")
            print("docs/overview.md is stale; run python scripts/generate_docs_overview.py\n" + "\n".join(diff))
            return 1
        return 0
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
