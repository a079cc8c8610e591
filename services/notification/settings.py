"""notification's settings: database, SMTP, sender identity, retry timing and the operator token."""
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, model_validator

from shared.settings import ServiceSettings

# Long enough that guessing is hopeless; `python -c "import secrets; print(secrets.token_urlsafe(32))"`.
MIN_OPERATOR_TOKEN_LENGTH = 32


class NotificationSettings(ServiceSettings):
    service_name: str = "notification"
    port: int = Field(default=8004, validation_alias=AliasChoices("NOTIFICATION_PORT", "PORT"))
    database_url: str = Field(
        default="postgresql://postgres@127.0.0.1:55432/notification",
        validation_alias=AliasChoices("NOTIFICATION_DATABASE_URL", "DATABASE_URL"),
    )
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    # At most one of the two: STARTTLS upgrades a plain connection (port 587), TLS is implicit TLS (port 465).
    # Neither means plain SMTP with no opportunistic upgrade (a local relay or the dev sink).
    smtp_starttls: bool = False
    smtp_tls: bool = False
    smtp_validate_certs: bool = True
    # PEM bundle of CAs to trust for the SMTP server (a private relay); default: the system store.
    smtp_ca_file: Path | None = None
    smtp_timeout_s: float = 15.0
    # Kept-open SMTP connections (at most this many sends at once), replaced after this long idle.
    smtp_connections: int = Field(default=4, ge=1, le=64)
    smtp_idle_s: float = 30.0
    mail_from: str = "onboarding@defence-nrw.example"
    # Shown to recipients as the address for questions.
    contact_address: str = "onboarding@defence-nrw.example"
    message_id_domain: str = "onboarding.defence-nrw.example"
    advisor_ui_url: str = "http://127.0.0.1:8002"
    # Where a company starts a new enquiry (linked from the closure email).
    enquiry_form_url: str = "http://127.0.0.1:8001/"
    # Partner directory file; default: the packaged one (or PARTNERS_FILE).
    partners_file: Path | None = None
    # A send interrupted by a crash is retried with the same Message-ID after this long (the backstop: rows of a
    # dispatcher whose lease lapsed are taken over sooner).
    sending_stale_after_s: float = 120.0
    # A dispatcher renews its lease every fifth of this; unrenewed this long, its process counts as dead and the
    # emails it left in 'sending' are claimed again (same Message-ID).
    dispatcher_lease_s: float = Field(default=15.0, ge=2.5)
    max_send_attempts: int = 8
    # Backoff after a transient SMTP failure: base * 2^(attempt-1), capped.
    send_retry_base_s: float = 5.0
    send_retry_max_s: float = 600.0
    dispatch_batch: int = 20
    # How long the dispatcher sleeps when no NOTIFY arrives; due retries are picked up on this beat.
    dispatch_poll_s: float = 1.0
    # Delivery-log gauges (emails by status, oldest pending) are recounted at most this often.
    gauge_refresh_s: float = 2.0

    @model_validator(mode="after")
    def _consistent(self) -> "NotificationSettings":
        if self.smtp_tls and self.smtp_starttls:
            raise ValueError("SMTP_TLS and SMTP_STARTTLS are mutually exclusive (implicit TLS or STARTTLS)")
        if (self.smtp_username is None) != (self.smtp_password is None):
            raise ValueError("SMTP_USERNAME and SMTP_PASSWORD must be set together")
        if self.env == "prod":
            self._check_prod_safety()
        return self

    def _check_prod_safety(self) -> None:
        token = self.operator_token.get_secret_value() if self.operator_token else ""
        if len(token) < MIN_OPERATOR_TOKEN_LENGTH:
            raise ValueError(f"OPERATOR_TOKEN of at least {MIN_OPERATOR_TOKEN_LENGTH} characters is required in prod")
        if self.smtp_username is not None and not (self.smtp_tls or self.smtp_starttls):
            raise ValueError("SMTP credentials must not travel in clear text: set SMTP_STARTTLS or SMTP_TLS in prod")
        if not self.smtp_validate_certs:
            raise ValueError("SMTP_VALIDATE_CERTS must stay true in prod")
