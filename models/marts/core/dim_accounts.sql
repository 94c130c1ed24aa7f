-- One row per customer account (crm_accounts), with its owner CSM and
-- whether, and since when, the account received AI support or AI-assisted
-- customer success. AI involvement is read from the facts, never
-- re-derived: a ticket's resolution path from fct_tickets (AI support = the
-- AI agent answered: path ai_only or ai_to_human) and an intervention's
-- material AI involvement from fct_cs_interventions (is_ai_assisted).
with accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

csms as (

    select * from {{ ref('dim_csms') }}

),

tickets as (

    select * from {{ ref('fct_tickets') }}

),

interventions as (

    select * from {{ ref('fct_cs_interventions') }}

),

data_cutoff as (

    select * from {{ ref('int_data_cutoff') }}

),

account_tickets as (

    select
        account_id,
        count(*) as tickets,
        sum(
            case
                when resolution_path in ('ai_only', 'ai_to_human') then 1
                else 0
            end
        ) as ai_supported_tickets,
        -- When the AI agent first answered one of the account's tickets.
        min(
            case
                when resolution_path in ('ai_only', 'ai_to_human')
                    then coalesce(first_ai_reply_at, created_at)
            end
        ) as first_ai_support_at

    from tickets
    where account_id is not null
    group by 1

),

account_interventions as (

    select
        account_id,
        count(*) as interventions,
        sum(
            case when is_ai_assisted then 1 else 0 end
        ) as ai_assisted_interventions,
        min(
            case
                when is_ai_assisted
                    then coalesce(first_material_ai_at, opened_at)
            end
        ) as first_ai_assisted_cs_at

    from interventions
    group by 1

),

final as (

    select
        accounts.account_id,
        accounts.account_name,
        {{ segment_or_unknown('accounts.segment') }} as segment,
        accounts.industry,
        accounts.owner_csm_id,
        csms.full_name as owner_csm_name,
        accounts.created_at,
        -- Money in whole cents.
        round(cast(accounts.arr_usd as double), 2) as arr_usd,
        -- A churn recorded after as_of has not happened yet in this data.
        case
            when accounts.churned_at <= data_cutoff.as_of_at
                then accounts.churned_at
        end as churned_at,
        coalesce(accounts.churned_at <= data_cutoff.as_of_at, false)
            as is_churned,
        cast(
            coalesce(account_tickets.tickets, 0) as {{ dbt.type_bigint() }}
        ) as tickets,
        cast(
            coalesce(account_tickets.ai_supported_tickets, 0)
            as {{ dbt.type_bigint() }}
        ) as ai_supported_tickets,
        coalesce(account_tickets.ai_supported_tickets, 0) > 0
            as has_ai_support,
        account_tickets.first_ai_support_at,
        cast(
            coalesce(account_interventions.interventions, 0)
            as {{ dbt.type_bigint() }}
        ) as interventions,
        cast(
            coalesce(account_interventions.ai_assisted_interventions, 0)
            as {{ dbt.type_bigint() }}
        ) as ai_assisted_interventions,
        coalesce(account_interventions.ai_assisted_interventions, 0) > 0
            as has_ai_assisted_cs,
        account_interventions.first_ai_assisted_cs_at

    from accounts
    cross join data_cutoff
    left join csms
        on accounts.owner_csm_id = csms.csm_id
    left join account_tickets
        on accounts.account_id = account_tickets.account_id
    left join account_interventions
        on accounts.account_id = account_interventions.account_id

)

select * from final
