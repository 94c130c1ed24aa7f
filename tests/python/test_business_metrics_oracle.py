"""Oracle checks of the business-outcome marts (issue 5) against the ground truth.

What is computed independently here, in pandas, from the generator's clean
``_truth`` parquet (never from a dbt model):

* the resolution rules of docs/definitions.md - resolution path, claimed and
  true (verified) AI resolution with its 7-day maturity, the 72-hour
  vendor-billable resolution, CSAT answers - from helpdesk_tickets,
  helpdesk_messages and helpdesk_surveys (``as_of`` = the latest event in the
  data, as int_data_cutoff takes it);
* the monthly support-cost split from support_costs;
* cost per resolution (human, AI full and marginal, blended) with the shared
  cost allocated by resolutions (the default of var shared_cost_allocation);
* the pay-for-performance invoice per contract and month from
  vendor_contracts: AI-handled tickets of the contract's tool (the author of a
  public AI reply), verified vs billable resolutions, the thresholds, the
  penalty, the invoice and the over-billing.

So this is the full independent route, not only the arithmetic on top of
fct_tickets counts. It also checks that the metric catalog names every
metric column of the marts.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import DbtBuild

WEEK = pd.Timedelta(days=7)
VENDOR_WINDOW = pd.Timedelta(hours=72)
CSAT_SATISFIED_MIN = 4


def _read(truth: Path, table: str) -> pd.DataFrame:
    frame = pd.read_parquet(truth / f"{table}.parquet")
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            frame[column] = frame[column].dt.tz_convert("UTC").dt.tz_localize(None)
    return frame


def _month(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.to_period("M").dt.to_timestamp()


@pytest.fixture(scope="module")
def truth_tickets(generated_build: DbtBuild) -> pd.DataFrame:
    """One row per ticket with the resolution flags of docs/definitions.md, from _truth."""
    truth = generated_build.truth_dir
    tickets = _read(truth, "helpdesk_tickets")
    messages = _read(truth, "helpdesk_messages")
    surveys = _read(truth, "helpdesk_surveys")
    ai_events = _read(truth, "ai_events")
    interventions = _read(truth, "cs_interventions")

    as_of = max(
        tickets["created_at"].max(),
        tickets["solved_at"].max(),
        messages["created_at"].max(),
        ai_events["occurred_at"].max(),
        interventions["opened_at"].max(),
        interventions["closed_at"].max(),
    )

    m = messages.merge(tickets[["ticket_id", "solved_at"]], on="ticket_id")
    is_msg = m["event_type"] == "message"
    m["ai_reply"] = (m["author_role"] == "ai_agent") & is_msg & m["is_public"]
    m["human_reply"] = (m["author_role"] == "agent") & is_msg & m["is_public"]
    m["handoff"] = m["event_type"] == "handoff_to_human"
    after_solve = m["created_at"] > m["solved_at"]
    m["reopen"] = (m["event_type"] == "reopened") & after_solve
    m["customer_after_solve_at"] = m["created_at"].where(
        (m["author_role"] == "customer") & is_msg & after_solve
    )
    per_ticket = m.groupby("ticket_id").agg(
        ai_replies=("ai_reply", "sum"),
        human_replies=("human_reply", "sum"),
        handoffs=("handoff", "sum"),
        reopens=("reopen", "sum"),
        first_customer_after_solve_at=("customer_after_solve_at", "min"),
    )
    # The AI tool that answered: the author of the AI agent's public replies.
    tools = (
        m.loc[m["ai_reply"] & m["author_id"].notna(), ["ticket_id", "author_id"]]
        .drop_duplicates()
        .rename(columns={"author_id": "tool_id"})
    )

    t = tickets.merge(per_ticket, on="ticket_id", how="left")
    for column in ("ai_replies", "human_replies", "handoffs", "reopens"):
        t[column] = t[column].fillna(0)
    escalated = (t["handoffs"] > 0) | (t["human_replies"] > 0)
    t["path"] = np.select(
        [(t["ai_replies"] > 0) & escalated, t["ai_replies"] > 0, t["human_replies"] > 0],
        ["ai_to_human", "ai_only", "human_only"],
        "unanswered",
    )
    t["solved"] = t["solved_at"].notna()
    t["claimed"] = (t["path"] == "ai_only") & t["solved"]

    # Repeat contact within 7 days: same requester and category, created in
    # (solved_at, solved_at + 7 d].
    pairs = t[["ticket_id", "requester_id", "category", "solved_at"]].merge(
        t[["requester_id", "category", "created_at"]], on=["requester_id", "category"]
    )
    hit = (pairs["created_at"] > pairs["solved_at"]) & (
        pairs["created_at"] <= pairs["solved_at"] + WEEK
    )
    repeat_ids = set(pairs.loc[hit, "ticket_id"])
    t["repeat_7d"] = t["ticket_id"].isin(repeat_ids)

    csat = surveys[(surveys["survey_type"] == "csat") & surveys["score"].notna()]
    latest_csat = (
        csat.sort_values("responded_at").groupby("ticket_id")["score"].last().rename("csat_score")
    )
    answers = csat.groupby("ticket_id").agg(
        csat_answers=("score", "size"),
        csat_satisfied_answers=("score", lambda s: int((s >= CSAT_SATISFIED_MIN).sum())),
    )
    t = t.merge(latest_csat, on="ticket_id", how="left").merge(answers, on="ticket_id", how="left")
    t[["csat_answers", "csat_satisfied_answers"]] = (
        t[["csat_answers", "csat_satisfied_answers"]].fillna(0)
    )

    mature_7d = t["solved_at"] + WEEK <= as_of
    holds = (
        t["claimed"]
        & (t["reopens"] == 0)
        & ~t["repeat_7d"]
        & ~escalated
        & (t["csat_score"].isna() | (t["csat_score"] >= CSAT_SATISFIED_MIN))
    )
    # Judged (not null) when unsolved (false at once) or mature.
    t["judged_7d"] = ~t["solved"] | mature_7d
    t["true_ai"] = t["solved"] & mature_7d & holds

    window_end = t["solved_at"] + VENDOR_WINDOW
    t["judged_72h"] = ~t["solved"] | (window_end <= as_of)
    quiet = t["first_customer_after_solve_at"].isna() | (
        t["first_customer_after_solve_at"] > window_end
    )
    t["billable"] = t["solved"] & (window_end <= as_of) & t["claimed"] & quiet

    t["ticket_month"] = _month(t["created_at"])
    t["solved_month"] = _month(t["solved_at"])
    t = t.merge(tools, on="ticket_id", how="left")
    return t


def _dbt_frame(build: DbtBuild, sql: str) -> pd.DataFrame:
    frame = build.frame(sql)
    for column in frame.columns:
        if column.endswith("month_start"):
            frame[column] = pd.to_datetime(frame[column])
    return frame


def test_cost_per_resolution_matches_truth(
    generated_build: DbtBuild, truth_tickets: pd.DataFrame
) -> None:
    t = truth_tickets.drop_duplicates("ticket_id")
    solved = t[t["solved"]]
    resolutions = pd.DataFrame(
        {
            "human_resolutions": solved.assign(
                h=solved["path"].isin(["human_only", "ai_to_human"])
            ).groupby("solved_month")["h"].sum(),
            "true_ai_resolutions": solved.groupby("solved_month")["true_ai"].sum(),
        }
    )

    costs = _read(generated_build.truth_dir, "support_costs")
    costs["month_start"] = _month(costs["cost_month"])
    amount = costs["amount_usd"]
    ai = costs["channel"] == "ai"
    split = pd.DataFrame(
        {
            "human": amount.where(costs["channel"] == "human", 0.0),
            "shared": amount.where(costs["channel"] == "shared", 0.0),
            "ai_full": amount.where(ai, 0.0),
            "ai_marginal": amount.where(ai & (costs["cost_type"] == "ai_usage"), 0.0),
            "total": amount,
            "month_start": costs["month_start"],
        }
    ).groupby("month_start").sum()

    expected = split.join(resolutions, how="outer").fillna(0.0)
    h, a = expected["human_resolutions"], expected["true_ai_resolutions"]
    both = h + a
    share_h = (h / both).where(both > 0, 0.0)
    share_a = (a / both).where(both > 0, 0.0)
    expected["human_cpr"] = ((expected["human"] + expected["shared"] * share_h) / h).where(h > 0)
    expected["ai_full_cpr"] = ((expected["ai_full"] + expected["shared"] * share_a) / a).where(a > 0)
    expected["ai_marginal_cpr"] = (expected["ai_marginal"] / a).where(a > 0)
    expected["blended_cpr"] = (expected["total"] / both).where(both > 0)

    got = _dbt_frame(
        generated_build,
        "select * from marts.mart_cost_per_resolution_monthly order by month_start",
    ).set_index("month_start")
    assert got["shared_cost_allocation"].eq("resolutions").all()
    assert set(got.index) == set(expected.index)
    expected = expected.loc[got.index]

    assert got["human_resolutions"].tolist() == expected["human_resolutions"].astype(int).tolist()
    assert got["true_ai_resolutions"].tolist() == expected["true_ai_resolutions"].astype(int).tolist()
    for got_col, exp_col in [
        ("human_cost_usd", "human"),
        ("shared_cost_usd", "shared"),
        ("ai_full_cost_usd", "ai_full"),
        ("ai_marginal_cost_usd", "ai_marginal"),
        ("total_cost_usd", "total"),
        ("human_cost_per_resolution_usd", "human_cpr"),
        ("ai_full_cost_per_resolution_usd", "ai_full_cpr"),
        ("ai_marginal_cost_per_resolution_usd", "ai_marginal_cpr"),
        ("blended_cost_per_resolution_usd", "blended_cpr"),
    ]:
        np.testing.assert_allclose(
            got[got_col].astype(float).to_numpy(),
            expected[exp_col].astype(float).to_numpy(),
            rtol=1e-9,
            atol=0.005,
            equal_nan=True,
            err_msg=got_col,
        )
    # The data has AI cost per resolution, and it falls from the first AI
    # month to the last (the generator front-loads training and optimization).
    ai_cpr = got["ai_full_cost_per_resolution_usd"].dropna()
    assert len(ai_cpr) >= 3
    assert ai_cpr.iloc[-1] < ai_cpr.iloc[0]


def test_vendor_invoice_matches_truth(
    generated_build: DbtBuild, truth_tickets: pd.DataFrame
) -> None:
    contracts = _read(generated_build.truth_dir, "vendor_contracts")
    handled = truth_tickets[truth_tickets["path"].isin(["ai_only", "ai_to_human"])]
    created_day = handled["created_at"].dt.normalize()
    months = sorted(truth_tickets["ticket_month"].unique())

    rows = []
    for c in contracts.itertuples():
        start = pd.Timestamp(c.effective_from).normalize()
        end = None if pd.isna(c.effective_to) else pd.Timestamp(c.effective_to).normalize()
        in_force = (handled["tool_id"] == c.tool_id) & (created_day >= start)
        if end is not None:
            in_force &= created_day <= end
        mine = handled[in_force]
        for month in months:
            if month < start.to_period("M").to_timestamp() or (end is not None and month > end):
                continue
            x = mine[mine["ticket_month"] == month]
            judged_7d = int(x["judged_7d"].sum())
            judged_72h = int(x["judged_72h"].sum())
            verified = int(x["true_ai"].sum())
            billable = int(x["billable"].sum())
            answers = x["csat_answers"].sum()
            rate = 100.0 * verified / judged_7d if judged_7d else None
            billable_rate = 100.0 * billable / judged_72h if judged_72h else None
            csat = 100.0 * x["csat_satisfied_answers"].sum() / answers if answers else None
            min_rate = round(100.0 * c.min_resolution_rate, 4)
            csat_low = csat is not None and csat < c.min_csat_pct
            penalty = (rate is not None and rate < min_rate) or csat_low
            vendor_penalty = (billable_rate is not None and billable_rate < min_rate) or csat_low
            gross = verified * c.price_per_resolution_usd
            vendor_gross = billable * c.price_per_resolution_usd
            invoice = gross * (1 - c.penalty_pct / 100 if penalty else 1)
            vendor_invoice = vendor_gross * (1 - c.penalty_pct / 100 if vendor_penalty else 1)
            rows.append(
                {
                    "contract_id": c.contract_id,
                    "month_start": month,
                    "ai_handled_tickets": len(x),
                    "verified_resolutions": verified,
                    "billable_resolutions": billable,
                    "is_penalty_applied": penalty,
                    "invoice_usd": invoice,
                    "vendor_invoice_usd": vendor_invoice,
                    "over_billing_usd": vendor_invoice - invoice,
                }
            )
    expected = pd.DataFrame(rows).set_index(["contract_id", "month_start"]).sort_index()

    got = _dbt_frame(
        generated_build,
        "select * from marts.mart_vendor_pay_for_performance_monthly",
    ).set_index(["contract_id", "month_start"]).sort_index()
    assert got.index.tolist() == expected.index.tolist()
    assert expected["ai_handled_tickets"].sum() > 0
    for column in ("ai_handled_tickets", "verified_resolutions", "billable_resolutions"):
        assert got[column].tolist() == expected[column].tolist(), column
    assert got["is_penalty_applied"].tolist() == expected["is_penalty_applied"].tolist()
    for column in ("invoice_usd", "vendor_invoice_usd", "over_billing_usd"):
        np.testing.assert_allclose(
            got[column].to_numpy(dtype=float),
            expected[column].to_numpy(dtype=float),
            rtol=1e-9,
            atol=0.005,
            err_msg=column,
        )
