"""Passwords by strength, not by length alone (issue 19), wherever one is set: the CLI and upsert_advisor."""
from __future__ import annotations

import pytest

from services.advisory.adapters import accounts
from services.advisory.domain.password_policy import WeakPassword, password_problems
from services.advisory.entrypoints import cli


@pytest.mark.parametrize("weak", ["aaaaaaaaaaaa", "password1234", "Passwort1234!", "qwertzuiop12", "123456789012",
                                  "anna.berg@example.org", "fussballfussball", "short-1!"])
def test_weak_passwords_are_refused(weak: str) -> None:
    assert password_problems(weak, user_inputs=("anna.berg@example.org", "Anna Berg")) != []


@pytest.mark.parametrize("strong", ["correct horse battery staple", "bench-password-not-secret",
                                    "Kranich-Ofen-Quitte-47", "e2e-password-1a2b3c4d"])
def test_hard_to_guess_passwords_pass(strong: str) -> None:
    assert password_problems(strong) == []


def test_the_cli_refuses_a_weak_password_before_touching_the_database(monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ADVISOR_PASSWORD", "aaaaaaaaaaaa")
    with pytest.raises(SystemExit):
        cli.main(["create-user", "--email", "a@b.de", "--name", "Anna Berg"])
    assert "refused" in capsys.readouterr().err


async def test_setting_a_weak_password_in_code_is_refused_too() -> None:
    with pytest.raises(WeakPassword):
        await accounts.upsert_advisor(None, email="a@b.de", name="A", role="advisor",  # type: ignore[arg-type]  # refused before any query
                                      password="aaaaaaaaaaaa")
