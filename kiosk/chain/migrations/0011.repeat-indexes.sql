-- depends: 0010.month-summaries-fill
-- Repeat guests read from the indexes alone: the incidents close to their previous one
-- with what the report tests them by, and each guest's incidents with the moment, id
-- and name the report picks the first of the period by.

DROP INDEX incident_close_repeat;
CREATE INDEX incident_close_repeat ON incident (property_id, reported_at)
    INCLUDE (guest_key, prev_at, prev_stay_at, reported)
    WHERE prev_stay_at IS NOT NULL OR reported - prev_at <= 365 * 86400;
DROP INDEX incident_guest;
CREATE INDEX incident_guest ON incident (property_id, guest_key, reported)
    INCLUDE (reported_at, incident_id, guest_name);
