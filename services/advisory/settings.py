"""advisory's settings."""
from pydantic import AliasChoices, Field

from shared.settings import ServiceSettings


class AdvisorySettings(ServiceSettings):
    service_name: str = "advisory"
    port: int = Field(default=8002, validation_alias=AliasChoices("ADVISORY_PORT", "PORT"))
    database_url: str = Field(
        default="postgresql://postgres@127.0.0.1:55432/advisory",
        validation_alias=AliasChoices("ADVISORY_DATABASE_URL", "DATABASE_URL"),
    )
    session_idle_minutes: int = 30
    session_absolute_hours: int = 10
    # Secure cookies need HTTPS; the local dev stack serves plain HTTP on loopback.
    cookie_secure: bool = Field(default=False, validation_alias=AliasChoices("ADVISORY_COOKIE_SECURE"))
