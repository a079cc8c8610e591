"""advisory: the search document of a case in its own table (issue 20) - written when its text changes, not with
every write of the case.

Migration 0008 made `cases.search` (tsvector) and `cases.search_name` stored generated columns with two GIN indexes.
A case row is written about three times per enquiry (the submission's insert, the assessment's upsert, the opening)
and every write recomputed the tsvector and added entries to both GIN indexes: the two case inserts cost 1.0 and
0.9 ms of statement time each in `make bench` (docs/performance.md, "Where the rest went"). Here `case_search` holds
the same document, kept by a row trigger that runs only when the text it is made of (name, reference, profile,
contact) changed: once per enquiry (the submission), again only for an amendment. The queries join it
(adapters/case_search.py); the expressions are those of 0008.

Revision ID: 0013_case_search_table
"""
from alembic import op

revision = "0013_case_search_table"
down_revision = "0012_lagebild"

_DOCUMENT = """
        setweight(to_tsvector('german', coalesce(c.company_name, '') || ' ' || coalesce(c.reference, '')), 'A')
        || setweight(to_tsvector('german', coalesce(c.profile #>> '{company,register_number}', '') || ' '
                     || coalesce(c.contact ->> 'name', '') || ' ' || coalesce(c.contact ->> 'email', '') || ' '
                     || coalesce(c.contact ->> 'phone', '')), 'B')
        || setweight(jsonb_to_tsvector('german', coalesce(jsonb_path_query_array(c.profile,
                     '$.competences[*].evidence'), '[]'::jsonb), '["string"]'), 'B')
        || setweight(jsonb_to_tsvector('german', coalesce(jsonb_path_query_array(c.profile,
                     '$.offerings[*].name'), '[]'::jsonb), '["string"]'), 'B')
        || setweight(jsonb_to_tsvector('german', coalesce(jsonb_path_query_array(c.profile,
                     '$.offerings[*].description'), '[]'::jsonb), '["string"]'), 'C')
        || setweight(to_tsvector('german', coalesce(c.profile ->> 'message', '')), 'D')"""
_NAME = "lower(coalesce(c.company_name, '') || ' ' || coalesce(c.reference, ''))"


def upgrade() -> None:
    op.execute(f"""
CREATE TABLE case_search (
    case_id      uuid PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    search       tsvector NOT NULL,
    search_name  text NOT NULL
);
-- Also for a bulk load with the triggers disabled (bench/seed_cases.py), like lagebild_rebuild().
CREATE FUNCTION case_search_rebuild() RETURNS void LANGUAGE sql AS $$
    TRUNCATE case_search;
    INSERT INTO case_search (case_id, search, search_name) SELECT c.id, {_DOCUMENT}, {_NAME} FROM cases c;
$$;
SELECT case_search_rebuild();
DROP INDEX cases_search;
DROP INDEX cases_search_name_trgm;
ALTER TABLE cases DROP COLUMN search, DROP COLUMN search_name;
CREATE INDEX case_search_document ON case_search USING gin (search);
CREATE INDEX case_search_name_trgm ON case_search USING gin (search_name gin_trgm_ops);

CREATE FUNCTION case_search_keep() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE c cases := NEW;
BEGIN
    INSERT INTO case_search AS s (case_id, search, search_name) VALUES (c.id, {_DOCUMENT}, {_NAME})
    ON CONFLICT (case_id) DO UPDATE SET search = EXCLUDED.search, search_name = EXCLUDED.search_name;
    RETURN NULL;
END $$;
CREATE TRIGGER cases_search_insert AFTER INSERT ON cases FOR EACH ROW EXECUTE FUNCTION case_search_keep();
-- Only when the text changed: the assessment's upsert, the opening, claims and SLA timers leave it alone.
CREATE TRIGGER cases_search_update AFTER UPDATE OF company_name, reference, profile, contact ON cases FOR EACH ROW
    WHEN ((OLD.company_name, OLD.reference, OLD.profile, OLD.contact)
          IS DISTINCT FROM (NEW.company_name, NEW.reference, NEW.profile, NEW.contact))
    EXECUTE FUNCTION case_search_keep();
""")


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
