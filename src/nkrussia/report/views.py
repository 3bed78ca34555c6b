"""Plain context for the report's templates, one builder per section.

Each function takes the validated tables (:class:`~nkrussia.report.data.ReportData`) and
returns dicts and lists of values — :class:`~.values.Art`, :class:`~.values.Par`,
:class:`~.values.Ext`, :class:`~.values.Num` and plain text — never HTML. Which claim check is
the break-even, which the revenue, is read from the checks' ``kind``; everything shown is
computed in the analysis and only formatted here (:mod:`nkrussia.fmt`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from nkrussia import fmt, model
from nkrussia.params import Params
from nkrussia.report.data import ReportData, Row
from nkrussia.report.values import (
    Art,
    Ext,
    Notes,
    Num,
    Par,
    anchor_id,
    article_file,
    article_note,
    period_words,
    rate_note,
    reference_note,
)
from nkrussia.vocab import QUANTITIES

TROOPS = ("troops_deployed", "troops_expected")


@dataclass
class Report:
    """The report being built: the data, the numbered notes and the figure counter."""

    data: ReportData
    notes: Notes = field(default_factory=Notes)
    figures: list[str] = field(default_factory=list)
    # where articles' texts are: None = on this page (one article); else on their own pages,
    # reached with this prefix ("articles/" from the main report, "" between article pages)
    articles_at: str | None = None
    here: str | None = None  # the document whose page this is (an article page)

    @classmethod
    def for_data(cls, data: ReportData) -> Report:
        r = cls(data)
        if len(data.doc_ids()) > 1:
            r.articles_at = "articles/"
        return r

    def page_of(self, doc_id: Any) -> str:
        """The page holding a document's text and figures, relative to this one."""
        if self.articles_at is None or doc_id is None or str(doc_id) == self.here:
            return ""
        return self.articles_at + article_file(doc_id)

    def art(self, fig: Row | None) -> Art | None:
        found = art(fig)
        if found is None:
            return None
        converted, notes = self.converted(fig)
        return Art(found.text, found.figure_id, found.note, self.page_of(fig.get("doc_id")),
                   converted, notes)

    def converted(self, fig: Row) -> tuple[str, tuple]:
        """A money figure stated in another currency: its US-dollar amount, the rate and the
        rate's note — or why it is not converted; ("", ()) for any other figure."""
        if fmt.money_code(fig.get("unit")) in (None, "USD"):
            return "", ()
        row = self.data.conversion(fig.get("figure_id"))
        if row is None:
            why = self.data.why("conversions") or "it has no row in conversions.csv"
            return f"not converted to US dollars: {why}", ()
        if row["status"] != "converted":
            return f"not converted to US dollars: {row.get('reason') or 'no rate'}", ()
        rate = self.data.rate(row["rate_id"])
        shown = fmt.usd_amount(row["usd_value"], row["usd_unit"], row["usd_low"],
                               row["usd_high"])
        at = fmt.fx_rate(row["units_per_usd"], str(row["unit"]).split("/")[0])
        words = f"≈ {shown} at {at}, {row['rate_organisation']} " \
                f"{period_words(row['rate_period'])}"
        if row.get("rate_match") == "earlier_period":
            words += " (the latest rate before the article's date)"
        if rate is None:
            return words, ()
        return words, (self.notes.ref("rate", str(rate["id"]), lambda n: rate_note(rate, n)),)

    # ---- citing ------------------------------------------------------------------------
    def cite_ref(self, ref_id: str):
        """A citation of a reference row (numbered when first shown); None if unknown."""
        row = self.data.reference(ref_id)
        if row is None:
            return None
        return self.notes.ref("reference", ref_id, lambda n: reference_note(row, n))

    def cite_doc(self, doc_id: str):
        doc = self.data.document(doc_id)
        return self.notes.ref("article", doc_id,
                              lambda n: article_note(doc, self.doc_label(doc_id), n))

    def ext(self, shown: str, ref_ids: Any) -> Ext:
        ids = [i for i in str(ref_ids or "").split(";") if i]
        numbers = tuple(n for n in (self.cite_ref(i) for i in ids) if n is not None)
        orgs = fmt.and_list(dict.fromkeys(str((self.data.reference(i) or {}).get(
            "organisation", "")) for i in ids if self.data.reference(i)))
        return Ext(shown, numbers, orgs)

    def figure_number(self, key: str) -> int:
        if key not in self.figures:
            self.figures.append(key)
        return self.figures.index(key) + 1

    # ---- documents ---------------------------------------------------------------------
    def doc_label(self, doc_id: str) -> str:
        """A document's title; without one, the opening words of its text in quotes —
        never its file name or hash alone."""
        doc = self.data.document(doc_id)
        title = str(doc.get("title") or "").strip()
        if title:
            return title
        first = next((s for s in self.data._group("sentences", "doc_id").get(doc_id, [])
                      if str(s.get("text") or "").strip()), None)
        if first is not None:
            words = str(first["text"]).split()
            opening = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
            return f"Untitled article beginning “{opening}”"
        return "Untitled article"

    def doc(self, doc_id: str) -> dict[str, Any]:
        row = self.data.document(doc_id)
        page = self.page_of(doc_id)
        return {"doc_id": doc_id, "label": self.doc_label(doc_id),
                "anchor": anchor_id("doc", doc_id),
                "href": page if page else f"#{anchor_id('doc', doc_id)}",
                "outlet": row.get("outlet") or "",
                "date": fmt.date(row.get("reference_date")) if row.get("reference_date")
                else "", "date_source": row.get("reference_date_source") or "",
                "note": self.cite_doc(doc_id)}

    @property
    def doc_ids(self) -> list[str]:
        return self.data.doc_ids()

    @property
    def single(self) -> bool:
        return len(self.doc_ids) <= 1


# --------------------------------------------------------------------------------------------
# small builders
# --------------------------------------------------------------------------------------------

def art(fig: Row | None) -> Art | None:
    if fig is None:
        return None
    src = fig.get("source")
    return Art(str(fig["text"]), fig["figure_id"], f"attributed to {src}" if src else "")


def par(name: str, value: Any, unit: str | None = None) -> Par:
    shown = fmt.value(value, unit) if unit else fmt.param(value)
    return Par(shown, name)


def _input_value(r: Report, name: str) -> Any:
    """An inputs.csv value as the reader sees it: the article's words, a parameter, or the
    reference it comes from."""
    row = r.data.input(name)
    if row is not None and row["value"] is None and row["rule"] == "not_converted":
        return r.art(r.data.figure(row["figure_id"]))  # "… (not converted to US dollars: …)"
    if row is None or row["value"] is None:
        return None
    if row["origin"] == "article":
        return r.art(r.data.figure(row["figure_id"])) or Num(fmt.value(row["value"],
                                                                     row["unit"]))
    if row["origin"] == "reference":
        return r.ext(fmt.value(row["value"], _unit_of(row)), row["ref_id"])
    if name not in Params.model_fields:  # derived, e.g. the headline troop count
        return Num(fmt.value(row["value"], _unit_of(row)))
    return par(name, row["value"], _unit_of(row))


def _unit_of(row: Row) -> str | None:
    unit = row.get("unit")
    if unit == "tonnes/year":
        return "tonnes"
    if unit == "USD/tonne":
        return "USD"
    if row["input"] in ("state_share", "state_share_min", "state_share_max", "pay_spread"):
        return "fraction"
    return unit


def check_href(check_id: str) -> str:
    return f"#{anchor_id('check', check_id)}"


# --------------------------------------------------------------------------------------------
# front matter and key findings
# --------------------------------------------------------------------------------------------

def sources(r: Report) -> list[dict[str, Any]]:
    return [r.doc(d) for d in r.doc_ids]


def citation(r: Report, title: str, publisher: str) -> str:
    """'nkrussia (2024). Title. Research brief, 30 November 2024, commit abc123def456.'"""
    date = build_date(r)
    commit = (r.data.manifest.get("git") or {}).get("commit")
    parts = [f"{publisher} ({date[:4]})." if date else f"{publisher}.", f"{title}."]
    tail = "Research brief"
    if date:
        tail += f", {fmt.date(date)}"
    if commit and commit != "unknown":
        tail += f", built from commit {commit[:12]}"
    return " ".join(parts + [tail + "."])


def build_date(r: Report) -> str:
    """The run's date, from the manifest (deterministic: inputs or SOURCE_DATE_EPOCH)."""
    m = r.data.manifest
    return str(m.get("build_date") or m.get("run_date") or "")


def doc_findings(r: Report, doc: str) -> dict[str, Any]:
    """The findings about one document's own figures and claim checks."""
    d = r.data
    out: dict[str, Any] = {"doc": r.doc(doc)}
    deployed = [f for f in d.figures_of(doc, "troops_deployed") if f["value"] is not None]
    expected = [f for f in d.figures_of(doc, "troops_expected") if f["value"] is not None]
    out["deployed"] = r.art(deployed[0]) if deployed else None
    out["deployed_source"] = deployed[0]["source"] if deployed else None
    out["expected"] = r.art(expected[0]) if expected else None

    revenue = [c for c in d.checks_of(doc, "revenue") if c["recomputed_value"] is not None]
    claim = next((c for c in d.checks_of(doc, "revenue")), None)
    out["claim"] = r.art(d.figure(claim["figure_id"])) if claim and claim["figure_id"] else None
    out["revenue_gap"] = None
    if claim is not None and not revenue:
        out["revenue_gap"] = _gap(r, claim)
    out["revenue"] = []
    for c in sorted(revenue, key=lambda c: c["recomputed_value"]):
        troops = _term(d, c["check_id"], "troops")
        out["revenue"].append({
            "troops": fmt.count(troops["value"]) if troops else fmt.MISSING,
            "revenue": Num(fmt.usd(c["recomputed_value"]), check_href(c["check_id"])),
            "verdict": c["verdict"]})
    if revenue:
        pay = _term(d, revenue[0]["check_id"], "monthly_pay_usd")
        months = _term(d, revenue[0]["check_id"], "months")
        out["pay"] = _term_value(r, pay, "USD")
        out["months"] = par("months", months["value"]) if months else None
    be = next((c for c in d.checks_of(doc, "breakeven") if c["recomputed_value"] is not None),
              None)
    out["breakeven"] = None if be is None else {
        "troops": Num(f"{fmt.count(be['recomputed_value'])} troops", check_href(be["check_id"])),
        "verdict": be["verdict"], "reason": be["reason"]}
    rice = d.figures_of(doc, "rice_supplied")
    share = d.figures_of(doc, "share_of_food_gap")
    out["rice"] = r.art(rice[0]) if rice else None
    out["share"] = r.art(share[0]) if share else None
    out["rice_context"] = None
    ctx = d.context_row("rice_share_of_reference_shortfall")
    rice_input = d.input("rice_supplied_tonnes") or {}
    if rice and ctx is not None and ctx["value"] is not None and rice_input.get("doc_id") == doc:
        out["rice_context"] = r.ext(fmt.span(ctx["low"], ctx["high"], "fraction"),
                                    ctx["ref_ids"])
    return out


def _term(d: ReportData, check_id: str, name: str) -> Row | None:
    return next((t for t in d.check_inputs(check_id) if t["input"] == name), None)


def _term_value(r: Report, term: Row | None, unit: str | None = None) -> Any:
    if term is None:
        return None
    if term["origin"] == "article" and term["figure_id"]:  # the article's words, even vague
        return r.art(r.data.figure(term["figure_id"]))
    if term["value"] is None:
        return None
    if term["origin"] == "reference":
        return r.ext(fmt.value(term["value"], unit or term["unit"]), term["ref_id"])
    if term["origin"] in ("parameter", "assumption"):
        return par(term["input"], term["value"], unit or term["unit"])
    return Num(fmt.value(term["value"], unit or term["unit"]))


def _gap(r: Report, check: Row) -> dict[str, Any]:
    """Why a check could not be computed, as values for the template's wording."""
    other = r.data.figure(check.get("elsewhere"))
    # the article does give it, in a currency that could not be converted to US dollars
    term = next((t for t in r.data.check_inputs(check["check_id"])
                 if t["input"] == check.get("missing") and t.get("figure_id")), None)
    conv = r.data.conversion(term["figure_id"]) if term else None
    unconverted = r.art(r.data.figure(term["figure_id"])) if conv and \
        conv["status"] == "not_converted" else None
    return {"reason": check["reason"], "missing": check.get("missing"),
            "elsewhere": r.art(other), "elsewhere_doc": r.doc(other["doc_id"]) if other else None,
            "href": check_href(check["check_id"]), "unconverted": unconverted}


def simulation(r: Report) -> dict[str, Any] | None:
    d = r.data
    if not d.ok("montecarlo_summary"):
        return None
    stat = {k: (d.statistic(k) or {}).get("value") for k in
            ("p5", "p50", "p95", "prob_meets_claim", "n_draws", "claim_usd")}
    if stat["p50"] is None:
        missing = (d.statistic("p50") or {}).get("missing")
        return {"computed": False, "missing": missing}
    claim_row = d.input("revenue_claim_usd") or {}
    return {"computed": True, "median": Num(fmt.usd(stat["p50"]), "#chart-montecarlo"),
            "p5": fmt.usd(stat["p5"]), "p95": fmt.usd(stat["p95"]),
            "draws": par("n_draws", stat["n_draws"]),
            "share": fmt.pct(stat["prob_meets_claim"]) if stat["prob_meets_claim"] is not None
            else None,
            "claim": r.art(d.figure(claim_row.get("figure_id"))) if claim_row else None,
            "claim_doc": r.doc(claim_row["doc_id"]) if claim_row.get("doc_id") else None}


def later_reporting(r: Report) -> dict[str, Any] | None:
    d = r.data
    ext_rows = [t for t in d.rows("troop_estimates") if t["kind"] == "external"
                and t["value"] is not None and t["date"]]
    if not ext_rows:
        return None
    last = max(ext_rows, key=lambda t: (t["date"], t["id"]))
    art_dates = [t["date"] for t in d.rows("troop_estimates") if t["kind"] == "article"
                 and t["date"]]
    return {"latest": r.ext(f"{fmt.count(last['value'])} troops", last["id"]),
            "date": fmt.date(last["date"]), "organisation": last["source"],
            "after_articles": bool(art_dates) and last["date"] > max(art_dates)}


def findings(r: Report) -> dict[str, Any]:
    return {"docs": [doc_findings(r, d) for d in r.doc_ids], "single": r.single,
            "simulation": simulation(r), "later": later_reporting(r),
            "model_doc": r.doc(r.data.model_document()) if r.data.model_document() else None}


# --------------------------------------------------------------------------------------------
# the figures table
# --------------------------------------------------------------------------------------------

def figure_rows(r: Report, doc: str) -> list[dict[str, Any]]:
    rows = []
    for f in r.data.figures_of(doc):
        unit = f.get("unit") or ""
        date = f.get("date_resolved") or f.get("date")
        shown = fmt.date(date) if unit == "date" and date else fmt.value(f["value"], unit)
        flag = r.data.flagged(f["figure_id"])
        rows.append({
            "anchor": anchor_id("row", f["figure_id"]), "figure": r.art(f),
            "value": shown if f["value"] is not None or unit == "date" else fmt.MISSING,
            "range": fmt.span(f["low"], f["high"], unit) if f["qualifier"] in (
                "range", "over", "more_than", "at_least", "up_to") else "",
            "qualifier": fmt.qualifier(f["qualifier"]), "unit": unit,
            "measures": str(f["quantity"]).replace("_", " "),
            "measures_help": QUANTITIES.get(f["quantity"], ""),
            "subject": f.get("subject") or "", "source": f.get("source") or "",
            # the plausibility bounds of money are in US dollars
            "flag": None if flag is None else fmt.span(
                flag["limit_low"], flag["limit_high"],
                "USD" if fmt.money_code(unit) else unit)})
    return rows


def figures_table(r: Report) -> dict[str, Any]:
    return {"docs": [{"doc": r.doc(d), "rows": figure_rows(r, d)} for d in r.doc_ids],
            "single": r.single}


# --------------------------------------------------------------------------------------------
# claim checks
# --------------------------------------------------------------------------------------------

_TERM_UNITS = {"monthly_pay_usd": "USD", "state_share": "fraction", "share_covered": "fraction",
               "shortfall": "tonnes", "rice": "tonnes", "share": "fraction"}


def _terms(r: Report, check_id: str) -> dict[str, Any]:
    """A check's inputs by role, as reader values; references also listed by role."""
    out: dict[str, Any] = {"references": {}}
    for t in r.data.check_inputs(check_id):
        role = t["role"]
        if t["origin"] == "reference" and t["input"] == "reference":
            row = r.data.reference(t["ref_id"]) or {}
            value = r.ext(fmt.count(t["value"]) if t["unit"] and "troops" in str(t["unit"])
                          else fmt.number(t["value"]), t["ref_id"])
            out["references"].setdefault(role, []).append({
                "value": value, "organisation": row.get("organisation", ""),
                "date": fmt.date(row.get("refers_to")) if row.get("refers_to") else ""})
            out[role] = {"row": t, "value": value, "span": ""}
            continue
        unit = _TERM_UNITS.get(role, t["unit"])
        out[role] = {"row": t, "value": _term_value(r, t, unit),
                     "span": fmt.span(t["low"], t["high"], unit)}
    return out


def claim_rows(r: Report, doc: str) -> list[dict[str, Any]]:
    rows = []
    for c in r.data.checks_of(doc):
        fig = r.data.figure(c["figure_id"])
        if c.get("rate_id") and c.get("claimed_usd_value") is not None:
            # the check compares in US dollars: its working quotes the converted claim (the
            # claim itself is shown as the article states it, with the conversion)
            c = {**c, "claimed_value": c["claimed_usd_value"],
                 "claimed_low": c.get("claimed_usd_low"),
                 "claimed_high": c.get("claimed_usd_high")}
        unit = c["unit"]
        rec_fmt = fmt.usd if unit == "USD/year" else (fmt.tonnes if unit == "tonnes"
                                                       else fmt.count)
        if c["recomputed_low"] is not None and c["recomputed_high"] is not None \
                and c["kind"] != "breakeven":
            recomputed = fmt.span(c["recomputed_low"], c["recomputed_high"], fmt=rec_fmt)
        else:
            recomputed = rec_fmt(c["recomputed_value"]) if c["recomputed_value"] is not None \
                else fmt.MISSING
        rows.append({"check": c, "anchor": anchor_id("check", c["check_id"]),
                     "claim": r.art(fig), "recomputed": recomputed, "verdict": c["verdict"],
                     "terms": _terms(r, c["check_id"]),
                     "gap": _gap(r, c) if c["reason"] == "missing_input" else None})
    return rows


def claims(r: Report) -> dict[str, Any]:
    docs = [{"doc": r.doc(d), "rows": claim_rows(r, d)} for d in r.doc_ids]
    counts = {v: 0 for v in ("consistent", "inconsistent", "not checkable")}
    for c in r.data.rows("claim_checks"):
        counts[c["verdict"]] += 1
    return {"docs": [g for g in docs if g["rows"]], "single": r.single, "counts": counts,
            "formula": model.FORMULA}


# --------------------------------------------------------------------------------------------
# people, method, sources, reproducibility
# --------------------------------------------------------------------------------------------

def people(r: Report) -> dict[str, Any]:
    d = r.data
    groups: dict[str, list[dict[str, Any]]] = {"person": [], "organisation": [], "country": [],
                                               "place": []}
    seen: set[tuple[str, str]] = set()
    if not r.single:  # several articles: the most named, each once
        return _people_across(r, groups)
    for e in sorted(d.rows("entities"), key=lambda e: (str(e["doc_id"]), e["start"] or 0)):
        who = e.get("canonical") or e.get("name") or ""
        kind = e.get("kind") or ""
        if kind not in groups or (kind, who) in seen:
            continue
        seen.add((kind, who))
        href = f"{r.page_of(e['doc_id'])}#{anchor_id('ent', e['entity_id'])}"
        groups[kind].append({"name": who, "role": e.get("role") or "", "href": href})
    quotes = [{"text": q.get("text") or "", "speaker": q.get("speaker") or "",
               "role": q.get("speaker_role") or "", "doc": r.doc(str(q["doc_id"])),
               "href": f"{r.page_of(q['doc_id'])}#{anchor_id('q', q['quote_id'])}",
               "anchor": anchor_id("quote", q["quote_id"])} for q in d.rows("quotes")]
    return {"groups": groups, "quotes": quotes, "single": r.single}


def _people_across(r: Report, groups: dict[str, list], limit: int = 20) -> dict[str, Any]:
    from collections import Counter

    counts: dict[str, Counter] = {k: Counter() for k in groups}
    first: dict[tuple[str, str], dict] = {}
    for e in r.data.rows("entities"):
        kind, who = e.get("kind") or "", e.get("canonical") or e.get("name") or ""
        if kind in counts and who:
            counts[kind][who] += 1
            first.setdefault((kind, who), e)
    for kind, c in counts.items():
        for who, n in c.most_common(limit):
            e = first[(kind, who)]
            groups[kind].append({"name": who, "role": f"{n} mentions" if n > 1 else "",
                                 "href": f"{r.page_of(e['doc_id'])}#"
                                         f"{anchor_id('ent', e['entity_id'])}"})
    return {"groups": groups, "quotes": [], "single": False}


INPUT_LABELS = {
    "troops_low": "Troops, low", "troops_high": "Troops, high",
    "troops_headline": "Troops, headline case", "monthly_pay_usd": "Pay per soldier a month",
    "months": "Months a year", "state_share": "Share of pay kept by the state",
    "state_share_min": "Share kept, lowest", "state_share_max": "Share kept, highest",
    "pay_spread": "Spread of pay (±)", "revenue_claim_usd": "Revenue claim a year",
    "rice_supplied_tonnes": "Rice supplied", "share_of_food_gap": "Share of the food gap",
    "rice_price_usd_per_tonne": "Rice price a tonne",
    "food_shortfall_tonnes": "Food shortfall a year",
}


def method(r: Report) -> dict[str, Any]:
    d = r.data
    inputs = []
    for row in d.rows("inputs"):
        inputs.append({"name": row["input"], "label": INPUT_LABELS.get(row["input"],
                                                                       row["input"]),
                       "value": _input_value(r, row["input"]), "origin": row["origin"],
                       "rule": row["rule"], "candidates": row["candidates"],
                       "doc": r.doc(row["doc_id"]) if row.get("doc_id") and not r.single
                       else None,
                       "elsewhere": r.art(d.figure(row.get("elsewhere")))})
    params = []
    for p in d.rows("parameters"):
        value = p["value"]
        if p["name"] == "model_document" and value:
            value = r.doc_label(str(value))
        raw = p["name"].endswith("seed")  # an identifier, not a quantity: no separators
        params.append({"name": p["name"], "anchor": anchor_id("param", p["name"]),
                       "value": str(value) if raw else fmt.param(value),
                       "default": str(p["default"]) if raw else _default(p["default"]),
                       "origin": p["origin"], "description": p["description"] or "",
                       "changed": p["origin"] == "parameter"})
    model_rows = [{"doc": r.doc(m["doc_id"]), "given": m["inputs_given"],
                   "total": m["inputs_total"], "model": m["model"], "how": m["how"]}
                  for m in d.rows("model_document")]
    context = [{"metric": c["metric"], "value": c["value"], "unit": c["unit"],
                "shown": fmt.span(c["low"], c["high"], c["unit"]) if c["low"] is not None
                else fmt.value(c["value"], c["unit"]) if c["unit"] != "ratio"
                else f"{fmt.number(c['value'], 1)}×" if c["value"] is not None else fmt.MISSING,
                "source": r.ext("", c["ref_ids"]), "missing": c["missing"]}
               for c in d.rows("context")]
    return {"inputs": inputs, "params": params, "model": model_rows, "context": context,
            "single": r.single, "formula": model.FORMULA,
            "model_doc": r.doc(d.model_document()) if d.model_document() else None}


def _default(text: Any) -> str:
    d = "" if text is None else str(text)
    if d == "(from article)":
        return "the article's figure"
    if d in ("''", '""'):
        return "automatic"
    if len(d) >= 2 and d[0] == d[-1] and d[0] in "'\"":
        return d[1:-1]
    return fmt.param(d)


def reproduce_command(r: Report) -> str:
    import shlex

    cmd = ["nkrussia", "run"]
    for p in r.data.rows("parameters"):
        v, d = p["value"], p["default"]
        if p["origin"] == "parameter" and v is not None and str(v) != _default(d):
            cmd += ["-p", f"{p['name']}={v}"]
    commit = (r.data.manifest.get("git") or {}).get("commit")
    lines = []
    if commit and commit != "unknown":
        lines.append(f"git checkout {commit[:12]}")
    lines.append("make report    # or, inside the project's venv:")
    lines.append(" ".join(shlex.quote(c) for c in cmd))
    return "\n".join(lines)


INPUTS_SHOWN = 20  # input files listed by name (all of them are in data/manifest.json)


def reproducibility(r: Report) -> dict[str, Any]:
    m = r.data.manifest
    git = m.get("git") or {}
    inputs = []
    listed = sorted((m.get("inputs") or {}).items())
    all_inputs = hashlib.sha256("".join(f"{k}\0{v}\n" for k, v in listed).encode()).hexdigest()
    for rel, digest in listed[:INPUTS_SHOWN]:
        p = (r.data.root / rel) if r.data.root else None
        inputs.append({"path": rel, "sha256": digest,
                       "bytes": fmt.count(p.stat().st_size) if p is not None and p.is_file()
                       else fmt.MISSING})
    return {"commit": git.get("commit") if git.get("commit") not in (None, "unknown") else None,
            "clean": git.get("clean"), "inputs": inputs, "inputs_total": len(listed),
            "inputs_digest": all_inputs,
            "params": [(p["name"], p["value"]) for p in r.data.rows("parameters")],
            "packages": [("python", m.get("python", "?")), *sorted((m.get("packages") or
                                                                    {}).items())],
            "stage_keys": [(k, str(v)[:16]) for k, v in (m.get("stage_keys") or {}).items()],
            "command": reproduce_command(r)}


# --------------------------------------------------------------------------------------------
# the source text, highlighted
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Segment:
    """A piece of an article's text; ``kind`` '' (plain), figure, entity or quote."""

    text: str
    kind: str = ""
    anchor: str = ""
    quantity: str = ""


def document_text(r: Report, doc_id: str) -> str | None:
    """The article's text: from its file (or its row of a corpus file, ``file#row=N``) when
    it still matches its hash, else rebuilt from sentences.csv (offsets kept)."""
    doc = r.data.document(doc_id)
    path, root = doc.get("path"), r.data.root
    if path and root is not None and "#row=" in str(path):
        from nkrussia.articles import read_source

        text = read_source(root, str(path))
        if text is not None and (not doc.get("sha256") or hashlib.sha256(
                text.encode("utf-8")).hexdigest() == doc["sha256"]):
            return text
    elif path and root is not None:
        cand = root / str(path)
        if cand.is_file() and cand.resolve().is_relative_to(root.resolve()):
            raw = cand.read_bytes()
            if not doc.get("sha256") or hashlib.sha256(raw).hexdigest() == doc["sha256"]:
                return raw.decode("utf-8")
    sents = sorted(r.data._group("sentences", "doc_id").get(doc_id, []),
                   key=lambda s: s["start"])
    if not sents:
        return None
    out: list[str] = []
    pos = 0
    for s in sents:
        start, text = int(s["start"]), str(s.get("text") or "")
        if start > pos:
            out.append(" " * (start - pos))
            pos = start
        if start < pos:
            text = text[pos - start:]
        out.append(text)
        pos += len(text)
    return "".join(out)


def paragraphs(text: str, spans: list[tuple[int, int, str, str, str]]) -> list[list[Segment]]:
    """``text`` cut into paragraphs (at newlines) of plain and highlighted segments. Spans:
    (start, end, kind, anchor, quantity); overlapping later ones are dropped."""
    segs: list[Segment] = []
    pos = 0
    for start, end, kind, anchor, qty in sorted(spans):
        if start < pos or end <= start or end > len(text):
            continue
        if start > pos:
            segs.append(Segment(text[pos:start]))
        segs.append(Segment(text[start:end].replace("\n", " "), kind, anchor, qty))
        pos = end
    segs.append(Segment(text[pos:]))
    paras: list[list[Segment]] = [[]]
    for seg in segs:
        if seg.kind:
            paras[-1].append(seg)
            continue
        parts = seg.text.split("\n")
        for i, part in enumerate(parts):
            if i:
                paras.append([])
            if part:
                paras[-1].append(Segment(part))
    return [p for p in paras if any(s.text.strip() for s in p)]


def source_text(r: Report, doc_id: str) -> dict[str, Any]:
    text = document_text(r, doc_id)
    if text is None:
        return {"doc": r.doc(doc_id), "paragraphs": None, "unplaced": []}
    spans: list[tuple[int, int, str, str, str]] = []
    unplaced = []
    for f in r.data.figures_of(doc_id):
        s, e, t = int(f["start"]), int(f["end"]), str(f["text"])
        if text[s:e] != t:
            found = text.find(t)
            if found < 0:
                unplaced.append(r.art(f))
                continue
            s, e = found, found + len(t)
        spans.append((s, e, "figure", anchor_id("fig", f["figure_id"]), str(f["quantity"])))
    taken = [(s, e) for s, e, *_ in spans]
    for table, prefix, key, kind in (("entities", "ent", "entity_id", "entity"),
                                     ("quotes", "q", "quote_id", "quote")):
        for row in r.data._group(table, "doc_id").get(doc_id, []):
            s, e = row.get("start"), row.get("end")
            if s is None or e is None or any(s < b and a < e for a, b in taken):
                continue
            spans.append((int(s), int(e), kind, anchor_id(prefix, row[key]), ""))
    return {"doc": r.doc(doc_id), "paragraphs": paragraphs(text, spans), "unplaced": unplaced}


def source_texts(r: Report) -> dict[str, Any]:
    return {"docs": [source_text(r, d) for d in r.doc_ids], "single": r.single}
