"""Writes the provisioned Grafana dashboards (dashboards/*.json) from the panel lists below.

    python deploy/grafana/build_dashboards.py        # after editing; a unit test checks they are in sync

Kept as code so every dashboard has the same layout and so tests can read the queries. Gauges that copy
server-side state (lag, dead letters, open cases) are the same on every replica: `max`, never `sum`.
"""
from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).parent / "dashboards"
DS = {"type": "prometheus", "uid": "prometheus"}
SERVICES = "intake|assessment|advisory|notification"

# (title, [(panel title, kind, [(expr, legend)], unit)])
Panel = tuple[str, str, list[tuple[str, str]], str]

PIPELINE: list[Panel] = [
    ("Replicas up", "stat", [(f'sum by (service) (up{{job=~"{SERVICES}"}})', "{{service}}")], "short"),
    ("HTTP requests/s", "timeseries", [("sum by (service) (rate(http_requests_total[5m]))", "{{service}}")], "reqps"),
    ("HTTP 5xx ratio", "timeseries", [(
        'sum by (service) (rate(http_requests_total{status=~"5.."}[5m]))'
        ' / sum by (service) (rate(http_requests_total[5m]))',
        "{{service}}")], "percentunit"),
    ("HTTP p95 latency", "timeseries", [(
        "histogram_quantile(0.95, sum by (service, le) (rate(http_request_duration_seconds_bucket[5m])))",
        "{{service}}")], "s"),
    ("Messages handled/s by outcome", "timeseries", [(
        "sum by (service, outcome) (rate(messages_handled_total[5m]))", "{{service}} {{outcome}}")], "ops"),
    ("Handler p95 duration", "timeseries", [(
        "histogram_quantile(0.95, sum by (app_name, le)"
        " (rate(faststream_received_processed_messages_duration_seconds_bucket[5m])))",
        "{{app_name}}")], "s"),
    ("Consumer lag (pending + unacked)", "timeseries", [(
        "max by (consumer) (consumer_pending_messages + consumer_ack_pending_messages)", "{{consumer}}")], "short"),
    ("Redeliveries", "timeseries", [
        ("sum by (consumer) (rate(message_redeliveries_total[5m]))", "{{consumer}} /s"),
        ("max by (consumer) (consumer_redelivered_messages)", "{{consumer}} waiting")], "short"),
    ("Outbox backlog", "timeseries", [
        ("max by (service) (outbox_pending)", "{{service}} rows"),
        ("max by (service) (outbox_oldest_age_seconds)", "{{service}} oldest (s)")], "short"),
    ("Outbox publishes/s and errors", "timeseries", [
        ("sum by (service) (rate(outbox_published_total[5m]))", "{{service}} published"),
        ("sum by (service) (rate(outbox_publish_errors_total[5m]))", "{{service}} errors")], "ops"),
    ("Dead letters open", "stat", [("max by (service) (dead_letters_open)", "{{service}}")], "short"),
    ("Duplicates absorbed by the inbox", "timeseries", [
        ("sum by (consumer) (rate(inbox_duplicates_total[5m]))", "{{consumer}}")], "ops"),
    ("NATS nodes up", "stat", [('sum (up{job="nats"})', "nodes")], "short"),
]

FUNNEL: list[Panel] = [
    ("Funnel, last 7 days", "bargauge", [
        ("sum (increase(intake_enquiries_accepted_total[7d]))", "enquiries"),
        ("sum (increase(assessment_assessments_total[7d]))", "assessed"),
        ("sum (increase(advisory_cases_claimed_total[7d]))", "claimed"),
        ('sum (increase(advisory_introductions_total{outcome="sent"}[7d]))', "introduced"),
        ('sum (increase(advisory_introductions_total{outcome="accepted"}[7d]))', "accepted")], "short"),
    ("Enquiries per day by sector of origin", "timeseries", [
        ("sum by (sector) (increase(intake_enquiries_accepted_total[1d]))", "{{sector}}")], "short"),
    ("Assessments by band", "timeseries", [
        ("sum by (band) (increase(assessment_assessments_total[1d]))", "band {{band}}")], "short"),
    ("Median time in stage", "bargauge", [(
        "histogram_quantile(0.5, sum by (stage, le) (rate(advisory_stage_duration_seconds_bucket[7d])))",
        "{{stage}}")], "s"),
    ("p90 time in stage", "bargauge", [(
        "histogram_quantile(0.9, sum by (stage, le) (rate(advisory_stage_duration_seconds_bucket[7d])))",
        "{{stage}}")], "s"),
    ("Introductions by outcome", "timeseries", [
        ("sum by (outcome) (increase(advisory_introductions_total[1d]))", "{{outcome}}")], "short"),
    ("Cases opened per day", "timeseries", [("sum (increase(advisory_cases_opened_total[1d]))", "opened")], "short"),
]

WORKLOAD: list[Panel] = [
    ("Open cases by status", "bargauge", [("max by (status) (advisory_cases_open)", "{{status}}")], "short"),
    ("Open cases per advisor", "bargauge", [("max by (advisor) (advisory_cases_assigned)", "{{advisor}}")], "short"),
    ("Waiting in the queue (median, 1 day)", "stat", [(
        'histogram_quantile(0.5, sum by (le) (rate(advisory_stage_duration_seconds_bucket{stage="queue"}[1d])))',
        "queue")], "s"),
    ("SLA events", "timeseries", [
        ("sum by (level) (increase(advisory_sla_events_total[1h]))", "{{level}}")], "short"),
    ("Claims per day", "timeseries", [("sum (increase(advisory_cases_claimed_total[1d]))", "claims")], "short"),
]

EMAIL: list[Panel] = [
    ("Emails sent/h by template", "timeseries", [
        ("sum by (template) (increase(notification_emails_sent_total[1h]))", "{{template}}")], "short"),
    ("Emails sent by language (24 h)", "piechart", [
        ("sum by (language) (increase(notification_emails_sent_total[24h]))", "{{language}}")], "short"),
    ("Emails given up by reason", "timeseries", [
        ("sum by (template, reason) (increase(notification_emails_failed_total[1h]))", "{{template}} {{reason}}")],
     "short"),
    ("Transient send failures", "timeseries", [
        ("sum by (template) (rate(notification_emails_retried_total[15m]))", "{{template}}")], "ops"),
    ("Delivery ratio (24 h)", "stat", [(
        "sum (increase(notification_emails_sent_total[24h])) / (sum (increase(notification_emails_sent_total[24h]))"
        " + sum (increase(notification_emails_failed_total[24h])))", "delivered")], "percentunit"),
    ("Notification consumer lag", "timeseries", [(
        'max by (consumer) (consumer_pending_messages{service="notification"})', "{{consumer}}")], "short"),
]

DASHBOARDS = {
    "pipeline-health": ("Onboarding – pipeline health (RED per service)", PIPELINE),
    "funnel": ("Onboarding – funnel and time in stage", FUNNEL),
    "advisor-workload": ("Onboarding – advisor workload", WORKLOAD),
    "email-delivery": ("Onboarding – email delivery", EMAIL),
}


def panel(index: int, title: str, kind: str, targets: list[tuple[str, str]], unit: str) -> dict:
    return {
        "id": index + 1, "title": title, "type": kind, "datasource": DS,
        "gridPos": {"h": 8, "w": 12, "x": 12 * (index % 2), "y": 8 * (index // 2)},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "targets": [{"refId": chr(65 + i), "datasource": DS, "expr": expr, "legendFormat": legend}
                    for i, (expr, legend) in enumerate(targets)],
    }


def dashboard(uid: str, title: str, panels: list[Panel]) -> dict:
    return {
        "uid": f"onboarding-{uid}", "title": title, "tags": ["onboarding"], "timezone": "browser",
        "schemaVersion": 39, "version": 1, "refresh": "30s", "time": {"from": "now-24h", "to": "now"},
        "panels": [panel(i, *p) for i, p in enumerate(panels)],
    }


def render() -> dict[str, str]:
    return {f"{uid}.json": json.dumps(dashboard(uid, title, panels), indent=2) + "\n"
            for uid, (title, panels) in DASHBOARDS.items()}


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    for name, text in render().items():
        (OUT / name).write_text(text)
        print(OUT / name)
