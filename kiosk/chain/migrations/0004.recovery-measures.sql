-- depends: 0003.bundle-effective
-- The measures research ties to a recovered guest, as the property's report computes
-- them: when the apology came, whether the incident was reopened or recovered a second
-- time, the follow-up's 0-10 score; per property, the items each category suggests
-- (remedy fit) and the policy's spend-outlier multiple. Incidents synced before this
-- carry none of it until they change again.

ALTER TABLE incident ADD COLUMN apology_min double precision;
ALTER TABLE incident ADD COLUMN reopened boolean NOT NULL DEFAULT false;
ALTER TABLE incident ADD COLUMN recovery_of text NOT NULL DEFAULT '';
ALTER TABLE incident ADD COLUMN score integer;
ALTER TABLE property ADD COLUMN spend_outlier_times numeric NOT NULL DEFAULT 3;

CREATE TABLE property_suggested (
    property_id  text NOT NULL REFERENCES property,
    category     text NOT NULL,
    item_id      text NOT NULL,
    PRIMARY KEY (property_id, category, item_id)
);
