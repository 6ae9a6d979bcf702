-- Bytes of a title's packaged media (all renditions), pushed by the origin with the policy: the tracker bounds what an
-- account can claim to have fetched of a title by it.
alter table title_policy add column size_bytes bigint check (size_bytes > 0);
