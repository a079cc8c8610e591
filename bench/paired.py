"""Paired runs of old and new code, alternating, so both see the same machine speed (issue 20).

    git worktree add /tmp/old-97a5e80 97a5e80
    python -m bench.paired /tmp/old-97a5e80 [pairs=2] [pause_s=60]

Each pair: `make bench` of the old tree (with THIS harness copied in, so both are measured the same way), then of
this tree with `BENCH_BASELINE` set to the old run's JSON, whose CPU verdict is then the ratio new / old. The old
tree's files are written here as `e2e-<UTC>-old-<commit>.json`. Sizes come from the usual BENCH_* variables.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .config import RESULTS_DIR, ROOT


def _harness_into(old: Path) -> None:
    """This bench/ in the old tree; trees before the devstack move import it from shared.devstack."""
    target = old / "bench"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(ROOT / "bench", target, ignore=shutil.ignore_patterns("results", "__pycache__"))
    (target / "results").mkdir()
    if not (old / "devstack").is_dir():
        for py in target.glob("*.py"):
            py.write_text(py.read_text().replace("from devstack.", "from shared.devstack."))


def _run(tree: Path, out: Path, env: dict[str, str]) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    before = set(out.glob("e2e-2*.json"))
    subprocess.run([sys.executable, "-m", "bench"], cwd=tree, env=os.environ | {"BENCH_OUT": str(out)} | env,
                   check=True)
    (new,) = set(out.glob("e2e-2*.json")) - before
    return new


def main() -> None:
    old = Path(sys.argv[1]).resolve()
    pairs = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    pause_s = float(sys.argv[3]) if len(sys.argv) > 3 else 60.0
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=old, capture_output=True, text=True,
                            check=True).stdout.strip()
    _harness_into(old)
    results = Path(os.environ.get("BENCH_OUT") or RESULTS_DIR)
    summary = []
    for i in range(pairs):
        old_file = _run(old, old / "bench" / "results", {})
        kept = results / f"{old_file.stem}-old-{commit}.json"
        shutil.copy(old_file, kept)
        time.sleep(pause_s)
        new_file = _run(ROOT, results, {"BENCH_BASELINE": str(kept)})
        a, b = json.loads(kept.read_text()), json.loads(new_file.read_text())
        row = {"pair": i + 1, "old": kept.name, "new": new_file.name,
               "old_ms": a["cpu_ms_per_enquiry"]["total"], "new_ms": b["cpu_ms_per_enquiry"]["total"],
               "old_gauge": a.get("machine_speed_gauge_ms"), "new_gauge": b.get("machine_speed_gauge_ms")}
        row["ratio"] = round(row["new_ms"] / row["old_ms"], 3) if row["old_ms"] else None
        summary.append(row)
        print(json.dumps(row), flush=True)
        if i + 1 < pairs:
            time.sleep(pause_s)
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
