-- depends: 0008.day-summaries-fill
-- The day summaries again per property and month (the property's own months): a
-- period reads whole months here and only its partial months at either end by day, so
-- a year is a dozen rows where it was several hundred. Each month table has its day
-- table's columns in the same order (``month`` is the month's first day), kept in the
-- same transaction as the day rows; filled from the day rows by the next migration.

CREATE TABLE month_incidents (LIKE day_incidents INCLUDING ALL);
CREATE TABLE month_utc (LIKE day_utc INCLUDING ALL);
CREATE TABLE month_places (LIKE day_places INCLUDING ALL);
CREATE TABLE month_outcomes (LIKE day_outcomes INCLUDING ALL);
CREATE TABLE month_minutes (LIKE day_minutes INCLUDING ALL);
CREATE TABLE month_money (LIKE day_money INCLUDING ALL);
CREATE TABLE month_agents (LIKE day_agents INCLUDING ALL);
CREATE TABLE month_items (LIKE day_items INCLUDING ALL);
ALTER TABLE month_incidents RENAME COLUMN day TO month;
ALTER TABLE month_utc RENAME COLUMN day TO month;
ALTER TABLE month_places RENAME COLUMN day TO month;
ALTER TABLE month_outcomes RENAME COLUMN day TO month;
ALTER TABLE month_minutes RENAME COLUMN day TO month;
ALTER TABLE month_money RENAME COLUMN day TO month;
ALTER TABLE month_agents RENAME COLUMN day TO month;
ALTER TABLE month_items RENAME COLUMN day TO month;
