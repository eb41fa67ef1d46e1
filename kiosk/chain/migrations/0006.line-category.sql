-- depends: 0005.stays-history
-- Each decision line carries its incident's category, as its decision does: remedy fit
-- (is the item among those the category suggests?) then reads the period's lines alone.

ALTER TABLE decision_line ADD COLUMN category text;
UPDATE decision_line l SET category = d.category FROM decision d
WHERE d.property_id = l.property_id AND d.incident_id = l.incident_id AND d.n = l.n;
ALTER TABLE decision_line ALTER COLUMN category SET NOT NULL;
