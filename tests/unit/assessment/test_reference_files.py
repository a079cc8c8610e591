"""Partner directory and funding-calls files: the schema is enforced and every error names file, line and field."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from shared.taxonomy import TaxonomyFileError, load_funding_calls, load_partner_directory
from shared.taxonomy.loader import default_funding_calls_path, default_partners_path

pytestmark = pytest.mark.unit


def _raw(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _line_of(path: Path, text: str, nth: int = 0) -> int:
    lines = [i + 1 for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()) if text in line]
    return lines[nth]


def test_packaged_directory_has_target_groups_routes_and_leads(partners):
    assert partners.version == "2026.3" and partners.segment_rules.startup_max_age_years == 5
    assert partners.get("defensetech-inkubator-nrw").target_group.segments == ("startup",)
    assert partners.get("rheinmetall").routes == ("A",)
    assert {b: r.lead for b, r in partners.routes.items()} == {"A": "defence-nrw", "B": "defence-nrw", "C": "zenit"}
    assert partners.routes["C"].reassess_after_days == 183


def test_packaged_calls_close_defence_tech_nrw_on_30_april_2026(calls):
    call = next(c for c in calls.calls if c.id == "defence-tech-nrw-2026")
    assert call.closes_on == date(2026, 4, 30) and call.open_on(date(2026, 4, 30))
    assert not call.open_on(date(2026, 5, 1))


@pytest.mark.parametrize(("mutate", "field", "message"), [
    (lambda d: d["partners"][15]["target_group"].update(segments=["toddlers"]),
     "partners.15.target_group.segments.0", "Input should be"),
    (lambda d: d["partners"][21].update(routes=["B"]), "partners.21.routes", "routes ['B'] are below its min_band A"),
    (lambda d: d["partners"][3].pop("target_group"), "partners.3.target_group", "Field required"),
    (lambda d: d["routes"]["C"].update(lead="rheinmetall"), "routes.C.lead", "rheinmetall is not a partner on route C"),
    (lambda d: d["partners"][1].update(capability_areas=["CA42"]), "partners.1.capability_areas",
     "unknown capability areas ['CA42']"),
])
def test_a_broken_directory_names_file_line_and_field(tmp_path, taxonomy, mutate, field, message):
    data = _raw(default_partners_path())
    mutate(data)
    path = _write(tmp_path, data)
    with pytest.raises(TaxonomyFileError) as err:
        load_partner_directory(path, taxonomy=taxonomy)
    text = str(err.value)
    assert text.startswith(f"{path}:") and f": {field}: " in text and message in text, text
    # The reported line holds the field's key (a missing field: its entry's first line, `- id: ...`).
    line = path.read_text(encoding="utf-8").splitlines()[int(text.split(":")[1]) - 1]
    assert anchor_in_dump(field, message) in line, (text, line)


def anchor_in_dump(field: str, message: str) -> str:
    if message == "Field required":
        return "- id:"
    last = field.split(".")[-1]
    return "- " if last.isdigit() else f"{last}:"


def test_a_packaged_style_file_reports_the_line_an_operator_sees(tmp_path, taxonomy):
    # Edit the packaged text itself (comments and flow style kept) and expect the edited line back.
    source = default_partners_path().read_text(encoding="utf-8")
    broken = source.replace("routes: [A]\n", "routes: [C]\n", 1)
    path = tmp_path / "partners.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(TaxonomyFileError) as err:
        load_partner_directory(path, taxonomy=taxonomy)
    assert str(err.value).startswith(f"{path}:{_line_of(path, 'routes: [C]')}: partners.21.routes: ")


@pytest.mark.parametrize(("mutate", "field", "message"), [
    (lambda c: c.update(closes_on="2026-01-01", opens_on="2026-02-01"), "calls.0.closes_on", "is before opens_on"),
    (lambda c: c["eligible"].update(topics=["CA99"]), "calls.0.eligible.topics", "unknown capability areas"),
    (lambda c: c["eligible"].update(trl_min=7, trl_max=3), "calls.0.eligible.trl_max", "is below trl_min"),
    (lambda c: c.update(supports=["R9"]), "calls.0.supports", "unknown readiness criteria ['R9']"),
    (lambda c: c.update(programme="lottery"), "calls.0.programme", "Input should be"),
    (lambda c: c.pop("closes_on"), "calls.0.closes_on", "Field required"),
])
def test_a_broken_calls_file_names_file_line_and_field(tmp_path, taxonomy, mutate, field, message):
    data = _raw(default_funding_calls_path())
    mutate(data["calls"][0])
    path = _write(tmp_path, data)
    with pytest.raises(TaxonomyFileError) as err:
        load_funding_calls(path, taxonomy=taxonomy)
    text = str(err.value)
    assert text.startswith(f"{path}:") and f": {field}: " in text and message in text, text


def test_calls_file_override_by_environment(tmp_path, monkeypatch, taxonomy):
    data = _raw(default_funding_calls_path())
    data["version"] = "ops-7"
    monkeypatch.setenv("FUNDING_CALLS_FILE", str(_write(tmp_path, data)))
    assert load_funding_calls(taxonomy=taxonomy).version == "ops-7"
