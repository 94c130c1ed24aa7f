{{ config(enabled=var('helpdesk_source') == 'fivetran_zendesk') }}
-- First and last solve of each ticket: solved_at is the FIRST solve (first
-- resolution time; reopens are measured after it), last_solved_at the last
-- (full resolution time).
with status_changes as (

    select * from {{ ref('fivetran_zendesk__status_changes') }}

),

final as (

    select
        ticket_id,
        min(case when is_solve then changed_at end) as first_solved_at,
        max(case when is_solve then changed_at end) as last_solved_at,
        sum(case when is_solve then 1 else 0 end) as solves,
        sum(case when is_reopen then 1 else 0 end) as reopens,
        max(case when status = 'closed' then 1 else 0 end) = 1
            as was_closed

    from status_changes
    group by 1

)

select * from final
