"""advisory: the lead's view (Lagebild, issue 16) - first acceptance and SLA breach on the case, and rollups.

`first_accepted_at` (set when the first partner accepts, in the answer's statement) and `sla_breached_at` (set when
the poller records the breach, in its transaction) put the last two stages on the case row.

The view reads rollups, not `cases`: a plain aggregate over 12 months at 1,000,000 cases took 1.1-1.3 s even as an
index-only scan of a covering index (500,000 rows to group; docs/performance.md, "Lagebild"). Row triggers keep
the rollups in the same transaction as every change of a case or an introduction: a change takes the row's old
contribution off and adds its new one, and an update that changes no counted fact does nothing. The triggers only
ever INSERT a delta row (the rollups have no unique key, readers sum per key): an upsert into one counter row per
month x sector x Kreis made every case of that key wait for the batch that touched it last (184 ms of lock wait
per enquiry in `make bench`, 45 -> 14 enquiries/s). `lagebild_fold()`, run by advisory's background loop, folds a
key's delta rows into one in a single statement per table, so the tables stay small and the sums stay exact. Counts per Berlin
month of arrival x sector x Kreis; stage durations per month x stage x 15-minute bucket (the median is computed from
them, exact to 7.5 minutes); partners' answers per month of the answer. `lagebild_rebuild()` recounts everything
(used here and after a bulk load with the triggers disabled).

Revision ID: 0012_lagebild
"""
from alembic import op

revision = "0012_lagebild"
down_revision = "0011_case_documents"

SCHEMA = r"""
ALTER TABLE cases
    ADD COLUMN first_accepted_at timestamptz,
    ADD COLUMN sla_breached_at timestamptz;
UPDATE cases c SET first_accepted_at = i.at
FROM (SELECT case_id, min(answered_at) AS at FROM introductions WHERE status = 'accepted' GROUP BY case_id) i
WHERE i.case_id = c.id;
UPDATE cases c SET sla_breached_at = e.at
FROM (SELECT case_id, min(fired_at) AS at FROM sla_escalations WHERE level = 'breach' GROUP BY case_id) e
WHERE e.case_id = c.id;

CREATE TABLE lagebild_cohorts (
    month       date NOT NULL,
    sector      text NOT NULL,   -- '' when unknown
    kreis       text NOT NULL,   -- '' when unknown
    enquiries   integer NOT NULL DEFAULT 0,
    cases       integer NOT NULL DEFAULT 0,
    introduced  integer NOT NULL DEFAULT 0,
    accepted    integer NOT NULL DEFAULT 0,
    sla_met     integer NOT NULL DEFAULT 0,
    sla_missed  integer NOT NULL DEFAULT 0
);
CREATE INDEX lagebild_cohorts_key ON lagebild_cohorts (month, sector, kreis);
CREATE TABLE lagebild_durations (
    month   date NOT NULL,
    stage   text NOT NULL,
    bucket  integer NOT NULL,    -- seconds / 900
    n       integer NOT NULL DEFAULT 0
);
CREATE INDEX lagebild_durations_key ON lagebild_durations (month, stage, bucket);
CREATE TABLE lagebild_partners (
    month         date NOT NULL,
    partner_id    text NOT NULL,
    partner_name  text NOT NULL,
    accepted      integer NOT NULL DEFAULT 0,
    declined      integer NOT NULL DEFAULT 0
);
CREATE INDEX lagebild_partners_key ON lagebild_partners (month, partner_id);

CREATE FUNCTION lagebild_month(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT date_trunc('month', at AT TIME ZONE 'Europe/Berlin')::date $$;

CREATE FUNCTION lagebild_case_apply(c cases, sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE m date := lagebild_month(c.created_at);
BEGIN
    INSERT INTO lagebild_cohorts AS t (month, sector, kreis, enquiries, cases, introduced, accepted, sla_met,
                                       sla_missed)
    VALUES (m, coalesce(c.sector, ''), coalesce(c.kreis, ''), sign,
            sign * (c.opened_at IS NOT NULL)::int, sign * (c.first_introduced_at IS NOT NULL)::int,
            sign * (c.first_accepted_at IS NOT NULL)::int,
            sign * (c.status IN ('introduced', 'closed') AND c.sla_due_at IS NOT NULL
                    AND c.sla_breached_at IS NULL)::int,
            sign * (c.sla_breached_at IS NOT NULL)::int);
    INSERT INTO lagebild_durations AS t (month, stage, bucket, n)
    SELECT m, s.stage, floor(extract(epoch FROM s.took) / 900)::int, sign
    FROM (VALUES ('assessed', c.opened_at - coalesce(c.submitted_at, c.created_at)),
                 ('claimed', c.first_claimed_at - c.opened_at),
                 ('introduced', c.first_introduced_at - c.first_claimed_at),
                 ('accepted', c.first_accepted_at - c.first_introduced_at)) AS s(stage, took)
    WHERE s.took IS NOT NULL;
END $$;

CREATE FUNCTION lagebild_case_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.created_at, OLD.submitted_at, OLD.sector, OLD.kreis,
                             OLD.status IN ('introduced', 'closed'), OLD.opened_at, OLD.first_claimed_at,
                             OLD.first_introduced_at, OLD.first_accepted_at, OLD.sla_due_at IS NULL,
                             OLD.sla_breached_at IS NULL)
        IS NOT DISTINCT FROM (NEW.created_at, NEW.submitted_at, NEW.sector, NEW.kreis,
                              NEW.status IN ('introduced', 'closed'), NEW.opened_at, NEW.first_claimed_at,
                              NEW.first_introduced_at, NEW.first_accepted_at, NEW.sla_due_at IS NULL,
                              NEW.sla_breached_at IS NULL) THEN
        RETURN NULL;  -- nothing the view counts has changed (a claim, a note, an SLA timer)
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM lagebild_case_apply(OLD, -1); END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM lagebild_case_apply(NEW, 1); END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER cases_lagebild AFTER INSERT OR DELETE OR UPDATE OF created_at, submitted_at, sector, kreis, status,
    opened_at, first_claimed_at, first_introduced_at, first_accepted_at, sla_due_at, sla_breached_at
    ON cases FOR EACH ROW EXECUTE FUNCTION lagebild_case_track();

CREATE FUNCTION lagebild_partner_apply(i introductions, sign integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF i.answered_at IS NULL OR i.status NOT IN ('accepted', 'declined') THEN RETURN; END IF;
    INSERT INTO lagebild_partners AS t (month, partner_id, partner_name, accepted, declined)
    VALUES (lagebild_month(i.answered_at), i.partner_id, i.partner_name, sign * (i.status = 'accepted')::int,
            sign * (i.status = 'declined')::int);
END $$;

CREATE FUNCTION lagebild_partner_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM lagebild_partner_apply(OLD, -1); END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM lagebild_partner_apply(NEW, 1); END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER introductions_lagebild AFTER INSERT OR DELETE OR UPDATE OF status, answered_at, partner_name
    ON introductions FOR EACH ROW EXECUTE FUNCTION lagebild_partner_track();

CREATE FUNCTION lagebild_rebuild() RETURNS void LANGUAGE sql AS $$
    TRUNCATE lagebild_cohorts, lagebild_durations, lagebild_partners;
    INSERT INTO lagebild_cohorts
    SELECT lagebild_month(created_at), coalesce(sector, ''), coalesce(kreis, ''), count(*), count(opened_at),
           count(first_introduced_at), count(first_accepted_at),
           count(*) FILTER (WHERE status IN ('introduced', 'closed') AND sla_due_at IS NOT NULL
                            AND sla_breached_at IS NULL),
           count(sla_breached_at)
    FROM cases GROUP BY 1, 2, 3;
    INSERT INTO lagebild_durations
    SELECT lagebild_month(c.created_at), s.stage, floor(extract(epoch FROM s.took) / 900)::int, count(*)
    FROM cases c, LATERAL (VALUES ('assessed', c.opened_at - coalesce(c.submitted_at, c.created_at)),
                                  ('claimed', c.first_claimed_at - c.opened_at),
                                  ('introduced', c.first_introduced_at - c.first_claimed_at),
                                  ('accepted', c.first_accepted_at - c.first_introduced_at)) AS s(stage, took)
    WHERE s.took IS NOT NULL GROUP BY 1, 2, 3;
    INSERT INTO lagebild_partners
    SELECT lagebild_month(answered_at), partner_id, max(partner_name), count(*) FILTER (WHERE status = 'accepted'),
           count(*) FILTER (WHERE status = 'declined')
    FROM introductions WHERE answered_at IS NOT NULL AND status IN ('accepted', 'declined') GROUP BY 1, 2;
$$;
SELECT lagebild_rebuild();

-- Folds every key with more than one row into one row (zero sums vanish). One statement per table: the DELETE and
-- the INSERT see the same rows, so a delta inserted meanwhile stays for the next fold and nothing counts twice.
CREATE FUNCTION lagebild_fold() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE folded integer := 0; written integer;
BEGIN
    WITH keys AS (SELECT month, sector, kreis FROM lagebild_cohorts GROUP BY 1, 2, 3 HAVING count(*) > 1),
    moved AS (DELETE FROM lagebild_cohorts t USING keys k
              WHERE (t.month, t.sector, t.kreis) = (k.month, k.sector, k.kreis) RETURNING t.*)
    INSERT INTO lagebild_cohorts
    SELECT month, sector, kreis, sum(enquiries), sum(cases), sum(introduced), sum(accepted), sum(sla_met),
           sum(sla_missed)
    FROM moved GROUP BY 1, 2, 3
    HAVING sum(enquiries) <> 0 OR sum(cases) <> 0 OR sum(introduced) <> 0 OR sum(accepted) <> 0
        OR sum(sla_met) <> 0 OR sum(sla_missed) <> 0;
    GET DIAGNOSTICS written = ROW_COUNT; folded := folded + written;
    WITH keys AS (SELECT month, stage, bucket FROM lagebild_durations GROUP BY 1, 2, 3 HAVING count(*) > 1),
    moved AS (DELETE FROM lagebild_durations t USING keys k
              WHERE (t.month, t.stage, t.bucket) = (k.month, k.stage, k.bucket) RETURNING t.*)
    INSERT INTO lagebild_durations
    SELECT month, stage, bucket, sum(n) FROM moved GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
    GET DIAGNOSTICS written = ROW_COUNT; folded := folded + written;
    WITH keys AS (SELECT month, partner_id FROM lagebild_partners GROUP BY 1, 2 HAVING count(*) > 1),
    moved AS (DELETE FROM lagebild_partners t USING keys k
              WHERE (t.month, t.partner_id) = (k.month, k.partner_id) RETURNING t.*)
    INSERT INTO lagebild_partners
    SELECT month, partner_id, max(partner_name), sum(accepted), sum(declined)
    FROM moved GROUP BY 1, 2 HAVING sum(accepted) <> 0 OR sum(declined) <> 0;
    GET DIAGNOSTICS written = ROW_COUNT; folded := folded + written;
    RETURN folded;
END $$;
"""


def upgrade() -> None:
    op.execute(SCHEMA)


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
