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
    # Where people reach this service: links in escalation emails and partners' accept/decline links.
    ui_url: str = Field(default="http://127.0.0.1:8002",
                        validation_alias=AliasChoices("UI_URL", "ADVISORY_PUBLIC_URL", "ADVISOR_UI_URL"))
    session_idle_minutes: int = 30
    session_absolute_hours: int = 10
    # Secure cookies need HTTPS; the local dev stack serves plain HTTP on loopback.
    cookie_secure: bool = Field(default=False, validation_alias=AliasChoices("ADVISORY_COOKIE_SECURE"))
    login_window_minutes: int = 15
    login_failures_per_account: int = 5
    login_failures_per_ip: int = 30
    # The SLA poller compares stored timers with the database clock this often.
    sla_poll_interval_s: float = Field(default=5.0, validation_alias=AliasChoices("SLA_POLL_INTERVAL_S", "ADVISORY_SLA_POLL_INTERVAL_S"))
    # Open unassigned cases are offered to free advisors this often (absences end, capacity frees up).
    auto_assign_interval_s: float = Field(default=30.0,
                                          validation_alias=AliasChoices("AUTO_ASSIGN_INTERVAL_S", "ADVISORY_AUTO_ASSIGN_INTERVAL_S"))
