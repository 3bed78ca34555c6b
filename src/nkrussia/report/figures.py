"""The report's charts as numbered figures: data, two drawings, words, and a download.

A figure is registered once here (:data:`FIGURES`: its key and the function that builds its
context); the notebook shows it where it belongs with ``report.figure("troops")`` and figures
are numbered in the order the notebook shows them. Each figure carries:

* a static SVG drawn at build time by vl-convert, wide and narrow (phone), which the reader
  sees first, without JavaScript, and which the PDF prints;
* the Vega-Lite specs the page's script swaps in when the chart scrolls into view (the chart
  library loads only then, so the page paints without it);
* its title, alt text, caption and sources, written in ``templates/report/charts.html.j2``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from markupsafe import Markup

from nkrussia import fmt, model
from nkrussia.errors import ChartDataError
from nkrussia.paths import cache_folder, keep_cache_entry
from nkrussia.report import charts
from nkrussia.report.data import rows_of
from nkrussia.report.render import environment
from nkrussia.report.values import ARTICLE_INDEX
from nkrussia.report.views import Report, check_href, par

# Past this many articles a figure's words count them instead of naming each one (every
# article is on its own page, listed in articles/index.html), and its drawing groups them.
LIST_LIMIT = 12

Builder = Callable[[Report], dict[str, Any]]
FIGURES: dict[str, Builder] = {}


def figure_builder(key: str):
    """Register the context builder of figure ``key``."""
    def register(fn: Builder) -> Builder:
        FIGURES[key] = fn
        return fn
    return register


@dataclass
class Drawing:
    """A chart in its two layouts, and the table behind it."""

    wide: Any
    narrow: Any
    table: pd.DataFrame
    filename: str


# --------------------------------------------------------------------------------------------
# rendering
# --------------------------------------------------------------------------------------------

def _script_json(value: Any) -> str:
    """JSON that cannot close a <script> or open a comment (article text may hold either)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--").replace("\u2028", "\\u2028")


_SVG_ID = re.compile(r'\bid="([^"]+)"')
_DECIMALS = re.compile(r"(\d\.\d)\d+")


SVG_CACHE_KEEP = 64
"""Drawings kept in ``$NKRUSSIA_CACHE/svg`` (the most recently used; :data:`nkrussia.paths.
CACHE_ENV`): a
chart whose spec, data included, is unchanged is not drawn again — vl-convert's drawing is
most of a chart's cost (1,000 articles: 2.2 of 3.9 s for the seven figures)."""


def _vl_svg(spec: dict) -> str:
    """vl-convert's SVG of a Vega-Lite spec, from the drawing cache when it is there."""
    import vl_convert

    folder = cache_folder("svg")
    if folder is None:
        return vl_convert.vegalite_to_svg(spec)
    key = hashlib.sha256(json.dumps([vl_convert.__version__, spec], sort_keys=True,
                                    separators=(",", ":"), default=str).encode()).hexdigest()
    path = folder / f"{key}.svg"
    with contextlib.suppress(OSError, UnicodeDecodeError):
        svg = path.read_text(encoding="utf-8")
        if svg.startswith("<svg") and svg.rstrip().endswith("</svg>"):
            os.utime(path)  # recently used
            return svg
    svg = vl_convert.vegalite_to_svg(spec)
    if keep_cache_entry(path, svg):
        with contextlib.suppress(OSError):  # the most recently used are kept
            entries = sorted(folder.glob("*.svg"), key=lambda p: p.stat().st_mtime_ns)
            for old in entries[:-SVG_CACHE_KEEP]:
                old.unlink()
    return svg


def _svg(spec: dict, width: int, prefix: str) -> str:
    """A static SVG of ``spec`` at ``width`` px, its ids prefixed (several SVGs share a page),
    hidden from assistive technology (its container carries the alt text)."""
    spec = {**spec, "width": width, "autosize": {"type": "fit-x", "contains": "padding"}}
    svg = _vl_svg(spec)
    ids = dict.fromkeys(_SVG_ID.findall(svg))
    for old in ids:
        new = f"{prefix}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"url(#{old})", f"url(#{new})")
    svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" '
                                'preserveAspectRatio="xMinYMin meet" ', 1)
    svg = _DECIMALS.sub(r"\1", svg)  # a tenth of a pixel is precise enough: a third smaller
    # a fixed pixel size would overflow a phone: the viewBox keeps the proportions
    return re.sub(r'(<svg[^>]*?) width="[\d.]+" height="[\d.]+"', r"\1", svg, count=1)


def csv_href(df: pd.DataFrame) -> str:
    payload = urllib.parse.quote(df.to_csv(index=False, lineterminator="\n"), safe="")
    return f"data:text/csv;charset=utf-8,{payload}"


def render_figure(r: Report, key: str) -> Markup:
    """Figure ``key`` as markup: numbered, drawn, described; or a visible "not drawn" note."""
    env = environment()
    words = env.get_template("charts.html.j2").module
    number = r.figure_number(key)
    anchor = f"chart-{key}"
    try:
        ctx = FIGURES[key](r)
    except ChartDataError as exc:
        return Markup(env.get_template("chart.html.j2").render(
            key=key, number=number, anchor=anchor, missing=str(exc), c={}, words=words))
    drawing: Drawing = ctx["drawing"]
    alt_text = str(Markup(getattr(words, f"alt_{key}")(ctx)).striptags())
    specs: dict[str, Any] = {"datasets": {}}
    svgs = {}
    for layout in ("wide", "narrow"):
        chart = getattr(drawing, layout).properties(description=alt_text)
        spec = chart.to_dict(validate=False)
        # both layouts draw the same data: the page carries it once (charts.js puts it back)
        specs["datasets"].update(spec.pop("datasets", {}))
        spec = {**spec}
        specs[layout] = spec
        svg_spec = {**spec, "datasets": specs["datasets"]}
        svgs[layout] = Markup(_svg(svg_spec, charts.WIDE if layout == "wide" else
                                   charts.NARROW, f"{anchor}-{layout}"))
    return Markup(env.get_template("chart.html.j2").render(
        key=key, number=number, anchor=anchor, missing=None, c=ctx, words=words,
        alt=alt_text, svgs=svgs, specs=Markup(_script_json(specs)),
        csv=csv_href(drawing.table), filename=drawing.filename,
        interactive=ctx.get("interactive", False)))


# --------------------------------------------------------------------------------------------
# the figures
# --------------------------------------------------------------------------------------------

def _table(r: Report, name: str) -> pd.DataFrame:
    df = r.data.tables.get(name)
    if df is None:
        raise ChartDataError(r.data.why(name))
    return df


def _article_count(r: Report, doc_ids) -> int:
    return max(1, len({d for d in doc_ids if d}))


@figure_builder("troops")
def troops(r: Report) -> dict[str, Any]:
    te = _table(r, "troop_estimates")
    dated = te[te["value"].notna() & te["date"].notna()]
    if dated.empty:
        raise ChartDataError("no troop estimate has both a value and a date")
    n_art = _article_count(r, dated.loc[dated["kind"] == "article", "doc_id"])
    ext = [t for t in rows_of(dated) if t["kind"] == "external"]
    arts = [t for t in rows_of(dated) if t["kind"] == "article"]
    first = min(ext, key=lambda t: t["date"]) if ext else None
    last = max(ext, key=lambda t: t["date"]) if ext else None
    undated = sorted({t["doc_id"] for t in rows_of(te) if t["kind"] == "article"
                      and t["value"] is not None and not t["date"]})
    many = n_art > LIST_LIMIT
    drawn = charts.by_origin_and_month(te) if many else te
    return {
        "drawing": Drawing(charts.troop_estimates(drawn, n_art), charts.troop_estimates(
            drawn, n_art, narrow=True), te, "troop_estimates.csv"),
        "articles": [] if many else [
            {"figure": r.art(r.data.figure(t["id"])), "doc": r.doc(t["doc_id"]),
             "date": fmt.date(t["date"])} for t in arts],
        "many": many and {
            "estimates": len(arts), "articles": n_art, "index": ARTICLE_INDEX,
            "bodies": len({t["source"] or "" for t in arts}),
            "points": int((drawn["kind"] == "article").sum()),
            "low": fmt.count(min(t["value"] for t in arts)),
            "high": fmt.count(max(t["value"] for t in arts)),
            "first": fmt.date(min(t["date"] for t in arts)),
            "last": fmt.date(max(t["date"] for t in arts))},
        "external": [{"value": r.ext(fmt.count(t["value"]), t["id"]), "organisation":
                      t["source"], "date": fmt.date(t["date"]), "plain": fmt.count(t["value"])}
                     for t in sorted(ext, key=lambda t: (t["date"], t["id"]))],
        "first": first and {"value": fmt.count(first["value"]), "date": fmt.date(first["date"])},
        "last": last and {"value": fmt.count(last["value"]), "date": fmt.date(last["date"])},
        "lowest": ext and {"value": fmt.count(min(t["value"] for t in ext))},
        "highest": ext and {"value": fmt.count(max(t["value"] for t in ext))},
        "undated": [r.doc(d) for d in undated], "single": r.single,
        "model_doc": r.doc(r.data.model_document()) if r.data.model_document() else None,
    }


def _model_claim(r: Report) -> dict[str, Any]:
    row = r.data.input("revenue_claim_usd") or {}
    return {"figure": r.art(r.data.figure(row.get("figure_id"))),
            "doc": r.doc(row["doc_id"]) if row.get("doc_id") else None,
            "value": row.get("low") if row.get("low") is not None else row.get("value")}


@figure_builder("revenue")
def revenue(r: Report) -> dict[str, Any]:
    sc = _table(r, "scenarios")
    claim = _model_claim(r)
    pay = (r.data.input("monthly_pay_usd") or {}).get("value")
    points = []
    for name in ("troops_low", "troops_high"):
        row = r.data.input(name) or {}
        if row.get("value") is not None and pay is not None:
            points.append({"troops": row["value"], "monthly_pay_usd": pay,
                           "label": row.get("text") or fmt.count(row["value"])})
    pts = pd.DataFrame(points) if points else None
    be = next((c for c in r.data.checks_of(r.data.model_document() or "", "breakeven")
               if c["recomputed_value"] is not None), None)
    return {
        "drawing": Drawing(charts.revenue_heatmap(sc, claim["value"], pts),
                           charts.revenue_heatmap(sc, claim["value"], pts, narrow=True), sc,
                           "scenarios.csv"),
        "claim": claim, "pay": pay and fmt.usd(pay),
        "breakeven": be and {"troops": fmt.count(be["recomputed_value"]),
                             "href": check_href(be["check_id"])},
        "points": [p["label"] for p in points],
        "grid": {"troops": f"{fmt.count(sc['troops'].min())}–{fmt.count(sc['troops'].max())}",
                 "pay": f"{fmt.usd(sc['monthly_pay_usd'].min())}–"
                        f"{fmt.usd(sc['monthly_pay_usd'].max())}"},
        "params": par("grid_troops_min", "the scenario grid"),
        "model_doc": r.doc(r.data.model_document()) if r.data.model_document() else None,
        "single": r.single,
    }


@figure_builder("montecarlo")
def montecarlo(r: Report) -> dict[str, Any]:
    h = _table(r, "montecarlo_hist")
    if h.empty:
        missing = (r.data.statistic("p50") or {}).get("missing")
        raise ChartDataError(f"the model has no {missing or 'inputs'}; set it as a parameter")
    stats = {k: (r.data.statistic(k) or {}).get("value") for k in
             ("p5", "p50", "p95", "mean", "prob_meets_claim", "n_draws", "claim_usd")}
    return {
        "drawing": Drawing(charts.montecarlo(h, stats), charts.montecarlo(h, stats, True), h,
                           "montecarlo_hist.csv"),
        "p5": fmt.usd(stats["p5"]), "p50": fmt.usd(stats["p50"]), "p95": fmt.usd(stats["p95"]),
        "share": None if stats["prob_meets_claim"] is None else fmt.pct(
            stats["prob_meets_claim"]),
        "draws": par("n_draws", stats["n_draws"]), "claim": _model_claim(r),
        "spread": par("pay_spread", (r.data.param("pay_spread") or {}).get("value"),
                      "fraction"),
        "model_doc": r.doc(r.data.model_document()) if r.data.model_document() else None,
        "single": r.single,
    }


@figure_builder("sensitivity")
def sensitivity(r: Report) -> dict[str, Any]:
    s = _table(r, "sensitivity")
    if s.empty:
        raise ChartDataError("the model lacks troops or pay, so nothing can be varied")
    claim = _model_claim(r)
    rows = rows_of(s)
    top = rows[0]
    return {
        "drawing": Drawing(charts.tornado(s, claim["value"]),
                           charts.tornado(s, claim["value"], True), s, "sensitivity.csv"),
        "top": {"name": charts.INPUT_NAMES.get(top["input"], top["input"]).lower(),
                "low": fmt.usd(min(top["revenue_low"], top["revenue_high"])),
                "high": fmt.usd(max(top["revenue_low"], top["revenue_high"]))},
        "rows": [{"name": charts.INPUT_NAMES.get(x["input"], x["input"]),
                  "low": fmt.usd(min(x["revenue_low"], x["revenue_high"])),
                  "high": fmt.usd(max(x["revenue_low"], x["revenue_high"]))} for x in rows],
        "base": fmt.usd(top["base_revenue"]), "claim": claim,
        "spread": par("pay_spread", (r.data.param("pay_spread") or {}).get("value"),
                      "fraction"),
        "model_doc": r.doc(r.data.model_document()) if r.data.model_document() else None,
        "single": r.single,
    }


FOOD_ITEMS = {"reference_shortfall": "Food shortfall (reported)",
              "half_reference_shortfall": "Half of that shortfall",
              "fao_requirement_minus_harvest": "FAO requirement minus 2024 harvest"}


@figure_builder("rice")
def rice(r: Report) -> dict[str, Any]:
    fb = _table(r, "food_balance")
    rows = rows_of(fb)
    rice_rows = [x for x in rows if x["item"] == "rice_supplied"]
    if not rice_rows:
        raise ChartDataError("no article gives a rice figure" if not r.single
                             else "the article gives no rice figure")
    n_art = _article_count(r, [x["doc_id"] for x in rice_rows])
    many = n_art > LIST_LIMIT
    labels = []
    for x in rows:
        if x["item"] == "rice_supplied":
            labels.append("Rice from Russia" + ("" if r.single or many else
                                                f" ({charts._clip(r.doc_label(x['doc_id']), 30)})"))
        else:
            labels.append(FOOD_ITEMS.get(x["item"], x["item"]))
    table = fb.assign(label=labels)
    drawn = table
    if many:  # one bar per distinct amount, saying how many articles give it
        rice_t = table[table["item"] == "rice_supplied"]
        bars = (rice_t.groupby(["low", "high"], dropna=False, sort=True)["doc_id"].nunique()
                .reset_index(name="n"))
        bars = bars.assign(item="rice_supplied", kind="article", label=[
            f"Rice from Russia ({fmt.plural(int(n), 'article', spell=False)})"
            for n in bars["n"]])
        drawn = pd.concat([bars[["label", "item", "kind", "low", "high"]],
                           table[table["item"] != "rice_supplied"]], ignore_index=True)
    external = [x for x in rows if x["kind"] == "external"]
    shortfall = next((x for x in rows if x["item"] == "reference_shortfall"), None)
    shares = []
    for x in [] if many else rice_rows:
        sh = r.data.figures_of(x["doc_id"], "share_of_food_gap")
        shares.append({"doc": r.doc(x["doc_id"]), "rice": r.art(r.data.figure(x["figure_id"])),
                       "share": r.art(sh[0]) if sh else None})
    lows = [x["low"] for x in rice_rows if x["low"] is not None]
    highs = [x["high"] if x["high"] is not None else x["low"] for x in rice_rows
             if x["low"] is not None]
    return {
        "drawing": Drawing(charts.rice_vs_shortfall(drawn, n_art),
                           charts.rice_vs_shortfall(drawn, n_art, True),
                           table[["label", "item", "kind", "doc_id", "figure_id", "ref_ids",
                                  "low", "high"]], "food_balance.csv"),
        "rice": shares, "single": r.single,
        "many": many and {"articles": n_art, "index": ARTICLE_INDEX,
                          "amounts": int((drawn["item"] == "rice_supplied").sum()),
                          "span": fmt.span(min(lows), max(highs), "tonnes") if lows else ""},
        "rice_span": fmt.span(rice_rows[0]["low"], rice_rows[0]["high"], "tonnes"),
        "shortfall": shortfall and r.ext(fmt.tonnes(shortfall["low"]), shortfall["ref_ids"]),
        "external": [{"label": FOOD_ITEMS.get(x["item"], x["item"]),
                      "value": r.ext(fmt.tonnes(x["low"]), x["ref_ids"])} for x in external],
    }


@figure_builder("timeline")
def timeline(r: Report) -> dict[str, Any]:
    tl = _table(r, "timeline")
    if tl.empty:
        raise ChartDataError("no event has a calendar date")
    rows = rows_of(tl)
    labels = []
    for x in rows:
        if x["kind"] == "article":
            labels.append(f"Article: {x['what']}" if r.single else
                          f"{charts._clip(r.doc_label(x['doc_id']), 24)}: {x['what']}")
        else:
            labels.append(f"Treaty: {x['what']}")
    table = tl.assign(label=labels)
    docs = {x["doc_id"] for x in rows if x["kind"] == "article"}
    ref_date = None
    if r.single and r.doc_ids:
        ref_date = r.data.document(r.doc_ids[0]).get("reference_date")
    n_art = _article_count(r, docs)
    return {
        "drawing": Drawing(charts.timeline(table, ref_date, n_art),
                           charts.timeline(table, ref_date, n_art, True),
                           table[["date", "kind", "id", "doc_id", "label", "source", "url"]],
                           "timeline.csv"),
        "first": fmt.date(rows[0]["date"]), "last": fmt.date(rows[-1]["date"]),
        "count": len(rows),
        "events": [{"date": fmt.date(x["date"]), "label": lab,
                    "cite": r.ext("", x["id"]) if x["kind"] == "external" else None,
                    "figure": r.art(r.data.figure(x["id"])) if x["kind"] == "article" else None}
                   for x, lab in zip(rows, labels, strict=True)],
        "reference_date": ref_date and fmt.date(ref_date), "single": r.single,
    }


@figure_builder("whatif")
def whatif(r: Report) -> dict[str, Any]:
    d = r.data
    troops = (d.input("troops_headline") or {}).get("value")
    pay = (d.input("monthly_pay_usd") or {}).get("value")
    if troops is None:
        raise ChartDataError("the model has no troop range to start from (set troops_low "
                             "and troops_high)")
    if pay is None:
        raise ChartDataError("the model has no pay per soldier (set monthly_pay_usd)")
    share = (d.input("state_share") or {}).get("value")
    months = (d.input("months") or {}).get("value") or 12.0
    claim = _model_claim(r)
    revenue_now = model.annual_revenue(troops, pay, months, share)
    table = pd.DataFrame([{"troops": troops, "monthly_pay_usd": pay, "state_share": share,
                           "months": months, "annual_revenue_usd": revenue_now,
                           "claim_usd": claim["value"]}])
    scenario = (d.param("scenario") or {}).get("value") or "central"
    return {
        "drawing": Drawing(charts.what_if(troops, pay, share, months, claim["value"]),
                           charts.what_if(troops, pay, share, months, claim["value"], True),
                           table, "what_if_default.csv"),
        "interactive": True,
        "troops": fmt.count(troops), "pay": fmt.usd(pay), "share": fmt.pct(share),
        "months": fmt.number(months), "revenue": fmt.usd(revenue_now),
        "claim": claim, "scenario": scenario, "formula": model.FORMULA,
        "above": None if claim["value"] is None else revenue_now >= claim["value"],
        "share_par": par("state_share", share, "fraction"),
        "model_doc": r.doc(d.model_document()) if d.model_document() else None,
        "single": r.single,
    }
