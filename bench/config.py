"""Bench sizes and switches, read from BENCH_* environment variables (defaults fit ~10 minutes on 2 cores)."""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS_DIR = ROOT / "bench" / "results"


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)  # an empty variable means "the default"


def _float(name: str, default: float) -> float:
    return float(os.environ.get(name) or default)


@dataclass(frozen=True)
class BenchConfig:
    n_max: int = 2000                 # enquiries in the maximum-rate run
    rate_share: float = 0.5           # the fixed-rate run sends at this share of the maximum rate just measured
    rate: float | None = None         # BENCH_RATE: a fixed rate instead (enquiries/s), e.g. to compare old runs
    rate_seconds: float = 30.0        # length of the fixed-rate run
    statements: bool = True           # count statements with pg_stat_statements (a PostgreSQL restart at start)
    baseline: Path | None = None      # BENCH_BASELINE: an e2e JSON of the old code, for the CPU ratio verdict
    wrk_threads: int = 2
    wrk_connections: int = 32
    use_wrk: bool = True
    raw_seconds: float = 5.0          # length of each raw-limit measurement
    idle_seconds: float = 10.0        # how long the started system's CPU is read with nothing submitted
    raw_js_messages: int = 20000
    drain_stall_s: float = 60.0       # give up waiting for the pipeline after this long without progress
    var_dir: Path | None = None       # fresh dir for servers and logs; default: a new temp dir
    out: Path = field(default_factory=lambda: RESULTS_DIR)
    profile_s: float = 0.0            # >0: py-spy record each service for this long during the max-rate run

    @classmethod
    def from_env(cls) -> BenchConfig:
        env = os.environ
        return cls(
            n_max=_int("BENCH_N", cls.n_max), rate_share=_float("BENCH_RATE_SHARE", cls.rate_share),
            rate=float(env["BENCH_RATE"]) if env.get("BENCH_RATE") else None,
            rate_seconds=_float("BENCH_RATE_SECONDS", cls.rate_seconds),
            statements=env.get("BENCH_STATEMENTS", "1") != "0",
            baseline=Path(env["BENCH_BASELINE"]) if env.get("BENCH_BASELINE") else None,
            wrk_threads=_int("BENCH_WRK_THREADS", cls.wrk_threads),
            wrk_connections=_int("BENCH_WRK_CONNECTIONS", cls.wrk_connections),
            use_wrk=env.get("BENCH_NO_WRK", "") == "" and shutil.which("wrk") is not None,
            raw_seconds=_float("BENCH_RAW_SECONDS", cls.raw_seconds),
            idle_seconds=_float("BENCH_IDLE_SECONDS", cls.idle_seconds),
            raw_js_messages=_int("BENCH_RAW_JS_MESSAGES", cls.raw_js_messages),
            drain_stall_s=_float("BENCH_DRAIN_STALL_S", cls.drain_stall_s),
            var_dir=Path(env["BENCH_VAR_DIR"]) if env.get("BENCH_VAR_DIR") else None,
            out=Path(env.get("BENCH_OUT", str(RESULTS_DIR))),
            profile_s=_float("BENCH_PROFILE_S", 0.0),
        )
