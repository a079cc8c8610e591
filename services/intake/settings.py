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
    max_body_bytes: int = 256 * 1024

    @model_validator(mode="after")
    def _refuse_dev_secret_in_prod(self) -> "IntakeSettings":
        if self.env == "prod" and self.status_token_secret.startswith("dev-"):
            raise ValueError("INTAKE_STATUS_SECRET must be set to a real secret in prod")
        return self
