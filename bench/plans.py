"""Plans logged by auto_explain (log_format=json) in the PostgreSQL server log: parse and summarise them."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

_ENTRY = re.compile(r"duration: ([0-9.]+) ms\s+plan:\s*\n")
_PREFIX = re.compile(r"^\d{4}-\d\d-\d\d ")  # default log_line_prefix '%m [%p] ' starts with the date


def from_log(path: Path, *, since: int, table: str) -> list[dict[str, Any]]:
    text = path.read_bytes()[since:].decode(errors="replace")
    out = []
    for m in _ENTRY.finditer(text):
        body: list[str] = []
        for line in text[m.end():].splitlines():
            if _PREFIX.match(line):
                break
            body.append(line)
        try:
            doc = json.loads("\n".join(body))
        except json.JSONDecodeError:
            continue
        query = doc.get("Query Text", "")
        # The list and count queries; not background work on the same table (row locks of auto-assignment).
        if re.search(rf"\bFROM\s+{table}\b", query, re.IGNORECASE) and "FOR UPDATE" not in query.upper():
            out.append(summarise(doc, duration_ms=float(m.group(1))))
    return out


def _walk(node: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = [node]
    for child in node.get("Plans", []):
        nodes.extend(_walk(child))
    return nodes


def summarise(doc: dict[str, Any], *, duration_ms: float) -> dict[str, Any]:
    nodes = _walk(doc["Plan"])
    return {
        "query": doc.get("Query Text", ""),
        "duration_ms": duration_ms,
        "indexes": sorted({n["Index Name"] for n in nodes if "Index Name" in n}),
        "seq_scans": sorted({n.get("Relation Name", "?") for n in nodes if n.get("Node Type") == "Seq Scan"}),
        "shared_hit_blocks": doc["Plan"].get("Shared Hit Blocks"),
        "shared_read_blocks": doc["Plan"].get("Shared Read Blocks"),
        "plan": doc["Plan"],
    }
