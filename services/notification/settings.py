"""notification's settings: database, SMTP and sender identity."""
from pydantic import AliasChoices, Field

from shared.settings import ServiceSettings


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
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_tls: bool = False
    smtp_timeout_s: float = 15.0
    mail_from: str = "onboarding@defence-nrw.example"
    # Shown to recipients as the address for questions.
    contact_address: str = "onboarding@defence-nrw.example"
    message_id_domain: str = "onboarding.defence-nrw.example"
    advisor_ui_url: str = "http://127.0.0.1:8002"
    # A send interrupted by a crash is retried with the same Message-ID after this long.
    sending_stale_after_s: float = 120.0
    max_send_attempts: int = 8
    dispatch_batch: int = 20
