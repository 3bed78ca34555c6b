"""Context for the sections that read across articles (several articles only): what each
origin reported over time, where origins disagree, which articles are copies, how the claim
checks came out, and the index of the articles' own pages.

Every list here is bounded (``limit``): the main report stays the same size whatever the
number of articles; the complete tables are in data/processed/ and the CSV downloads.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from nkrussia import fmt
from nkrussia.report.values import article_file
from nkrussia.report.views import Report, check_href

QUANTITY_WORDS = {
    "troops_deployed": "Troops sent", "troops_expected": "Troops expected",
    "casualties": "Casualties", "pay_per_soldier_month": "Pay per soldier a month",
    "annual_revenue": "Revenue a year", "monthly_revenue": "Revenue a month",
    "munitions_supplied": "Munitions supplied", "arms_value": "Value of arms supplied",
    "rice_supplied": "Rice supplied", "food_supplied": "Food supplied",
    "fuel_supplied": "Fuel supplied", "materials_supplied": "Raw materials supplied",
}
_UNITS = {"pay_per_soldier_month": "USD", "annual_revenue": "USD", "monthly_revenue": "USD",
          "arms_value": "USD", "rice_supplied": "tonnes", "food_supplied": "tonnes",
          "materials_supplied": "tonnes"}


def _value(quantity: str, v: Any) -> str:
    return fmt.value(v, _UNITS.get(quantity, "count"))


def overview(r: Report) -> dict[str, Any]:
    """How many articles, outlets and copies; the span of publication dates."""
    d = r.data
    docs = d.rows("documents")
    outlets = Counter(str(x.get("outlet") or "") for x in docs if x.get("outlet"))
    dates = sorted(str(x["reference_date"]) for x in docs if x.get("reference_date"))
    copies = d.rows("copies")
    groups = Counter(c["copy_group"] for c in copies)
    multi = {g: n for g, n in groups.items() if n > 1}
    return {
        "articles": len(r.doc_ids), "outlets": len(outlets),
        "top_outlets": [o for o, _ in outlets.most_common(5)],
        "first": fmt.date(dates[0]) if dates else "", "last": fmt.date(dates[-1]) if dates
        else "", "copy_groups": len(multi),
        "copies": sum(n - 1 for n in multi.values()),
        "counted": sum(1 for e in d.rows("estimates") if e["counted"]),
        "repeats": sum(1 for e in d.rows("estimates") if not e["counted"]),
    }


def origins(r: Report, limit: int = 8) -> list[dict[str, Any]]:
    """Per followed quantity: its origins, most cited first (at most ``limit`` each)."""
    by_q: dict[str, list[dict[str, Any]]] = {}
    for o in r.data.rows("origins"):
        rows = by_q.setdefault(o["quantity"], [])
        latest = r.data.figure(o["latest_figure_id"])
        rows.append({"origin": o["origin_label"], "unattributed": o["origin"] ==
                     "unattributed", "articles": o["articles"], "estimates": o["estimates"],
                     "range": fmt.span(o["min"], o["max"], _UNITS.get(o["quantity"], "count")),
                     "first": fmt.date(o["first_date"]) if o["first_date"] else "",
                     "last": fmt.date(o["last_date"]) if o["last_date"] else "",
                     "latest": r.art(latest) if latest else None,
                     "latest_doc": r.doc(latest["doc_id"]) if latest else None})
    out = []
    for quantity, rows in by_q.items():
        out.append({"quantity": quantity, "label": QUANTITY_WORDS.get(quantity, quantity),
                    "origins": rows[:limit], "more": max(0, len(rows) - limit),
                    "articles": len({e["doc_id"] for e in r.data.rows("estimates")
                                     if e["quantity"] == quantity})})
    return out


def extremes(r: Report, quantity: str) -> dict[str, Any] | None:
    """The lowest and highest counted estimate of a quantity, with who and when."""
    rows = [e for e in r.data.rows("estimates") if e["quantity"] == quantity and e["counted"]
            and e["origin"] != "unattributed"]
    if not rows:
        return None
    lo = min(rows, key=lambda e: (e["value"], e["date"] or "", e["figure_id"]))
    hi = max(rows, key=lambda e: (e["value"], e["date"] or "", e["figure_id"]))
    top = Counter(e["origin_label"] for e in rows).most_common(1)[0]

    def side(e):
        return {"figure": r.art(r.data.figure(e["figure_id"])), "origin": e["origin_label"],
                "date": fmt.date(e["date"]) if e["date"] else "", "doc": r.doc(e["doc_id"])}

    return {"label": QUANTITY_WORDS.get(quantity, quantity), "low": side(lo), "high": side(hi),
            "estimates": len(rows), "top_origin": top[0], "top_count": top[1],
            "origins": len({e["origin"] for e in rows})}


def conflicts(r: Report, limit: int = 12) -> dict[str, Any]:
    rows = sorted(r.data.rows("conflicts"), key=lambda c: (-c["pairs"], c["period"],
                                                           c["quantity"]))
    shown = []
    for c in rows[:limit]:
        shown.append({
            "quantity": QUANTITY_WORDS.get(c["quantity"], c["quantity"]),
            "period": fmt.date(c["period"]), "pairs": c["pairs"], "estimates": c["estimates"],
            "low": r.art(r.data.figure(c["low_figure_id"])), "low_origin": c["low_origin"],
            "low_doc": r.doc(c["low_doc_id"]),
            "high": r.art(r.data.figure(c["high_figure_id"])), "high_origin": c["high_origin"],
            "high_doc": r.doc(c["high_doc_id"])})
    return {"rows": shown, "total": len(rows), "months": len({c["period"] for c in rows}),
            "pairs": sum(c["pairs"] for c in rows)}


def copies(r: Report, limit: int = 10) -> dict[str, Any]:
    members: dict[str, list[dict]] = {}
    for c in r.data.rows("copies"):
        if c["group_size"] > 1:
            members.setdefault(c["copy_group"], []).append(c)
    groups = sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    shown = [{"first": r.doc(g), "size": len(rows),
              "outlets": fmt.and_list(sorted({str(x["outlet"] or "?") for x in rows})),
              "others": [r.doc(x["doc_id"]) for x in rows if x["doc_id"] != g][:6]}
             for g, rows in groups[:limit]]
    return {"groups": shown, "total": len(groups),
            "copies": sum(len(rows) - 1 for _, rows in groups)}


CHECK_WORDS = {"revenue": "Revenue at the article's troop figures",
               "breakeven": "Troops the revenue claim needs",
               "rice_shortfall": "Rice against the food shortfall",
               "troops": "Troop figures against cited estimates",
               "troop_range": "Troop ranges against cited estimates",
               "attribution": "Who a troop figure is credited to"}


def check_summary(r: Report) -> dict[str, Any]:
    kinds: dict[str, dict[str, Any]] = {}
    for row in r.data.rows("check_summary"):
        k = kinds.setdefault(row["kind"], {"kind": row["kind"],
                                            "label": CHECK_WORDS.get(row["kind"], row["kind"]),
                                            "consistent": 0, "inconsistent": 0,
                                            "not checkable": 0, "examples": {}})
        k[row["verdict"]] = row["articles"]
        k["examples"][row["verdict"]] = [r.doc(x) for x in str(row["examples"] or "").split(
            ";") if x][:3]
    return {"kinds": list(kinds.values()), "articles": len(r.doc_ids)}


def article_rows(r: Report, limit: int | None = None) -> list[dict[str, Any]]:
    """One row per article: its page, outlet, date, figures and checks by verdict."""
    figs = Counter(str(f["doc_id"]) for f in r.data.rows("figures"))
    verdicts: dict[str, Counter] = {}
    for c in r.data.rows("claim_checks"):
        verdicts.setdefault(c["doc_id"], Counter())[c["verdict"]] += 1
    copies = {c["doc_id"]: c for c in r.data.rows("copies")}
    out = []
    for doc in r.doc_ids[:limit]:
        v = verdicts.get(doc, Counter())
        cp = copies.get(doc)
        out.append({"doc": r.doc(doc), "figures": figs.get(doc, 0),
                    "consistent": v["consistent"], "inconsistent": v["inconsistent"],
                    "not_checkable": v["not checkable"],
                    "copy_of": r.doc(cp["copy_group"]) if cp and cp["copy_group"] != doc
                    else None})
    return out


def article_page(r: Report, doc_id: str) -> dict[str, Any]:
    """Everything about one article for its own page (report/articles/<doc>.html)."""
    from nkrussia.report import views

    row = r.data.document(doc_id)
    return {"doc": r.doc(doc_id), "url": row.get("url") or "",
            "file": article_file(doc_id),
            "findings": views.doc_findings(r, doc_id),
            "figures": views.figure_rows(r, doc_id),
            "claims": views.claim_rows(r, doc_id),
            "text": views.source_text(r, doc_id),
            "check_href": check_href}
