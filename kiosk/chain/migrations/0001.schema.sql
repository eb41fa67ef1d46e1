-- The chain's first schema: properties and their acknowledged position, the audit
-- trail itself, and the records the chain report reads.

CREATE TABLE property (
    property_id   text PRIMARY KEY,
    name          text NOT NULL,
    currency      text NOT NULL,
    timezone      text NOT NULL,
    group_name    text,
    policy_hash   text NOT NULL DEFAULT '',  -- the policy in force at the last sync
    acked_seq     bigint NOT NULL DEFAULT 0,
    acked_hash    text NOT NULL DEFAULT '',
    local_head    bigint NOT NULL DEFAULT 0,
    last_sync_at  timestamptz,
    refused_at    timestamptz,
    refused_why   text
);

CREATE TABLE chain_flag (
    id           bigserial PRIMARY KEY,
    property_id  text NOT NULL REFERENCES property,
    flagged_at   timestamptz NOT NULL DEFAULT now(),
    kind         text NOT NULL,   -- fork | rewind | gap
    detail       text NOT NULL
);

CREATE TABLE audit_entry (
    property_id  text NOT NULL REFERENCES property,
    seq          bigint NOT NULL,
    at           text NOT NULL,
    terminal     text NOT NULL,
    actor        text NOT NULL,
    action       text NOT NULL,
    subject      text NOT NULL,
    detail       jsonb NOT NULL,
    prev         text NOT NULL,
    hash         text NOT NULL,
    PRIMARY KEY (property_id, seq)
);

CREATE TABLE staff (
    property_id  text NOT NULL REFERENCES property,
    staff_id     text NOT NULL,
    name         text NOT NULL,
    role         text NOT NULL,
    active       boolean NOT NULL,
    PRIMARY KEY (property_id, staff_id)
);

CREATE TABLE policy_version (
    property_id  text NOT NULL REFERENCES property,
    policy_hash  text NOT NULL,
    version      text NOT NULL,
    effective    date NOT NULL,
    first_seen   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (property_id, policy_hash)
);

-- The SLA minutes of the policy in force at the property, as its own report uses them
-- (category '' is the default for the severity).
CREATE TABLE property_sla (
    property_id  text NOT NULL REFERENCES property,
    category     text NOT NULL,
    severity     text NOT NULL,
    acknowledge  integer NOT NULL,
    resolve      integer NOT NULL,
    PRIMARY KEY (property_id, category, severity)
);

CREATE TABLE incident (
    property_id    text NOT NULL REFERENCES property,
    incident_id    text NOT NULL,
    ref            text NOT NULL,
    reported       double precision NOT NULL,  -- POSIX seconds, as the property's digest
    reported_at    timestamptz NOT NULL,
    category       text NOT NULL,
    department     text NOT NULL,
    severity       text NOT NULL,
    location       text NOT NULL,
    status         text NOT NULL,
    agent_id       text NOT NULL,
    guest_key      text NOT NULL,
    guest_name     text NOT NULL,
    stay_key       text NOT NULL,
    loyalty_id     text NOT NULL,
    language       text NOT NULL,
    contact        text,                       -- only when the policy shares contacts
    ack_min        double precision,
    resolve_min    double precision,
    unresolved     boolean NOT NULL,
    tier           text NOT NULL,
    compensation   numeric NOT NULL,
    outcome        text,
    follow_up_due  timestamptz,
    followed_up_at timestamptz,
    PRIMARY KEY (property_id, incident_id)
);
CREATE INDEX incident_reported ON incident (reported_at);
CREATE INDEX incident_property_reported ON incident (property_id, reported_at);
CREATE INDEX incident_loyalty ON incident (loyalty_id) WHERE loyalty_id <> '';

CREATE TABLE incident_step (
    property_id  text NOT NULL,
    incident_id  text NOT NULL,
    n            integer NOT NULL,
    step_id      text NOT NULL,
    staff_id     text NOT NULL,
    at           timestamptz NOT NULL,
    confirmed    boolean NOT NULL,
    PRIMARY KEY (property_id, incident_id, n),
    FOREIGN KEY (property_id, incident_id) REFERENCES incident ON DELETE CASCADE
);

CREATE TABLE decision (
    property_id   text NOT NULL,
    incident_id   text NOT NULL,
    n             integer NOT NULL,
    decided_at    timestamptz NOT NULL,
    decided_by    text NOT NULL,
    decided_role  text NOT NULL,
    verdict       text NOT NULL,
    policy_hash   text NOT NULL,
    total         numeric NOT NULL,
    currency      text NOT NULL,
    approver_id   text,
    approver_role text,
    approved_at   timestamptz,
    PRIMARY KEY (property_id, incident_id, n),
    FOREIGN KEY (property_id, incident_id) REFERENCES incident ON DELETE CASCADE
);

CREATE TABLE decision_line (
    property_id  text NOT NULL,
    incident_id  text NOT NULL,
    n            integer NOT NULL,
    line         integer NOT NULL,
    item_id      text NOT NULL,
    qty          integer NOT NULL,
    unit_value   numeric NOT NULL,
    PRIMARY KEY (property_id, incident_id, n, line),
    FOREIGN KEY (property_id, incident_id) REFERENCES incident ON DELETE CASCADE
);

CREATE TABLE letter (
    property_id   text NOT NULL,
    incident_id   text NOT NULL,
    version       integer NOT NULL,
    language      text NOT NULL,
    template      text NOT NULL,
    policy_hash   text NOT NULL,
    content_hash  text NOT NULL,
    created_at    timestamptz NOT NULL,
    created_by    text NOT NULL,
    printed       boolean NOT NULL,
    PRIMARY KEY (property_id, incident_id, version),
    FOREIGN KEY (property_id, incident_id) REFERENCES incident ON DELETE CASCADE
);

CREATE TABLE policy_bundle (
    group_name    text NOT NULL,
    version       text NOT NULL,
    bundle_hash   text NOT NULL,
    overridable   text[] NOT NULL,
    files         jsonb NOT NULL,
    published_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_name, version)
);
