-- depends: 0002.period-columns
-- A bundle carries the day its rules take effect with its version: a property that
-- pulls it takes both into its own property.toml.

ALTER TABLE policy_bundle ADD COLUMN effective date;
