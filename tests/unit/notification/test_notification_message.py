"""B3: no user text reaches a header; recipients are single validated addresses; Message-IDs are deterministic."""
from __future__ import annotations

import dataclasses
import email.policy
import re
from email.parser import BytesParser
from functools import partial
from typing import Any

import pytest
from aiosmtplib.email import flatten_message
from hypothesis import given, settings
from hypothesis import strategies as st

from services.notification.domain import message
from services.notification.domain.catalogue import LANGUAGES, REFERENCE_PATTERN, TEMPLATE_KEYS, subject_for
from services.notification.domain.message import deterministic_message_id, validate_address
from services.notification.entrypoints.preview import EXAMPLE_CONTEXTS
from services.notification.presentation.rendering import render
from shared.clock import FrozenClock

pytestmark = pytest.mark.unit

# The dispatcher dates each message with its clock's time.
build_message = partial(message.build_message, sent_at=FrozenClock().now())

RECIPIENT = "k.wallmeier@klingenberg-praezision.example"
SENDER = "onboarding@defence.nrw.example"
MESSAGE_ID = "<0123456789abcdef0123456789abcdef.acknowledgement@defence.nrw.example>"
EXPECTED_HEADERS = {"from", "to", "subject", "message-id", "date", "mime-version", "content-type", "auto-submitted"}
NOT_USER_TEXT = {"reference", "contact_address", "level", "status_url", "amend_url", "accept_url", "decline_url",
                 "enquiry_url", "case_url", "website", "update_url", "set_by", "assigned_by", "resume_url",
                 "expires_on"}
HOSTILE = ["\r", "\n", "\x00", "\r\n", "=?UTF-8?Q?=0A?=Bcc: x@evil.example", "x\r\nBcc: x@evil.example",
           "=?UTF-8?B?DQpCY2M6IHhAZXZpbC5leGFtcGxl?=", "\nSubject: gewonnen", "Cc: y@evil.example\n\n<html>"]


def with_text(value: Any, text: str, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: with_text(v, text, k) for k, v in value.items()}
    if isinstance(value, list):
        return [with_text(v, text, key) for v in value]
    return text if isinstance(value, str) and key not in NOT_USER_TEXT else value


def roundtrip(message) -> tuple[bytes, Any]:
    # The bytes the SMTP sender transmits: aiosmtplib flattens with \n and sends every line ending as CRLF.
    raw = re.sub(rb"\r?\n", b"\r\n", flatten_message(message))
    return raw, BytesParser(policy=email.policy.default).parsebytes(raw)


user_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40)), min_size=1, max_size=4).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(template=st.sampled_from(sorted(TEMPLATE_KEYS)), language=st.sampled_from(LANGUAGES), text=user_text,
       reference=st.from_regex(REFERENCE_PATTERN, fullmatch=True))
def test_user_text_never_reaches_a_header(template: str, language: str, text: str, reference: str) -> None:
    context = {**with_text(EXAMPLE_CONTEXTS[template], text), "reference": reference}
    rendered = render(template, language, context)
    raw, parsed = roundtrip(build_message(rendered=rendered, sender=SENDER, recipient=RECIPIENT,
                                          message_id=MESSAGE_ID))
    assert {name.lower() for name in parsed.keys()} == EXPECTED_HEADERS
    assert len(parsed.keys()) == len(EXPECTED_HEADERS)
    assert parsed.get_all("To") == [RECIPIENT]
    assert parsed.get_all("Bcc") is None and parsed.get_all("Cc") is None
    assert parsed["Subject"] == subject_for(template, language, reference)
    assert parsed["Auto-Submitted"] == "auto-generated"
    header_block = raw.split(b"\r\n\r\n", 1)[0]
    assert not re.search(rb"^(bcc|cc):", header_block, re.IGNORECASE | re.MULTILINE)
    assert parsed.get_content_type() == "multipart/alternative"
    # The wire format uses CRLF; depending on the transfer encoding the decoded body keeps it.
    assert parsed.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n") == rendered.text
    assert parsed.get_body(preferencelist=("html",)).get_content().replace("\r\n", "\n") == rendered.html


def test_reply_to_is_the_only_optional_header() -> None:
    rendered = render("acknowledgement", "de", EXAMPLE_CONTEXTS["acknowledgement"])
    _, parsed = roundtrip(build_message(rendered=rendered, sender=SENDER, recipient=RECIPIENT,
                                        message_id=MESSAGE_ID, reply_to="beratung@defence.nrw.example"))
    assert {n.lower() for n in parsed.keys()} == EXPECTED_HEADERS | {"reply-to"}
    assert parsed["Reply-To"] == "beratung@defence.nrw.example"
    assert parsed["From"].addresses[0].display_name == "DEFENCE.NRW Onboarding"
    assert parsed["From"].addresses[0].addr_spec == SENDER
    assert parsed["Message-ID"].strip() == MESSAGE_ID  # folded onto its own line (>78 chars): legal CFWS


INVALID_ADDRESSES = [
    "a@b.c\r\nBcc: x@y.z", "x@y.z, z@w.q", "Name <x@y.z>", "x@y.z;z@w.q", "x@y.z\n", "x@y.z\x00", "", " x@y.z",
    "=?UTF-8?Q?=0A?=Bcc:x@evil.example", '"a b"@y.z', "x@[127.0.0.1]", "no-at-sign", "x@y.z\u2028Bcc:a@b.c",
    "x@y@z.de", "<x@y.z>", "x@y.z (comment)",
]


@pytest.mark.parametrize("address", INVALID_ADDRESSES)
def test_invalid_addresses_are_refused(address: str) -> None:
    rendered = render("acknowledgement", "de", EXAMPLE_CONTEXTS["acknowledgement"])
    with pytest.raises(ValueError):
        build_message(rendered=rendered, sender=SENDER, recipient=address, message_id=MESSAGE_ID)
    with pytest.raises(ValueError):
        build_message(rendered=rendered, sender=SENDER, recipient=RECIPIENT, message_id=MESSAGE_ID, reply_to=address)
    with pytest.raises(ValueError):
        build_message(rendered=rendered, sender=address, recipient=RECIPIENT, message_id=MESSAGE_ID)


@settings(max_examples=300, deadline=None)
@given(address=st.one_of(st.text(max_size=60), st.emails().map(str)))
def test_any_accepted_recipient_is_exactly_one_to(address: str) -> None:
    try:
        validated = validate_address(address)
    except ValueError:
        return
    rendered = render("closure", "en", EXAMPLE_CONTEXTS["closure"])
    _, parsed = roundtrip(build_message(rendered=rendered, sender=SENDER, recipient=address, message_id=MESSAGE_ID))
    assert parsed.get_all("To") == [validated] and parsed.get_all("Bcc") is None
    assert {n.lower() for n in parsed.keys()} == EXPECTED_HEADERS


def test_tampered_subject_or_message_id_is_refused() -> None:
    rendered = render("closure", "de", EXAMPLE_CONTEXTS["closure"])
    forged = dataclasses.replace(rendered, subject="Gewonnen!\r\nBcc: x@evil.example")
    with pytest.raises(ValueError, match="subject"):
        build_message(rendered=forged, sender=SENDER, recipient=RECIPIENT, message_id=MESSAGE_ID)
    with pytest.raises(ValueError, match="reference"):
        build_message(rendered=dataclasses.replace(rendered, reference="DN-2026-7K3F9Q\n"), sender=SENDER,
                      recipient=RECIPIENT, message_id=MESSAGE_ID)
    for bad_id in ("<a@b>\r\nBcc: x@evil.example", "no-brackets@x", "<a b@c>"):
        with pytest.raises(ValueError, match="message_id"):
            build_message(rendered=rendered, sender=SENDER, recipient=RECIPIENT, message_id=bad_id)


def _mid(**overrides: str) -> str:
    args = {"event_id": "0b6f8e2a-4c1d-4e7b-9a53-2d8c61f0e9b4", "recipient_role": "company", "recipient": RECIPIENT,
            "template": "acknowledgement", "domain": "defence.nrw.example"} | overrides
    return deterministic_message_id(**args)


def test_deterministic_message_id_is_stable_and_distinct() -> None:
    first = _mid()
    assert first == _mid()
    assert re.fullmatch(r"<[0-9a-f]{32}\.acknowledgement@defence\.nrw\.example>", first)
    assert _mid(recipient="K.Wallmeier@Klingenberg-Praezision.example") == first  # same mailbox, same ID
    variants = {first, _mid(template="closure"), _mid(recipient="other@klingenberg-praezision.example"),
                _mid(event_id="another-event"), _mid(recipient_role="partner")}
    assert len(variants) == 5
    assert _mid(event_id="a|b", recipient_role="c") != _mid(event_id="a", recipient_role="b|c")


@pytest.mark.parametrize("overrides", [{"template": "unknown"}, {"domain": "evil.example>\r\nBcc: x@y.z"},
                                       {"domain": ""}, {"recipient": "x@y.z, z@w.q"}])
def test_deterministic_message_id_refuses_bad_input(overrides: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        _mid(**overrides)
