-- ROI of the AI program since the rollout (var ai_rollout_date), phrased
-- the way executives read it. "Support Automation Success Metrics":
-- "Executives don't get excited
-- about improved automated resolution rates—they care about reduced
-- support costs, faster customer time-to-value, and scalability without
-- proportional headcount growth. [...] Instead of 'automated resolution
-- rate increased to 65%,' say 'automation now handles 65% of tier-one
-- issues, allowing us to support 40% more customers without adding
-- headcount.'"
--
-- Over the post-rollout months:
-- - AI share of resolutions = true AI resolutions / all resolutions;
-- - extra customers supported without headcount = true AI resolutions /
--   human resolutions: the same human team plus the AI resolves that much
--   more (assuming demand grows with the customer base);
-- - cost avoided = true AI resolutions x (human - AI full cost per
--   resolution), both on allocated full cost;
-- - agent hours freed = true AI resolutions x the pre-AI average handle
--   time of a worked ticket (created before the pilot: the pilot's tickets
--   are no baseline);
-- - over-billing avoided = what paying the AI vendor on its own count
--   would have cost beyond the invoice on verified resolutions.
with cost_per_resolution as (

    select * from {{ ref('mart_cost_per_resolution_monthly') }}

),

tickets as (

    select * from {{ ref('fct_tickets') }}

),

vendor as (

    select * from {{ ref('mart_vendor_pay_for_performance_monthly') }}

),

revenue as (

    select * from {{ ref('mart_revenue_per_interaction_monthly') }}

),

post_costs as (

    select
        count(*) as post_rollout_months,
        min(month_start) as first_month,
        max(month_start) as last_month,
        sum(true_ai_resolutions) as true_ai_resolutions,
        sum(human_resolutions) as human_resolutions,
        sum(human_cost_allocated_usd) as human_cost_allocated_usd,
        sum(ai_full_cost_allocated_usd) as ai_full_cost_allocated_usd,
        sum(total_cost_usd) as total_cost_usd

    from cost_per_resolution
    where rollout_period = 'post_rollout'

),

handle_time_baseline as (

    select
        1.0 * sum(handle_seconds) / nullif(count(handle_seconds), 0)
            as baseline_avg_handle_seconds

    from tickets
    where rollout_period = 'pre_ai'

),

post_vendor as (

    select
        sum(invoice_usd) as vendor_invoice_on_verified_usd,
        sum(over_billing_usd) as over_billing_avoided_usd

    from vendor
    where month_start >= cast('{{ var("ai_rollout_date") }}' as date)

),

post_revenue as (

    select
        sum(
            case when is_ai_involved then won_revenue_usd else 0 end
        ) as ai_involved_won_revenue_usd

    from revenue
    where month_start >= cast('{{ var("ai_rollout_date") }}' as date)

),

figures as (

    select
        post_costs.post_rollout_months,
        post_costs.true_ai_resolutions,
        post_costs.human_resolutions,
        100.0 * post_costs.true_ai_resolutions
        / nullif(
            post_costs.true_ai_resolutions + post_costs.human_resolutions, 0
        ) as ai_share_of_resolutions_pct,
        100.0 * post_costs.true_ai_resolutions
        / nullif(post_costs.human_resolutions, 0)
            as extra_customers_supported_pct,
        post_costs.human_cost_allocated_usd
        / nullif(post_costs.human_resolutions, 0)
            as human_cost_per_resolution_usd,
        post_costs.ai_full_cost_allocated_usd
        / nullif(post_costs.true_ai_resolutions, 0)
            as ai_full_cost_per_resolution_usd,
        post_costs.true_ai_resolutions
        * (
            post_costs.human_cost_allocated_usd
            / nullif(post_costs.human_resolutions, 0)
            - post_costs.ai_full_cost_allocated_usd
            / nullif(post_costs.true_ai_resolutions, 0)
        ) as cost_avoided_usd,
        post_costs.true_ai_resolutions
        * handle_time_baseline.baseline_avg_handle_seconds
        / 3600.0 as agent_hours_freed,
        post_costs.true_ai_resolutions
        * handle_time_baseline.baseline_avg_handle_seconds
        / 3600.0
        / nullif(
            {{ dbt.datediff(
                'post_costs.first_month',
                dbt.dateadd('month', 1, 'post_costs.last_month'),
                'day',
            ) }} / 7.0,
            0
        ) as agent_hours_freed_per_week,
        post_vendor.vendor_invoice_on_verified_usd,
        post_vendor.over_billing_avoided_usd,
        post_revenue.ai_involved_won_revenue_usd

    from post_costs
    cross join handle_time_baseline
    cross join post_vendor
    cross join post_revenue

),

final as (

    select
        *,
        {{ dbt.concat([
            "'Automation now resolves '",
            "cast(cast(round(ai_share_of_resolutions_pct, 0) as "
            ~ dbt.type_bigint() ~ ") as " ~ dbt.type_string() ~ ")",
            "'% of resolved conversations, allowing us to support '",
            "cast(cast(round(extra_customers_supported_pct, 0) as "
            ~ dbt.type_bigint() ~ ") as " ~ dbt.type_string() ~ ")",
            "'% more customers without adding headcount; '",
            "'it costs $'",
            "cast(round(ai_full_cost_per_resolution_usd, 2) as "
            ~ dbt.type_string() ~ ")",
            "' per resolution all-in vs $'",
            "cast(round(human_cost_per_resolution_usd, 2) as "
            ~ dbt.type_string() ~ ")",
            "' for a human resolution, and freed '",
            "cast(cast(round(agent_hours_freed_per_week, 0) as "
            ~ dbt.type_bigint() ~ ") as " ~ dbt.type_string() ~ ")",
            "' agent hours a week for high-value customer work.'",
        ]) }} as roi_statement

    from figures

)

select * from final
