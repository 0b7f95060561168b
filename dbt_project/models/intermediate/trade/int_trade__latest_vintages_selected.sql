-- The latest vintage of each Comtrade figure (reporter, partner, HS code, flow, period, frequency).
select *
from {{ ref('stg_comtrade__goods') }}
qualify row_number() over (
    partition by frequency, period_label, reporter_iso3, partner_iso3, hs_code, flow
    order by retrieved_at desc, payload_sha256 desc
) = 1
