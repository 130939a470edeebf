"""public.xlsx and public.html — for the public: the published commitments (stage 2).

Only fields marked ``public`` in fields.py are shown (no people, phones, notes or
scores), and only units with an accepted commitment. The HTML page is one
self-contained file (inline CSS, no scripts, nothing fetched from elsewhere) that
shows a table on a wide screen and one card per task on a phone. Everything a unit
typed is escaped, so ``<script>`` or ``=HYPERLINK(...)`` appears as the text it is.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pacesetter.fields import TASK_FIELD, UNIT_TYPE
from pacesetter.i18n import t
from pacesetter.reports.context import ReportContext
from pacesetter.reports.formats import Column, workbook


@dataclass(frozen=True)
class Shown:
    """One column of the published table: its words and the public fields it draws on."""

    label: str  # message key
    keys: tuple[str, ...]  # task fields used (each must be public)
    css: str  # class on the HTML cell
    kind: str = "wrap"  # Column kind in public.xlsx
    width: int = 14


COLUMNS: tuple[Shown, ...] = (
    Shown("public.col.no", ("task_no",), "no", "int", 6),
    Shown("public.col.category", ("category",), "cat", "wrap", 12),
    Shown("public.col.task", ("title",), "task", "wrap", 22),
    Shown("public.col.objective", ("objective",), "obj", "wrap", 32),
    Shown("public.col.target", ("target", "unit_of_measure"), "target", "wrap", 12),
    Shown("public.col.measures", ("measures",), "measures", "wrap", 40),
    Shown("public.col.deadline", ("deadline",), "deadline", "date", 11),
    Shown("public.col.dept", ("responsible_dept",), "dept", "wrap", 14),
    Shown("public.col.bench_unit", ("benchmark_unit",), "bench", "wrap", 22),
)
PUBLIC_KEYS = tuple(k for c in COLUMNS for k in c.keys)
assert all(TASK_FIELD[k].public for k in PUBLIC_KEYS), "public output may only show public fields"


def _num(value: float) -> str:
    value = round(float(value), 4)
    if value == int(value):
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _wide(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) in "WF" for ch in text)


def target_text(task: dict[str, Any]) -> str:
    """The target with its unit of measure: 90%, 30个, 45 performances."""
    target = task.get("target")
    if target is None:
        return ""
    uom = str(task.get("unit_of_measure") or "").strip()
    if not uom:
        return _num(target)
    joiner = "" if uom in ("%", "‰") or _wide(uom) else " "
    return f"{_num(target)}{joiner}{uom}"


def published_units(ctx: ReportContext) -> list[str]:
    """Units (in config order) with an accepted commitment and at least one task."""
    return [u.code for u in ctx.units
            if "commitment" in ctx.submitted.get(u.code, set()) and ctx.tasks.get(u.code)]


def _values(ctx: ReportContext, task: dict[str, Any]) -> list[Any]:
    """The public values of one task, in COLUMNS order (typed for the workbook)."""
    bench = task.get("benchmark_unit")
    benchmark = ctx.config.benchmark
    value = {
        "public.col.no": task.get("task_no"),
        "public.col.category": task.get("category"),
        "public.col.task": task.get("title"),
        "public.col.objective": task.get("objective"),
        "public.col.target": target_text(task),
        "public.col.measures": task.get("measures"),
        "public.col.deadline": task.get("deadline"),
        "public.col.dept": task.get("responsible_dept"),
        "public.col.bench_unit": benchmark[bench].name if bench in benchmark else bench,
    }
    return [value[c.label] for c in COLUMNS]


def _published(ctx: ReportContext) -> dict[str, list[list[Any]]]:
    """Each published unit's tasks as public values (both the workbook and the page show them)."""
    return {code: [_values(ctx, task) for task in _tasks(ctx, code)] for code in published_units(ctx)}


def _tasks(ctx: ReportContext, unit: str) -> list[dict[str, Any]]:
    return ctx.tasks.get(unit, [])  # by task number (the context's order)


def _columns(lang: str, spec: list[tuple[str, str, int | None]]) -> list[Column]:
    """Columns from (message key, kind, width) triples."""
    return [Column(t(key, lang), kind, width) for key, kind, width in spec]


def write(ctx: ReportContext) -> list[Path]:
    published = _published(ctx)
    return [_write_xlsx(ctx, published), _write_html(ctx, published)]


# ------------------------------------------------------------------ workbook


def _write_xlsx(ctx: ReportContext, published: dict[str, list[list[Any]]]) -> Path:
    lang = ctx.lang
    path = ctx.out_dir / "public.xlsx"
    units = list(published)
    subtitle = t("public.subtitle", lang, campaign=ctx.config.campaign_name, as_of=ctx.as_of.isoformat(),
                 n=len(units), total=len(ctx.units))
    with workbook(path, lang=lang, as_of=ctx.as_of, title=t("public.title", lang)) as book:
        ws = book.sheet(t("public.sheet", lang))
        cols = _columns(lang, [("public.col.unit", "wrap", 22),
                               *((c.label, c.kind, c.width) for c in COLUMNS)])
        rows = [[ctx.config.unit[u].name, *values] for u in units for values in published[u]]
        book.table(ws, cols, rows, title=t("public.title", lang), subtitle=subtitle, freeze_cols=2)
        if not rows:
            ws.write_string(4, 0, t("public.none", lang), book.f["note"])
        ws2 = book.sheet(t("public.sheet_units", lang), landscape=False)
        cols2 = _columns(lang, [("public.col.unit", "wrap", 36), ("public.col.unit_type", "text", 18),
                                ("public.col.tasks", "int", 8)])
        rows2 = [[ctx.config.unit[u].name, UNIT_TYPE[ctx.config.unit[u].type].label(lang),
                  len(ctx.tasks[u])] for u in units]
        book.table(ws2, cols2, rows2, title=t("public.contents", lang), subtitle=subtitle)
    return path


# ------------------------------------------------------------------ web page

CSS = """
:root{--ink:#1f2933;--muted:#5b6675;--line:#d7dde4;--accent:#1f4e78;--bg:#f3f5f8}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);line-height:1.6;font-size:16px;
 font-family:-apple-system,BlinkMacSystemFont,"Segoe UI","PingFang SC","Hiragino Sans GB",
 "Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",Roboto,Arial,sans-serif}
header.top{background:var(--accent);color:#fff;padding:1.25rem 1rem}
header.top div,main,footer{max-width:1240px;margin:0 auto}
h1{margin:0 0 .35rem;font-size:1.4rem;line-height:1.35}
header.top p{margin:.15rem 0;opacity:.92}
main{padding:.5rem 1rem 1rem}
nav,section{background:#fff;border:1px solid var(--line);border-radius:10px;margin:1rem 0;padding:.9rem 1rem}
nav h2{font-size:1.05rem;margin:0 0 .4rem}
nav ol{margin:0;padding-left:1.4rem;columns:2 18rem;column-gap:2rem}
nav li{break-inside:avoid;margin:.15rem 0}
a{color:var(--accent)}
section h2{font-size:1.15rem;margin:0 0 .15rem;line-height:1.4}
.kind{color:var(--muted);margin:0 0 .7rem;font-size:.9rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid var(--line);padding:.45rem .5rem;text-align:left;vertical-align:top;
 overflow-wrap:break-word;word-break:normal;white-space:pre-line}
th{hyphens:auto}
th.no,td.no{width:2.5rem}
th{background:#e9f0f7;font-weight:600;white-space:normal}
td.no,td.deadline,td.target{white-space:nowrap}
td.no{text-align:center}
tbody tr:nth-child(even){background:#fafbfc}
.back{display:inline-block;margin-top:.6rem;font-size:.85rem}
footer{color:var(--muted);font-size:.85rem;padding:0 1rem 2rem}
@media (max-width:760px){
 h1{font-size:1.2rem}
 nav ol{columns:1}
 section{padding:.8rem .75rem}
 table,tbody{display:block;width:100%}
 thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
 tbody tr,tbody tr:nth-child(even){display:flex;flex-wrap:wrap;align-items:baseline;background:#fff;
  border:1px solid var(--line);border-radius:8px;margin:.7rem 0;padding:.55rem .75rem;
  box-shadow:0 1px 2px rgba(0,0,0,.05)}
 td{flex:1 1 100%;border:0;padding:.2rem 0;display:grid;grid-template-columns:6.2em 1fr;gap:.6rem}
 td.deadline,td.target{white-space:normal}
 td::before{content:attr(data-label);color:var(--muted);font-size:.82rem;padding-top:.1rem}
 td.no{order:-2;flex:0 0 auto;display:block;font-weight:700;color:var(--accent);padding-right:.5rem}
 td.no::before{content:"#";font-size:inherit;color:inherit;padding:0}
 td.task{order:-1;flex:1 1 0;display:block;font-weight:700;font-size:1.02rem;min-width:0}
 td.task::before{content:none}
}
@media print{body{background:#fff}header.top{background:#fff;color:#000}nav,section{border:0}
 .back{display:none}tr{break-inside:avoid}}
"""


def _cell_text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return _num(value)
    return str(value)


def _e(value: Any) -> str:
    if value.__class__ is str and len(value) <= 64:
        return _e_short(value)  # names, categories, departments recur on every row
    return html.escape(_cell_text(value), quote=True)


@lru_cache(maxsize=1 << 14)
def _e_short(value: str) -> str:
    return html.escape(_cell_text(value), quote=True)


def render_html(ctx: ReportContext) -> str:
    """The whole published page as one string."""
    out: list[str] = []
    write_html(ctx, out.append)
    return "\n".join(out) + "\n"


def write_html(ctx: ReportContext, w: Callable[[str], object],
               published: dict[str, list[list[Any]]] | None = None) -> None:
    """The published page, line by line into ``w`` (a city's page is tens of megabytes:
    it goes to the file as it is made, not through memory)."""
    lang = ctx.lang
    if published is None:
        published = _published(ctx)
    units = list(published)
    name = ctx.config.campaign_name
    labels = [t(c.label, lang) for c in COLUMNS]
    heads = [f'<td class="{c.css}" data-label="{_e(label)}">'
             for c, label in zip(COLUMNS, labels, strict=True)]
    w("<!DOCTYPE html>")
    w(f'<html lang="{"zh-CN" if lang == "zh" else "en"}">')
    w("<head>")
    w('<meta charset="utf-8">')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">')
    w(f"<title>{_e(name)} — {_e(t('public.title', lang))}</title>")
    w(f"<style>{CSS}</style>")
    w("</head>")
    w('<body id="top">')
    w('<header class="top"><div>')
    w(f"<h1>{_e(name)}</h1>")
    w(f"<p>{_e(t('public.title', lang))} · {_e(t('report.as_of', lang, as_of=ctx.as_of.isoformat()))}</p>")
    w(f"<p>{_e(t('public.count', lang, n=len(units), total=len(ctx.units)))}</p>")
    w("</div></header>")
    w("<main>")
    w(f"<p>{_e(t('public.intro', lang))}</p>")
    if not units:
        w(f"<p>{_e(t('public.none', lang))}</p>")
    else:
        w(f'<nav aria-labelledby="toc"><h2 id="toc">{_e(t("public.contents", lang))}</h2><ol>')
        for code in units:
            u = ctx.config.unit[code]
            n = t("public.toc_count", lang, n=len(ctx.tasks[code]))
            w(f'<li><a href="#u-{_e(code)}">{_e(u.name)}</a> <small>{_e(n)}</small></li>')
        w("</ol></nav>")
    for code in units:
        u = ctx.config.unit[code]
        w(f'<section id="u-{_e(code)}" aria-labelledby="h-{_e(code)}">')
        w(f'<h2 id="h-{_e(code)}">{_e(u.name)}</h2>')
        w(f'<p class="kind">{_e(UNIT_TYPE[u.type].label(lang))} · '
          f"{_e(t('public.tasks_n', lang, n=len(ctx.tasks[code])))}</p>")
        w("<table><thead><tr>")
        w("".join(f'<th scope="col">{_e(label)}</th>' for label in labels))
        w("</tr></thead><tbody>")
        for values in published[code]:
            w(f"<tr>{''.join([f'{head}{_e(v)}</td>' for head, v in zip(heads, values, strict=True)])}</tr>")
        w("</tbody></table>")
        w(f'<a class="back" href="#top">↑ {_e(t("public.top", lang))}</a>')
        w("</section>")
    w("</main>")
    w(f"<footer>{_e(t('public.footer', lang, bureau=ctx.config.bureau_name, as_of=ctx.as_of.isoformat()))}"
      "</footer>")
    w("</body>")
    w("</html>")


def _write_html(ctx: ReportContext, published: dict[str, list[list[Any]]]) -> Path:
    path = ctx.out_dir / "public.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.tmp{path.suffix}")
    with tmp.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as fh:
        write_html(ctx, lambda line: fh.write(line + "\n"), published)
    os.replace(tmp, path)
    return path
