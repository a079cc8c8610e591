"""Loader validation: the packaged files load, and broken copies fail with a message naming the problem."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from shared.taxonomy import (
    TaxonomyFileError,
    default_taxonomy_path,
    load_partner_directory,
    load_sanctions_list,
    load_taxonomy,
)
from shared.taxonomy.loader import default_partners_path

pytestmark = pytest.mark.unit


def _raw(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict, name: str = "t.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_packaged_taxonomy_matches_domain_report(taxonomy):
    assert taxonomy.version == "2026.2"
    assert len(taxonomy.competence_fields) == 15 and len(taxonomy.capability_areas) == 15
    assert [c.weight for c in taxonomy.readiness_criteria] == [20, 15, 15, 10, 15, 15, 10]
    assert taxonomy.weight("CF01", "CA12") == 1.0 and taxonomy.weight("CF01", "CA13") == 0.5
    assert taxonomy.weight("CF01", "CA07") == 0.0
    assert taxonomy.field_label("CF12", "en") == "Cybersecurity & secure IT/OT"
    assert taxonomy.area_label("CA07", "de") == "Cyberabwehr & Informationssicherheit"
    assert taxonomy.criterion_label("R1", "en") == "Quality management"
    assert taxonomy.gate_label("G5", "en") == "Missing consent for sharing"


def test_packaged_partners_load_with_valid_slugs(partners):
    assert len(partners.partners) >= 20
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]{1,60}", p.id) for p in partners.partners)
    assert partners.get("rheinmetall").avoids_itar is True


def test_sanctions_list_skips_comments(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("# comment\n\nBad Corp Ltd  # trailing\n", encoding="utf-8")
    assert load_sanctions_list(path) == ("Bad Corp Ltd",)
    assert load_sanctions_list()  # packaged example list is not empty


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda d: d["mapping"]["CF01"]["primary"].append("CA99"),
     "mapping of CF01 refers to unknown capability areas: ['CA99']"),
    (lambda d: d["mapping"].update(CF99={"primary": ["CA01"]}),
     "mapping refers to unknown competence fields: ['CF99']"),
    (lambda d: d["bands"].update(a_min_percent=30), "band thresholds must be ordered"),
    (lambda d: d["match_weights"].update(context=0.5), "match weights must sum to 1.0"),
    (lambda d: d["mapping_weights"].update(secondary=2.0), "mapping_weights.secondary"),
    (lambda d: d["readiness_criteria"].pop(), "readiness_criteria must be exactly R1"),
    (lambda d: d["development_steps"]["R1"].pop(2), "development_steps.R1: missing steps for scores [2]"),
    (lambda d: d["competence_fields"].append(d["competence_fields"][0]), "duplicate competence field ids: ['CF01']"),
    (lambda d: d["mapping"]["CF02"].update(secondary=["CA02"]), "both primary and secondary"),
])
def test_broken_taxonomy_names_the_problem(tmp_path, mutate, message):
    data = _raw(default_taxonomy_path())
    mutate(data)
    path = _write(tmp_path, data)
    with pytest.raises(TaxonomyFileError) as err:
        load_taxonomy(path)
    assert str(path) in str(err.value) and message in str(err.value)


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda p: p[0].update(capability_areas=["CA42"]), "unknown capability areas ['CA42']"),
    (lambda p: p[1].update(competence_fields=["CF77"]), "unknown competence fields ['CF77']"),
    (lambda p: p[1].update(regions=["Bayern"]), "unknown regions ['Bayern']"),
    (lambda p: p[1].update(id="Not A Slug"), "partners.1.id"),
    (lambda p: p.append(dict(p[0])), "duplicate partner ids: ['defence-nrw']"),
    (lambda p: p[2].update(min_band="D"), "partners.2.min_band"),
])
def test_broken_partner_file_names_the_problem(tmp_path, taxonomy, mutate, message):
    data = _raw(default_partners_path())
    mutate(data["partners"])
    path = _write(tmp_path, data)
    with pytest.raises(TaxonomyFileError) as err:
        load_partner_directory(path, taxonomy=taxonomy)
    assert str(path) in str(err.value) and message in str(err.value)


def test_unparsable_and_missing_files(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: [unclosed", encoding="utf-8")
    with pytest.raises(TaxonomyFileError, match="not valid YAML"):
        load_taxonomy(bad)
    with pytest.raises(TaxonomyFileError, match="cannot read file"):
        load_taxonomy(tmp_path / "missing.yaml")
    bad.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(TaxonomyFileError, match="expected a mapping"):
        load_taxonomy(bad)


def test_env_var_overrides_default_path(tmp_path, monkeypatch):
    data = _raw(default_taxonomy_path())
    data["version"] = "test-9"
    monkeypatch.setenv("TAXONOMY_FILE", str(_write(tmp_path, data)))
    assert load_taxonomy().version == "test-9"
