"""Dashboards are generated, provisioned where compose mounts them, and query only documented metrics."""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import yaml

from shared.observability.queries import metric_names, queried_metrics

ROOT = Path(__file__).parents[3]
DEPLOY = ROOT / "deploy"
GRAFANA = DEPLOY / "grafana"


def documented_metrics() -> set[str]:
    """Names in the first column of the tables in docs/metrics.md."""
    text = (ROOT / "docs" / "metrics.md").read_text()
    return set(re.findall(r"^\| `([a-z_:]+)` \|", text, flags=re.MULTILINE))


def load_generator():
    spec = importlib.util.spec_from_file_location("build_dashboards", GRAFANA / "build_dashboards.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_the_committed_dashboards_are_what_the_generator_writes() -> None:
    rendered = load_generator().render()
    committed = {p.name: p.read_text() for p in (GRAFANA / "dashboards").glob("*.json")}
    assert committed == rendered, "run: python deploy/grafana/build_dashboards.py"


def test_the_four_dashboards_exist_with_unique_uids_and_panels_with_queries() -> None:
    boards = [json.loads(p.read_text()) for p in (GRAFANA / "dashboards").glob("*.json")]
    assert {b["uid"] for b in boards} == {"onboarding-pipeline-health", "onboarding-funnel",
                                          "onboarding-advisor-workload", "onboarding-email-delivery"}
    for board in boards:
        assert board["panels"] and all(p["targets"] and all(t["expr"] for t in p["targets"]) for p in board["panels"])
        assert len({p["id"] for p in board["panels"]}) == len(board["panels"])


def test_every_queried_metric_is_documented_in_docs_metrics_md() -> None:
    undocumented = {name: sorted(where) for name, where in queried_metrics(DEPLOY).items()
                    if name not in documented_metrics()}
    assert not undocumented, f"add these to docs/metrics.md (or fix the query): {undocumented}"


def test_the_funnel_covers_every_stage_from_enquiry_to_acceptance() -> None:
    funnel = json.loads((GRAFANA / "dashboards" / "funnel.json").read_text())
    legends = [t["legendFormat"] for t in funnel["panels"][0]["targets"]]
    assert legends == ["enquiries", "assessed", "claimed", "introduced", "accepted"]


def test_provisioning_points_at_the_mounted_dashboards_and_the_prometheus_service() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    mounts = dict(v.split(":")[:2] for v in compose["services"]["grafana"]["volumes"])
    providers = yaml.safe_load((GRAFANA / "provisioning" / "dashboards" / "onboarding.yml").read_text())
    assert mounts["./deploy/grafana/dashboards"] == providers["providers"][0]["options"]["path"]
    assert mounts["./deploy/grafana/provisioning"] == "/etc/grafana/provisioning"
    datasource = yaml.safe_load((GRAFANA / "provisioning" / "datasources" / "prometheus.yml").read_text())
    ds = datasource["datasources"][0]
    assert ds["uid"] == "prometheus" and ds["url"] == "http://prometheus:9090" and "prometheus" in compose["services"]


def test_the_promql_reader_finds_metrics_and_ignores_functions_labels_and_keywords() -> None:
    expr = ('histogram_quantile(0.95, sum by (service, le) (rate(http_request_duration_seconds_bucket'
            '{route=~"/api.*"}[5m]))) > 0.5 unless on (service) max by (service) (outbox_pending) or up == 0')
    assert metric_names(expr) == {"http_request_duration_seconds_bucket", "outbox_pending", "up"}
