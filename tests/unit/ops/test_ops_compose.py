"""docker-compose.yml has the production shape; parsed, since no Docker engine runs here."""
from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
import yaml
from pydantic.aliases import AliasChoices

ROOT = Path(__file__).parents[3]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APPS = ("intake", "assessment", "advisory", "notification")
NATS_NODES = ("nats-1", "nats-2", "nats-3")
INFRA = ("postgres", *NATS_NODES)
SETTINGS = {"intake": "IntakeSettings", "assessment": "AssessmentSettings", "advisory": "AdvisorySettings",
            "notification": "NotificationSettings"}


def env_names_of(settings_class: type) -> set[str]:
    """Every environment variable a pydantic-settings class reads (field names and validation aliases)."""
    names: set[str] = set()
    for field_name, field in settings_class.model_fields.items():
        alias = field.validation_alias
        if alias is None:
            names.add(field_name.upper())
        elif isinstance(alias, AliasChoices):
            names.update(str(choice).upper() for choice in alias.choices)
        else:
            names.add(str(alias).upper())
    return names


@pytest.mark.parametrize("app", APPS)
def test_each_app_waits_for_healthy_infrastructure_and_has_a_health_check(app: str) -> None:
    service = SERVICES[app]
    assert "healthcheck" in service and "/ready" in " ".join(service["healthcheck"]["test"])
    for infra in INFRA:
        assert service["depends_on"][infra] == {"condition": "service_healthy"}


@pytest.mark.parametrize("app", APPS)
def test_each_app_runs_two_replicas_from_the_one_dockerfile(app: str) -> None:
    service = SERVICES[app]
    assert service["deploy"]["replicas"] >= 2
    assert service["build"]["dockerfile"] == "deploy/Dockerfile" and service["build"]["args"]["SERVICE"] == app
    # Replicas cannot share a host port: HTTP reaches them through the proxy.
    assert "ports" not in service


def test_every_healthy_condition_points_at_a_service_with_a_health_check() -> None:
    for name, service in SERVICES.items():
        for dependency, condition in (service.get("depends_on") or {}).items():
            assert dependency in SERVICES, f"{name} depends on unknown {dependency}"
            if condition.get("condition") == "service_healthy":
                assert "healthcheck" in SERVICES[dependency], f"{name} waits for {dependency}, which has none"


def test_three_nats_nodes_form_one_jetstream_cluster_and_apps_list_all_three() -> None:
    conf = (ROOT / "deploy" / "nats" / "nats.conf").read_text()
    routes = set(re.findall(r"nats-route://([\w-]+):6222", conf))
    assert routes == set(NATS_NODES) and re.search(r"cluster\s*\{[^}]*name:\s*onboarding", conf)
    assert "jetstream" in conf and "sync_interval: always" in conf
    for node in NATS_NODES:
        command = SERVICES[node]["command"]
        assert command[command.index("--name") + 1] == node and "/etc/nats/nats.conf" in command
        assert "healthcheck" in SERVICES[node]
    for app in APPS:
        env = SERVICES[app]["environment"]
        assert {u.split("//")[1].split(":")[0] for u in env["NATS_URL"].split(",")} == set(NATS_NODES)
        assert env["STREAM_REPLICAS"] == "3"


def test_every_app_database_is_created_by_the_init_script() -> None:
    init_sql = (ROOT / "deploy" / "postgres" / "init-databases.sql").read_text()
    created = set(re.findall(r"CREATE DATABASE (\w+);", init_sql))
    for app in APPS:
        dsn = SERVICES[app]["environment"][f"{app.upper()}_DATABASE_URL"]
        assert dsn.rsplit("/", 1)[1] == app and app in created


@pytest.mark.parametrize("app", APPS)
def test_every_environment_variable_of_an_app_is_a_setting_it_reads(app: str) -> None:
    settings_class = getattr(importlib.import_module(f"services.{app}.settings"), SETTINGS[app])
    unknown = set(SERVICES[app]["environment"]) - env_names_of(settings_class)
    assert not unknown, f"{app} ignores {sorted(unknown)} (typo, or a setting of another service)"


def test_operations_services_are_there_with_their_configuration_mounted() -> None:
    assert {"prometheus", "grafana", "mailpit", "proxy"} <= set(SERVICES)
    assert "./deploy/prometheus:/etc/prometheus:ro" in SERVICES["prometheus"]["volumes"]
    assert SERVICES["notification"]["environment"]["SMTP_HOST"] == "mailpit"
    caddy = (ROOT / "deploy" / "proxy" / "Caddyfile").read_text()
    assert "dynamic a intake 8001" in caddy and "dynamic a advisory 8002" in caddy


def test_prometheus_scrapes_every_replica_of_every_app_by_dns() -> None:
    config = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text())
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    for app in APPS:
        sd = jobs[app]["dns_sd_configs"][0]
        assert sd["names"] == [app] and sd["type"] == "A"
        assert str(sd["port"]) == SERVICES[app]["environment"]["PORT"]
    exporters = {t.split(":")[0] for t in jobs["nats"]["static_configs"][0]["targets"]}
    assert exporters <= set(SERVICES) and len(exporters) == 3
