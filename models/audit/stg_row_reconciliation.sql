-- One row per raw table: what came in and where each row went. Counted from
-- the raw relation, the stg_ model and stg_rejects independently, so a row
-- lost anywhere in between shows up as a gap.
with unioned as (

    {{ union_staging_row_counts() }}

),

final as (

    select
        source_table,
        raw_rows,
        staged_rows,
        duplicate_rows,
        rejected_rows,
        raw_rows - staged_rows - duplicate_rows - rejected_rows
            as unexplained_rows

    from unioned

)

select * from final
