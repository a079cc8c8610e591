"""Every template in both languages is delivered over real SMTP and parsed back: the subject is in the reader's
language, To and the envelope recipient are the recipient the service decided, the Message-ID is deterministic."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from services.notification.domain.catalogue import subject_for
from services.notification.domain.message import deterministic_message_id
from shared.contracts import subjects
from shared.taxonomy import default_partners_path
from tests.support.waiting import eventually

from . import events
from .rig import Mailbox, Received, running, settings_for

DOMAIN = "onboarding.defence-nrw.example"
PARTNER_DE, PARTNER_EN = "aerospace-nrw", "automotiveland-nrw"


def partners_file(tmp_path: Path) -> Path:
    """The packaged directory, with one partner that reads English."""
    data = yaml.safe_load(default_partners_path().read_text(encoding="utf-8"))
    for p in data["partners"]:
        if p["id"] == PARTNER_EN:
            p["contact_language"] = "en"
    path = tmp_path / "partners.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def expect(env: Any, role: str, recipient: str, template: str, language: str, reference: str) -> dict[str, str]:
    return {"template": template, "language": language, "recipient": recipient, "subject": subject_for(
        template, language, reference), "message_id": deterministic_message_id(
        event_id=str(env.event_id), recipient_role=role, recipient=recipient, template=template, domain=DOMAIN)}


def plan_for(language: str, email: str) -> tuple[list[Any], list[dict[str, str]]]:
    sub = events.submitted(language=language, email=email)
    ref = sub.payload.reference
    info, intro, close = events.info_requested(sub), events.introduction(sub, partner_ids=[PARTNER_DE, PARTNER_EN]), \
        events.closed(sub)
    advisor = f"advisor.{language}@defence-nrw.example"
    due = events.reassessment_due(sub, advisors=[(advisor, "Miriam Okonkwo", language)], invite_company=True)
    assigned = events.assigned(sub, assignee=(advisor, "Miriam Okonkwo", language), by="lead")
    self_claim = events.assigned(sub, assignee=None, by="self")  # a self-claim: no email
    released = events.result_released(sub)
    expected = [
        expect(sub, "company", email, "acknowledgement", language, ref),
        expect(info, "company", email, "information_request", language, ref),
        expect(intro, "company", email, "introduction_company", language, ref),
        expect(intro, "partner", f"introductions@{PARTNER_DE}.example", "introduction_partner", "de", ref),
        expect(intro, "partner", f"introductions@{PARTNER_EN}.example", "introduction_partner", "en", ref),
        expect(close, "company", email, "closure", language, ref),
        expect(due, "advisor", advisor, "reassessment_reminder", language, ref),
        expect(due, "company", email, "reassessment_invitation", language, ref),
        expect(assigned, "advisor", advisor, "case_assigned", language, ref),
        expect(released, "company", email, "result_ready", language, ref),
    ]
    return [sub, info, intro, close, due, assigned, self_claim, released], expected


def check(received: Received, want: dict[str, str]) -> None:
    msg = received.message
    assert msg["Subject"] == want["subject"]
    assert msg.get_all("To") == [want["recipient"]]
    assert received.rcpt_tos == [want["recipient"]]
    assert received.message_id == want["message_id"]
    assert msg.get_body(("plain",)) is not None and msg.get_body(("html",)) is not None


async def test_each_template_in_both_languages_reaches_the_decided_recipient(
        fresh_db, nats_url, smtp_port, mailbox: Mailbox, stream, tmp_path) -> None:
    settings = settings_for(dsn=fresh_db, nats_url=nats_url, smtp_port=smtp_port,
                            partners_file=partners_file(tmp_path), message_id_domain=DOMAIN)
    de_events, de_expected = plan_for("de", "k.wallmeier@klingenberg.example")
    en_events, en_expected = plan_for("en", "j.smith@precision-parts.example")
    escalation = events.escalated(de_events[0], leads=[("lead.de@defence-nrw.example", "Jonas Berghoff", "de"),
                                                       ("lead.en@defence-nrw.example", "Jane Lead", "en")])
    ref = de_events[0].payload.reference
    expected = de_expected + en_expected + [
        expect(escalation, "lead", "lead.de@defence-nrw.example", "sla_escalation", "de", ref),
        expect(escalation, "lead", "lead.en@defence-nrw.example", "sla_escalation", "en", ref)]
    async with running(settings) as service:
        # Published in one burst: advisory events may overtake the submitted one and must be retried, not lost.
        for env in [*de_events, *en_events, escalation]:
            await stream.publish(env)
        await eventually(lambda: mailbox.count_at_least(len(expected)), timeout=30, what="all emails")
        by_id = {r.message_id: r for r in mailbox.received}
        assert len(mailbox.received) == len(by_id) == len(expected)
        assert set(by_id) == {w["message_id"] for w in expected}, [
            (r.message["Subject"], r.rcpt_tos) for r in mailbox.received if r.message_id not in
            {w["message_id"] for w in expected}]
        for want in expected:
            check(by_id[want["message_id"]], want)

        async def all_recorded_sent() -> bool:  # "record after" commits just after the SMTP server's 250
            return {r["message_id"] for r in await service.emails(status="sent")} == set(by_id)
        await eventually(all_recorded_sent, what="every email recorded as sent")

        async def timeline_events() -> list[dict[str, Any]]:
            sent = await stream.payloads(subjects.MESSAGE_SENT)
            return sent if len(sent) == len(expected) else []

        sent = await eventually(timeline_events, what="notification.message.sent.v1 for every email")
        assert {s["message_id"] for s in sent} == set(by_id)
        assert all("@" not in s["recipient_role"] for s in sent)  # roles on the wire, never addresses

    partner_mail = by_id[de_expected[3]["message_id"]].message.get_body(("plain",)).get_content()
    assert "Aluminium-Druckguss" in partner_mail and "HRB 4711" not in partner_mail  # only the consented summary


async def test_amendment_changes_address_and_language_of_later_emails(fresh_db, nats_url, smtp_port,
                                                                      mailbox: Mailbox, stream) -> None:
    sub = events.submitted(language="de", email="old@klingenberg.example")
    async with running(settings_for(dsn=fresh_db, nats_url=nats_url, smtp_port=smtp_port)) as service:
        await stream.publish(sub)
        await eventually(lambda: mailbox.count_at_least(1), what="acknowledgement")
        await stream.publish(events.amended(sub, email="new@klingenberg.example", language="en", revision=3))
        await stream.publish(events.amended(sub, email="stale@klingenberg.example", language="de", revision=2))

        async def amended() -> bool:
            return await service.scalar("SELECT revision FROM recipients") == 3 and await service.scalar(
                "SELECT count(*) FROM inbox WHERE consumer = 'notification-enquiry-amended'") == 2
        await eventually(amended, what="both amendments consumed")
        await stream.publish(events.info_requested(sub))
        got = await eventually(lambda: mailbox.count_at_least(2), what="information request")
    assert got[1].rcpt_tos == ["new@klingenberg.example"]
    assert got[1].message["Subject"] == subject_for("information_request", "en", sub.payload.reference)
