"""ENV=prod refuses to start without HTTPS-only settings (issue 19): HSTS, Secure __Host- cookie, trusted proxies."""
from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from services.advisory.entrypoints.security import cookie_name
from services.advisory.settings import AdvisorySettings
from services.assessment.settings import AssessmentSettings
from services.intake.settings import IntakeSettings
from shared.http import client_address, trusted_networks

HSTS = {"hsts_max_age_s": 31_536_000}
# Some settings are read only under their environment names (ADVISORY_COOKIE_SECURE ...), as the operator sets them.
LINKS = {"DOCUMENT_LINK_SECRET": "d" * 40}  # signs document downloads; both services hold it (issue 16)
ADVISORY_OK = {"env": "prod", **HSTS, **LINKS, "ADVISORY_COOKIE_SECURE": True, "ADVISORY_TRUSTED_PROXIES": "10.0.0.0/8"}
INTAKE_OK = {"env": "prod", **HSTS, **LINKS, "INTAKE_STATUS_SECRET": "s" * 40, "INTAKE_TRUSTED_PROXIES": "10.0.0.2"}


@pytest.mark.parametrize(("cls", "kw"), [
    (AssessmentSettings, {"env": "prod"}),
    (AssessmentSettings, {"env": "prod", "hsts_max_age_s": 300}),
    (AdvisorySettings, {**ADVISORY_OK, "hsts_max_age_s": 0}),
    (AdvisorySettings, {**ADVISORY_OK, "ADVISORY_COOKIE_SECURE": False}),
    (AdvisorySettings, {**ADVISORY_OK, "ADVISORY_TRUSTED_PROXIES": ""}),
    (IntakeSettings, {**INTAKE_OK, "hsts_max_age_s": 0}),
    (IntakeSettings, {**INTAKE_OK, "INTAKE_TRUSTED_PROXIES": ""}),
    (AdvisorySettings, {**ADVISORY_OK, "DOCUMENT_LINK_SECRET": "dev-only-document-link-secret"}),
    (IntakeSettings, {**INTAKE_OK, "DOCUMENT_LINK_SECRET": "dev-only-document-link-secret"}),
])
def test_prod_refuses_to_start_without_https_only_settings(cls: type, kw: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        cls(**kw)


def test_prod_starts_with_them_and_the_cookie_is_secure_and_host_bound() -> None:
    advisory = AdvisorySettings(**ADVISORY_OK)  # type: ignore[arg-type]  # pydantic-settings takes field names too
    assert cookie_name(advisory) == "__Host-advisory_session"
    IntakeSettings(**INTAKE_OK)  # type: ignore[arg-type]
    AssessmentSettings(env="prod", **HSTS)  # type: ignore[arg-type]


def test_forwarded_for_is_believed_only_from_a_trusted_proxy_network() -> None:
    proxies = trusted_networks("172.16.0.0/12, 10.0.0.2")
    forwarded = [(b"x-forwarded-for", b"192.0.2.66, 198.51.100.7")]
    assert client_address({"client": ("172.18.0.5", 1), "headers": forwarded}, proxies) == "198.51.100.7"
    assert client_address({"client": ("203.0.113.1", 1), "headers": forwarded}, proxies) == "203.0.113.1"
    assert client_address({"client": ("10.0.0.2", 1), "headers": [(b"x-forwarded-for", b"junk")]},
                          proxies) == "10.0.0.2"
