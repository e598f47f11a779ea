-- Several nodes on one database (issue 16).

-- Which node holds a claimed row. Each node holds a session advisory lock on its number while it
-- runs (NodeLocks); a row whose claimer's lock is gone (the node died) is claimed again at once
-- instead of after its lease lapses.
ALTER TABLE delivery ADD COLUMN claimed_by int;
ALTER TABLE inbox_activity ADD COLUMN claimed_by int;

-- Queue wake-ups: a statement that queues rows notifies every node listening (QueueNotifications),
-- so a node's workers start on work another node queued without waiting for their poll timer.
-- Per statement, not per row: a fan-out of 2,000 rows sends one notification, and PostgreSQL folds
-- identical notifications of one transaction into one, delivered at commit.
CREATE FUNCTION torg_notify_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(TG_ARGV[0] || ':' || current_schema(), '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER delivery_queued AFTER INSERT ON delivery
  FOR EACH STATEMENT EXECUTE FUNCTION torg_notify_queue('torg_delivery');
CREATE TRIGGER inbox_activity_queued AFTER INSERT ON inbox_activity
  FOR EACH STATEMENT EXECUTE FUNCTION torg_notify_queue('torg_inbox');

-- Rate limits counted across nodes (cluster.enabled): one row per key and fixed window. Unlogged:
-- a counter lost in a database crash only grants one fresh window; not writing it to the WAL
-- halves what each counted request costs PostgreSQL.
CREATE UNLOGGED TABLE rate_counter (
    key           text        PRIMARY KEY,
    window_start  timestamptz NOT NULL,
    count         int         NOT NULL,
    blocked_until timestamptz
);
CREATE INDEX rate_counter_window ON rate_counter (window_start);
