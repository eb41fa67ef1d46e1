"""A hotel group's roll-up into PostgreSQL: each property's audit trail is its outbox,
shipped idempotently (keyed on property and audit sequence) to head office, which checks
the trail for forks, rewinds and gaps. The property's own store stays the desk's
authority; nothing here is needed for the desk to work."""
