-- Every partner economy a partner page can be built for: named in Japan's customs totals, the mirror flows or the
-- direct-investment positions (not the world, the EU aggregate or Japan itself), with its English name.
with partners as (
    select distinct partner_iso3 from marts.trade_by_partner where hs_level = 0
    union
    select distinct partner_iso3 from marts.bilateral_trade_mirror
    union
    select distinct partner_iso3 from marts.fdi_by_sector
)
select partners.partner_iso3, coalesce(countries.name, partners.partner_iso3) as partner_name, countries.region_en as region
from partners
left join reference.dim_country as countries on countries.iso3 = partners.partner_iso3
where partners.partner_iso3 not in ('WLD', 'EUU', 'JPN')
