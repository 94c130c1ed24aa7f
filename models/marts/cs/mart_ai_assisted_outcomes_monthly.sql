-- AI-assisted vs unassisted outcomes per calendar month and account
-- segment (seed 000: "Compare AI-assisted vs. unassisted outcomes by CSM
-- and account segment to identify where AI adds the most value"; "whether
-- AI-assisted interventions produce better retention outcomes").
-- Save rate: risk_mitigation interventions opened in the month, saved /
-- (saved + lost), split by the intervention's own is_ai_assisted.
-- CSAT and GRR: per account-month. An account is in the AI-assisted group
-- for a month when at least one intervention opened on it that month was
-- AI-assisted, in the unassisted group when it had interventions that
-- month and none was; its CSAT answers (month of responded_at) and renewals
-- (month of renewal_date) that month count for its group. Association, not
-- cause: the groups are not randomised.
with interventions as (

    select * from {{ ref('fct_cs_interventions') }}

),

months as (

    select * from {{ ref('int_cs_reporting_months') }}

),

account_outcomes as (

    select * from {{ ref('int_account_outcomes_monthly') }}

),

intervention_groups as (

    select
        opened_month as month_start,
        segment,
        is_ai_assisted,
        count(*) as interventions,
        sum(case when is_risk_saved then 1 else 0 end)
            as risk_interventions_saved,
        sum(case when is_risk_decided then 1 else 0 end)
            as risk_interventions_decided

    from interventions
    group by 1, 2, 3

),

account_months as (

    select
        opened_month as month_start,
        segment,
        account_id,
        max(case when is_ai_assisted then 1 else 0 end) = 1 as is_ai_assisted

    from interventions
    group by 1, 2, 3

),

account_groups as (

    select
        account_months.month_start,
        account_months.segment,
        account_months.is_ai_assisted,
        count(*) as touched_accounts,
        sum(coalesce(account_outcomes.csat_satisfied_answers, 0))
            as csat_satisfied_answers,
        sum(coalesce(account_outcomes.csat_answers, 0)) as csat_answers,
        sum(coalesce(account_outcomes.renewals, 0)) as renewals,
        sum(coalesce(account_outcomes.renewal_arr_before_usd, 0))
            as renewal_arr_before_usd,
        sum(coalesce(account_outcomes.renewal_arr_retained_usd, 0))
            as renewal_arr_retained_usd,
        sum(coalesce(account_outcomes.renewal_arr_after_usd, 0))
            as renewal_arr_after_usd

    from account_months
    left join account_outcomes
        on
            account_months.account_id = account_outcomes.account_id
            and account_months.month_start = account_outcomes.month_start
    group by 1, 2, 3

),

-- Every account group has an intervention of its own kind that month, so
-- the intervention groups hold every row.
joined as (

    select
        intervention_groups.*,
        coalesce(months.is_complete_month, false) as is_complete_month,
        coalesce(account_groups.touched_accounts, 0) as touched_accounts,
        coalesce(account_groups.csat_satisfied_answers, 0)
            as csat_satisfied_answers,
        coalesce(account_groups.csat_answers, 0) as csat_answers,
        coalesce(account_groups.renewals, 0) as renewals,
        coalesce(account_groups.renewal_arr_before_usd, 0)
            as renewal_arr_before_usd,
        coalesce(account_groups.renewal_arr_retained_usd, 0)
            as renewal_arr_retained_usd,
        coalesce(account_groups.renewal_arr_after_usd, 0)
            as renewal_arr_after_usd

    from intervention_groups
    left join months
        on intervention_groups.month_start = months.month_start
    left join account_groups
        on
            intervention_groups.month_start = account_groups.month_start
            and intervention_groups.segment = account_groups.segment
            and intervention_groups.is_ai_assisted
            = account_groups.is_ai_assisted

),

final as (

    select
        month_start,
        segment,
        is_ai_assisted,
        is_complete_month,
        cast(interventions as {{ dbt.type_bigint() }}) as interventions,
        cast(risk_interventions_saved as {{ dbt.type_bigint() }})
            as risk_interventions_saved,
        cast(risk_interventions_decided as {{ dbt.type_bigint() }})
            as risk_interventions_decided,
        cast(
            {{ rate_pct(
                'risk_interventions_saved',
                'risk_interventions_decided'
            ) }}
            as double
        ) as save_rate_pct,
        cast(touched_accounts as {{ dbt.type_bigint() }}) as touched_accounts,
        cast(csat_satisfied_answers as {{ dbt.type_bigint() }})
            as csat_satisfied_answers,
        cast(csat_answers as {{ dbt.type_bigint() }}) as csat_answers,
        cast(
            {{ rate_pct('csat_satisfied_answers', 'csat_answers') }} as double
        ) as csat_pct,
        cast(renewals as {{ dbt.type_bigint() }}) as renewals,
        cast(renewal_arr_before_usd as double) as renewal_arr_before_usd,
        cast(renewal_arr_retained_usd as double) as renewal_arr_retained_usd,
        cast(
            {{ rate_pct('renewal_arr_retained_usd', 'renewal_arr_before_usd') }}
            as double
        ) as grr_pct,
        cast(renewal_arr_after_usd as double) as renewal_arr_after_usd,
        cast(
            {{ rate_pct('renewal_arr_after_usd', 'renewal_arr_before_usd') }}
            as double
        ) as nrr_pct

    from joined

)

select * from final
