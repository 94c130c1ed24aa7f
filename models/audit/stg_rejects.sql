-- Every raw row staging could not use, with why. Nothing is dropped silently:
-- stg_row_reconciliation proves raw = staged + duplicates + rejected.
-- The tables come from raw_tables() (macros/staging/raw_tables.sql).
with unioned as (

    {{ union_staging_rejects() }}

),

final as (

    select
        source_table,
        source_key,
        reject_reason,
        raw_row

    from unioned

)

select * from final
