"""Fixtures for the assessment unit tests: the packaged taxonomy, partners and sanctions list, loaded once."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

# The repo root is not on sys.path under --import-mode=importlib unless pytest's `pythonpath` says so.
_ROOT = str(Path(__file__).resolve().parents[3])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from prometheus_client import CollectorRegistry  # noqa: E402

from services.assessment.domain.gates import ListSanctionsScreen  # noqa: E402
from services.assessment.domain.reference_data import ReferenceData  # noqa: E402
from services.assessment.metrics import AssessmentMetrics, assessment_metrics  # noqa: E402
from shared.taxonomy import (  # noqa: E402
    load_funding_calls,
    load_partner_directory,
    load_sanctions_list,
    load_taxonomies,
    load_taxonomy,
    packaged_taxonomy_path,
)

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def taxonomy():
    """Taxonomy 2026.2: the test profiles are of questionnaire 1 (the default of CompanyProfile), which keeps it."""
    return load_taxonomy(packaged_taxonomy_path(1))


@pytest.fixture(scope="session")
def taxonomy_v2():
    """The current taxonomy (2026.3), for profiles of questionnaire 2."""
    return load_taxonomy()


@pytest.fixture(scope="session")
def partners(taxonomy):
    return load_partner_directory(taxonomy=taxonomy)


@pytest.fixture(scope="session")
def calls(taxonomy):
    return load_funding_calls(taxonomy=taxonomy)


@pytest.fixture(scope="session")
def sanctions():
    return ListSanctionsScreen(load_sanctions_list())


@pytest.fixture
def today():
    return TODAY


@pytest.fixture
def reference_data(taxonomy, partners, calls, sanctions) -> ReferenceData:
    """The reference data a use case is given, from the session's loaded files."""
    return ReferenceData(taxonomy=taxonomy, partners=partners, funding_calls=calls, sanctions=sanctions,
                         taxonomies_by_questionnaire=load_taxonomies(taxonomy))


@pytest.fixture
def metrics() -> AssessmentMetrics:
    """Metrics on a registry of the test's own."""
    return assessment_metrics(CollectorRegistry())
