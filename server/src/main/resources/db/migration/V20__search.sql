-- Full-text search (issue 18): every post's words, stemmed by the configuration of its language
-- (its contentMap/language, else the instance's default), kept up to date by a trigger so that
-- remote posts are searchable the moment they are stored, and edits and removals at once.

-- The instance's default search language (search.default_language), written at every start: the
-- trigger below runs inside PostgreSQL and cannot read Torg's configuration.
CREATE TABLE search_setting (
    only_row        boolean   PRIMARY KEY DEFAULT true CHECK (only_row),
    default_config  regconfig NOT NULL DEFAULT 'english'
);
INSERT INTO search_setting DEFAULT VALUES;

-- A language tag (sv, nb-NO, en_GB, …) to PostgreSQL's text search configuration for it: the
-- Snowball stemmers PostgreSQL ships; a language without one is only split into words ('simple');
-- no tag at all takes the instance's default.
CREATE FUNCTION torg_search_config(language text) RETURNS regconfig LANGUAGE sql STABLE AS $$
  SELECT CASE lower(split_part(split_part(coalesce(language, ''), '-', 1), '_', 1))
    WHEN '' THEN (SELECT default_config FROM search_setting)
    WHEN 'sv' THEN 'swedish'::regconfig
    WHEN 'nb' THEN 'norwegian'::regconfig
    WHEN 'nn' THEN 'norwegian'::regconfig
    WHEN 'no' THEN 'norwegian'::regconfig
    WHEN 'en' THEN 'english'::regconfig
    WHEN 'da' THEN 'danish'::regconfig
    WHEN 'de' THEN 'german'::regconfig
    WHEN 'fi' THEN 'finnish'::regconfig
    WHEN 'fr' THEN 'french'::regconfig
    WHEN 'nl' THEN 'dutch'::regconfig
    WHEN 'es' THEN 'spanish'::regconfig
    WHEN 'it' THEN 'italian'::regconfig
    WHEN 'pt' THEN 'portuguese'::regconfig
    ELSE 'simple'::regconfig
  END
$$;

-- Character references as the characters they stand for: numeric ones (the HTML sanitizer writes
-- @, + and = that way) and the five named ones it leaves; &amp; last, so nothing is decoded twice.
-- Control characters stay encoded: search snippets mark matches with two of them.
CREATE FUNCTION torg_decode_entities(text_in text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  t text := text_in;
  m text[];
  code int;
BEGIN
  FOR m IN SELECT DISTINCT regexp_matches(t, '&#([0-9]{1,7}|[xX][0-9a-fA-F]{1,6});', 'g') LOOP
    code := CASE WHEN m[1] ~ '^[xX]' THEN ('x' || lpad(substr(m[1], 2), 8, '0'))::bit(32)::int ELSE m[1]::int END;
    IF code >= 32 AND code <= 1114111 AND NOT (code BETWEEN 55296 AND 57343) THEN
      t := replace(t, '&#' || m[1] || ';', chr(code));
    END IF;
  END LOOP;
  RETURN replace(replace(replace(replace(replace(t, '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&nbsp;', ' '), '&amp;', '&');
END
$$;

-- A post's HTML as the text a reader sees, character references still in it (ts_headline keeps
-- them whole; SearchSnippets decodes them): tags dropped, and the two control characters search
-- snippets mark matches with (SearchRepository) taken out, so that no post can forge a mark.
CREATE FUNCTION torg_html_text(html text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT translate(regexp_replace(coalesce(html, ''), '<[^>]*>', ' ', 'g'), chr(2) || chr(3), '')
$$;

-- The same, decoded: the words that are indexed.
CREATE FUNCTION torg_plain_text(html text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT torg_decode_entities(torg_html_text(html))
$$;

ALTER TABLE post ADD COLUMN search_config regconfig;
ALTER TABLE post ADD COLUMN search_vector tsvector;

-- Title first, then the content warning, then the text: a word in the title ranks highest. A
-- deleted (or removed) post keeps no words.
CREATE FUNCTION torg_post_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_config := torg_search_config(NEW.language);
  IF NEW.deleted_at IS NOT NULL THEN
    NEW.search_vector := NULL;
  ELSE
    NEW.search_vector := setweight(to_tsvector(NEW.search_config, coalesce(NEW.name, '')), 'A')
      || setweight(to_tsvector(NEW.search_config, coalesce(NEW.summary, '')), 'B')
      || setweight(to_tsvector(NEW.search_config, torg_plain_text(NEW.content)), 'C');
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER post_search BEFORE INSERT OR UPDATE OF name, summary, content, language, deleted_at ON post
  FOR EACH ROW EXECUTE FUNCTION torg_post_search();

UPDATE post SET language = language;

CREATE INDEX post_search ON post USING gin (search_vector);
