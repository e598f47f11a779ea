-- A thread's version: bumped by every change to one of its posts (new, edited, deleted, liked,
-- shared), so a reader can tell in one cheap lookup whether a rendering it holds is still
-- current. A trigger rather than application code, so that no writer (now or later, on any node
-- sharing the database) can forget it.
ALTER TABLE thread ADD COLUMN version bigint NOT NULL DEFAULT 0;

CREATE FUNCTION thread_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE thread SET version = version + 1 WHERE id = OLD.thread_id;
    RETURN OLD;
  END IF;
  UPDATE thread SET version = version + 1 WHERE id = NEW.thread_id;
  IF TG_OP = 'UPDATE' AND OLD.thread_id <> NEW.thread_id THEN
    UPDATE thread SET version = version + 1 WHERE id = OLD.thread_id;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER post_bumps_thread_version AFTER INSERT OR UPDATE OR DELETE ON post
    FOR EACH ROW EXECUTE FUNCTION thread_version_bump();
