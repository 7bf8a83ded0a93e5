-- Tenants, their workspaces, API keys and the audit log.

CREATE TABLE tenants (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz
);
-- Names are unique among live tenants, ignoring case.
CREATE UNIQUE INDEX tenants_name_key ON tenants (lower(name)) WHERE deleted_at IS NULL;

CREATE TABLE workspaces (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name        text NOT NULL,
    timezone    text NOT NULL DEFAULT 'UTC',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX workspaces_tenant_name_key ON workspaces (tenant_id, lower(name));

CREATE TABLE api_keys (
    id            uuid PRIMARY KEY,
    -- The public part of the key, used to find it; the secret part is stored only as a hash.
    prefix        text NOT NULL CONSTRAINT api_keys_prefix_key UNIQUE,
    hash          bytea NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('platform', 'tenant', 'service')),
    role          text NOT NULL,
    tenant_id     uuid REFERENCES tenants (id) ON DELETE CASCADE,
    name          text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    CHECK ((kind = 'tenant') = (tenant_id IS NOT NULL)),
    CHECK (kind <> 'platform' OR role IN ('admin', 'operator')),
    CHECK (kind <> 'tenant' OR role IN ('owner', 'admin', 'member', 'viewer')),
    CHECK (kind <> 'service' OR role = 'service')
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id) WHERE tenant_id IS NOT NULL;

-- Every mutating action. No foreign keys: the trail outlives what it describes.
CREATE TABLE audit_log (
    id            uuid PRIMARY KEY,
    at            timestamptz NOT NULL DEFAULT now(),
    actor_key_id  uuid,
    actor         text NOT NULL,
    actor_user    text,
    tenant_id     uuid,
    action        text NOT NULL,
    target_type   text NOT NULL,
    target_id     text,
    details       jsonb NOT NULL DEFAULT '{}',
    request_id    text
);
CREATE INDEX audit_log_tenant ON audit_log (tenant_id, id);
