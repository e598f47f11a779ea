-- Discussion threads and their posts, local and remote.

-- A thread: a root post and every reply under it, to any depth. A local Group hosts Torg's own
-- threads; a remote thread (a conversation elsewhere that someone here joined) has no Group.
CREATE TABLE thread (
    id                bigserial   PRIMARY KEY,
    uri               text        NOT NULL UNIQUE,     -- its context id: ours, or the remote context / root post id
    group_id          bigint      REFERENCES actor (id) ON DELETE CASCADE,
    root_post_id      bigint,                          -- set once the root is stored
    title             text,
    local             boolean     NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    last_activity_at  timestamptz NOT NULL DEFAULT now(),
    reply_count       int         NOT NULL DEFAULT 0   -- posts in the thread besides the root, not deleted
);
CREATE INDEX thread_group_activity ON thread (group_id, last_activity_at DESC, id DESC);

CREATE TABLE post (
    id               bigserial   PRIMARY KEY,
    uri              text        NOT NULL UNIQUE,      -- the ActivityPub id
    url              text,                             -- its page, when another than the id
    thread_id        bigint      NOT NULL REFERENCES thread (id) ON DELETE CASCADE,
    parent_id        bigint      REFERENCES post (id),
    in_reply_to_uri  text,                             -- as sent, also when the parent is not stored
    author_id        bigint      NOT NULL REFERENCES actor (id),
    local            boolean     NOT NULL,
    name             text,                             -- the title, on a thread's root
    summary          text,                             -- a content warning
    content          text        NOT NULL,             -- HTML, sanitized (remote) or rendered from Markdown (local)
    source           text,                             -- local: the Markdown as written
    language         text,
    sensitive        boolean     NOT NULL DEFAULT false,
    tags             jsonb       NOT NULL DEFAULT '[]', -- Mention and Hashtag tags, as ActivityStreams
    published        timestamptz NOT NULL,
    edited_at        timestamptz,                      -- the `updated` of the newest edit
    deleted_at       timestamptz,
    like_count       int         NOT NULL DEFAULT 0,
    share_count      int         NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX post_thread ON post (thread_id, id);
CREATE INDEX post_parent ON post (parent_id, id);
CREATE INDEX post_author ON post (author_id);
CREATE INDEX post_in_reply_to ON post (in_reply_to_uri) WHERE parent_id IS NULL AND in_reply_to_uri IS NOT NULL;
ALTER TABLE thread ADD CONSTRAINT thread_root_post FOREIGN KEY (root_post_id) REFERENCES post (id);

-- What a post said before each edit: the history is kept, newest last.
CREATE TABLE post_edit (
    id           bigserial   PRIMARY KEY,
    post_id      bigint      NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    name         text,
    summary      text,
    content      text        NOT NULL,
    source       text,
    replaced_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX post_edit_post ON post_edit (post_id, id);

-- Likes and shares (Announces) of posts, one per actor; the activity id lets an Undo find it.
CREATE TABLE post_reaction (
    post_id       bigint      NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    actor_id      bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    kind          text        NOT NULL CHECK (kind IN ('like', 'share')),
    activity_uri  text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (post_id, actor_id, kind)
);
CREATE UNIQUE INDEX post_reaction_activity ON post_reaction (activity_uri);
