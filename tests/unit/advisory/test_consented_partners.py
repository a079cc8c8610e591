"""Whom an advisor may introduce a company to: everyone with "all suitable partners", else the partners it named."""
from __future__ import annotations

import pytest

from services.advisory.domain.rules import consented_partners, next_best_partner

KNOWN = {"zenit", "aerospace-nrw", "defence-nrw"}


def test_all_suitable_means_every_known_partner() -> None:
    assert consented_partners({"share_with_all_suitable": True, "share_with_partners": []}, KNOWN) == KNOWN


@pytest.mark.parametrize("consents", [None, {}, {"share_with_partners": ["zenit", "gone-partner"]}])
def test_named_consent_is_only_those_known(consents) -> None:
    expected = {"zenit"} if consents and consents.get("share_with_partners") else set()
    assert consented_partners(consents, KNOWN) == expected


def test_the_next_best_partner_follows_the_consent() -> None:
    recommended = [{"partner_id": "aerospace-nrw", "score": 0.9}, {"partner_id": "zenit", "score": 0.5}]
    assert next_best_partner(recommended, {"share_with_partners": ["zenit"]}, set())["partner_id"] == "zenit"
    assert next_best_partner(recommended, {"share_with_all_suitable": True}, set())["partner_id"] == "aerospace-nrw"
