#!/usr/bin/env python3
"""The jobs pacesetter's run is measured against; ``run_bench.py`` runs each in a fresh process.

    python bench/jobs.py naive     DIR SHEET OUT.xlsx   # (b)  pandas.read_excel per file, concat, to_excel
    python bench/jobs.py informed  DIR SHEET OUT.xlsx   # (b2) the same with calamine and xlsxwriter
    python bench/jobs.py floor     DIR [MANIFEST]       # (c)  python-calamine: every cell of every sheet

(b) is what a clerk's coder writes in an afternoon: no validation, no store, no reports.
(b2) is the same job by someone who knows the fast engines. (c) is the floor: the raw
cost of getting every cell out of every file, nothing else. Each prints one JSON line
with what it did, so the bench can check the jobs did the same work.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def _files(folder: str) -> list[Path]:
    return sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in (".xlsx", ".xlsm"))


def naive(folder: str, sheet: str, out: str, *, informed: bool = False) -> dict[str, object]:
    import pandas as pd

    t0 = time.perf_counter()
    frames = []
    for f in _files(folder):
        if informed:
            df = pd.read_excel(f, sheet_name=sheet, engine="calamine")
        else:  # pandas' default engine for .xlsx (named, since pandas 3 warns it will change)
            df = pd.read_excel(f, sheet_name=sheet, engine="openpyxl")
        df.insert(0, "file", f.name)
        frames.append(df)
    t1 = time.perf_counter()
    merged = pd.concat(frames, ignore_index=True)
    t2 = time.perf_counter()
    if informed:
        merged.to_excel(out, index=False, engine="xlsxwriter")
    else:
        merged.to_excel(out, index=False)
    t3 = time.perf_counter()
    return {"files": len(frames), "rows": len(merged), "columns": merged.shape[1],
            "read": round(t1 - t0, 3), "concat": round(t2 - t1, 3), "write": round(t3 - t2, 3)}


def floor(folder: str, manifest: str | None = None) -> dict[str, object]:
    """Every cell of every sheet (the hidden one too), per file, with python-calamine."""
    from python_calamine import CalamineWorkbook

    # LibreOffice, Excel and WPS write a shared-strings table; openpyxl writes inline strings
    resaved: set[str] = set()
    if manifest:
        files = json.loads(Path(manifest).read_text(encoding="utf-8"))["files"]
        resaved = {r["file"] for r in files if r["resaved"]}
    cells = 0
    by_kind: dict[str, list[float]] = {"openpyxl": [], "libreoffice": []}
    for f in _files(folder):
        t0 = time.perf_counter()
        wb = CalamineWorkbook.from_path(str(f))
        for name in wb.sheet_names:
            rows = wb.get_sheet_by_name(name).to_python()
            cells += sum(len(r) for r in rows)
        wb.close()
        by_kind["libreoffice" if f.name in resaved else "openpyxl"].append(time.perf_counter() - t0)
    ms = {k: round(1000 * sum(v) / len(v), 2) for k, v in by_kind.items() if v}
    return {"files": sum(len(v) for v in by_kind.values()), "cells": cells, "ms_per_file": ms,
            "count": {k: len(v) for k, v in by_kind.items()}}


def main(argv: list[str]) -> int:
    job, *args = argv
    if job == "naive":
        result = naive(*args)
    elif job == "informed":
        result = naive(*args, informed=True)
    elif job == "floor":
        result = floor(*args)
    else:
        print(f"unknown job {job!r}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
