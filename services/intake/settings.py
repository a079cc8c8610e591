"""intake's settings: the shared ones plus its database, public URL and abuse limits."""
from pydantic import AliasChoices, Field, model_validator

from shared.settings import ServiceSettings


class IntakeSettings(ServiceSettings):
    service_name: str = "intake"
    port: int = Field(default=8001, validation_alias=AliasChoices("INTAKE_PORT", "PORT"))
    database_url: str = Field(
        default="postgresql://postgres@127.0.0.1:55432/intake",
        validation_alias=AliasChoices("INTAKE_DATABASE_URL", "DATABASE_URL"),
    )
    public_base_url: str = Field(default="http://127.0.0.1:8001", validation_alias=AliasChoices("INTAKE_PUBLIC_URL"))
    # Signs the private status links; anyone holding it can read every enquiry's status.
    status_token_secret: str = Field(default="dev-only-status-secret", validation_alias="INTAKE_STATUS_SECRET")
    # Re-publish an enquiry whose case was not confirmed this long after submission (reconciliation sweep).
    reconcile_after_s: float = Field(default=600.0, validation_alias=AliasChoices("INTAKE_RECONCILE_AFTER_S"))
    reconcile_interval_s: float = Field(default=60.0, validation_alias=AliasChoices("INTAKE_RECONCILE_INTERVAL_S"))
    # GDPR: closed enquiries are erased after this many days; erasures are finished on this beat.
    retention_days: int = Field(default=730, ge=1, validation_alias=AliasChoices("INTAKE_RETENTION_DAYS"))
    erasure_poll_s: float = Field(default=2.0, validation_alias=AliasChoices("INTAKE_ERASURE_POLL_S"))
    # Signs advisors' expiring document downloads; advisory holds the same secret (shared/document_links.py).
    document_link_secret: str = Field(default="dev-only-document-link-secret",
                                      validation_alias=AliasChoices("DOCUMENT_LINK_SECRET"))
    max_body_bytes: int = 256 * 1024
    # Drafts of the guided form expire 30 days after their last save; expired ones are deleted on this beat.
    draft_purge_interval_s: float = Field(default=3600.0, validation_alias=AliasChoices("INTAKE_DRAFT_PURGE_S"))
    # Per client on POST /, /api/v1/enquiries and amendments; `limits` notation ("20/minute", "100/hour").
    rate_limit: str = Field(default="20/minute", validation_alias=AliasChoices("INTAKE_RATE_LIMIT"))
    # Peers whose X-Forwarded-For we believe (comma-separated IPs of our own reverse proxies); none by default.
    trusted_proxies: str = Field(default="", validation_alias=AliasChoices("INTAKE_TRUSTED_PROXIES"))

    @property
    def trusted_proxy_set(self) -> frozenset[str]:
        return frozenset(p.strip() for p in self.trusted_proxies.split(",") if p.strip())

    @model_validator(mode="after")
    def _refuse_dev_secret_in_prod(self) -> "IntakeSettings":
        if self.env == "prod" and self.status_token_secret.startswith("dev-"):
            raise ValueError("INTAKE_STATUS_SECRET must be set to a real secret in prod")
        if self.env == "prod" and self.document_link_secret.startswith("dev-"):
            raise ValueError("DOCUMENT_LINK_SECRET must be set to a real secret in prod")
        if self.env == "prod" and not self.trusted_proxy_set:
            # Behind the proxy every client would share the proxy's address and so one rate limit budget.
            raise ValueError("INTAKE_TRUSTED_PROXIES must name the reverse proxies in prod")
        return self
