"""Prometheus for `make run`, when the `prometheus` binary is on PATH (Debian: apt-get install prometheus).

It gets the project's own configuration (deploy/prometheus/): the same jobs, labels and alert rules, with the
compose DNS discovery replaced by the local ports (there is no nats-exporter locally, so no nats job)."""
from __future__ import annotations

import shutil
import urllib.request
from pathlib import Path
from typing import Any

import yaml

from .proc import ChildProcess, wait_until

DEPLOY = Path(__file__).resolve().parents[1] / "deploy" / "prometheus"
HOW_TO_GET = "apt-get install prometheus (Debian/Ubuntu) or https://prometheus.io/download/"


def prometheus_binary() -> str | None:
    return shutil.which("prometheus")


def local_config(ports: dict[str, int], *, scrape_interval_s: int = 5) -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load((DEPLOY / "prometheus.yml").read_text())
    config["global"] = {"scrape_interval": f"{scrape_interval_s}s", "evaluation_interval": f"{scrape_interval_s}s"}
    config["rule_files"] = [str(DEPLOY / name) for name in config.get("rule_files", [])]
    jobs = []
    for job in config["scrape_configs"]:
        if job["job_name"] not in ports:
            continue
        job.pop("dns_sd_configs", None)
        job["static_configs"] = [{"targets": [f"127.0.0.1:{ports[job['job_name']]}"]}]
        jobs.append(job)
    config["scrape_configs"] = jobs
    return config


class PrometheusServer:
    def __init__(self, workdir: Path, *, port: int, service_ports: dict[str, int], binary: str,
                 scrape_interval_s: int = 5) -> None:
        self.port = port
        workdir.mkdir(parents=True, exist_ok=True)
        conf = workdir / "prometheus.yml"
        conf.write_text(yaml.safe_dump(local_config(service_ports, scrape_interval_s=scrape_interval_s),
                                       sort_keys=False))
        self.proc = ChildProcess(
            "prometheus",
            [binary, f"--config.file={conf}", f"--storage.tsdb.path={workdir / 'data'}",
             f"--web.listen-address=127.0.0.1:{port}", "--storage.tsdb.retention.time=2d"],
            log_path=workdir / "prometheus.log",
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def page_url(self, page: str) -> str:
        """The URL of a UI page: Debian's package ships only the classic UI, under /classic/."""
        for prefix in ("", "/classic"):
            try:
                with urllib.request.urlopen(f"{self.url}{prefix}/{page}", timeout=2) as resp:
                    if resp.status == 200:
                        return f"{self.url}{prefix}/{page}"
            except OSError:
                continue
        return f"{self.url}/{page}"

    def ready(self) -> bool:
        with urllib.request.urlopen(f"{self.url}/-/ready", timeout=1) as resp:
            return resp.status == 200

    def start(self, timeout: float = 30) -> None:
        self.proc.start()
        wait_until(self.ready, timeout=timeout, what=f"prometheus on port {self.port} (log: {self.proc.log_path})")

    def stop(self) -> None:
        self.proc.stop()
