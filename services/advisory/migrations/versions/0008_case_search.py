"""advisory: search across cases (issue 16) - German full-text search plus trigram similarity for names.

`search` is a stored generated tsvector (German stemming: "Leichtbau" finds "Leichtbaus", "bergisch" finds
"Bergische") over name, reference, register number, contact, competence evidence, offerings and the company's
message, weighted A (name, reference) to D (free text). `search_name` (lower-cased name and reference) carries a
trigram index so a misspelt name ("Bergishe Leichtbau") or a partial reference still finds its case. Advisors'
notes live in the timeline; their own expression index lets the search reach them without copying the text.

Revision ID: 0008
"""
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    op.execute("""
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE cases
    ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('german', coalesce(company_name, '') || ' ' || coalesce(reference, '')), 'A')
        || setweight(to_tsvector('german', coalesce(profile #>> '{company,register_number}', '') || ' '
                     || coalesce(contact ->> 'name', '') || ' ' || coalesce(contact ->> 'email', '') || ' '
                     || coalesce(contact ->> 'phone', '')), 'B')
        || setweight(jsonb_to_tsvector('german', coalesce(jsonb_path_query_array(profile,
                     '$.competences[*].evidence'), '[]'::jsonb), '["string"]'), 'B')
        || setweight(jsonb_to_tsvector('german', coalesce(jsonb_path_query_array(profile,
                     '$.offerings[*].name'), '[]'::jsonb), '["string"]'), 'B')
        || setweight(jsonb_to_tsvector('german', coalesce(jsonb_path_query_array(profile,
                     '$.offerings[*].description'), '[]'::jsonb), '["string"]'), 'C')
        || setweight(to_tsvector('german', coalesce(profile ->> 'message', '')), 'D')
    ) STORED,
    ADD COLUMN search_name text GENERATED ALWAYS AS (
        lower(coalesce(company_name, '') || ' ' || coalesce(reference, ''))
    ) STORED;
CREATE INDEX cases_search ON cases USING gin (search);
CREATE INDEX cases_search_name_trgm ON cases USING gin (search_name gin_trgm_ops);
CREATE INDEX case_timeline_note_search ON case_timeline
    USING gin (to_tsvector('german', coalesce(data ->> 'text', ''))) WHERE kind = 'note';
""")


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
