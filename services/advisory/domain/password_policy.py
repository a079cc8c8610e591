"""When a password is strong enough: zxcvbn's estimate (score 3 of 4 or better: "safely unguessable" against an
online attack) and never one of the most common passwords (zxcvbn's bundled list plus German words it lacks,
common_passwords_de.txt). Length alone let `aaaaaaaaaaaa` through (issue 19)."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12
MIN_SCORE = 3
MAX_LENGTH = 1024  # zxcvbn's cost grows with length; the login refuses longer ones too
_GERMAN = Path(__file__).with_name("common_passwords_de.txt")
# Words about us that make a password guessable for anyone who knows where it is used.
_CONTEXT = ("defence", "defense", "nrw", "advisory", "onboarding", "nmwp", "cluster")


@cache
def _german_words() -> tuple[str, ...]:
    lines = _GERMAN.read_text(encoding="utf-8").splitlines()
    return tuple(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@cache
def _common() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(_german_words())


def password_problems(password: str, *, user_inputs: tuple[str, ...] = ()) -> list[str]:
    """Why `password` is refused (English, for CLI and logs); empty if it is acceptable. `user_inputs`: the
    account's own e-mail, name ... (a password built from them is weak)."""
    if len(password) < MIN_LENGTH:
        return [f"at least {MIN_LENGTH} characters"]
    if len(password) > MAX_LENGTH:
        return [f"at most {MAX_LENGTH} characters"]
    if password.lower() in _common():
        return ["one of the most common passwords"]
    if any(password.lower() == text.strip().lower() for text in user_inputs):
        return ["the same as the account's e-mail or name"]
    words = [w for text in user_inputs for w in text.lower().replace("@", " ").replace(".", " ").split() if w]
    result = zxcvbn(password, user_inputs=[*_german_words(), *_CONTEXT, *words])
    if result["score"] < MIN_SCORE:
        hint = result["feedback"].get("warning") or "too easy to guess"
        return [f"too weak (strength {result['score']} of 4, at least {MIN_SCORE} needed): {hint}"]
    return []


class WeakPassword(ValueError):
    pass


def check_password(password: str, *, user_inputs: tuple[str, ...] = ()) -> None:
    if problems := password_problems(password, user_inputs=user_inputs):
        raise WeakPassword("password refused: " + "; ".join(problems))
