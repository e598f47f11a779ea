-- Live updates (issue 18): every change a thread's readers must see appends a row here, in the
-- same transaction as the change, and notifies every node listening (LiveFeed). A trigger on
-- post rather than application code: the local API, the inbox and moderation all change posts,
-- and none of them (now or later, on any node) can forget an event. A like or share changes the
-- post's counts, so the post trigger sees those too. Rows are kept for a day (pruned by a
-- run-once job), long enough for a client to resume with Last-Event-ID.
--
-- No foreign keys: an event outlives a hard-deleted post or thread, and readers of such an event
-- simply find nothing to show.
CREATE TABLE thread_event (
    id         bigserial   PRIMARY KEY,
    thread_id  bigint      NOT NULL,
    post_id    bigint      NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('post', 'edit', 'delete', 'likes')),
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX thread_event_thread ON thread_event (thread_id, id);
CREATE INDEX thread_event_at ON thread_event (at);

CREATE FUNCTION thread_event_append() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  what text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    what := 'post';
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO thread_event (thread_id, post_id, kind) VALUES (OLD.thread_id, OLD.id, 'delete');
    PERFORM pg_notify('torg_live:' || current_schema(), '');
    RETURN NULL;
  ELSIF OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN
    what := 'delete';
  ELSIF NEW.content IS DISTINCT FROM OLD.content OR NEW.name IS DISTINCT FROM OLD.name
      OR NEW.summary IS DISTINCT FROM OLD.summary OR NEW.edited_at IS DISTINCT FROM OLD.edited_at THEN
    what := 'edit';
  ELSIF NEW.like_count <> OLD.like_count OR NEW.share_count <> OLD.share_count THEN
    what := 'likes';
  ELSE
    RETURN NULL;  -- nothing a reader sees changed (e.g. a backfilled parent link)
  END IF;
  INSERT INTO thread_event (thread_id, post_id, kind) VALUES (NEW.thread_id, NEW.id, what);
  -- Identical notifications of one transaction fold into one, delivered at commit.
  PERFORM pg_notify('torg_live:' || current_schema(), '');
  RETURN NULL;
END $$;

CREATE TRIGGER post_appends_thread_event AFTER INSERT OR UPDATE OR DELETE ON post
    FOR EACH ROW EXECUTE FUNCTION thread_event_append();

-- A person's notifications are their own log already (V10): a new row only has to wake the nodes.
CREATE TRIGGER notification_wakes_live AFTER INSERT ON notification
    FOR EACH STATEMENT EXECUTE FUNCTION torg_notify_queue('torg_live');
