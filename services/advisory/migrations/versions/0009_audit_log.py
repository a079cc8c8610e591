"""advisory: the audit log (issue 16) - who logged in, looked at, exported or decided what, and when.

Append-only, enforced twice: triggers refuse DELETE and TRUNCATE for every role (the owner too, short of
dropping the trigger), and refuse every UPDATE except pseudonymising the actor once after retention (GDPR: the
record stays, the person behind it does not). Grants: UPDATE, DELETE and TRUNCATE are revoked from PUBLIC and,
when it exists, from the service role `advisory_app` (README: run the service as a role that owns nothing), which
keeps SELECT, INSERT and UPDATE of the actor columns only.

Revision ID: 0009
"""
from alembic import op

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    op.execute("""
CREATE TABLE audit_log (
    id                bigserial PRIMARY KEY,
    at                timestamptz NOT NULL,
    kind              text NOT NULL CHECK (kind IN ('login_succeeded', 'login_failed', 'login_refused',
                          'case_viewed', 'document_downloaded', 'export', 'decision', 'role_changed', 'erasure')),
    actor_id          uuid,
    actor             text NOT NULL,
    case_id           uuid,
    detail            jsonb NOT NULL DEFAULT '{}'::jsonb,
    pseudonymised_at  timestamptz
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_kind_at ON audit_log (kind, at DESC, id DESC);
CREATE INDEX audit_log_case ON audit_log (case_id, at) WHERE case_id IS NOT NULL;
-- The pseudonymiser's only access path: rows whose actor is still a person.
CREATE INDEX audit_log_to_pseudonymise ON audit_log (at) WHERE pseudonymised_at IS NULL;

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.pseudonymised_at IS NULL AND NEW.pseudonymised_at IS NOT NULL
       AND NEW.actor_id IS NULL AND NEW.actor LIKE 'pseudonym-%'
       AND (NEW.id, NEW.at, NEW.kind, NEW.case_id, NEW.detail) IS NOT DISTINCT FROM
           (OLD.id, OLD.at, OLD.kind, OLD.case_id, OLD.detail) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

""")
    op.execute(SERVICE_ROLE_GRANTS)


# Separate so a test can apply it after creating the role (roles are cluster-wide; migrations run once).
SERVICE_ROLE_GRANTS = """
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'advisory_app') THEN
        REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM advisory_app;
        GRANT SELECT, INSERT ON audit_log TO advisory_app;
        GRANT UPDATE (actor_id, actor, pseudonymised_at) ON audit_log TO advisory_app;
        GRANT USAGE ON SEQUENCE audit_log_id_seq TO advisory_app;
    END IF;
END $$;
"""


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
