"""SMTP connection options per security mode, failure classification, operator token rules, backoff."""
from __future__ import annotations

import aiosmtplib
import pytest
from pydantic import ValidationError

from services.notification.adapters.smtp import PermanentSendError, TransientSendError, classify, connection_options
from services.notification.domain.delivery import retry_delay_s
from services.notification.entrypoints.operator_auth import token_matches
from services.notification.settings import NotificationSettings

pytestmark = pytest.mark.unit
TOKEN = "t" * 40


def settings(**kw: object) -> NotificationSettings:
    return NotificationSettings(**kw)


@pytest.mark.parametrize(("kw", "use_tls", "start_tls"), [
    ({}, False, False),  # plain: no opportunistic STARTTLS (aiosmtplib's None would upgrade if offered)
    ({"smtp_starttls": True}, False, True),
    ({"smtp_tls": True}, True, False),
])
def test_security_mode_maps_to_explicit_aiosmtplib_options(kw: dict, use_tls: bool, start_tls: bool) -> None:
    options = connection_options(settings(**kw))
    assert (options["use_tls"], options["start_tls"]) == (use_tls, start_tls)
    assert "username" not in options and options["validate_certs"] is True


def test_credentials_are_passed_only_together() -> None:
    options = connection_options(settings(smtp_starttls=True, smtp_username="u", smtp_password="p"))
    assert (options["username"], options["password"]) == ("u", "p")
    with pytest.raises(ValidationError, match="together"):
        settings(smtp_username="u")


@pytest.mark.parametrize("kw", [
    {"smtp_tls": True, "smtp_starttls": True},
    {"env": "prod"},
    {"env": "prod", "operator_token": "short"},
    {"env": "prod", "operator_token": TOKEN, "smtp_username": "u", "smtp_password": "p"},
    {"env": "prod", "operator_token": TOKEN, "smtp_tls": True, "smtp_validate_certs": False},
    {"env": "prod", "operator_token": TOKEN, "failpoints": "x=kill"},
])
def test_unsafe_settings_refuse_to_start(kw: dict) -> None:
    with pytest.raises(ValidationError):
        settings(**kw)


def test_prod_with_token_and_tls_starts() -> None:
    s = settings(env="prod", operator_token=TOKEN, smtp_starttls=True, smtp_username="u", smtp_password="p",
                 hsts_max_age_s=31_536_000)
    assert "t" * 40 not in repr(s)  # secrets stay out of logs


@pytest.mark.parametrize(("exc", "kind"), [
    (aiosmtplib.SMTPRecipientsRefused([aiosmtplib.SMTPRecipientRefused(550, "no", "a@b.example")]), PermanentSendError),
    (aiosmtplib.SMTPRecipientsRefused([aiosmtplib.SMTPRecipientRefused(450, "later", "a@b.example")]),
     TransientSendError),
    (aiosmtplib.SMTPDataError(554, "rejected"), PermanentSendError),
    (aiosmtplib.SMTPDataError(451, "try later"), TransientSendError),
    (aiosmtplib.SMTPAuthenticationError(535, "bad credentials"), TransientSendError),
    (aiosmtplib.SMTPSenderRefused(553, "not your domain", "x@y.example"), TransientSendError),
    (aiosmtplib.SMTPConnectError("refused"), TransientSendError),
    (TimeoutError(), TransientSendError),
])
def test_only_refusals_of_this_message_are_permanent(exc: Exception, kind: type) -> None:
    assert type(classify(exc)) is kind


def test_backoff_doubles_up_to_the_cap() -> None:
    assert [retry_delay_s(n, base_s=5, max_s=600) for n in (1, 2, 3, 8, 9, 100)] == [5, 10, 20, 600, 600, 600]


def test_operator_token_comparison() -> None:
    assert token_matches(TOKEN, TOKEN)
    assert not token_matches(TOKEN[:-1] + "x", TOKEN)
    assert not token_matches("", TOKEN)
    assert not token_matches("ä", TOKEN)  # non-ASCII input does not raise
