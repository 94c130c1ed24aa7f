-- Ticket volume per active account, per calendar month and account segment:
-- the deflection signal.
--
-- "Key Metrics That Matter": "Ticket Volume Deflection: Conversations the
-- AI resolved that would have been agent tickets. Calculate by comparing
-- pre-AI and post-AI ticket volumes." "Support Automation Success Metrics"
-- warns that deflection alone "doesn't tell you whether those customers
-- actually got their problems solved", so the true AI resolutions sit
-- beside it. Volumes are normalised by the accounts
-- active in the month (created by its end, not churned before its start);
-- to compare pre vs post, add tickets and active_accounts (account-months)
-- over the months of each rollout_period, then divide.
with tickets as (

    select * from {{ ref('fct_tickets') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

months as (

    select distinct ticket_month as month_start

    from tickets

),

active_accounts as (

    select
        months.month_start,
        accounts.segment,
        count(*) as active_accounts

    from months
    cross join accounts
    where
        accounts.created_at
        < {{ dbt.dateadd('month', 1, 'months.month_start') }}
        and (
            accounts.churned_at is null
            or accounts.churned_at
            >= cast(months.month_start as {{ dbt.type_timestamp() }})
        )
    group by 1, 2

),

segment_tickets as (

    select
        tickets.ticket_month as month_start,
        {{ segment_or_unknown('accounts.segment') }} as segment,
        count(*) as tickets,
        sum(
            case when tickets.human_public_replies > 0 then 1 else 0 end
        ) as human_tickets,
        sum(
            case when tickets.is_claimed_ai_resolution then 1 else 0 end
        ) as claimed_ai_resolutions,
        sum(
            case when tickets.is_true_ai_resolution then 1 else 0 end
        ) as true_ai_resolutions

    from tickets
    left join accounts
        on tickets.account_id = accounts.account_id
    group by 1, 2

),

joined as (

    select
        coalesce(
            active_accounts.month_start, segment_tickets.month_start
        ) as month_start,
        coalesce(active_accounts.segment, segment_tickets.segment) as segment,
        coalesce(active_accounts.active_accounts, 0) as active_accounts,
        coalesce(segment_tickets.tickets, 0) as tickets,
        coalesce(segment_tickets.human_tickets, 0) as human_tickets,
        coalesce(
            segment_tickets.claimed_ai_resolutions, 0
        ) as claimed_ai_resolutions,
        coalesce(segment_tickets.true_ai_resolutions, 0) as true_ai_resolutions

    from active_accounts
    full outer join segment_tickets
        on
            active_accounts.month_start = segment_tickets.month_start
            and active_accounts.segment = segment_tickets.segment

),

final as (

    select
        month_start,
        segment,
        -- The month holding a mid-month rollout is neither before nor after.
        {{ rollout_period('month_start', grain='month') }} as rollout_period,
        cast(active_accounts as {{ dbt.type_bigint() }}) as active_accounts,
        cast(tickets as {{ dbt.type_bigint() }}) as tickets,
        cast(human_tickets as {{ dbt.type_bigint() }}) as human_tickets,
        cast(
            claimed_ai_resolutions as {{ dbt.type_bigint() }}
        ) as claimed_ai_resolutions,
        cast(
            true_ai_resolutions as {{ dbt.type_bigint() }}
        ) as true_ai_resolutions,
        {{ catalog_rate(
            'tickets_per_active_account', 'tickets', 'active_accounts'
        ) }},
        {{ catalog_rate(
            'human_tickets_per_active_account',
            'human_tickets',
            'active_accounts',
        ) }},
        {{ catalog_rate(
            'true_ai_resolution_share_pct', 'true_ai_resolutions', 'tickets'
        ) }}

    from joined

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'month_start', basis='created') }}
