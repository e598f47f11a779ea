-- Search among a word's newest matches (issue 18, db/SearchScopes): a BRIN index on the post id,
-- which PostgreSQL ANDs with the GIN index on the words, so that a search among the newest
-- 100,000 posts reads from the table only the matches in that range (a B-tree on the id would
-- do the same, but building its bitmap of 100,000 ids costs more than the search it saves).
-- Posts are stored in the order of their ids, so each range of 32 pages holds a narrow range of
-- ids; an edit that moves a post to another page only widens its range (the ids are rechecked).
CREATE INDEX post_id_brin ON post USING brin (id) WITH (pages_per_range = 32);
-- Ranges not summarized yet (the newest pages, until autovacuum gets to them) always count as
-- matching: a search reads them, which it wants to anyway.
