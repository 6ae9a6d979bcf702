-- The origin's public manifest-signing keys (JWK Set), pushed by the origin, read by agents: one row.
create table manifest_keys (
    id         smallint    primary key check (id = 1),
    jwks       text        not null,
    updated_at timestamptz not null
);
