"""Altair chart builders: pure functions from processed tables to charts.

Every builder returns a chart with a ``title`` and a ``description`` (the alt text that
``render.spec_html`` puts in ``aria-label``). The caption, the source note and the CSV
download live in :func:`nkrussia.report.figure`, which wraps a chart for the page.

Colours carry one meaning throughout the report: the article's figures are dark red,
external context is slate blue, our parameters are amber.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from nkrussia.errors import ChartDataError

ARTICLE = "#9b1c1c"
EXTERNAL = "#3b5b7a"
PARAMETER = "#b7791f"
MUTED = "#6b7280"
FONT = "Georgia, 'Noto Serif', 'DejaVu Serif', serif"
SANS = "'Helvetica Neue', Arial, 'Noto Sans', 'DejaVu Sans', sans-serif"
HEIGHT = 300

KIND_SCALE = alt.Scale(domain=["article", "external"], range=[ARTICLE, EXTERNAL])
def kind_legend(articles: int = 1) -> alt.Legend:
    """The article-vs-external legend, worded for one article or several."""
    label = "The article" if articles <= 1 else "The articles"
    return alt.Legend(title=None, orient="top", labelLimit=400, symbolOpacity=1, labelExpr=(
        f"datum.label == 'article' ? '{label}' : 'Later and other reporting (external)'"))


KIND_LEGEND = kind_legend()


def _the_articles(articles: int) -> str:
    return "the article" if articles <= 1 else "the articles"

# Qualifier -> point shape: the reader sees "more than" / "up to" at a glance.
QUALIFIER_SHAPES = {
    "over": "triangle-up", "more_than": "triangle-up", "at_least": "triangle-up",
    "up_to": "triangle-down", "approximately": "circle", "exact": "circle",
    "range": "diamond", "vague": "square",
}
QUALIFIER_WORDS = {
    "over": "over", "more_than": "more than", "at_least": "at least", "up_to": "up to",
    "approximately": "about", "exact": "exactly", "range": "range", "vague": "vague",
}


def _wrap(text: str, width: int) -> list[str] | str:
    """Split a title into lines so that narrow (phone) charts do not truncate it."""
    import textwrap

    lines = textwrap.wrap(text, width)
    return lines if len(lines) > 1 else text


def title(text: str, subtitle: str = "", **kw) -> alt.Title:
    return alt.Title(_wrap(text, 44), subtitle=_wrap(subtitle, 48) if subtitle else alt.Undefined,
                     **kw)


_CONFIG: alt.Config | None = None


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The house style. Built once and set as the chart's ``config``: the equivalent chain of
    ``configure_*`` calls copies and re-validates the whole chart at each step (a third of
    the report notebook's chart time)."""
    global _CONFIG
    if _CONFIG is None:
        _CONFIG = alt.Config(
            font=FONT,
            title=alt.TitleConfig(font=SANS, fontSize=15, anchor="start", color="#1d232b",
                                  subtitleFont=FONT, subtitleFontSize=12,
                                  subtitleColor=MUTED),
            axis=alt.AxisConfig(labelFont=SANS, titleFont=SANS, labelFontSize=11,
                                titleFontSize=11, titleColor="#374151", labelColor="#374151",
                                gridColor="#e5e7eb", domainColor="#9ca3af",
                                tickColor="#9ca3af"),
            legend=alt.LegendConfig(labelFont=SANS, titleFont=SANS, labelFontSize=11),
            view=alt.ViewConfig(stroke=None))
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


def _num(value) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def to_dates(values: pd.Series) -> pd.Series:
    """ISO dates of mixed precision ('2024-10', '2024-10-23') → timestamps; others → NaT."""
    def one(v):
        text = str(v)[:10] if v is not None else ""
        for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
            try:
                return pd.to_datetime(text, format=fmt)
            except (ValueError, TypeError):
                continue
        return pd.NaT
    return pd.to_datetime(values.map(one))


def musd_label(field: str = "datum.value") -> str:
    """Vega expression: a USD amount as '$168M'."""
    return f"'$' + format({field} / 1e6, ',.0f') + 'M'"


# --------------------------------------------------------------------------- troops
def troop_estimates(troops: pd.DataFrame, articles: int = 1) -> alt.LayerChart:
    """Troop estimates over time: the article's (red) against later reporting (blue);
    ``articles``: how many articles the red points come from (for the wording)."""
    df = _need(troops, ["kind", "value", "date"], "troop_estimates").copy()
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    df = df.dropna(subset=["value"])
    df["date"] = to_dates(df["date"])
    df = df.dropna(subset=["date"])
    df = df.dropna(subset=["date"])
    if df.empty:
        raise ChartDataError("no troop estimate has both a value and a date")
    for col in ("low", "high", "qualifier", "source", "quote", "url", "quantity"):
        if col not in df.columns:
            df[col] = None
    low = pd.to_numeric(df["low"], errors="coerce")
    high = pd.to_numeric(df["high"], errors="coerce")
    df["lo"] = low.fillna(df["value"])
    df["hi"] = high.fillna(df["value"])
    df["qualifier"] = df["qualifier"].fillna("exact")
    df["shape"] = df["qualifier"].map(QUALIFIER_SHAPES).fillna("circle")
    df["how"] = df["qualifier"].map(QUALIFIER_WORDS).fillna(df["qualifier"])
    df["label"] = df.apply(
        lambda r: f"{r['how'] + ' ' if r['how'] not in ('exactly', 'range') else ''}"
                  f"{r['value']:,.0f}" + (" (expected)" if r["quantity"] == "troops_expected"
                                          else ""), axis=1)
    df["who"] = df["source"].fillna("").astype(str)
    df["date_text"] = troops.loc[df.index, "date"].astype(str).str.slice(0, 10)
    data = df[["kind", "date", "date_text", "value", "lo", "hi", "qualifier", "shape", "label",
               "who", "quantity"]]
    base = alt.Chart(data).encode(
        x=alt.X("date:T", title="Date the estimate refers to",
                axis=alt.Axis(format="%b %Y", tickCount=6)),
        color=alt.Color("kind:N", scale=KIND_SCALE, legend=kind_legend(articles)),
    )
    ranges = base.mark_rule(strokeWidth=2, opacity=0.6).encode(
        y=alt.Y("lo:Q"), y2="hi:Q")
    points = base.mark_point(size=120, filled=True, opacity=0.95).encode(
        y=alt.Y("value:Q", title="North Korean troops", scale=alt.Scale(zero=True),
                axis=alt.Axis(format=",.0f")),
        shape=alt.Shape("shape:N", scale=None),
        tooltip=[alt.Tooltip("label:N", title="Estimate"),
                 alt.Tooltip("who:N", title="Source"),
                 alt.Tooltip("date_text:N", title="Refers to"),
                 alt.Tooltip("kind:N", title="Kind")],
    )
    labels = base.transform_filter("datum.kind == 'article'").mark_text(
        align="left", dx=10, dy=4, fontSize=11, font=SANS, fontWeight="bold").encode(
        y="value:Q", text="label:N")
    ext_labels = base.transform_filter("datum.kind != 'article'").mark_text(
        align="left", dx=8, dy=-8, fontSize=10, font=SANS, color=EXTERNAL).encode(
        y="value:Q", text=alt.Text("value:Q", format=",.0f"))
    chart = alt.layer(ranges, points, labels, ext_labels).properties(
        width="container", height=HEIGHT,
        title=title(f"Troop estimates: {_the_articles(articles)} against later reporting",
                        subtitle="▲ more than / at least   ▼ up to   ● about / exact   "
                                 "lines: stated ranges"),
        description=_troops_alt(df, articles),
    )
    return _config(chart)


def _troops_alt(df: pd.DataFrame, articles: int = 1) -> str:
    art = df[df["kind"] == "article"]
    ext = df[df["kind"] != "article"].sort_values("date")
    parts = ["Dot chart of North Korean troop estimates by date."]
    if not art.empty:
        parts.append(_the_articles(articles).capitalize() + ": " + "; ".join(
            f"{r.label} ({r.who})" if r.who else r.label for r in art.itertuples()) + ".")
    if not ext.empty:
        parts.append("External reporting: " + "; ".join(
            f"{r.label} on {r.date_text} ({r.who})" for r in ext.itertuples()) + ".")
    return " ".join(parts)


# --------------------------------------------------------------------------- revenue
def revenue_heatmap(scenarios: pd.DataFrame, claim_usd: float | None = None,
                    points: pd.DataFrame | None = None) -> alt.LayerChart:
    """Annual revenue over troops × monthly pay, the claim's break-even line drawn on it.

    ``points``: optional rows (troops, monthly_pay_usd, label) marking the article's scenarios.
    """
    df = _need(scenarios, ["troops", "monthly_pay_usd", "annual_revenue_usd"],
               "scenarios").copy()
    for c in ("troops", "monthly_pay_usd", "annual_revenue_usd"):
        df[c] = pd.to_numeric(df[c], errors="coerce")
    df = df.dropna(subset=["troops", "monthly_pay_usd", "annual_revenue_usd"])
    if claim_usd is None and "claim_usd" in df.columns:
        claim_usd = _num(pd.to_numeric(df["claim_usd"], errors="coerce").dropna().max())
    troops_steps = sorted(df["troops"].unique())
    pay_steps = sorted(df["monthly_pay_usd"].unique())
    dt = min((b - a for a, b in zip(troops_steps, troops_steps[1:], strict=False)), default=1000)
    dp = min((b - a for a, b in zip(pay_steps, pay_steps[1:], strict=False)), default=250)
    df["t0"], df["t1"] = df["troops"] - dt / 2, df["troops"] + dt / 2
    df["p0"], df["p1"] = df["monthly_pay_usd"] - dp / 2, df["monthly_pay_usd"] + dp / 2
    df["revenue_m"] = df["annual_revenue_usd"] / 1e6
    data = df[["troops", "monthly_pay_usd", "annual_revenue_usd", "revenue_m", "t0", "t1", "p0",
               "p1"]]
    xs = alt.Scale(domain=[troops_steps[0] - dt / 2, troops_steps[-1] + dt / 2], nice=False)
    ys = alt.Scale(domain=[pay_steps[0] - dp / 2, pay_steps[-1] + dp / 2], nice=False)
    color_scale = (alt.Scale(scheme="blueorange", domainMid=claim_usd / 1e6) if claim_usd
                   else alt.Scale(scheme="blues"))
    cells = alt.Chart(data).mark_rect(stroke="white", strokeWidth=0.5).encode(
        x=alt.X("t0:Q", title="North Korean troops", scale=xs, axis=alt.Axis(format=",.0f")),
        x2="t1:Q",
        y=alt.Y("p0:Q", title="Pay per soldier per month (USD)", scale=ys,
                axis=alt.Axis(format="$,.0f")),
        y2="p1:Q",
        color=alt.Color("revenue_m:Q", scale=color_scale,
                        legend=alt.Legend(title="Revenue a year ($M)", orient="bottom",
                                          direction="horizontal", format=",.0f",
                                          gradientLength=220, titleOrient="left")),
        tooltip=[alt.Tooltip("troops:Q", format=",.0f", title="Troops"),
                 alt.Tooltip("monthly_pay_usd:Q", format="$,.0f", title="Monthly pay"),
                 alt.Tooltip("revenue_m:Q", format="$,.1f", title="Revenue a year ($M)")],
    )
    layers = [cells]
    if claim_usd:
        # Revenue is linear in troops at fixed pay: break-even troops = claim / (revenue/troop).
        per = (df.assign(per_troop=df["annual_revenue_usd"] / df["troops"])
               .groupby("monthly_pay_usd", as_index=False)["per_troop"].mean())
        per = per[per["per_troop"] > 0]
        per["breakeven"] = claim_usd / per["per_troop"]
        lo_t, hi_t = xs.domain[0], xs.domain[1]
        line = per[(per["breakeven"] >= lo_t) & (per["breakeven"] <= hi_t)]
        if len(line) >= 2:
            line_df = line.rename(columns={"monthly_pay_usd": "pay"})[["pay", "breakeven"]]
            line_df["what"] = f"claim: {musd_text(claim_usd)} a year"
            layers.append(alt.Chart(line_df).mark_line(color="#111827", strokeWidth=2.5,
                                                       strokeDash=[6, 3]).encode(
                x="breakeven:Q", y="pay:Q", order="pay:Q"))
            top = line_df.sort_values("pay").iloc[-1]
            layers.append(alt.Chart(pd.DataFrame([top])).mark_text(
                align="left", dx=6, dy=-4, fontSize=11, font=SANS, fontWeight="bold",
                color="#111827").encode(x="breakeven:Q", y="pay:Q", text="what:N"))
    if points is not None and not points.empty:
        pts = points[["troops", "monthly_pay_usd", "label"]].copy()
        layers.append(alt.Chart(pts).mark_point(shape="circle", size=140, filled=True,
                                                color="white", stroke=ARTICLE,
                                                strokeWidth=2.5).encode(
            x="troops:Q", y="monthly_pay_usd:Q", tooltip=["label:N"]))
        layers.append(alt.Chart(pts).mark_text(align="left", dx=9, dy=10, fontSize=11,
                                               font=SANS, color="#111827").encode(
            x="troops:Q", y="monthly_pay_usd:Q", text="label:N"))
    desc = ("Heatmap of annual revenue for troop counts from "
            f"{troops_steps[0]:,.0f} to {troops_steps[-1]:,.0f} and monthly pay from "
            f"${pay_steps[0]:,.0f} to ${pay_steps[-1]:,.0f}.")
    if claim_usd:
        desc += (f" A dashed line marks where revenue equals the claimed {musd_text(claim_usd)}"
                 " a year; cells to its right (orange) exceed the claim, to its left (blue)"
                 " fall short.")
    if points is not None and not points.empty:
        desc += " Circles mark the article's scenarios: " + "; ".join(points["label"]) + "."
    chart = alt.layer(*layers).properties(
        width="container", height=HEIGHT + 40,
        title=title("Annual revenue by troops and pay",
                        subtitle="Dashed: the article's revenue claim; "
                                 "circles: the article's own troop and pay figures"),
        description=desc)
    return _config(chart)


def musd_text(value: float) -> str:
    """$200 million / $1.2 billion, for labels and alt text."""
    if abs(value) >= 1e9:
        return f"${value / 1e9:,.1f} billion"
    if abs(value) >= 1e6:
        return f"${value / 1e6:,.0f} million"
    return f"${value:,.0f}"


# --------------------------------------------------------------------------- Monte Carlo
def montecarlo(hist: pd.DataFrame, summary: pd.DataFrame | None = None) -> alt.LayerChart:
    """Histogram of simulated annual revenue, the claim and the 5/50/95th percentiles."""
    df = _need(hist, ["bin_start", "bin_end", "count"], "montecarlo_hist").copy()
    df["start_m"] = pd.to_numeric(df["bin_start"]) / 1e6
    df["end_m"] = pd.to_numeric(df["bin_end"]) / 1e6
    df["count"] = pd.to_numeric(df["count"])
    bars = alt.Chart(df[["start_m", "end_m", "count"]]).mark_rect(
        color="#94a3b8", stroke="white", strokeWidth=0.4).encode(
        x=alt.X("start_m:Q", title="Annual revenue (USD million)",
                scale=alt.Scale(zero=False), axis=alt.Axis(format="$,.0f")),
        x2="end_m:Q",
        y=alt.Y("count:Q", title="Simulated scenarios"),
        tooltip=[alt.Tooltip("start_m:Q", format="$,.0f", title="From ($M)"),
                 alt.Tooltip("end_m:Q", format="$,.0f", title="To ($M)"),
                 alt.Tooltip("count:Q", format=",", title="Scenarios")])
    layers = [bars]
    stats = _summary_dict(summary)
    marks = []
    names = {"p5": "5th percentile", "p50": "median", "p95": "95th percentile"}
    for key, name in names.items():
        if stats.get(key) is not None:
            marks.append({"x": stats[key] / 1e6, "what": name,
                          "label": f"{name} {musd_label_py(stats[key])}", "kind": "percentile"})
    claim = stats.get("claim_usd")
    if claim is not None:
        marks.append({"x": claim / 1e6, "what": "claim",
                      "label": f"article's claim {musd_label_py(claim)}", "kind": "claim"})
    if marks:
        mdf = pd.DataFrame(marks)
        ymax = float(df["count"].max())
        mdf["y"] = [ymax * (1.12 - 0.1 * i) for i in range(len(mdf))]
        rule = alt.Chart(mdf).mark_rule(strokeWidth=2).encode(
            x="x:Q",
            color=alt.Color("kind:N", scale=alt.Scale(domain=["claim", "percentile"],
                                                      range=[ARTICLE, "#374151"]), legend=None),
            strokeDash=alt.StrokeDash("kind:N", scale=alt.Scale(
                domain=["claim", "percentile"], range=[[1, 0], [4, 3]]), legend=None))
        text = alt.Chart(mdf).mark_text(align="left", dx=4, fontSize=11, font=SANS).encode(
            x="x:Q", y="y:Q", text="label:N",
            color=alt.Color("kind:N", scale=alt.Scale(domain=["claim", "percentile"],
                                                      range=[ARTICLE, "#374151"]), legend=None))
        layers += [rule, text]
    desc = "Histogram of simulated annual revenue."
    if all(stats.get(k) is not None for k in names):
        desc += (f" 90% of simulated scenarios lie between {musd_text(stats['p5'])} and "
                 f"{musd_text(stats['p95'])}; the median is {musd_text(stats['p50'])}.")
    if claim is not None and stats.get("prob_exceeds_claim") is not None:
        desc += (f" {stats['prob_exceeds_claim']:.0%} of scenarios exceed the article's claim"
                 f" of {musd_text(claim)}.")
    n = stats.get("n_draws")
    chart = alt.layer(*layers).properties(
        width="container", height=HEIGHT,
        title=title("How much could the deployment earn? A Monte Carlo view",
                        subtitle=(f"{n:,.0f} simulated scenarios; " if n else "")
                        + "troops, pay and the state's share drawn at random"),
        description=desc)
    return _config(chart)


def musd_label_py(value: float) -> str:
    return f"${value / 1e6:,.0f}M"


def _summary_dict(summary: pd.DataFrame | None) -> dict[str, float | None]:
    if summary is None or "statistic" not in summary.columns or "value" not in summary.columns:
        return {}
    return {str(r.statistic): _num(r.value) for r in summary.itertuples()}


# --------------------------------------------------------------------------- tornado
INPUT_NAMES = {
    "troops": "Troops", "troops_low": "Troops", "monthly_pay_usd": "Monthly pay",
    "state_share": "Share kept by the state", "months": "Months a year",
    "pay": "Monthly pay", "share": "Share kept by the state",
}


def _fmt_input(name: str, value: float) -> str:
    if "pay" in name or "usd" in name:
        return f"${value:,.0f}"
    if "share" in name:
        return f"{value:.0%}"
    return f"{value:,.0f}"


def tornado(sensitivity: pd.DataFrame, claim_usd: float | None = None) -> alt.LayerChart:
    """One bar per input: revenue when that input goes from its low to its high value."""
    df = _need(sensitivity, ["input", "low_value", "high_value", "revenue_low", "revenue_high"],
               "sensitivity").copy()
    for c in ("low_value", "high_value", "revenue_low", "revenue_high"):
        df[c] = pd.to_numeric(df[c], errors="coerce")
    df["swing"] = (df["revenue_high"] - df["revenue_low"]).abs()
    df = df.sort_values("swing", ascending=False)
    df["name"] = df["input"].map(INPUT_NAMES).fillna(df["input"].str.replace("_", " "))
    df["a"] = df[["revenue_low", "revenue_high"]].min(axis=1) / 1e6
    df["b"] = df[["revenue_low", "revenue_high"]].max(axis=1) / 1e6
    df["lo_label"] = [_fmt_input(i, v) for i, v in zip(df["input"], df["low_value"],
                                                        strict=True)]
    df["hi_label"] = [_fmt_input(i, v) for i, v in zip(df["input"], df["high_value"],
                                                        strict=True)]
    # Label each bar end with the input value that produced it.
    df["left_label"] = df.apply(lambda r: r["lo_label"] if r["revenue_low"] <= r["revenue_high"]
                                else r["hi_label"], axis=1)
    df["right_label"] = df.apply(lambda r: r["hi_label"] if r["revenue_low"] <= r["revenue_high"]
                                 else r["lo_label"], axis=1)
    order = list(df["name"])
    data = df[["name", "a", "b", "left_label", "right_label", "swing"]]
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=200))
    bars = alt.Chart(data).mark_bar(color=PARAMETER, height=26).encode(
        y=y, x=alt.X("a:Q", title="Annual revenue (USD million)",
                     axis=alt.Axis(format="$,.0f", tickCount=6),
                     scale=alt.Scale(zero=False, padding=40)),
        x2="b:Q",
        tooltip=[alt.Tooltip("name:N", title="Input"),
                 alt.Tooltip("a:Q", format="$,.0f", title="Low ($M)"),
                 alt.Tooltip("b:Q", format="$,.0f", title="High ($M)")])
    left = alt.Chart(data).mark_text(align="right", dx=-5, fontSize=11, font=SANS).encode(
        y=y, x="a:Q", text="left_label:N")
    right = alt.Chart(data).mark_text(align="left", dx=5, fontSize=11, font=SANS).encode(
        y=y, x="b:Q", text="right_label:N")
    layers = [bars, left, right]
    base = _num(df["base_revenue"].iloc[0]) if "base_revenue" in df.columns else None
    refs = []
    if base is not None:
        refs.append({"x": base / 1e6, "label": f"central case {musd_label_py(base)}",
                     "kind": "base", "align": "left", "dx": 4})
    if claim_usd is not None:
        refs.append({"x": claim_usd / 1e6, "label": f"claim {musd_label_py(claim_usd)}",
                     "kind": "claim", "align": "right", "dx": -4})
    if refs:
        rdf = pd.DataFrame(refs)
        cs = alt.Scale(domain=["base", "claim"], range=["#374151", ARTICLE])
        layers.append(alt.Chart(rdf).mark_rule(strokeDash=[4, 3], strokeWidth=1.5).encode(
            x="x:Q", color=alt.Color("kind:N", scale=cs, legend=None)))
        base_first = bool(base is not None and claim_usd is not None and base < claim_usd)
        for i, r in enumerate(refs):
            # The left-hand reference line gets its label on the left, the other on the right.
            left = (i == 0) == base_first
            layers.append(alt.Chart(pd.DataFrame([r])).mark_text(
                align="right" if left else "left", dx=-4 if left else 4, dy=-6,
                baseline="bottom", fontSize=11, font=SANS).encode(
                x="x:Q", y=alt.YValue(0), text="label:N",
                color=alt.Color("kind:N", scale=cs, legend=None)))
    desc = "Tornado chart of annual revenue. " + " ".join(
        f"{r.name}: from {musd_text(r.a * 1e6)} ({r.left_label}) to {musd_text(r.b * 1e6)} "
        f"({r.right_label})." for r in data.itertuples())
    chart = alt.layer(*layers).properties(
        width="container", height=max(120, 60 * len(df)),
        title=title("Which assumption matters most?",
                        subtitle="Each bar moves one input from its low to its high value, "
                                 "the others held at the central case"),
        description=desc)
    return _config(chart)


# --------------------------------------------------------------------------- rice
def rice_vs_shortfall(rows: pd.DataFrame, articles: int = 1) -> alt.LayerChart:
    """Horizontal range bars in tonnes: the article's rice figure against reference shortfalls.

    ``rows``: label, kind (article|external), low, high, source — built by
    :func:`nkrussia.report.rice_rows`.
    """
    df = _need(rows, ["label", "kind", "low", "high"], "rice comparison").copy()
    df["low_t"] = pd.to_numeric(df["low"], errors="coerce") / 1e6
    df["high_t"] = pd.to_numeric(df["high"], errors="coerce") / 1e6
    df["high_t"] = df["high_t"].fillna(df["low_t"])
    df["low_t"] = df["low_t"].fillna(df["high_t"])
    df["text"] = df.apply(lambda r: (f"{r.low_t:,.2f}–{r.high_t:,.2f} Mt" if r.low_t != r.high_t
                                     else f"{r.low_t:,.2f} Mt"), axis=1)
    df["source"] = df.get("source", pd.Series([""] * len(df))).fillna("")
    order = list(df["label"])
    data = df[["label", "kind", "low_t", "high_t", "text", "source"]]
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    x = alt.X("high_t:Q", title="Million tonnes", scale=alt.Scale(zero=True))
    solid = alt.Chart(data).mark_bar(height=22).encode(
        y=y, x=alt.X("low_t:Q", title="Million tonnes", scale=alt.Scale(zero=True)),
        color=alt.Color("kind:N", scale=KIND_SCALE, legend=kind_legend(articles)),
        tooltip=["label:N", "text:N", "source:N"])
    span = alt.Chart(data).mark_bar(height=22, opacity=0.4).encode(
        y=y, x=alt.X("low_t:Q"), x2="high_t:Q",
        color=alt.Color("kind:N", scale=KIND_SCALE, legend=kind_legend(articles)))
    text = alt.Chart(data).mark_text(align="left", dx=5, fontSize=11, font=SANS).encode(
        y=y, x=x, text="text:N")
    chart = alt.layer(solid, span, text).properties(
        width="container", height=max(120, 48 * len(df)),
        title=title("Rice from Russia against North Korea's food shortfall",
                        subtitle="Pale extension: the upper end of a stated range"),
        description="Bar chart in million tonnes. " + " ".join(
            f"{r.label}: {r.text}{' (' + r.source + ')' if r.source else ''}."
            for r in data.itertuples()))
    return _config(chart)


# --------------------------------------------------------------------------- timeline
def timeline(events: pd.DataFrame, reference_date: str | None = None,
             articles: int = 1) -> alt.LayerChart:
    """Dated events, one row each, coloured by whether the article(s) or external sources
    date it; ``articles``: how many articles the red events come from (for the wording)."""
    df = _need(events, ["date", "label", "kind"], "timeline").copy()
    df["when"] = to_dates(df["date"])
    df = df.dropna(subset=["when"]).sort_values("when")
    if df.empty:
        raise ChartDataError("no event has a resolvable date")
    df["source"] = df["source"].fillna("") if "source" in df.columns else ""
    df["date_text"] = [w.strftime("%b %Y") if len(str(d)) == 7 else w.strftime("%d %b %Y")
                       for w, d in zip(df["when"], df["date"], strict=True)]
    df["row"] = df["date_text"] + " · " + df["label"].astype(str)
    order = list(df["row"])
    data = df[["when", "date_text", "label", "kind", "source", "row"]]
    y = alt.Y("row:N", sort=order, title=None,
              axis=alt.Axis(labelLimit=420, labelFontSize=11, domain=False, ticks=False))
    lines = alt.Chart(data).mark_rule(color="#e5e7eb").encode(y=y)
    dots = alt.Chart(data).mark_point(size=110, filled=True).encode(
        y=y, x=alt.X("when:T", title=None, axis=alt.Axis(format="%d %b %Y", tickCount=5)),
        color=alt.Color("kind:N", scale=KIND_SCALE, legend=kind_legend(articles)),
        tooltip=[alt.Tooltip("date_text:N", title="Date"), alt.Tooltip("label:N", title="Event"),
                 alt.Tooltip("source:N", title="Source")])
    layers = [lines, dots]
    if reference_date:
        rd = to_dates(pd.Series([reference_date])).iloc[0]
        if not pd.isna(rd):
            rdf = pd.DataFrame({"when": [rd], "label": ["article's date"]})
            layers.append(alt.Chart(rdf).mark_rule(color=ARTICLE, strokeDash=[4, 3]).encode(
                x="when:T"))
    chart = alt.layer(*layers).properties(
        width="container", height=max(120, 34 * len(df)),
        title=title("Timeline of dated events",
                        subtitle=f"Red: dated in {_the_articles(articles)}; blue: external "
                                 "sources (the 2024 "
                                 "treaty)" + ("; dashed: the article's date" if reference_date
                                               else "")),
        description="Timeline. " + " ".join(
            f"{r.date_text}: {r.label} ({'article' if r.kind == 'article' else r.source})."
            for r in data.itertuples()))
    return _config(chart)


# --------------------------------------------------------------------------- what-if
def what_if(troops: float, monthly_pay: float, share: float, months: float,
            claim_usd: float | None, *, troops_max: float | None = None,
            pay_max: float | None = None) -> alt.LayerChart:
    """Sliders for troops, monthly pay and share retained that recompute revenue in the browser."""
    t_max = troops_max or max(20_000, math.ceil(troops * 2 / 1000) * 1000)
    p_max = pay_max or max(4_000, math.ceil(monthly_pay * 2 / 500) * 500)
    p_troops = alt.param(name="troops", value=troops, bind=alt.binding_range(
        min=0, max=t_max, step=100, name="Troops "))
    p_pay = alt.param(name="pay", value=monthly_pay, bind=alt.binding_range(
        min=0, max=p_max, step=50, name="Monthly pay per soldier (USD) "))
    p_share = alt.param(name="share_pct", value=round(share * 100), bind=alt.binding_range(
        min=0, max=100, step=5, name="Share kept by the state (%) "))
    rows = [{"what": "Your scenario", "claim": claim_usd or 0.0, "order": 0}]
    if claim_usd:
        rows.append({"what": "The article's claim", "claim": claim_usd, "order": 1})
    calc = f"datum.order == 0 ? troops * pay * {months:g} * share_pct / 100 : datum.claim"
    base = alt.Chart(pd.DataFrame(rows)).transform_calculate(revenue=calc).transform_calculate(
        revenue_m="datum.revenue / 1e6")
    xmax = max(t_max * p_max * months, claim_usd or 0) / 1e6
    y = alt.Y("what:N", sort=["Your scenario", "The article's claim"], title=None,
              axis=alt.Axis(labelFontSize=12, labelLimit=200))
    bars = base.mark_bar(height=34).encode(
        y=y,
        x=alt.X("revenue_m:Q", title="Annual revenue (USD million)",
                scale=alt.Scale(domain=[0, min(xmax, max(600, (claim_usd or 0) / 1e6 * 3))],
                                clamp=True),
                axis=alt.Axis(format="$,.0f")),
        color=alt.Color("what:N", scale=alt.Scale(
            domain=["Your scenario", "The article's claim"], range=[PARAMETER, ARTICLE]),
            legend=None))
    labels = base.mark_text(align="left", dx=6, fontSize=13, font=SANS,
                            fontWeight="bold").encode(
        y=y, x=alt.X("revenue_m:Q"), text=alt.Text("label:N")).transform_calculate(
        label="'$' + format(datum.revenue_m, ',.0f') + ' million'")
    headline_expr = (
        f"'$' + format(troops * pay * {months:g} * share_pct / 100 / 1e6, ',.0f') + "
        "' million a year'")
    if claim_usd:
        headline_expr += (f" + (troops * pay * {months:g} * share_pct / 100 > {claim_usd!r} ? "
                          "'\\nyour scenario: above the claim' : "
                          "'\\nyour scenario: below the claim')")
    headline = alt.Chart(pd.DataFrame([{"x": 0}])).mark_text(
        align="left", baseline="top", fontSize=14, font=SANS, fontWeight="bold",
        color="#111827", lineBreak="\n", lineHeight=18).encode(
        x=alt.XValue(-100), y=alt.YValue(-44), text=alt.Text("headline:N")).transform_calculate(
        headline=headline_expr)
    desc = (f"Interactive what-if. With {troops:,.0f} troops, ${monthly_pay:,.0f} a month and "
            f"{share:.0%} kept by the state over {months:g} months, annual revenue is "
            f"{musd_text(troops * monthly_pay * months * share)}")
    desc += (f" against the article's claim of {musd_text(claim_usd)}." if claim_usd else ".")
    desc += " Sliders below the chart change the scenario."
    chart = alt.layer(bars, labels, headline).add_params(p_troops, p_pay, p_share).properties(
        width="container", height=110,
        padding={"top": 5, "left": 5, "right": 5, "bottom": 5},
        title=title("What if? Recompute the revenue yourself",
                    f"revenue = troops × monthly pay × {months:g} months × share kept by the "
                    "state", offset=48),
        description=desc)
    return _config(chart)
