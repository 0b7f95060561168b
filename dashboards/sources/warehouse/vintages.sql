-- the good vintages of each source dataset in the published file (meta.load_log keeps only passed ones)
select raw_table as dataset, count(*) as vintages, min(vintage) as first_vintage, max(vintage) as latest_vintage
from meta.load_log
group by raw_table
