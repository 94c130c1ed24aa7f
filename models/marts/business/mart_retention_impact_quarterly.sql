-- Customer retention impact per calendar quarter and segment: churn rate
-- and gross revenue retention of accounts that had received AI support vs
-- those that had not, and of accounts with AI-assisted CS interventions vs
-- those without. "Key Metrics That Matter": "Measure churn rate for
-- customers who received AI support vs. those who did not. Good support
-- reduces churn by 10-25%." "AI-Assisted Resolution Rate": "A high rate
-- with declining CSAT or GRR means AI is creating noise, not value."
--
-- comparison = 'ai_support': the AI agent answered one of the account's
-- tickets (dim_accounts.first_ai_support_at) before the quarter ended;
-- comparison = 'ai_assisted_cs': an intervention on the account had
-- material AI involvement (first_ai_assisted_cs_at) before the quarter
-- ended. Exposure is judged per quarter, so an account joins the AI group
-- in the quarter it first gets AI and earlier quarters compare like with
-- like. Accounts at risk in a quarter: created before it starts and not
-- churned before it starts. Churned: churned_at within the quarter (and by
-- as_of). GRR over the renewals of the group's accounts in the quarter
-- (int_account_outcomes_monthly): retained ARR (expansion left out) /
-- ARR up for renewal. An observational comparison: accounts that open more
-- tickets are more likely to meet the AI, so read it with the segment
-- split, not as proof of cause.
with accounts as (

    select * from {{ ref('dim_accounts') }}

),

account_outcomes as (

    select * from {{ ref('int_account_outcomes_monthly') }}

),

reporting_months as (

    select * from {{ ref('int_cs_reporting_months') }}

),

data_cutoff as (

    select * from {{ ref('int_data_cutoff') }}

),

quarters as (

    select
        cast({{ dbt.date_trunc('quarter', 'month_start') }} as date)
            as quarter_start,
        max(month_end_date) as last_month_end_date

    from reporting_months
    group by 1

),

quarter_bounds as (

    select
        quarters.quarter_start,
        cast(
            {{ dbt.dateadd('month', 3, 'quarters.quarter_start') }} as date
        ) as next_quarter_start,
        cast(data_cutoff.as_of_at as date)
        >= cast(
            {{ dbt.dateadd(
                'day',
                -1,
                dbt.dateadd('month', 3, 'quarters.quarter_start')
            ) }} as date
        ) as is_complete_quarter,
        data_cutoff.as_of_at

    from quarters
    cross join data_cutoff

),

comparisons as (

    select 'ai_support' as comparison
    union all
    select 'ai_assisted_cs' as comparison

),

account_renewals_quarterly as (

    select
        account_id,
        cast({{ dbt.date_trunc('quarter', 'month_start') }} as date)
            as quarter_start,
        sum(renewals) as renewals,
        sum(renewal_arr_before_usd) as renewal_arr_before_usd,
        sum(renewal_arr_retained_usd) as renewal_arr_retained_usd,
        sum(renewal_arr_after_usd) as renewal_arr_after_usd

    from account_outcomes
    where renewals > 0
    group by 1, 2

),

-- One row per account, quarter and comparison for every account at risk.
account_quarters as (

    select
        quarter_bounds.quarter_start,
        quarter_bounds.is_complete_quarter,
        accounts.segment,
        comparisons.comparison,
        accounts.account_id,
        case comparisons.comparison
            when 'ai_support'
                then
                    coalesce(
                        accounts.first_ai_support_at
                        < quarter_bounds.next_quarter_start,
                        false
                    )
            else
                coalesce(
                    accounts.first_ai_assisted_cs_at
                    < quarter_bounds.next_quarter_start,
                    false
                )
        end as has_ai,
        coalesce(
            accounts.churned_at < quarter_bounds.next_quarter_start
            and accounts.churned_at <= quarter_bounds.as_of_at,
            false
        ) as is_churned_in_quarter

    from accounts
    cross join quarter_bounds
    cross join comparisons
    where
        accounts.created_at < quarter_bounds.quarter_start
        and (
            accounts.churned_at is null
            or accounts.churned_at >= quarter_bounds.quarter_start
        )

),

grouped as (

    select
        account_quarters.quarter_start,
        account_quarters.is_complete_quarter,
        account_quarters.segment,
        account_quarters.comparison,
        account_quarters.has_ai,
        count(*) as accounts_at_risk,
        sum(
            case when account_quarters.is_churned_in_quarter then 1 else 0 end
        ) as churned_accounts,
        sum(coalesce(account_renewals_quarterly.renewals, 0)) as renewals,
        sum(
            coalesce(account_renewals_quarterly.renewal_arr_before_usd, 0)
        ) as renewal_arr_before_usd,
        sum(
            coalesce(account_renewals_quarterly.renewal_arr_retained_usd, 0)
        ) as renewal_arr_retained_usd,
        sum(
            coalesce(account_renewals_quarterly.renewal_arr_after_usd, 0)
        ) as renewal_arr_after_usd

    from account_quarters
    left join account_renewals_quarterly
        on
            account_quarters.account_id = account_renewals_quarterly.account_id
            and account_quarters.quarter_start
            = account_renewals_quarterly.quarter_start
    group by 1, 2, 3, 4, 5

),

ai_flags as (

    select true as has_ai
    union all
    select false as has_ai

),

-- Both groups of every comparison get a row, even an empty one (a quarter
-- before any AI has no AI group).
group_keys as (

    select distinct
        grouped.quarter_start,
        grouped.is_complete_quarter,
        grouped.segment,
        grouped.comparison,
        ai_flags.has_ai

    from grouped
    cross join ai_flags

),

counted as (

    select
        group_keys.quarter_start,
        group_keys.segment,
        group_keys.comparison,
        group_keys.has_ai,
        case
            when group_keys.comparison = 'ai_support' and group_keys.has_ai
                then 'received_ai_support'
            when group_keys.comparison = 'ai_support'
                then 'no_ai_support'
            when group_keys.has_ai then 'ai_assisted_cs'
            else 'no_ai_assisted_cs'
        end as account_group,
        group_keys.is_complete_quarter,
        cast(
            coalesce(grouped.accounts_at_risk, 0) as {{ dbt.type_bigint() }}
        ) as accounts_at_risk,
        cast(
            coalesce(grouped.churned_accounts, 0) as {{ dbt.type_bigint() }}
        ) as churned_accounts,
        cast(coalesce(grouped.renewals, 0) as {{ dbt.type_bigint() }})
            as renewals,
        cast(coalesce(grouped.renewal_arr_before_usd, 0) as double)
            as renewal_arr_before_usd,
        cast(coalesce(grouped.renewal_arr_retained_usd, 0) as double)
            as renewal_arr_retained_usd,
        cast(coalesce(grouped.renewal_arr_after_usd, 0) as double)
            as renewal_arr_after_usd

    from group_keys
    left join grouped
        on
            group_keys.quarter_start = grouped.quarter_start
            and group_keys.segment = grouped.segment
            and group_keys.comparison = grouped.comparison
            and group_keys.has_ai = grouped.has_ai

),

final as (

    select
        *,
        {{ catalog_rate(
            'churn_rate_pct', 'churned_accounts', 'accounts_at_risk'
        ) }},
        {{ catalog_rate(
            'grr_pct', 'renewal_arr_retained_usd', 'renewal_arr_before_usd'
        ) }},
        {{ catalog_rate(
            'nrr_pct', 'renewal_arr_after_usd', 'renewal_arr_before_usd'
        ) }}

    from counted

)

select * from final
