-- Content keys, sealed with AES-256-GCM under the key-encryption key identified by kek_id.
-- Several keys per title (one per label: 'default', later per rendition or crypto period).
create table content_key (
    kid        bytea        primary key check (octet_length(kid) = 16),
    title_id   varchar(128) not null,
    label      varchar(64)  not null,
    sealed     bytea        not null,
    kek_id     varchar(32)  not null,
    created_at timestamptz  not null,
    unique (title_id, label)
);

-- Title policies pushed by the origin.
create table title_policy (
    title_id        varchar(128) primary key,
    required_plan   varchar(16)  not null,
    territories     varchar(2048) not null default '',
    available_from  timestamptz,
    available_until timestamptz,
    updated_at      timestamptz  not null
);
