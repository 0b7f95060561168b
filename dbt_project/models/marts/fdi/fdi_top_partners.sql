-- Japan's direct-investment position by partner, ranked within each year and direction (all industries).
-- Shares are of the partners the warehouse holds with a reported value; confidential partners are counted, not summed.
with totals as (
    select * from {{ ref('fdi_by_sector') }}
    where industry_code = '_T' and measure = 'position'
)

select
    year::integer as year,
    direction::string as direction,
    partner_iso3::string as partner_iso3,
    value_usd::double as value_usd,
    (rank() over (partition by year, direction order by value_usd desc))::integer as position_rank,
    (value_usd / sum(value_usd) over (partition by year, direction))::double as share_of_listed_partners,
    (sum(case when value_status = 'confidential' then 1 else 0 end) over (partition by year, direction))::integer
        as confidential_partners
from totals
qualify value_status = 'reported'
