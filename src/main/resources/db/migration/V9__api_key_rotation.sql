-- Rotation keeps a key's id (so that the id an operator holds always names the live secret) and replaces its hash
-- in place. The hashes a key had before are kept here: a secret once retired never becomes valid again, not even
-- as the bootstrap key at the next start.
alter table api_key add column rotated_at timestamptz;

create table api_key_retired_hash (
    key_hash   char(64)    primary key,
    key_id     bigint      not null references api_key (id),
    retired_at timestamptz not null default now()
);
