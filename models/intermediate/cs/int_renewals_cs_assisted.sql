-- One row per renewal (up to as_of, ARR before and after known) with its
-- gross retention and the CS interventions before it, for the GRR
-- comparison of AI-assisted vs unassisted CS interventions ("AI-Assisted
-- Resolution Rate": "whether AI-assisted interventions produce better
-- retention outcomes"; docs/definitions.md, "GRR of AI-assisted vs
-- unassisted interventions"). The window: interventions on the account
-- opened in the var renewal_intervention_window_days days before the
-- renewal date, or on it. The renewal is in group ai_assisted when one of
-- them had its first material AI event by the end of the renewal date (AI
-- after the renewal cannot have moved it), unassisted when it had some and
-- none was, none without an intervention in the window.
{%- set window_days = var('renewal_intervention_window_days') %}
with renewals as (

    select * from {{ ref('stg_crm__renewals') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

interventions as (

    select * from {{ ref('fct_cs_interventions') }}

),

data_cutoff as (

    select * from {{ ref('int_data_cutoff') }}

),

known_renewals as (

    select
        renewals.renewal_id,
        renewals.account_id,
        renewals.renewal_date,
        renewals.arr_before_usd,
        renewals.arr_after_usd,
        cast(
            {{ dbt.dateadd(
                'day',
                -window_days,
                'cast(renewals.renewal_date as timestamp)'
            ) }} as timestamp
        ) as window_start_at,
        cast(
            {{ dbt.dateadd(
                'day', 1, 'cast(renewals.renewal_date as timestamp)'
            ) }} as timestamp
        ) as window_end_at

    from renewals
    cross join data_cutoff
    where
        renewals.arr_before_usd is not null
        and renewals.arr_after_usd is not null
        and renewals.renewal_date <= cast(data_cutoff.as_of_at as date)

),

window_interventions as (

    select
        known_renewals.renewal_id,
        count(*) as window_interventions,
        sum(
            case
                when
                    interventions.first_material_ai_at
                    < known_renewals.window_end_at
                    then 1
                else 0
            end
        ) as window_ai_assisted_interventions

    from known_renewals
    inner join interventions
        on
            known_renewals.account_id = interventions.account_id
            and known_renewals.window_start_at <= interventions.opened_at
            and known_renewals.window_end_at > interventions.opened_at
    group by 1

),

final as (

    select
        known_renewals.renewal_id,
        known_renewals.account_id,
        {{ segment_or_unknown('accounts.segment') }} as segment,
        known_renewals.renewal_date,
        {{ month_start('known_renewals.renewal_date') }} as renewal_month,
        cast(known_renewals.arr_before_usd as double) as arr_before_usd,
        cast(known_renewals.arr_after_usd as double) as arr_after_usd,
        cast(
            least(known_renewals.arr_after_usd, known_renewals.arr_before_usd)
            as double
        ) as arr_retained_usd,
        case
            when known_renewals.arr_before_usd > 0
                then
                    100.0
                    * least(
                        known_renewals.arr_after_usd,
                        known_renewals.arr_before_usd
                    )
                    / known_renewals.arr_before_usd
        end as retained_pct,
        cast(
            coalesce(window_interventions.window_interventions, 0)
            as {{ dbt.type_bigint() }}
        ) as window_interventions,
        cast(
            coalesce(window_interventions.window_ai_assisted_interventions, 0)
            as {{ dbt.type_bigint() }}
        ) as window_ai_assisted_interventions,
        case
            when window_interventions.window_ai_assisted_interventions > 0
                then 'ai_assisted'
            when window_interventions.window_interventions > 0
                then 'unassisted'
            else 'none'
        end as cs_group

    from known_renewals
    left join accounts
        on known_renewals.account_id = accounts.account_id
    left join window_interventions
        on known_renewals.renewal_id = window_interventions.renewal_id

)

select * from final
