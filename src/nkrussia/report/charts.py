"""Altair chart builders: pure functions from processed tables to charts.

Each builder draws one chart in the house style, in a wide (desktop) or ``narrow`` (phone)
layout: the narrow one has fewer ticks, shorter labels and its legend on top. Titles,
captions, alt text and source notes are not here: they are words for the reader and live in
``templates/report/charts.html.j2`` (the chart's ``description`` is set from that alt text
by :mod:`nkrussia.report.figures`). Colours carry one meaning throughout the report: the
articles' figures are dark red, external context slate blue, our parameters amber.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from nkrussia import fmt, model
from nkrussia.errors import ChartDataError

ARTICLE = "#9b1c1c"
EXTERNAL = "#3b5b7a"
PARAMETER = "#b7791f"
MUTED = "#4b5563"
INK = "#111827"
FONT = "'Source Serif 4', 'Noto Serif', 'DejaVu Serif', Georgia, serif"
SANS = "'Source Sans 3', 'Noto Sans', 'DejaVu Sans', Arial, sans-serif"
WIDE, NARROW = 660, 330  # pixel widths of the static drawings
HEIGHT = 300

KIND_SCALE = alt.Scale(domain=["article", "external"], range=[ARTICLE, EXTERNAL])
QUALIFIER_SHAPES = {
    "over": "triangle-up", "more_than": "triangle-up", "at_least": "triangle-up",
    "up_to": "triangle-down", "approximately": "circle", "exact": "circle",
    "range": "diamond", "vague": "square",
}


def kind_legend(articles: int, narrow: bool) -> alt.Legend:
    """The article-vs-external legend, worded for one article or several."""
    label = "The article" if articles <= 1 else "The articles"
    return alt.Legend(title=None, orient="top", labelLimit=NARROW - 40 if narrow else 400,
                      symbolOpacity=1, direction="horizontal", labelExpr=(
                          f"datum.label == 'article' ? '{label}' : 'Other reporting'"))


_CONFIG: alt.Config | None = None


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The house style, built once and set as the chart's ``config`` (cheaper than a chain
    of ``configure_*`` calls, which copies and re-validates the chart at each step)."""
    global _CONFIG
    if _CONFIG is None:
        _CONFIG = alt.Config(
            font=FONT,
            axis=alt.AxisConfig(labelFont=SANS, titleFont=SANS, labelFontSize=12,
                                titleFontSize=12, titleColor="#374151", labelColor="#374151",
                                gridColor="#e5e7eb", domainColor="#9ca3af",
                                tickColor="#9ca3af", labelOverlap=True),
            legend=alt.LegendConfig(labelFont=SANS, titleFont=SANS, labelFontSize=12,
                                    titleFontSize=12),
            view=alt.ViewConfig(stroke=None), background="white")
    chart = chart.copy(deep=False)
    chart.config = _CONFIG
    return chart


def _need(df: pd.DataFrame | None, columns: list[str], what: str) -> pd.DataFrame:
    if df is None:
        raise ChartDataError(f"the table {what} was not produced")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ChartDataError(f"the table {what} lacks column(s) {', '.join(missing)}")
    if df.empty:
        raise ChartDataError(f"the table {what} is empty")
    return df


def to_dates(values: pd.Series) -> pd.Series:
    """ISO dates of mixed precision ('2024-10', '2024-10-23') → timestamps; others → NaT."""
    def one(v):
        text = str(v)[:10] if v is not None else ""
        for form in ("%Y-%m-%d", "%Y-%m", "%Y"):
            try:
                return pd.to_datetime(text, format=form)
            except (ValueError, TypeError):
                continue
        return pd.NaT
    return pd.to_datetime(values.map(one))




def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


# --------------------------------------------------------------------------- troops
def by_origin_and_month(troops: pd.DataFrame) -> pd.DataFrame:
    """The articles' troop estimates, one row per body credited and month referred to: the
    median as the point, the lowest and highest as its range, ``articles`` how many repeat
    it. Other reporting's rows are kept as they are. However many articles a corpus holds,
    the chart then has at most (bodies × months) article points."""
    df = troops.copy()
    arts = df[(df["kind"] == "article") & pd.to_numeric(df["value"], errors="coerce").notna()
              & df["date"].notna()].copy()
    if arts.empty:
        return df
    arts["value"] = arts["value"].astype(float)
    arts["low"] = pd.to_numeric(arts["low"], errors="coerce").fillna(arts["value"])
    arts["high"] = pd.to_numeric(arts["high"], errors="coerce").fillna(arts["value"])
    arts["source"] = arts["source"].fillna("not attributed")
    arts["month"] = arts["date"].astype(str).str[:7]
    grouped = (arts.groupby(["source", "month"], sort=True)
               .agg(value=("value", "median"), low=("low", "min"), high=("high", "max"),
                    articles=("doc_id", "nunique"))
               .reset_index())
    grouped["kind"] = "article"
    grouped["date"] = grouped["month"]
    grouped["qualifier"] = ["range" if lo < hi else "exact"
                            for lo, hi in zip(grouped["low"], grouped["high"], strict=True)]
    rest = df[df["kind"] != "article"].assign(articles=pd.NA)
    cols = ["kind", "value", "low", "high", "qualifier", "source", "date", "articles"]
    return pd.concat([grouped[cols], rest[cols]], ignore_index=True)


def troop_estimates(troops: pd.DataFrame, articles: int = 1,
                    narrow: bool = False) -> alt.LayerChart:
    """Troop estimates over time: the articles' (red) against other reporting (blue)."""
    df = _need(troops, ["kind", "value", "date"], "troop_estimates").copy()
    df = df[pd.to_numeric(df["value"], errors="coerce").notna()]
    df["when"] = to_dates(df["date"])
    df = df.dropna(subset=["when"])
    if df.empty:
        raise ChartDataError("no troop estimate has both a value and a date")
    df["value"] = df["value"].astype(float)
    df["lo"] = pd.to_numeric(df["low"], errors="coerce").fillna(df["value"])
    df["hi"] = pd.to_numeric(df["high"], errors="coerce").fillna(df["value"])
    df["shape"] = df["qualifier"].fillna("exact").map(QUALIFIER_SHAPES).fillna("circle")
    df["label"] = [f"{fmt.qualifier(q) + ' ' if q not in ('exact', 'range', None) else ''}"
                   f"{fmt.count(v)}" for q, v in zip(df["qualifier"], df["value"], strict=True)]
    df["who"] = df["source"].fillna("")
    grouped = "articles" in df.columns
    if grouped:  # one point per body and month (by_origin_and_month): say how many articles
        df["label"] = [f"{fmt.count(v)}" + (f" (median of {fmt.plural(int(n), 'article')})"
                                             if pd.notna(n) and n > 1 else "")
                       for v, n in zip(df["value"], df["articles"], strict=True)]
    df["date_text"] = [fmt.date(str(d)[:10]) for d in df["date"]]
    data = df[["kind", "when", "date_text", "value", "lo", "hi", "shape", "label", "who"]]
    base = alt.Chart(data).encode(
        x=alt.X("when:T", title=None if narrow else "Date the estimate refers to",
                axis=alt.Axis(format="%b %Y", tickCount=3 if narrow else 6, labelAngle=0)),
        color=alt.Color("kind:N", scale=KIND_SCALE, legend=kind_legend(articles, narrow)))
    ranges = base.mark_rule(strokeWidth=2, opacity=0.6).encode(y=alt.Y("lo:Q"), y2="hi:Q")
    points = base.mark_point(size=90 if narrow else 120, filled=True, opacity=0.95).encode(
        y=alt.Y("value:Q", title="North Korean troops", scale=alt.Scale(zero=True),
                axis=alt.Axis(format=fmt.D3_COUNT, tickCount=4 if narrow else 6)),
        shape=alt.Shape("shape:N", scale=None),
        tooltip=[alt.Tooltip("label:N", title="Estimate"), alt.Tooltip("who:N", title="Source"),
                 alt.Tooltip("date_text:N", title="Refers to")])
    layers = [ranges, points]
    if not narrow and not grouped:  # labels on each of many points would only overlap
        layers.append(base.transform_filter("datum.kind == 'article'").mark_text(
            align="left", dx=10, dy=4, fontSize=12, font=SANS, fontWeight="bold").encode(
            y="value:Q", text="label:N"))
    chart = alt.layer(*layers).properties(width="container", height=260 if narrow else HEIGHT)
    return _config(chart)


# --------------------------------------------------------------------------- revenue
def revenue_heatmap(scenarios: pd.DataFrame, claim_usd: float | None = None,
                    points: pd.DataFrame | None = None, narrow: bool = False) -> alt.LayerChart:
    """Annual revenue over troops × monthly pay, the claim's break-even line drawn on it;
    ``points``: rows (troops, monthly_pay_usd, label) marking the model's troop figures."""
    df = _need(scenarios, ["troops", "monthly_pay_usd", "annual_revenue_usd"],
               "scenarios").copy()
    troops_steps = sorted(df["troops"].unique())
    pay_steps = sorted(df["monthly_pay_usd"].unique())
    dt = min((b - a for a, b in zip(troops_steps, troops_steps[1:], strict=False)), default=1000)
    dp = min((b - a for a, b in zip(pay_steps, pay_steps[1:], strict=False)), default=250)
    df["t0"], df["t1"] = df["troops"] - dt / 2, df["troops"] + dt / 2
    df["p0"], df["p1"] = df["monthly_pay_usd"] - dp / 2, df["monthly_pay_usd"] + dp / 2
    df["revenue_m"] = df["annual_revenue_usd"] / 1e6
    df["revenue_text"] = [fmt.usd(v) for v in df["annual_revenue_usd"]]
    data = df[["troops", "monthly_pay_usd", "revenue_m", "revenue_text", "t0", "t1", "p0", "p1"]]
    xs = alt.Scale(domain=[troops_steps[0] - dt / 2, troops_steps[-1] + dt / 2], nice=False)
    ys = alt.Scale(domain=[pay_steps[0] - dp / 2, pay_steps[-1] + dp / 2], nice=False)
    color_scale = (alt.Scale(scheme="blueorange", domainMid=claim_usd / 1e6) if claim_usd
                   else alt.Scale(scheme="blues"))
    cells = alt.Chart(data).mark_rect(stroke="white", strokeWidth=0.5).encode(
        x=alt.X("t0:Q", title="North Korean troops", scale=xs,
                axis=alt.Axis(format="~s" if narrow else fmt.D3_COUNT,
                              tickCount=4 if narrow else 8)),
        x2="t1:Q",
        y=alt.Y("p0:Q", title="Pay per soldier a month (USD)", scale=ys,
                axis=alt.Axis(format=fmt.D3_USD, tickCount=5 if narrow else 8)),
        y2="p1:Q",
        color=alt.Color("revenue_m:Q", scale=color_scale, legend=alt.Legend(
            title="Revenue a year ($ million)", orient="bottom", direction="horizontal",
            format=",.0f", gradientLength=NARROW - 80 if narrow else 240, titleOrient="top")),
        tooltip=[alt.Tooltip("troops:Q", format=fmt.D3_COUNT, title="Troops"),
                 alt.Tooltip("monthly_pay_usd:Q", format=fmt.D3_USD, title="Monthly pay"),
                 alt.Tooltip("revenue_text:N", title="Revenue a year")])
    layers = [cells]
    if claim_usd:
        per = (df.assign(per_troop=df["annual_revenue_usd"] / df["troops"])
               .groupby("monthly_pay_usd", as_index=False)["per_troop"].mean())
        per = per[per["per_troop"] > 0]
        per["breakeven"] = claim_usd / per["per_troop"]
        line = per[(per["breakeven"] >= xs.domain[0]) & (per["breakeven"] <= xs.domain[1])]
        if len(line) >= 2:
            line_df = line.rename(columns={"monthly_pay_usd": "pay"})[["pay", "breakeven"]]
            layers.append(alt.Chart(line_df).mark_line(color=INK, strokeWidth=2.5,
                                                       strokeDash=[6, 3]).encode(
                x="breakeven:Q", y="pay:Q", order="pay:Q"))
            if not narrow:
                top = line_df.sort_values("pay").iloc[[-1]].assign(
                    what=f"claim: {fmt.usd(claim_usd)} a year")
                layers.append(alt.Chart(top).mark_text(
                    align="left", dx=6, dy=-4, fontSize=12, font=SANS, fontWeight="bold",
                    color=INK).encode(x="breakeven:Q", y="pay:Q", text="what:N"))
    if points is not None and not points.empty:
        pts = points[["troops", "monthly_pay_usd", "label"]].copy()
        layers.append(alt.Chart(pts).mark_point(shape="circle", size=140, filled=True,
                                                color="white", stroke=ARTICLE,
                                                strokeWidth=2.5).encode(
            x="troops:Q", y="monthly_pay_usd:Q", tooltip=["label:N"]))
        if not narrow:
            layers.append(alt.Chart(pts).mark_text(align="left", dx=9, dy=12, fontSize=12,
                                                   font=SANS, color=INK).encode(
                x="troops:Q", y="monthly_pay_usd:Q", text="label:N"))
    chart = alt.layer(*layers).properties(width="container",
                                          height=280 if narrow else HEIGHT + 40)
    return _config(chart)


# --------------------------------------------------------------------------- Monte Carlo
def montecarlo(hist: pd.DataFrame, stats: dict[str, float | None],
               narrow: bool = False) -> alt.LayerChart:
    """Histogram of simulated annual revenue, the claim and the 5/50/95th percentiles."""
    df = _need(hist, ["bin_start", "bin_end", "count"], "montecarlo_hist").copy()
    df["start_m"], df["end_m"] = df["bin_start"] / 1e6, df["bin_end"] / 1e6
    df["range_text"] = [f"{fmt.usd(a)} to {fmt.usd(b)}" for a, b in
                        zip(df["bin_start"], df["bin_end"], strict=True)]
    bars = alt.Chart(df[["start_m", "end_m", "count", "range_text"]]).mark_rect(
        color="#94a3b8", stroke="white", strokeWidth=0.4).encode(
        x=alt.X("start_m:Q", title="Annual revenue ($ million)", scale=alt.Scale(zero=False),
                axis=alt.Axis(format=fmt.D3_USD, tickCount=4 if narrow else 8)),
        x2="end_m:Q",
        y=alt.Y("count:Q", title="Simulated scenarios", axis=alt.Axis(tickCount=4)),
        tooltip=[alt.Tooltip("range_text:N", title="Revenue"),
                 alt.Tooltip("count:Q", format=",", title="Scenarios")])
    layers = [bars]
    marks = []
    names = {"p5": "5th pct", "p50": "median", "p95": "95th pct"}
    for key, name in names.items():
        if stats.get(key) is not None:
            marks.append({"x": stats[key] / 1e6, "kind": "percentile",
                          "label": name if narrow else f"{name} {fmt.usd(stats[key], True)}"})
    if stats.get("claim_usd") is not None:
        marks.append({"x": stats["claim_usd"] / 1e6, "kind": "claim",
                      "label": "claim" if narrow else
                      f"claim {fmt.usd(stats['claim_usd'], True)}"})
    if marks:
        mdf = pd.DataFrame(marks)
        ymax = float(df["count"].max())
        mdf["y"] = [ymax * (1.14 - 0.1 * i) for i in range(len(mdf))]
        colour = alt.Color("kind:N", scale=alt.Scale(domain=["claim", "percentile"],
                                                     range=[ARTICLE, "#374151"]), legend=None)
        layers.append(alt.Chart(mdf).mark_rule(strokeWidth=2).encode(
            x="x:Q", color=colour, strokeDash=alt.StrokeDash("kind:N", scale=alt.Scale(
                domain=["claim", "percentile"], range=[[1, 0], [4, 3]]), legend=None)))
        layers.append(alt.Chart(mdf).mark_text(align="left", dx=4, fontSize=12,
                                               font=SANS).encode(
            x="x:Q", y="y:Q", text="label:N", color=colour))
    chart = alt.layer(*layers).properties(width="container", height=240 if narrow else HEIGHT)
    return _config(chart)


# --------------------------------------------------------------------------- tornado
INPUT_NAMES = {"troops": "Troops", "monthly_pay_usd": "Monthly pay",
               "state_share": "Share kept by the state"}


def _fmt_input(name: str, value: float) -> str:
    if name == "monthly_pay_usd":
        return fmt.usd(value)
    if name == "state_share":
        return fmt.pct(value)
    return fmt.count(value)


def tornado(sensitivity: pd.DataFrame, claim_usd: float | None = None,
            narrow: bool = False) -> alt.LayerChart:
    """One bar per input: revenue when that input goes from its low to its high value."""
    df = _need(sensitivity, ["input", "low_value", "high_value", "revenue_low", "revenue_high"],
               "sensitivity").copy()
    df = df.sort_values("swing", ascending=False)
    df["name"] = df["input"].map(INPUT_NAMES).fillna(df["input"].str.replace("_", " "))
    if narrow:
        df["name"] = df["name"].replace({"Share kept by the state": "Share kept"})
    low_first = df["revenue_low"] <= df["revenue_high"]
    df["a"] = df[["revenue_low", "revenue_high"]].min(axis=1) / 1e6
    df["b"] = df[["revenue_low", "revenue_high"]].max(axis=1) / 1e6
    lo_lab = [_fmt_input(i, v) for i, v in zip(df["input"], df["low_value"], strict=True)]
    hi_lab = [_fmt_input(i, v) for i, v in zip(df["input"], df["high_value"], strict=True)]
    df["left_label"] = [lo if f else hi for lo, hi, f in zip(lo_lab, hi_lab, low_first,
                                                                strict=True)]
    df["right_label"] = [hi if f else lo for lo, hi, f in zip(lo_lab, hi_lab, low_first,
                                                                 strict=True)]
    df["a_text"] = [fmt.usd(v * 1e6) for v in df["a"]]
    df["b_text"] = [fmt.usd(v * 1e6) for v in df["b"]]
    order = list(df["name"])
    data = df[["name", "a", "b", "left_label", "right_label", "a_text", "b_text"]]
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=90 if narrow else 200))
    bars = alt.Chart(data).mark_bar(color=PARAMETER, height=24).encode(
        y=y, x=alt.X("a:Q", title="Annual revenue ($ million)",
                     axis=alt.Axis(format=fmt.D3_USD, tickCount=4 if narrow else 6),
                     scale=alt.Scale(zero=False, padding=50 if narrow else 40)),
        x2="b:Q",
        tooltip=[alt.Tooltip("name:N", title="Input"), alt.Tooltip("a_text:N", title="Low"),
                 alt.Tooltip("b_text:N", title="High")])
    left = alt.Chart(data).mark_text(align="right", dx=-5, fontSize=12, font=SANS).encode(
        y=y, x="a:Q", text="left_label:N")
    right = alt.Chart(data).mark_text(align="left", dx=5, fontSize=12, font=SANS).encode(
        y=y, x="b:Q", text="right_label:N")
    layers = [bars, left, right]
    base = float(df["base_revenue"].iloc[0]) if "base_revenue" in df.columns else None
    refs = []
    if base is not None:
        refs.append({"x": base / 1e6, "kind": "base",
                     "label": "central" if narrow else f"central case {fmt.usd(base, True)}"})
    if claim_usd is not None:
        refs.append({"x": claim_usd / 1e6, "kind": "claim",
                     "label": "claim" if narrow else f"claim {fmt.usd(claim_usd, True)}"})
    if refs:
        cs = alt.Scale(domain=["base", "claim"], range=["#374151", ARTICLE])
        layers.append(alt.Chart(pd.DataFrame(refs)).mark_rule(strokeDash=[4, 3],
                                                             strokeWidth=1.5).encode(
            x="x:Q", color=alt.Color("kind:N", scale=cs, legend=None)))
        base_first = bool(base is not None and claim_usd is not None and base < claim_usd)
        for i, r in enumerate(refs):
            left_side = (i == 0) == base_first
            layers.append(alt.Chart(pd.DataFrame([r])).mark_text(
                align="right" if left_side else "left", dx=-4 if left_side else 4, dy=-6,
                baseline="bottom", fontSize=12, font=SANS).encode(
                x="x:Q", y=alt.YValue(0), text="label:N",
                color=alt.Color("kind:N", scale=cs, legend=None)))
    chart = alt.layer(*layers).properties(width="container",
                                          height=max(120, 56 * len(df)))
    return _config(chart)


# --------------------------------------------------------------------------- rice
def rice_vs_shortfall(rows: pd.DataFrame, articles: int = 1,
                      narrow: bool = False) -> alt.LayerChart:
    """Horizontal range bars in tonnes: the articles' rice against reference shortfalls.
    ``rows``: label, kind (article|external|derived), low, high."""
    df = _need(rows, ["label", "kind", "low", "high"], "food_balance").copy()
    df["kind"] = df["kind"].replace({"derived": "external"})
    df["low_t"], df["high_t"] = df["low"] / 1e6, df["high"] / 1e6
    df["text"] = [fmt.span(lo, hi, "tonnes") for lo, hi in zip(df["low"], df["high"],
                                                               strict=True)]
    if narrow:
        df["label"] = [_clip(x, 22) for x in df["label"]]
    order = list(df["label"])
    data = df[["label", "kind", "low_t", "high_t", "text"]]
    y = alt.Y("label:N", sort=order, title=None,
              axis=alt.Axis(labelLimit=120 if narrow else 280))
    colour = alt.Color("kind:N", scale=KIND_SCALE, legend=kind_legend(articles, narrow))
    solid = alt.Chart(data).mark_bar(height=22).encode(
        y=y, x=alt.X("low_t:Q", title="Million tonnes", scale=alt.Scale(zero=True),
                     axis=alt.Axis(tickCount=4 if narrow else 6)),
        color=colour, tooltip=[alt.Tooltip("label:N", title="What"),
                               alt.Tooltip("text:N", title="Tonnes")])
    span = alt.Chart(data).mark_bar(height=22, opacity=0.4).encode(
        y=y, x=alt.X("low_t:Q"), x2="high_t:Q", color=colour)
    layers = [solid, span]
    if not narrow:
        layers.append(alt.Chart(data).mark_text(align="left", dx=5, fontSize=12,
                                                font=SANS).encode(
            y=y, x="high_t:Q", text="text:N"))
    chart = alt.layer(*layers).properties(width="container", height=max(120, 46 * len(df)))
    return _config(chart)


# --------------------------------------------------------------------------- timeline
def timeline(events: pd.DataFrame, reference_date: str | None = None, articles: int = 1,
             narrow: bool = False) -> alt.LayerChart:
    """Dated events, one row each, coloured by whether an article or another source dates
    it. Each row's label is its date and what happened (shortened on a phone)."""
    df = _need(events, ["date", "label", "kind"], "timeline").copy()
    df["when"] = to_dates(df["date"])
    df = df.dropna(subset=["when"]).sort_values(["when", "label"])
    if df.empty:
        raise ChartDataError("no event has a resolvable date")
    df["date_text"] = [fmt.date(str(d)[:10]) for d in df["date"]]
    limit = 28 if narrow else 64
    df["row"] = [f"{_clip(lab, limit)}" for lab in df["label"]]
    # rows must be distinct for the band scale: number repeated labels
    seen: dict[str, int] = {}
    rows = []
    for r in df["row"]:
        seen[r] = seen.get(r, 0) + 1
        rows.append(r if seen[r] == 1 else f"{r} ({seen[r]})")
    df["row"] = rows
    df["source"] = df.get("source", pd.Series([""] * len(df))).fillna("")
    order = list(df["row"])
    data = df[["when", "date_text", "label", "kind", "source", "row"]]
    y = alt.Y("row:N", sort=order, title=None,
              axis=alt.Axis(labelLimit=150 if narrow else 330, labelFontSize=12, domain=False,
                            ticks=False))
    lines = alt.Chart(data).mark_rule(color="#e5e7eb").encode(y=y)
    dots = alt.Chart(data).mark_point(size=90, filled=True).encode(
        y=y, x=alt.X("when:T", title=None, axis=alt.Axis(format="%b %Y",
                                                         tickCount=2 if narrow else 5)),
        color=alt.Color("kind:N", scale=KIND_SCALE, legend=kind_legend(articles, narrow)),
        tooltip=[alt.Tooltip("date_text:N", title="Date"), alt.Tooltip("label:N", title="Event"),
                 alt.Tooltip("source:N", title="Source")])
    layers = [lines, dots]
    if reference_date:
        rd = to_dates(pd.Series([reference_date])).iloc[0]
        if not pd.isna(rd):
            layers.append(alt.Chart(pd.DataFrame({"when": [rd]})).mark_rule(
                color=ARTICLE, strokeDash=[4, 3]).encode(x="when:T"))
    chart = alt.layer(*layers).properties(width="container", height=max(100, 30 * len(df)))
    return _config(chart)


# --------------------------------------------------------------------------- what-if
def what_if(troops: float, monthly_pay: float, share: float, months: float,
            claim_usd: float | None, narrow: bool = False) -> alt.LayerChart:
    """Sliders for troops, monthly pay and share kept that recompute the revenue in the
    browser with the model's own formula (:data:`nkrussia.model.VEGA_EXPRESSION`)."""
    t_max = max(20_000, math.ceil(troops * 2 / 1000) * 1000)
    p_max = max(4_000, math.ceil(monthly_pay * 2 / 500) * 500)
    params = [
        alt.param(name="troops", value=troops, bind=alt.binding_range(
            min=0, max=t_max, step=100, name="Troops")),
        alt.param(name="pay", value=monthly_pay, bind=alt.binding_range(
            min=0, max=p_max, step=50, name="Monthly pay per soldier (USD)")),
        alt.param(name="share_pct", value=round(share * 100), bind=alt.binding_range(
            min=0, max=100, step=5, name="Share of pay kept by the state (%)")),
        alt.param(name="months", value=months),
    ]
    expr = model.VEGA_EXPRESSION.replace("share", "(share_pct / 100)")
    params.append(alt.param(name="revenue", expr=expr))  # read by the page's live description
    rows = [{"what": "Your scenario", "claim": claim_usd or 0.0, "order": 0}]
    if claim_usd:
        rows.append({"what": "The claim", "claim": claim_usd, "order": 1})
    base = alt.Chart(pd.DataFrame(rows)).transform_calculate(
        revenue=f"datum.order == 0 ? {expr} : datum.claim").transform_calculate(
        revenue_m="datum.revenue / 1e6")
    xmax = max(600, (claim_usd or 0) / 1e6 * 3)
    y = alt.Y("what:N", sort=["Your scenario", "The claim"], title=None,
              axis=alt.Axis(labelFontSize=12, labelLimit=200))
    bars = base.mark_bar(height=30).encode(
        y=y, x=alt.X("revenue_m:Q", title="Annual revenue ($ million)",
                     scale=alt.Scale(domain=[0, xmax], clamp=True),
                     axis=alt.Axis(format=fmt.D3_USD, tickCount=4 if narrow else 6)),
        color=alt.Color("what:N", scale=alt.Scale(domain=["Your scenario", "The claim"],
                                                  range=[PARAMETER, ARTICLE]), legend=None))
    labels = base.mark_text(align="left", dx=6, fontSize=13, font=SANS,
                            fontWeight="bold").encode(
        y=y, x=alt.X("revenue_m:Q"), text=alt.Text("label:N")).transform_calculate(
        label="'$' + format(datum.revenue_m, ',.0f') + ' million'")
    chart = alt.layer(bars, labels).add_params(*params).properties(
        width="container", height=100)
    return _config(chart)
