"""Prometheus as `make run` starts it (devstack/prometheus.py, the project's scrape config and alert rules): its
alerts page lists our rules, and a graph of the enquiry counter shows one submission. Skipped without the binary.
No axe audit here: the page is Prometheus' own UI, not ours."""
from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator

import httpx
import pytest

from devstack.proc import free_port
from devstack.prometheus import PrometheusServer, prometheus_binary
from devstack.stack import Stack
from tests.support.test_data import unique_enquiry

from .conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.skipif(prometheus_binary() is None, reason="no `prometheus` on PATH (apt-get install "
                                                                      "prometheus)")
COUNTER = "intake_enquiries_accepted_total"


@pytest.fixture(scope="module")
def prometheus(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrometheusServer]:
    server = PrometheusServer(tmp_path_factory.mktemp("prometheus"), port=free_port(), binary=str(prometheus_binary()),
                              service_ports=stack.config.ports, scrape_interval_s=1)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _query(server: PrometheusServer, expr: str) -> list[dict]:
    url = f"{server.url}/api/v1/query?{urllib.parse.urlencode({'query': expr})}"
    with urllib.request.urlopen(url, timeout=5) as resp:
        return json.loads(resp.read())["data"]["result"]


def test_alerts_page_and_a_graph_of_the_enquiry_counter(stack: Stack, prometheus: PrometheusServer) -> None:
    from playwright.sync_api import expect, sync_playwright

    before = sum(float(r["value"][1]) for r in _query(prometheus, f"sum({COUNTER})"))
    response = httpx.post(f"{stack.url('intake')}/api/v1/enquiries", json=unique_enquiry(), timeout=10)
    assert response.status_code in (200, 201, 202), response.text
    ARTIFACTS.mkdir(exist_ok=True)
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(prometheus.page_url("alerts"))
            for rule in ("ServiceDown", "OutboxStuck", "DeadLetters"):
                expect(page.get_by_text(rule, exact=True).first).to_be_visible(timeout=15_000)
            page.screenshot(path=str(shots / "prometheus-alerts-1280.png"))

            expr = f"sum({COUNTER})"
            deadline_ms = 30_000
            page.wait_for_function(  # the scrape after the submission has landed
                """([url, before]) => fetch(url).then(r => r.json()).then(j =>
                       j.data.result.length > 0 && parseFloat(j.data.result[0].value[1]) >= before + 1)""",
                arg=[f"{prometheus.url}/api/v1/query?{urllib.parse.urlencode({'query': expr})}", before],
                timeout=deadline_ms, polling=500)
            graph = urllib.parse.urlencode({"g0.expr": expr, "g0.tab": "0", "g0.range_input": "1m"})
            page.goto(f"{prometheus.page_url('graph')}?{graph}")
            series = page.get_by_text("Total time series: 1")
            for _ in range(20):  # the page's first query may run before the UI took the expression
                page.get_by_role("button", name="Execute").click()
                try:
                    expect(series).to_be_visible(timeout=1_500)
                    break
                except AssertionError:
                    continue
            expect(series).to_be_visible()
            expect(page.locator(".graph svg, .graph canvas, canvas").first).to_be_visible()
            page.screenshot(path=str(shots / "prometheus-enquiry-graph-1280.png"))
        finally:
            browser.close()
    assert sum(float(r["value"][1]) for r in _query(prometheus, expr)) >= before + 1
