-- Notifications for local accounts: someone replied to their post, or mentioned them.
--
-- Filled by a trigger on post rather than by each code path that stores a post: local replies,
-- remote replies (Create), ancestors fetched during backfill and posts arriving through a
-- Group's Announce all insert into post, and each of them must notify alike.
CREATE TABLE notification (
    id          bigserial   PRIMARY KEY,
    account_id  bigint      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    kind        text        NOT NULL CHECK (kind IN ('reply', 'mention')),
    post_id     bigint      NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    actor_id    bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,  -- who wrote the post
    created_at  timestamptz NOT NULL DEFAULT now(),
    read_at     timestamptz,
    UNIQUE (account_id, post_id)   -- a reply that also mentions its parent's author notifies once
);
CREATE INDEX notification_account ON notification (account_id, id DESC);
CREATE INDEX notification_unread ON notification (account_id) WHERE read_at IS NULL;

CREATE FUNCTION notify_post_audience() RETURNS trigger AS $$
BEGIN
    -- The parent's author, when a local account and not the replier.
    IF NEW.parent_id IS NOT NULL THEN
        INSERT INTO notification (account_id, kind, post_id, actor_id, created_at)
        SELECT a.id, 'reply', NEW.id, NEW.author_id, NEW.published
          FROM post parent JOIN account a ON a.actor_id = parent.author_id
         WHERE parent.id = NEW.parent_id AND parent.author_id <> NEW.author_id AND a.state = 'active'
        ON CONFLICT DO NOTHING;
    END IF;
    -- Each local account a Mention tag names.
    INSERT INTO notification (account_id, kind, post_id, actor_id, created_at)
    SELECT a.id, 'mention', NEW.id, NEW.author_id, NEW.published
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(NEW.tags) = 'array' THEN NEW.tags ELSE '[]'::jsonb END) tag
      JOIN actor act ON act.uri = tag ->> 'href' AND act.local
      JOIN account a ON a.actor_id = act.id
     WHERE tag ->> 'type' = 'Mention' AND act.id <> NEW.author_id AND a.state = 'active'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER post_notifies AFTER INSERT ON post FOR EACH ROW EXECUTE FUNCTION notify_post_audience();
