-- depends: 0004.recovery-measures
-- Return after recovery at head office: the stays history each property's guest-list
-- imports keep (name key, loyalty id, arrival; when its policy shares it), the digest
-- of the history head office holds (a sync sends it again only when it changed), and
-- the last day of each incident's stay. Incidents synced before this have no departure
-- (they count as followed up, never as returned) until they change again.

ALTER TABLE incident ADD COLUMN departure text;
ALTER TABLE property ADD COLUMN stays_digest text NOT NULL DEFAULT '';

CREATE TABLE stay (
    property_id  text NOT NULL REFERENCES property,
    guest_key    text NOT NULL,
    loyalty_id   text NOT NULL,
    arrival      text NOT NULL,  -- ISO date, as the property keeps it
    PRIMARY KEY (property_id, guest_key, loyalty_id, arrival)
);
CREATE INDEX stay_loyalty ON stay (property_id, loyalty_id, arrival) WHERE loyalty_id <> '';
