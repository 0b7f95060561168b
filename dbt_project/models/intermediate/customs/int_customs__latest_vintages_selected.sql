-- The latest figure of each flow, area, commodity group and period: a year-to-date block covering more months
-- wins over one covering fewer (the April file's January-April over the March file's January-March), then the
-- latest retrieval.
select *
from {{ ref('stg_estat__trade_area_commodity') }}
{{ newest_vintage(
    ['flow', 'area_label', 'commodity_label', 'frequency', 'period_label'], preferred='months_in_block desc'
) }}
