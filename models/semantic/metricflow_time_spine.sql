-- MetricFlow's time spine (dbt 1.9+ `time_spine:` config in
-- _semantic__time_spine.yml): one row per day. It fills the days and months
-- a metric has no row for and is the calendar cumulative and offset metrics
-- join to. The range is wide on purpose (a few thousand rows): it must
-- cover every export an analyst may load, not only the bundled sample.
with

days as (

    {{ dbt.date_spine(
        'day',
        "cast('2015-01-01' as date)",
        "cast('2036-01-01' as date)",
    ) }}

),

final as (

    select cast(days.date_day as date) as date_day
    from days

)

select * from final
