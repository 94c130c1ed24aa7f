{%- set allocation = var('shared_cost_allocation') -%}
{%- if allocation not in ['resolutions', 'none'] -%}
    {{ exceptions.raise_compiler_error(
        "var shared_cost_allocation must be 'resolutions' or 'none', got '"
        ~ allocation ~ "'"
    ) }}
{%- endif -%}
{%- set allocate = 1 if allocation == 'resolutions' else 0 -%}
-- Cost per resolution per calendar month, human vs AI, and its trend.
-- "Key Metrics That Matter": "Total support cost divided by number of
-- resolved conversations." "Support Automation Success Metrics": "account
-- for the full cost of automation—platform fees, training data creation,
-- ongoing optimization—not just the marginal cost of each automated
-- interaction ... As your AI learns and improves, that cost should
-- decrease".
--
-- Resolutions count in the month the ticket was solved (solved_month of
-- fct_tickets, whose flags decide everything):
-- - human resolution: a solved ticket with path human_only or ai_to_human
--   (a human finished it);
-- - AI resolution: a true (verified) AI resolution. A claimed AI resolution
--   that did not hold is a cost without a resolution; one whose short
--   window (var repeat_window_short_days) has not elapsed by as_of is not
--   counted yet (ai_resolutions_pending_short_window).
-- Costs: the ledger's human, ai and shared channels (int_support_costs_
-- monthly); a month without any ledger line has no cost figure (null, not
-- $0). Shared costs are split by var shared_cost_allocation:
-- 'resolutions' = in proportion to human and true AI resolutions in the
-- month, 'none' = not allocated (they only enter the blended figure).
-- Rates: the column declarations in _business__models.yml.
with costs as (

    select * from {{ ref('int_support_costs_monthly') }}

),

tickets as (

    select * from {{ ref('fct_tickets') }}

),

resolutions as (

    select
        solved_month as month_start,
        sum(
            case
                when resolution_path in ('human_only', 'ai_to_human') then 1
                else 0
            end
        ) as human_resolutions,
        sum(
            case when is_true_ai_resolution then 1 else 0 end
        ) as true_ai_resolutions,
        sum(
            case when is_claimed_ai_resolution then 1 else 0 end
        ) as claimed_ai_resolutions,
        sum(
            case
                when
                    is_claimed_ai_resolution
                    and is_true_ai_resolution is null
                    then 1
                else 0
            end
        ) as ai_resolutions_pending_short_window

    from tickets
    where is_solved
    group by 1

),

months as (

    select month_start from costs
    union distinct
    select month_start from resolutions

),

joined as (

    select
        months.month_start,
        coalesce(resolutions.human_resolutions, 0) as human_resolutions,
        coalesce(resolutions.true_ai_resolutions, 0) as true_ai_resolutions,
        coalesce(resolutions.claimed_ai_resolutions, 0)
            as claimed_ai_resolutions,
        coalesce(resolutions.ai_resolutions_pending_short_window, 0)
            as ai_resolutions_pending_short_window,
        costs.human_cost_usd,
        costs.shared_cost_usd,
        costs.ai_platform_fee_usd,
        costs.ai_usage_usd,
        costs.ai_training_data_usd,
        costs.ai_optimization_usd,
        costs.ai_other_cost_usd,
        costs.ai_full_cost_usd,
        costs.ai_marginal_cost_usd,
        costs.total_cost_usd

    from months
    left join costs
        on months.month_start = costs.month_start
    left join resolutions
        on months.month_start = resolutions.month_start

),

allocated as (

    select
        *,
        human_resolutions + true_ai_resolutions as total_resolutions,
        -- 1 = allocate by resolutions, 0 = var shared_cost_allocation none.
        case
            when human_resolutions + true_ai_resolutions > 0
                then
                    {{ allocate }} * shared_cost_usd * human_resolutions
                    / (human_resolutions + true_ai_resolutions)
            else 0
        end as shared_cost_to_human_usd,
        case
            when human_resolutions + true_ai_resolutions > 0
                then
                    {{ allocate }} * shared_cost_usd * true_ai_resolutions
                    / (human_resolutions + true_ai_resolutions)
            else 0
        end as shared_cost_to_ai_usd

    from joined

),

costed as (

    select
        *,
        human_cost_usd + shared_cost_to_human_usd
            as human_cost_allocated_usd,
        ai_full_cost_usd + shared_cost_to_ai_usd as ai_full_cost_allocated_usd

    from allocated

),

per_resolution as (

    select
        *,
        {{ catalog_rate(
            'human_cost_per_resolution_usd',
            'human_cost_allocated_usd',
            'human_resolutions',
        ) }},
        {{ catalog_rate(
            'ai_full_cost_per_resolution_usd',
            'ai_full_cost_allocated_usd',
            'true_ai_resolutions',
        ) }},
        {{ catalog_rate(
            'ai_marginal_cost_per_resolution_usd',
            'ai_marginal_cost_usd',
            'true_ai_resolutions',
        ) }},
        {{ catalog_rate(
            'blended_cost_per_resolution_usd',
            'total_cost_usd',
            'total_resolutions',
        ) }},
        -- Trailing three months (this one and the two before), so one noisy
        -- month does not decide the trend.
        sum(ai_full_cost_allocated_usd) over (
            order by month_start
            rows between 2 preceding and current row
        ) as ai_full_cost_allocated_3m_usd,
        sum(true_ai_resolutions) over (
            order by month_start
            rows between 2 preceding and current row
        ) as true_ai_resolutions_3m

    from costed

),

trended as (

    select
        *,
        lag(ai_full_cost_per_resolution_usd) over (
            order by month_start
        ) as prior_ai_full_cost_per_resolution_usd,
        {{ catalog_rate(
            'ai_full_cost_per_resolution_3m_usd',
            'ai_full_cost_allocated_3m_usd',
            'true_ai_resolutions_3m',
        ) }}

    from per_resolution

),

final as (

    select
        month_start,
        {{ rollout_period('month_start', grain='month') }} as rollout_period,
        {{ window_columns(['short']) }},
        '{{ allocation }}' as shared_cost_allocation,
        cast(human_resolutions as {{ dbt.type_bigint() }})
            as human_resolutions,
        cast(true_ai_resolutions as {{ dbt.type_bigint() }})
            as true_ai_resolutions,
        cast(total_resolutions as {{ dbt.type_bigint() }})
            as total_resolutions,
        cast(claimed_ai_resolutions as {{ dbt.type_bigint() }})
            as claimed_ai_resolutions,
        cast(ai_resolutions_pending_short_window as {{ dbt.type_bigint() }})
            as ai_resolutions_pending_short_window,
        cast(human_cost_usd as double) as human_cost_usd,
        cast(shared_cost_usd as double) as shared_cost_usd,
        cast(ai_platform_fee_usd as double) as ai_platform_fee_usd,
        cast(ai_usage_usd as double) as ai_usage_usd,
        cast(ai_training_data_usd as double) as ai_training_data_usd,
        cast(ai_optimization_usd as double) as ai_optimization_usd,
        cast(ai_other_cost_usd as double) as ai_other_cost_usd,
        cast(ai_full_cost_usd as double) as ai_full_cost_usd,
        cast(ai_marginal_cost_usd as double) as ai_marginal_cost_usd,
        cast(total_cost_usd as double) as total_cost_usd,
        cast(shared_cost_to_human_usd as double) as shared_cost_to_human_usd,
        cast(shared_cost_to_ai_usd as double) as shared_cost_to_ai_usd,
        cast(human_cost_allocated_usd as double) as human_cost_allocated_usd,
        cast(human_cost_per_resolution_usd as double)
            as human_cost_per_resolution_usd,
        cast(ai_full_cost_allocated_usd as double)
            as ai_full_cost_allocated_usd,
        cast(ai_full_cost_per_resolution_usd as double)
            as ai_full_cost_per_resolution_usd,
        cast(ai_marginal_cost_per_resolution_usd as double)
            as ai_marginal_cost_per_resolution_usd,
        cast(blended_cost_per_resolution_usd as double)
            as blended_cost_per_resolution_usd,
        cast(prior_ai_full_cost_per_resolution_usd as double)
            as prior_ai_full_cost_per_resolution_usd,
        cast(
            ai_full_cost_per_resolution_usd
            - prior_ai_full_cost_per_resolution_usd
            as double
        ) as ai_full_cost_per_resolution_change_usd,
        ai_full_cost_per_resolution_usd
        < prior_ai_full_cost_per_resolution_usd
            as is_ai_cost_per_resolution_falling,
        cast(ai_full_cost_allocated_3m_usd as double)
            as ai_full_cost_allocated_3m_usd,
        cast(true_ai_resolutions_3m as {{ dbt.type_bigint() }})
            as true_ai_resolutions_3m,
        cast(ai_full_cost_per_resolution_3m_usd as double)
            as ai_full_cost_per_resolution_3m_usd

    from trended

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'month_start', basis='solved') }}
