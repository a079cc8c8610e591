"""advisory's settings, read from the environment once (the service README lists them)."""
from pydantic import AliasChoices, Field, model_validator

from shared.settings import ServiceSettings


class AdvisorySettings(ServiceSettings):
    service_name: str = "advisory"
    port: int = Field(default=8002, validation_alias=AliasChoices("ADVISORY_PORT", "PORT"))
    database_url: str = Field(
        default="postgresql://postgres@127.0.0.1:55432/advisory",
        validation_alias=AliasChoices("ADVISORY_DATABASE_URL", "DATABASE_URL"),
    )
    ui_url: str = Field(default="http://127.0.0.1:8002",
                        validation_alias=AliasChoices("UI_URL", "ADVISORY_PUBLIC_URL", "ADVISOR_UI_URL"),
                        description="Where people reach this service: links in escalation emails and partners'"
                                    " accept/decline links")
    intake_url: str = Field(default="http://127.0.0.1:8001",
                            validation_alias=AliasChoices("ADVISORY_INTAKE_URL", "INTAKE_PUBLIC_URL"),
                            description="Where advisors' browsers reach intake: documents are downloaded from there")
    document_link_secret: str = Field(default="dev-only-document-link-secret",
                                      validation_alias=AliasChoices("DOCUMENT_LINK_SECRET"),
                                      description="Signs expiring document downloads; intake holds the same secret")
    document_link_ttl_s: int = Field(default=300, ge=10, le=3600,
                                     validation_alias=AliasChoices("DOCUMENT_LINK_TTL_S"),
                                     description="How long a signed document download link is valid")
    session_idle_minutes: int = Field(default=30, description="A session unused this long ends")
    session_absolute_hours: int = Field(default=10, description="A session ends this long after login")
    # Secure cookies need HTTPS; the local dev stack serves plain HTTP on loopback.
    cookie_secure: bool = Field(default=False, validation_alias=AliasChoices("ADVISORY_COOKIE_SECURE"),
                                description="Send the session cookie over HTTPS only (__Host- prefix)")
    # Login throttling (ADR 10): per (account, address) pair with growing delays; per address only a slowdown.
    login_window_minutes: int = Field(default=15, ge=1, description="Window in which failed logins are counted")
    login_failures_per_pair: int = Field(
        default=5, ge=1, description="Wrong passwords for one account from one address before delays start")
    login_first_delay_s: float = Field(default=30.0, gt=0, description="First delay; doubles per further failure")
    login_max_delay_s: float = Field(default=900.0, gt=0, description="Longest delay for one pair")
    login_failures_per_address: int = Field(
        default=30, ge=1, description="Failures from one address (any account) before its attempts are slowed")
    login_address_delay_s: float = Field(default=2.0, ge=0, description="How long a slowed attempt waits")
    trusted_proxies: str = Field(default="", validation_alias=AliasChoices("ADVISORY_TRUSTED_PROXIES"),
                                 description="Proxies (IPs or CIDR networks, comma-separated) whose"
                                             " X-Forwarded-For is believed; required in prod")
    sla_poll_interval_s: float = Field(
        default=5.0, validation_alias=AliasChoices("SLA_POLL_INTERVAL_S", "ADVISORY_SLA_POLL_INTERVAL_S"),
        description="How often the SLA poller looks for due warnings and breaches")
    auto_assign_interval_s: float = Field(
        default=30.0, validation_alias=AliasChoices("AUTO_ASSIGN_INTERVAL_S", "ADVISORY_AUTO_ASSIGN_INTERVAL_S"),
        description="How often open unassigned cases are offered to free advisors (absences end, capacity frees)")
    reassess_poll_interval_s: float = Field(
        default=60.0, gt=0,
        validation_alias=AliasChoices("REASSESS_POLL_INTERVAL_S", "ADVISORY_REASSESS_POLL_INTERVAL_S"),
        description="How often the re-assessment poller looks for cases whose re-assessment date has come")
    audit_retention_days: int = Field(
        default=365, ge=1, validation_alias=AliasChoices("AUDIT_RETENTION_DAYS", "ADVISORY_AUDIT_RETENTION_DAYS"),
        description="The audit log names the person behind each entry this long; then the actor is pseudonymised")
    audit_pseudonym_key: str = Field(
        default="", validation_alias=AliasChoices("AUDIT_PSEUDONYM_KEY", "ADVISORY_AUDIT_PSEUDONYM_KEY"),
        description="Secret mixed into audit pseudonyms (same person, same pseudonym); empty: a random key per"
                    " process start, so pseudonyms of different runs do not match")
    audit_poll_interval_s: float = Field(
        default=3600.0, gt=0,
        validation_alias=AliasChoices("AUDIT_POLL_INTERVAL_S", "ADVISORY_AUDIT_POLL_INTERVAL_S"),
        description="How often entries past the audit retention are pseudonymised")
    lagebild_fold_interval_s: float = Field(
        default=60.0, gt=0,
        validation_alias=AliasChoices("LAGEBILD_FOLD_INTERVAL_S", "ADVISORY_LAGEBILD_FOLD_INTERVAL_S"),
        description="How often the Lagebild's delta rows are folded per key (the figures are exact either way)")

    @model_validator(mode="after")
    def _https_only_in_prod(self) -> "AdvisorySettings":
        # Behind the proxy every login would come from the proxy's address: the throttle needs the real client.
        if self.env == "prod" and not self.cookie_secure:
            raise ValueError("ADVISORY_COOKIE_SECURE must be true in prod (Secure, __Host- session cookie)")
        if self.env == "prod" and self.document_link_secret.startswith("dev-"):
            raise ValueError("DOCUMENT_LINK_SECRET must be set to a real secret in prod")
        if self.env == "prod" and not self.trusted_proxies.strip():
            raise ValueError("ADVISORY_TRUSTED_PROXIES must name the reverse proxies in prod")
        return self
