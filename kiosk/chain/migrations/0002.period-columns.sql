-- depends: 0001.schema
-- The report's period applies to decisions and their lines directly (each carries its
-- incident's report time and category), so a year's figures never scan all history;
-- an incident's tier is kept only when it was given something, as the report counts it.

ALTER TABLE decision ADD COLUMN reported_at timestamptz;
ALTER TABLE decision ADD COLUMN category text;
ALTER TABLE decision_line ADD COLUMN reported_at timestamptz;

UPDATE decision d SET reported_at = i.reported_at, category = i.category
FROM incident i WHERE i.property_id = d.property_id AND i.incident_id = d.incident_id;
UPDATE decision_line l SET reported_at = i.reported_at
FROM incident i WHERE i.property_id = l.property_id AND i.incident_id = l.incident_id;
UPDATE incident i SET tier = '' WHERE NOT EXISTS (
    SELECT 1 FROM decision d WHERE d.property_id = i.property_id
    AND d.incident_id = i.incident_id);

ALTER TABLE decision ALTER COLUMN reported_at SET NOT NULL;
ALTER TABLE decision ALTER COLUMN category SET NOT NULL;
ALTER TABLE decision_line ALTER COLUMN reported_at SET NOT NULL;

CREATE INDEX decision_property_reported ON decision (property_id, reported_at);
CREATE INDEX decision_line_property_reported ON decision_line (property_id, reported_at);
