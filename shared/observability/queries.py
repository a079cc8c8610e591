"""Which metric names the dashboards and alert rules query, so tests can hold them to what services export.

A small PromQL reader, enough for our own expressions: it drops strings, label matchers, range selectors
and grouping clauses, then keeps identifiers that are not functions or keywords.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool",
            "offset", "inf", "nan"}
HISTOGRAM_SUFFIXES = ("_bucket", "_count", "_sum")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')
_MATCHERS = re.compile(r"\{[^}]*\}")
_RANGE = re.compile(r"\[[^\]]*\]")
_GROUPING = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
_IDENT = re.compile(r"(?<![\w:.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\w:]|\s*\()")


def metric_names(expr: str) -> set[str]:
    """Metric names an expression selects (histogram series keep their suffix)."""
    text = _GROUPING.sub(" ", _RANGE.sub(" ", _MATCHERS.sub(" ", _STRING.sub(" ", expr))))
    return {m for m in _IDENT.findall(text) if m.lower() not in KEYWORDS and not re.fullmatch(r"\d\w*", m)}


def base_name(series: str) -> str:
    """`x_bucket` / `x_count` / `x_sum` -> `x`; anything else unchanged."""
    for suffix in HISTOGRAM_SUFFIXES:
        if series.endswith(suffix):
            return series[: -len(suffix)]
    return series


def dashboard_queries(dashboards_dir: Path) -> dict[str, list[str]]:
    """`<file>: <panel title>` -> its PromQL expressions."""
    found: dict[str, list[str]] = {}
    for path in sorted(dashboards_dir.glob("*.json")):
        for panel in json.loads(path.read_text())["panels"]:
            found[f"{path.name}: {panel['title']}"] = [t["expr"] for t in panel.get("targets", [])]
    return found


def alert_queries(rules_file: Path) -> dict[str, list[str]]:
    """`alert <name>` -> its expression."""
    groups = yaml.safe_load(rules_file.read_text())["groups"]
    return {f"alert {r.get('alert') or r.get('record')}": [r["expr"]] for g in groups for r in g["rules"]}


def queried_metrics(deploy_dir: Path) -> dict[str, set[str]]:
    """Metric name (histograms by base name) -> where it is queried."""
    where: dict[str, set[str]] = {}
    queries = dashboard_queries(deploy_dir / "grafana" / "dashboards") | alert_queries(
        deploy_dir / "prometheus" / "alerts.yml")
    for place, exprs in queries.items():
        for expr in exprs:
            for name in metric_names(expr):
                where.setdefault(base_name(name), set()).add(place)
    return where
