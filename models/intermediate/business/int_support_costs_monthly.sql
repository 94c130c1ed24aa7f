-- The finance ledger per calendar month, split the way cost per resolution
-- needs it. "Support Automation Success Metrics": "You need to account for the
-- full cost of automation—platform fees, training data creation, ongoing
-- optimization—not just the marginal cost of each automated interaction." The
-- channel a line is charged to (human / ai / shared) decides whose cost it is;
-- within the AI channel the cost type is kept apart, and the types in var
-- ai_marginal_cost_types (default ai_usage) make up the marginal cost.
with support_costs as (

    select * from {{ ref('stg_finance__support_costs') }}

),

-- Ledger amounts are whole cents: each line is rounded to the cent before
-- anything is added up, so float noise in an export never reaches a total.
cost_lines as (

    select
        {{ month_start('cost_month') }} as month_start,
        cost_type,
        channel,
        round(cast(amount_usd as double), 2) as amount_usd

    from support_costs

),

monthly as (

    select
        month_start,
        count(*) as cost_lines,
        sum(
            case when channel = 'human' then amount_usd else 0 end
        ) as human_cost_usd,
        sum(
            case when channel = 'shared' then amount_usd else 0 end
        ) as shared_cost_usd,
        sum(
            case
                when channel = 'ai' and cost_type = 'ai_platform_fee'
                    then amount_usd
                else 0
            end
        ) as ai_platform_fee_usd,
        sum(
            case
                when channel = 'ai' and cost_type = 'ai_usage'
                    then amount_usd
                else 0
            end
        ) as ai_usage_usd,
        sum(
            case
                when channel = 'ai' and cost_type = 'training_data'
                    then amount_usd
                else 0
            end
        ) as ai_training_data_usd,
        sum(
            case
                when channel = 'ai' and cost_type = 'optimization'
                    then amount_usd
                else 0
            end
        ) as ai_optimization_usd,
        sum(
            case
                when
                    channel = 'ai'
                    and cost_type not in (
                        'ai_platform_fee',
                        'ai_usage',
                        'training_data',
                        'optimization'
                    )
                    then amount_usd
                else 0
            end
        ) as ai_other_cost_usd,
        sum(
            case when channel = 'ai' then amount_usd else 0 end
        ) as ai_full_cost_usd,
        sum(
            case
                when
                    channel = 'ai'
                    and cost_type in (
                        '{{ var("ai_marginal_cost_types") | join("', '") }}'
                    )
                    then amount_usd
                else 0
            end
        ) as ai_marginal_cost_usd,
        sum(amount_usd) as total_cost_usd

    from cost_lines
    group by 1

),

final as (

    select
        month_start,
        cast(cost_lines as {{ dbt.type_bigint() }}) as cost_lines,
        cast(human_cost_usd as double) as human_cost_usd,
        cast(shared_cost_usd as double) as shared_cost_usd,
        cast(ai_platform_fee_usd as double) as ai_platform_fee_usd,
        cast(ai_usage_usd as double) as ai_usage_usd,
        cast(ai_training_data_usd as double) as ai_training_data_usd,
        cast(ai_optimization_usd as double) as ai_optimization_usd,
        cast(ai_other_cost_usd as double) as ai_other_cost_usd,
        cast(ai_full_cost_usd as double) as ai_full_cost_usd,
        cast(ai_marginal_cost_usd as double) as ai_marginal_cost_usd,
        cast(total_cost_usd as double) as total_cost_usd

    from monthly

)

select * from final
