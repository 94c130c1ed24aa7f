-- One row per calendar month from the month of the data's first event to
-- the month of as_of: the spine the monthly CS metrics are reported on, so
-- a month with no intervention in a segment still has a row.
{%- set spine_length = 1250 %}
with reporting_window_unchecked as (

    select * from {{ ref('int_cs_reporting_window') }}

),

-- A window longer than the spine fails the build (macro spine_checked).
reporting_window as (

    select
        first_month,
        first_week_start,
        as_of_at,
        {{ spine_checked(
            'int_cs_reporting_months', 'first_month', 'last_month',
            spine_length, 'month'
        ) }} as last_month,
        last_week_start

    from reporting_window_unchecked

),

-- 1,250 months is about a century: far more than any export spans.
month_numbers as (

    {{ dbt.generate_series(spine_length) }}

),

months as (

    select
        cast(
            {{ dbt.dateadd(
                'month',
                'month_numbers.generated_number - 1',
                'reporting_window.first_month'
            ) }} as date
        ) as month_start,
        reporting_window.last_month,
        reporting_window.as_of_at

    from month_numbers
    cross join reporting_window

),

final as (

    select
        month_start,
        cast(
            {{ dbt.dateadd(
                'day',
                -1,
                dbt.dateadd('month', 1, 'month_start')
            ) }} as date
        ) as month_end_date,
        -- Complete: as_of falls on or after the month's last day.
        cast(as_of_at as date)
        >= cast(
            {{ dbt.dateadd(
                'day',
                -1,
                dbt.dateadd('month', 1, 'month_start')
            ) }} as date
        ) as is_complete_month

    from months
    where month_start <= last_month

)

select * from final
