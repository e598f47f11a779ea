-- What each remote host runs, from its NodeInfo: it decides the form of a Group's Announce
-- (FEP-1b12, INTEROP §4). V3 already holds software_name and software_checked_at (when NodeInfo
-- was last asked, successfully or not); this adds the version and why the last attempt failed.
-- A failed attempt keeps the last name learned: a server that is down for an hour still runs
-- the same software.
ALTER TABLE remote_host
    ADD COLUMN software_version text,
    ADD COLUMN software_error   text;  -- null when the last attempt succeeded
