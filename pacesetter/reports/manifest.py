"""manifest.json — for audit: inputs and outputs with SHA-256, versions, settings, timings."""

from __future__ import annotations

import json
import platform
import sys
from importlib import metadata
from pathlib import Path

import pacesetter
from pacesetter.intake import sha256_of
from pacesetter.reports.context import ReportContext

LIBRARIES = ("openpyxl", "XlsxWriter", "python-calamine", "click", "defusedxml", "pandas", "isal")


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def write_manifest(ctx: ReportContext, outputs: list[Path], *, timings: dict[str, float],
                   hashes: dict[Path, str] | None = None) -> Path:
    """Write manifest.json last, over every output already written (``hashes``: the SHA-256s
    their writers took)."""
    hashes = hashes or {}
    path = ctx.out_dir / "manifest.json"
    cfg = ctx.config
    config_file = cfg.root / "config.toml"
    data = {
        "program": "pacesetter", "version": pacesetter.__version__, "run_id": ctx.run_id,
        "as_of": ctx.as_of.isoformat(), "campaign_id": cfg.campaign_id, "language": cfg.language,
        "python": sys.version.split()[0], "platform": platform.platform(),
        "libraries": {name: _version(name) for name in LIBRARIES},
        "settings": {"config_sha256": sha256_of(config_file) if config_file.exists() else None,
                     "current_period": ctx.current_period.key},
        "inputs": [{"name": f["original_name"], "sha256": f["sha256"], "size": f["size"],
                    "outcome": f["outcome"], "unit": f["unit_code"], "period": f["period"],
                    "archived_as": f["archive_path"], "findings": len(f["findings"])}
                   for f in ctx.run_files],
        "already_processed_or_skipped": [{"name": o.name, "outcome": o.outcome, "sha256": o.sha256}
                                         for o in ctx.extra_outcomes],
        "outputs": [{"path": str(p.relative_to(ctx.out_dir)), "sha256": hashes.get(p) or sha256_of(p),
                     "bytes": p.stat().st_size} for p in sorted(outputs)],
        "timings_seconds": {k: round(v, 3) for k, v in timings.items()},
    }
    tmp = path.with_name(".manifest.json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
    return path
