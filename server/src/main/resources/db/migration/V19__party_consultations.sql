-- Party-wide consultations (issue 15): a hub opens a consultation that every branch takes part in.

-- On the hub's server: the consultation is party-wide, so its root says so (torg:partyWide) and
-- its report breaks participation down by branch.
ALTER TABLE consultation ADD COLUMN party_wide boolean NOT NULL DEFAULT false;

-- On a branch's server: each party-wide consultation of one of its hubs that a local branch
-- Group takes part in, with the branch's entry (a reply to the question, by the branch Group,
-- under which the branch's followers reply). The primary key makes the entry once per branch
-- and thread however often the question arrives; the entry is null while it is being written.
CREATE TABLE party_entry (
    branch_id      bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    thread_id      bigint      NOT NULL REFERENCES thread (id) ON DELETE CASCADE,
    hub_id         bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    entry_post_id  bigint      REFERENCES post (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (branch_id, thread_id)
);
CREATE INDEX party_entry_thread ON party_entry (thread_id);
