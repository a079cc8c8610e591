"""advisory's settings, read from the environment once (the service README lists them)."""
from pydantic import AliasChoices, Field

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
    session_idle_minutes: int = Field(default=30, description="A session unused this long ends")
    session_absolute_hours: int = Field(default=10, description="A session ends this long after login")
    # Secure cookies need HTTPS; the local dev stack serves plain HTTP on loopback.
    cookie_secure: bool = Field(default=False, validation_alias=AliasChoices("ADVISORY_COOKIE_SECURE"),
                                description="Send the session cookie over HTTPS only (__Host- prefix)")
    login_window_minutes: int = Field(default=15, description="Window in which failed logins are counted")
    login_failures_per_account: int = Field(default=5, description="Failed logins per account in the window")
    login_failures_per_ip: int = Field(default=30, description="Failed logins per client IP in the window")
    sla_poll_interval_s: float = Field(
        default=5.0, validation_alias=AliasChoices("SLA_POLL_INTERVAL_S", "ADVISORY_SLA_POLL_INTERVAL_S"),
        description="How often the SLA poller looks for due warnings and breaches")
    auto_assign_interval_s: float = Field(
        default=30.0, validation_alias=AliasChoices("AUTO_ASSIGN_INTERVAL_S", "ADVISORY_AUTO_ASSIGN_INTERVAL_S"),
        description="How often open unassigned cases are offered to free advisors (absences end, capacity frees)")
