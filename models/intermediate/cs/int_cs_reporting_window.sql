-- The period the CS metrics report on: from the data's first event to the
-- cut-off as_of (docs/definitions.md "Data cut-off and maturity"), both
-- from int_data_cutoff so the two ends of the window come from the same
-- events.
with data_cutoff as (

    select * from {{ ref('int_data_cutoff') }}

),

final as (

    select
        data_start_at,
        as_of_at,
        {{ iso_week_start('data_start_at') }} as first_week_start,
        {{ iso_week_start('as_of_at') }} as last_week_start,
        {{ month_start('data_start_at') }} as first_month,
        {{ month_start('as_of_at') }} as last_month

    from data_cutoff

)

select * from final
