"""One self-contained HTML file for the people who review flagged articles.

No network: CSS and the few lines of sorting JS are inline. Every piece of article text goes
through ``html.escape``, so an article containing ``<script>`` is shown, never run. Articles
are ``content-visibility: auto`` sections, so the browser only lays out what is on screen and
a file with a thousand articles stays usable.
"""

from __future__ import annotations

from html import escape

from quality.core.report import Report
from quality.detectors import REGISTRY


def _colour(detector: str) -> str:
    """Each detector's highlight comes from its class, so a new detector is painted too."""
    cls = REGISTRY.get(detector)
    return cls.colour if cls else "#dddddd"


CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#222}
header,main{max-width:1200px;margin:auto;padding:0 16px}
table{border-collapse:collapse;width:100%}th,td{padding:4px 8px;border-bottom:1px solid #ddd;text-align:left}
th{cursor:pointer;background:#f4f4f4}
section.article{content-visibility:auto;contain-intrinsic-size:auto 900px;border-top:3px solid #333;margin-top:24px}
.cols{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,1.3fr);gap:20px}
.text{white-space:pre-wrap;font-family:Georgia,serif;background:#fcfcfc;padding:10px;border:1px solid #eee}
mark{border-radius:3px;padding:0 1px}
.bar{display:inline-block;height:9px;background:#c44;vertical-align:middle}
.barbox{display:inline-block;width:110px;height:9px;background:#eee;margin-right:6px}
.keep{color:#176b17}.review{color:#a06000}.drop{color:#b00}.error{color:#666}
.name{display:inline-block;width:145px}
.findings li{margin-bottom:4px}.legend span{padding:0 6px;margin-right:6px;border-radius:3px}
"""

SORT_JS = """
document.querySelectorAll('th[data-col]').forEach(function(th){th.addEventListener('click',function(){
 var tb=th.closest('table').tBodies[0],i=th.cellIndex,asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';
 Array.from(tb.rows).sort(function(a,b){var x=a.cells[i].dataset.v,y=b.cells[i].dataset.v;
  var nx=parseFloat(x),ny=parseFloat(y);var c=(isNaN(nx)||isNaN(ny))?x.localeCompare(y):nx-ny;return asc?c:-c;})
 .forEach(function(r){tb.appendChild(r);});});});
"""


def highlight(text: str, report: Report) -> str:
    """The text, escaped, with findings wrapped in coloured ``<mark>`` titled with their detail.

    Findings may nest (a glued ``region.This`` inside a boilerplate paragraph): the text is cut
    at every finding boundary and each piece is marked by the most specific (shortest) finding
    covering it, so the small defect stays visible inside the large one. One sweep over the cuts
    with a heap of the open findings, shortest first: linear-logarithmic in the findings, so a page
    with tens of thousands of them still renders at once."""
    import heapq

    spans = [(f.start, f.end, name, f.kind, f.detail) for name, r in report.detectors.items() for f in r.findings]
    cuts = sorted({0, len(text), *(s for sp in spans for s in sp[:2])})
    starting = sorted(range(len(spans)), key=lambda i: spans[i][0])
    open_spans: list[tuple[int, int]] = []  # (length, index): the shortest open finding on top
    nxt = 0
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        while nxt < len(starting) and spans[starting[nxt]][0] <= a:
            i = starting[nxt]
            heapq.heappush(open_spans, (spans[i][1] - spans[i][0], i))
            nxt += 1
        while open_spans and spans[open_spans[0][1]][1] < b:  # ended before this piece
            heapq.heappop(open_spans)
        piece = escape(text[a:b])
        if not open_spans:
            out.append(piece)
            continue
        start, end, name, kind, detail = spans[open_spans[0][1]]
        tip = escape(f"{name} / {kind}: {detail}", quote=True)
        out.append(
            f'<mark class="{name}" data-detector="{name}" style="background:{_colour(name)}" '
            f'title="{tip}">{piece}</mark>'
        )
    return "".join(out)


def _index_row(i: int, report: Report) -> str:
    rel = report.reliability
    rel_v = f"{rel.score:.2f}" if rel else ""
    q = "" if report.quality is None else f"{report.quality:.2f}"
    return (
        f'<tr><td data-v="{escape(report.id)}"><a href="#a{i}">{escape(report.id)}</a></td>'
        f'<td data-v="{q}">{q}</td><td data-v="{report.verdict}" class="{report.verdict}">{report.verdict}</td>'
        f'<td data-v="{rel_v}">{escape(rel.label) if rel else ""} {rel_v}</td>'
        f'<td data-v="{sum(len(r.findings) for r in report.detectors.values())}">'
        f"{sum(len(r.findings) for r in report.detectors.values())}</td></tr>"
    )


def _article(i: int, text: str, report: Report) -> str:
    bars = "".join(
        f'<div><span class="name">{name}</span><span class="barbox">'
        f'<span class="bar" style="width:{100 * r.score:.0f}%"></span></span>'
        f"{r.score:.2f}</div>"
        for name, r in report.detectors.items()
    )
    findings = "".join(
        f'<li><span style="background:{_colour(name)}">{escape(name)}</span> '
        f"<code>{f.start}–{f.end}</code> {escape(f.text[:120])}<br><small>{escape(f.detail)}</small></li>"
        for name, r in report.detectors.items()
        for f in r.findings
    )
    rel = report.reliability
    reliability = ""
    if rel:
        drivers = "".join(f"<li>{escape(d.feature)} = {d.value:g} ({d.contribution:+.3f})</li>" for d in rel.drivers)
        domain = (
            f"<div>published: {escape(rel.domain_rating['rating'])} ({escape(rel.domain_rating['domain'])})</div>"
            if rel.domain_rating
            else ""
        )
        reliability = (
            f"<h4>Reliability: {escape(rel.label)} {rel.score:.2f} (text {rel.text_score:.2f}, "
            f"decided by {escape(rel.decided_by)})</h4>{domain}<ol>{drivers}</ol>"
        )
    error = f'<p class="error">{escape(report.error)}</p>' if report.error else ""
    q = "–" if report.quality is None else f"{report.quality:.2f}"
    return (
        f'<section class="article" id="a{i}"><h2>{escape(report.id)} — '
        f'<span class="{report.verdict}">{report.verdict}</span> {q}</h2>{error}'
        f'<div class="cols"><div class="text">{highlight(text, report)}</div>'
        f'<div>{bars}{reliability}<h4>Findings</h4><ol class="findings">{findings}</ol></div></div></section>'
    )


def render(items: list[tuple[str, Report]], title: str = "quality report") -> str:
    """The whole page for ``(text, report)`` pairs."""
    legend = "".join(f'<span style="background:{d.colour}">{n}</span>' for n, d in REGISTRY.items())
    rows = "".join(_index_row(i, r) for i, (_, r) in enumerate(items))
    articles = "".join(_article(i, t, r) for i, (t, r) in enumerate(items))
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{CSS}</style></head><body><header><h1>{escape(title)}</h1>"
        f'<p class="legend">{legend}</p><table id="index"><thead><tr><th data-col>article</th>'
        f"<th data-col>quality</th><th data-col>verdict</th><th data-col>reliability</th>"
        f"<th data-col>findings</th></tr></thead><tbody>{rows}</tbody></table></header>"
        f"<main>{articles}</main><script>{SORT_JS}</script></body></html>"
    )
