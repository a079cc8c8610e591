"""Company identity keys used to recognise a company that has written to us before.

Each key is compared as its Unicode TR39 skeleton (shared.confusables): a register number, VAT id or web domain
written with look-alike letters (a Cyrillic "е", a zero for an "O") is the same key, not a new company."""
from __future__ import annotations

import re
from dataclasses import dataclass

from shared.confusables import skeleton
from shared.contracts.intake import CompanyIdentity


@dataclass(frozen=True)
class IdentityKeys:
    register_number: str | None
    vat_id: str | None
    web_domain: str | None

    def any(self) -> bool:
        return any((self.register_number, self.vat_id, self.web_domain))


def normalise_register_number(value: str | None) -> str | None:
    """'HRB 12345, Amtsgericht Köln' -> 'HRB12345KÖLN'; court names written differently still match."""
    if not value:
        return None
    compact = re.sub(r"(?i)amtsgericht|ag\b|[^0-9A-Za-zÄÖÜäöüß]", "", value).upper()
    return compact or None


def web_domain(url: str | None) -> str | None:
    if not url:
        return None
    host = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0].split(":")[0]
    try:  # the URL type stores a Unicode domain as punycode (xn--...): compare what people see
        host = host.encode("ascii").decode("idna")
    except UnicodeError:
        pass
    return host.removeprefix("www.") or None


def compare_key(value: str | None) -> str | None:
    """The form a key is stored and compared in: its confusable skeleton."""
    return skeleton(value) if value else None


def identity_keys(company: CompanyIdentity) -> IdentityKeys:
    return IdentityKeys(
        register_number=compare_key(normalise_register_number(company.register_number)),
        vat_id=compare_key(company.vat_id.upper() if company.vat_id else None),
        web_domain=compare_key(web_domain(str(company.website) if company.website else None)),
    )
