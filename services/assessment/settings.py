"""assessment's settings, read from the environment once (the rest are shared.settings.ServiceSettings)."""
from pydantic import AliasChoices, Field

from shared.settings import ServiceSettings


class AssessmentSettings(ServiceSettings):
    service_name: str = "assessment"
    port: int = Field(default=8003, validation_alias=AliasChoices("ASSESSMENT_PORT", "PORT"),
                      description="HTTP port of the read API, /metrics, /health and /ready")
    database_url: str = Field(
        default="postgresql://postgres@127.0.0.1:55432/assessment",
        validation_alias=AliasChoices("ASSESSMENT_DATABASE_URL", "DATABASE_URL"),
        description="assessment's own PostgreSQL database (the assessments table and the messaging tables)",
    )
