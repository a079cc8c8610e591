"""Chaos soak: concurrent submitters while services are kill -9'ed and NATS and PostgreSQL restart.

    python -m tests.chaos.soak            # make chaos: CHAOS_N=600 CHAOS_KILLS=20 ...
Writes test-artifacts/chaos-report.json. A smaller run is part of `make test` (test_chaos_soak_small.py).
"""
from __future__ import annotations

import asyncio
import copy
import json
import os
import random
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

from devstack.stack import SERVICES, Stack

from .ledger import Attempt, classify, new_attempt
from .rig import Supervisor, build_stack, observe, wait_settled

EXAMPLE = json.loads((Path(__file__).parents[2] / "examples" / "enquiry.json").read_text())


@dataclass(frozen=True)
class SoakPlan:
    enquiries: int = 60
    submitters: int = 6
    service_kills: int = 4
    nats_restarts: int = 1
    postgres_restarts: int = 1
    seed: int = 20261123
    settle_timeout_s: float = 120.0
    # Submissions per second over all submitters (0: as fast as they can). The faults are spread over the load
    # phase, so the load must outlast them: unpaced, the platform now takes 60 enquiries in about two seconds.
    rate_per_s: float = 0.0

    @classmethod
    def from_env(cls) -> SoakPlan:
        e = os.environ
        return cls(enquiries=int(e.get("CHAOS_N", 600)), submitters=int(e.get("CHAOS_SUBMITTERS", 16)),
                   service_kills=int(e.get("CHAOS_KILLS", 20)), nats_restarts=int(e.get("CHAOS_NATS_RESTARTS", 2)),
                   postgres_restarts=int(e.get("CHAOS_PG_RESTARTS", 2)), seed=int(e.get("CHAOS_SEED", 20261123)),
                   rate_per_s=float(e.get("CHAOS_RATE", 25)))


def enquiry_body(attempt: Attempt, n: int) -> dict:
    body = copy.deepcopy(EXAMPLE)
    tag = attempt.idem_key.removeprefix("chaos-")
    body["company"].update(name=f"Chaos Test GmbH {n}", register_number=f"HRB {tag}", website=f"https://{tag}.example",
                           vat_id=f"DE{int(tag[:8], 16) % 10**9:09d}")
    body["contact"]["email"] = attempt.contact_email
    return body


async def submit(client: httpx.AsyncClient, attempt: Attempt, body: dict, *, deadline_s: float = 90) -> None:
    """Retry with the same Idempotency-Key until an answer, like a careful client would."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        attempt.tries += 1
        try:
            r = await client.post("/api/v1/enquiries", json=body, headers={"Idempotency-Key": attempt.idem_key})
        except httpx.HTTPError:
            await asyncio.sleep(0.3)
            continue
        if r.status_code == 202:
            attempt.outcome, attempt.enquiry_id = "ok", r.json()["enquiry_id"]
            return
        if r.status_code == 429 or r.status_code >= 500:
            # 5xx: the outcome is unknown; the same Idempotency-Key makes the retry safe either way.
            await asyncio.sleep(0.5)
            continue
        attempt.outcome = "failed"
        return


async def drive_load(stack: Stack, attempts: list[Attempt], submitters: int, rate_per_s: float = 0.0) -> None:
    queue: asyncio.Queue[tuple[int, Attempt]] = asyncio.Queue()
    for i, a in enumerate(attempts):
        queue.put_nowait((i, a))
    next_start = time.monotonic()

    async def paced() -> None:
        nonlocal next_start
        if rate_per_s > 0:
            start, next_start = max(next_start, time.monotonic()), max(next_start, time.monotonic()) + 1 / rate_per_s
            await asyncio.sleep(max(0.0, start - time.monotonic()))

    async def worker() -> None:
        async with httpx.AsyncClient(base_url=stack.url("intake"), timeout=10) as client:
            while not queue.empty():
                i, a = queue.get_nowait()
                await paced()
                await submit(client, a, enquiry_body(a, i))

    await asyncio.gather(*(worker() for _ in range(submitters)))


async def inject_faults(stack: Stack, plan: SoakPlan, rng: random.Random, load: asyncio.Task[None]) -> dict:
    """Spread the planned faults over the load phase at seeded moments."""
    faults = (["kill"] * plan.service_kills + ["nats"] * plan.nats_restarts + ["postgres"] * plan.postgres_restarts)
    rng.shuffle(faults)
    done = {"service_kills": 0, "nats_restarts": 0, "postgres_restarts": 0, "killed": []}
    for fault in faults:
        await asyncio.sleep(rng.uniform(0.2, 1.2))
        if load.done():
            break
        if fault == "kill":
            victim = rng.choice(SERVICES)
            stack.services[victim].kill9()
            done["service_kills"] += 1
            done["killed"].append(victim)
        elif fault == "nats":
            await asyncio.to_thread(stack.nats.restart)
            done["nats_restarts"] += 1
        else:
            await asyncio.to_thread(stack.postgres.restart)
            done["postgres_restarts"] += 1
    return done


async def run_soak(plan: SoakPlan, root: Path) -> dict:
    rng = random.Random(plan.seed)
    stack = build_stack(root)
    await asyncio.to_thread(stack.start_infrastructure)
    supervisor = Supervisor(stack)
    try:
        await asyncio.to_thread(stack.start_services)
        supervisor.start()
        attempts = [new_attempt() for _ in range(plan.enquiries)]
        started = time.monotonic()
        load = asyncio.create_task(drive_load(stack, attempts, plan.submitters, plan.rate_per_s))
        faults = await inject_faults(stack, plan, rng, load)
        await load
        load_s = time.monotonic() - started
        settle_s = await wait_settled(stack, timeout=plan.settle_timeout_s)
        verdict = classify(attempts, await observe(stack))
    finally:
        supervisor.stop()
        await asyncio.to_thread(stack.stop)
    return {
        "plan": asdict(plan), "faults": faults, "service_restarts": supervisor.restarts,
        "load_seconds": round(load_s, 1), "settle_seconds": round(settle_s, 1),
        "enquiries_accepted": sum(a.outcome == "ok" for a in attempts),
        "client_retries": sum(a.tries - 1 for a in attempts),
        "counts": dict(verdict.counts), "problems": verdict.problems[:20], "clean": verdict.clean,
    }


def main() -> None:
    plan = SoakPlan.from_env()
    with tempfile.TemporaryDirectory(prefix="chaos-") as tmp:
        report = asyncio.run(run_soak(plan, Path(tmp)))
    out = Path("test-artifacts/chaos-report.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    raise SystemExit(0 if report["clean"] else 1)


if __name__ == "__main__":
    main()
