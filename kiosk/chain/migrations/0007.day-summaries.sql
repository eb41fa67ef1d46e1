-- depends: 0006.line-category
-- The chain report's figures kept per property and day (the property's own dates, in
-- its time zone), moved in the same transaction as the incident rows they count, so a
-- year across the chain reads a few narrow rows a day rather than every incident.
-- What needs the moment of the report (SLA breaches of incidents still open) or links
-- two incidents (second recoveries, repeat guests) is read from the incidents, through
-- the small sets below.

CREATE TABLE day_incidents (
    property_id  text NOT NULL,
    day          date NOT NULL,
    category     text NOT NULL,
    severity     text NOT NULL,
    incidents    bigint NOT NULL,
    resolved     bigint NOT NULL,   -- resolve_min known
    kept         bigint NOT NULL,   -- resolved and never reopened
    breached     bigint NOT NULL,   -- resolved past the SLA minutes registered for it
    PRIMARY KEY (property_id, day, category, severity)
);

-- The weekly trend counts UTC days, as the property's report does.
CREATE TABLE day_utc (
    property_id  text NOT NULL,
    day          date NOT NULL,
    utc_day      bigint NOT NULL,   -- floor(reported / 86400)
    incidents    bigint NOT NULL,
    PRIMARY KEY (property_id, day, utc_day)
);

CREATE TABLE day_places (
    property_id  text NOT NULL,
    day          date NOT NULL,
    category     text NOT NULL,
    location     text NOT NULL,
    department   text NOT NULL,
    incidents    bigint NOT NULL,
    PRIMARY KEY (property_id, day, category, location, department)
);

CREATE TABLE day_outcomes (
    property_id  text NOT NULL,
    day          date NOT NULL,
    tier         text NOT NULL,
    outcome      text,
    score        integer,
    incidents    bigint NOT NULL,
    UNIQUE NULLS NOT DISTINCT (property_id, day, tier, outcome, score)
);

-- How many incidents took each number of minutes (acknowledge, resolve, apology):
-- exact medians and percentiles from few distinct values.
CREATE TABLE day_minutes (
    property_id  text NOT NULL,
    day          date NOT NULL,
    measure      text NOT NULL,
    minutes      double precision NOT NULL,
    incidents    bigint NOT NULL,
    PRIMARY KEY (property_id, day, measure, minutes)
);

CREATE TABLE day_money (
    property_id  text NOT NULL,
    day          date NOT NULL,
    category     text NOT NULL,
    approver_id  text,
    policy_hash  text NOT NULL,
    total        numeric NOT NULL,
    decisions    bigint NOT NULL,
    UNIQUE NULLS NOT DISTINCT (property_id, day, category, approver_id, policy_hash)
);

-- An incident counts once a day for each agent who gave to it: its day is its own.
CREATE TABLE day_agents (
    property_id  text NOT NULL,
    day          date NOT NULL,
    agent        text NOT NULL,
    total        numeric NOT NULL,
    decisions    bigint NOT NULL,
    incidents    bigint NOT NULL,
    PRIMARY KEY (property_id, day, agent)
);

CREATE TABLE day_items (
    property_id  text NOT NULL,
    day          date NOT NULL,
    category     text NOT NULL,
    item_id      text NOT NULL,
    qty          bigint NOT NULL,
    value        numeric NOT NULL,
    lines        bigint NOT NULL,
    PRIMARY KEY (property_id, day, category, item_id)
);

-- Repeat guests: each incident knows when the same guest's previous one at the property
-- was reported, and the previous one in the same stay; only incidents close to their
-- previous one are indexed, so a period's repeat guests come from a short list.
ALTER TABLE incident ADD COLUMN prev_at double precision;
ALTER TABLE incident ADD COLUMN prev_stay_at double precision;
CREATE INDEX incident_guest ON incident (property_id, guest_key, reported);
CREATE INDEX incident_close_repeat ON incident (property_id, reported_at)
    INCLUDE (guest_key, prev_at, prev_stay_at)
    WHERE prev_stay_at IS NOT NULL OR reported - prev_at <= 365 * 86400;
-- Incidents still open (their SLA breach depends on the moment of the report) and
-- second recoveries: a few in a year.
CREATE INDEX incident_open ON incident (property_id, reported_at) WHERE resolve_min IS NULL;
CREATE INDEX incident_second ON incident (property_id, reported_at) WHERE recovery_of <> '';
