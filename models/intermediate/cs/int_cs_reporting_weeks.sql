-- One row per ISO week (Monday start, docs/definitions.md) from the week of the
-- data's first event to the week of as_of: the spine the weekly adoption
-- metric is reported on, so a week with no AI use still has a row.
{%- set spine_length = 5300 %}
with reporting_window_unchecked as (

    select * from {{ ref('int_cs_reporting_window') }}

),

-- A window longer than the spine fails the build (macro spine_checked).
reporting_window as (

    select
        first_month,
        first_week_start,
        as_of_at,
        last_month,
        {{ spine_checked(
            'int_cs_reporting_weeks', 'first_week_start', 'last_week_start',
            spine_length, 'week', days_per_period=7
        ) }} as last_week_start

    from reporting_window_unchecked

),

-- 5,300 weeks is about a century: far more than any export spans.
week_numbers as (

    {{ dbt.generate_series(spine_length) }}

),

weeks as (

    select
        cast(
            {{ dbt.dateadd(
                'day',
                '7 * (week_numbers.generated_number - 1)',
                'reporting_window.first_week_start'
            ) }} as date
        ) as week_start,
        reporting_window.first_month,
        reporting_window.last_month,
        reporting_window.last_week_start,
        reporting_window.as_of_at

    from week_numbers
    cross join reporting_window

),

final as (

    select
        week_start,
        cast({{ dbt.dateadd('day', 6, 'week_start') }} as date)
            as week_end_date,
        -- A week counts in the calendar month that holds its Thursday (ISO
        -- 8601: the month with most of its days), so every week is in
        -- exactly one month; the partial first and last weeks of the data
        -- count in the data's first and last month.
        least(
            greatest(
                {{ month_start(dbt.dateadd('day', 3, 'week_start')) }},
                first_month
            ),
            last_month
        ) as report_month,
        -- Complete: as_of falls on or after the week's last day (Sunday).
        cast(as_of_at as date)
        >= cast({{ dbt.dateadd('day', 6, 'week_start') }} as date)
            as is_complete_week

    from weeks
    where week_start <= last_week_start

)

select * from final
