-- one row per publish (normally exactly one); the JSON is kept whole in `record`
select
  cast(json_extract_string(record, '$.published_at') as timestamptz) as published_at,
  json_extract_string(record, '$.run_id') as run_id,
  json_extract_string(record, '$.release') as release,
  json_extract_string(record, '$.storage_version') as storage_version,
  cast(record as varchar) as record
from meta.publish_record
