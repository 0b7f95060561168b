select * from marts.revisions
