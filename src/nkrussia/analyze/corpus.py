"""Across articles: who made each estimate, which articles are copies, where sources disagree.

* **Origins.** The organisation an article credits with a figure ("according to South Korean
  intelligence", "the NIS said") is named the same way wherever it appears (:func:`origin_of`).
  The mapping is a short hand-written table of the bodies this story's reporting cites: the
  domain is small and closed, and a statistical matcher would need training data we do not
  have. Unrecognised attributions keep their own (cleaned) words as the origin; generic ones
  ("reports", "analysts") are *unattributed*.
* **Copies.** Near-duplicate articles — the same wire story run by several outlets — are found
  with MinHash LSH over word shingles (datasketch); each group is named by its first article.
* **Repeats.** A figure is a repeat when an earlier article already gave the same number for
  the same quantity from the same origin (or its copy group already did): it is listed, but a
  number counts once per origin (``counted``).
* **Conflicts.** For each quantity and month, counted estimates whose intervals (the wording's:
  "over", "up to", "about" ±10 %) do not overlap are flagged: the pair furthest apart is named,
  and all such pairs are counted in O(n log n).

Everything here is one pass over the figures plus sorting, so it grows as n log n.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import math
import re
from collections import defaultdict
from typing import Any

import pandas as pd

from nkrussia.analyze.common import Corpus, Record, interval, join, num, point, records, txt
from nkrussia.analyze.currency import conversion, money_unit, provenance
from nkrussia.schemas import PROCESSED

TRACKED = ("troops_deployed", "troops_expected", "casualties", "pay_per_soldier_month",
           "annual_revenue", "monthly_revenue", "munitions_supplied", "arms_value",
           "rice_supplied", "food_supplied", "fuel_supplied", "materials_supplied")
"""The quantities followed across the corpus (estimates over time, conflicts)."""

# origin key -> (label, patterns that name it); first match wins, order matters
_ORIGINS: list[tuple[str, str, tuple[str, ...]]] = [
    ("jcs", "South Korea's Joint Chiefs of Staff", (r"joint chiefs", r"\bjcs\b")),
    ("nis", "South Korea's National Intelligence Service",
     (r"national intelligence service", r"\bnis\b", r"south korea\w*'?s? (?:spy|intelligence)",
      r"seoul'?s? (?:spy|intelligence)", r"south korean intelligence")),
    ("hur", "Ukraine's military intelligence (HUR)",
     (r"\bhur\b", r"\bgur\b", r"ukrain\w*'?s? (?:military |defen[cs]e )?intelligence",
      r"ukrainian intelligence")),
    ("zelensky", "President Zelensky", (r"zelensk", r"ukrain\w*'?s? president")),
    ("ukraine_gov", "Ukraine's government and armed forces",
     (r"ukrain\w*'?s? (?:general staff|defen[cs]e ministry|ministry of defen[cs]e|army|"
      r"armed forces|government|military)",)),
    ("pentagon", "US Department of Defense",
     (r"pentagon", r"department of defen[cs]e", r"\bdod\b", r"defen[cs]e secretary")),
    ("us_gov", "US government",
     (r"white house", r"state department", r"u\.?s\.? (?:official|officials|government|"
      r"intelligence|ambassador|envoy)", r"washington", r"\bblinken\b", r"\bkirby\b",
      r"united states")),
    ("nato", "NATO", (r"\bnato\b", r"\brutte\b")),
    ("kremlin", "Russian government", (r"kremlin", r"peskov", r"russia\w*'?s? (?:government|"
                                                             r"defen[cs]e ministry)")),
    ("kcna", "North Korean state media", (r"\bkcna\b", r"korean central news agency",
                                           r"north korean state media")),
    ("south_korea_gov", "South Korean government",
     (r"south korea\w*'?s? (?:government|defen[cs]e ministry|ministry|military|president)",
      r"\bseoul\b", r"yoon suk", r"lawmaker")),
]
_COMPILED = [(key, label, re.compile("|".join(p), re.I)) for key, label, p in _ORIGINS]
_GENERIC = re.compile(r"^(?:the\s+)?(?:(?:recent|some|other|news|media|unconfirmed|"
                      r"several|many|military)\s+)*(?:reports?|analysts?|experts?|"
                      r"officials?|sources?|observers?|estimates?|media)$", re.I)
UNATTRIBUTED = ("unattributed", "not attributed")


def origin_of(source: Any) -> tuple[str, str]:
    """(key, label) of the organisation an attribution names."""
    text = " ".join(str(source or "").split())
    if not text:
        return UNATTRIBUTED
    for key, label, rx in _COMPILED:
        if rx.search(text):
            return key, label
    cleaned = re.sub(r"^(?:according to|sources? (?:from|in|at)|citing)\s+", "", text,
                     flags=re.I).strip(" ,.;")
    if not cleaned or _GENERIC.match(cleaned):
        return UNATTRIBUTED
    key = re.sub(r"[^a-z0-9]+", "_", cleaned.lower()).strip("_")[:60] or "unattributed"
    return f"other:{key}", cleaned[:1].upper() + cleaned[1:]


# --------------------------------------------------------------------------------------------
# near-duplicate articles
# --------------------------------------------------------------------------------------------

SHINGLE = 5  # words per shingle
NUM_PERM = 128
THRESHOLD = 0.5  # estimated Jaccard similarity above which two articles are copies
CANDIDATES = 0.4  # LSH band threshold: candidates are then checked against THRESHOLD
_WORD = re.compile(r"\w+")


def _shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()}
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def _signatures(texts: dict[str, str]) -> dict[str, Any]:
    """Each text's MinHash (datasketch's ``LeanMinHash``), reused from
    ``$NKRUSSIA_CACHE/minhash`` for texts seen before: a signature is a function of the text
    and the settings alone (1,000 articles: ~1 s of hashing saved when one changed)."""
    import datasketch
    from datasketch import LeanMinHash, MinHash

    from nkrussia.paths import cache_folder, keep_cache_entry

    folder = cache_folder("minhash")
    settings = f"{datasketch.__version__}-{SHINGLE}-{NUM_PERM}-1"
    keys = {doc: hashlib.sha256(f"{settings}\n{text}".encode()).hexdigest()
            for doc, text in texts.items()}
    kept: dict[str, list] = {}
    store = folder / "signatures.json" if folder is not None else None
    if store is not None:
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads(store.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                kept = loaded
    out: dict[str, Any] = {}
    fresh = False
    for doc in sorted(texts):
        entry = kept.get(keys[doc])
        if isinstance(entry, dict) and isinstance(entry.get("hashvalues"), list) and \
                len(entry["hashvalues"]) == NUM_PERM:
            out[doc] = LeanMinHash(seed=1, hashvalues=entry["hashvalues"],
                                   scheme=entry["scheme"])
            continue
        mh = MinHash(num_perm=NUM_PERM, seed=1)
        mh.update_batch(list(sorted(_shingles(texts[doc]))))
        out[doc] = LeanMinHash(mh)
        kept[keys[doc]] = {"scheme": mh.scheme, "hashvalues": mh.hashvalues.tolist()}
        fresh = True
    if store is not None and (fresh or len(kept) != len(set(keys.values()))):
        body = json.dumps({k: kept[k] for k in sorted(set(keys.values()))},
                          separators=(",", ":"))
        keep_cache_entry(store, body)
    return out


def copy_groups(texts: dict[str, str]) -> dict[str, tuple[str, float]]:
    """doc_id -> (group: the first doc_id of its group, estimated similarity to it)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=CANDIDATES, num_perm=NUM_PERM)
    hashes = _signatures(texts)
    for doc in sorted(hashes):
        lsh.insert(doc, hashes[doc])
    parent = {doc: doc for doc in hashes}

    def find(d: str) -> str:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    for doc in sorted(hashes):
        for other in sorted(lsh.query(hashes[doc])):
            # LSH proposes candidates; keep those whose estimated similarity is high enough
            if other == doc or hashes[doc].jaccard(hashes[other]) < THRESHOLD:
                continue
            a, b = find(doc), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)  # a group is named by its first doc_id
    out = {}
    for doc in sorted(hashes):
        group = find(doc)
        out[doc] = (group, 1.0 if group == doc else float(hashes[doc].jaccard(hashes[group])))
    return out


def documents_texts(sentences: pd.DataFrame | None) -> dict[str, str]:
    """Each document's text, joined from sentences.csv."""
    texts: dict[str, list[str]] = defaultdict(list)
    for row in records(sentences):
        texts[str(row["doc_id"])].append(str(row.get("text") or ""))
    return {doc: " ".join(parts) for doc, parts in texts.items()}


# --------------------------------------------------------------------------------------------
# estimates, repeats, conflicts, summaries
# --------------------------------------------------------------------------------------------

def _period(date: str | None) -> str | None:
    return date[:7] if date and len(date) >= 7 and date[4] == "-" else None


def estimates(corpus: Corpus, documents: pd.DataFrame | None,
              groups: dict[str, tuple[str, float]]) -> pd.DataFrame:
    """Every tracked figure with a number: who made it, when, and whether it repeats one."""
    outlets = {str(r["doc_id"]): txt(r.get("outlet")) for r in records(documents)}
    seen: dict[tuple, str] = {}
    rows = []
    order = sorted(corpus.docs, key=lambda d: (corpus.dates.get(d) or "9999", d))
    for doc in order:
        for f in corpus.of(doc):
            if f["quantity"] not in TRACKED or point(f) is None:
                continue
            key, label = origin_of(f.get("source"))
            ident = (f["quantity"], key, point(f), num(f.get("low")), num(f.get("high")),
                     txt(f.get("unit")))
            group = groups.get(doc, (doc, 1.0))[0]
            first = seen.get(ident)
            if first is None:
                seen[ident] = f["figure_id"]
            # an unattributed number repeats only within copies of the same story
            repeat = first if first is not None and (key != UNATTRIBUTED[0] or group ==
                                                     _group_of(first, groups)) else None
            date = corpus.dates.get(doc)
            rows.append({
                "doc_id": doc, "figure_id": f["figure_id"], "quantity": f["quantity"],
                "value": point(f), "low": num(f.get("low")), "high": num(f.get("high")),
                "qualifier": txt(f.get("qualifier")), "unit": txt(f.get("unit")),
                "date": date, "period": _period(date), "origin": key, "origin_label": label,
                "outlet": outlets.get(doc), "copy_group": group, "repeat_of": repeat,
                "counted": repeat is None, **provenance(conversion(f))})
    return pd.DataFrame(rows, columns=list(PROCESSED["estimates"].columns))


def _group_of(figure_id: str, groups: dict[str, tuple[str, float]]) -> str:
    doc = figure_id.rsplit("-F", 1)[0]
    return groups.get(doc, (doc, 1.0))[0]


def _bounds(row: Record) -> tuple[float, float] | None:
    """The estimate's interval; money in US dollars (None when it could not be converted,
    so that amounts in different currencies are never compared)."""
    if money_unit(row.get("unit")) is not None:
        if row.get("usd_unit") is None:
            return None
        row = {**row, "value": row["usd_value"], "low": row.get("usd_low"),
               "high": row.get("usd_high")}
    iv = interval(row)
    if iv is None:
        return None
    return iv[0], iv[1]


def conflicts(est: pd.DataFrame) -> pd.DataFrame:
    """Per quantity and month: counted estimates from different origins that cannot both be
    right (intervals apart). The pair furthest apart is named; all such pairs are counted."""
    rows = []
    buckets: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for r in records(est):
        if r["counted"] and r["period"] and r["origin"] != UNATTRIBUTED[0]:
            buckets[(r["quantity"], r["period"])].append(r)
    for (quantity, period), items in sorted(buckets.items()):
        spans = []
        for r in items:
            b = _bounds(r)
            if b is not None:
                spans.append((b[0], b[1], r))
        if len(spans) < 2:
            continue
        pairs = _apart_pairs(spans)
        if not pairs:
            continue
        low = min(spans, key=lambda s: (s[1], s[2]["figure_id"]))
        high = max(spans, key=lambda s: (s[0], s[2]["figure_id"]))
        if low[2]["origin"] == high[2]["origin"] or not low[1] < high[0]:
            continue
        rows.append({
            "quantity": quantity, "period": period, "pairs": pairs,
            "estimates": len(spans),
            "low_figure_id": low[2]["figure_id"], "low_doc_id": low[2]["doc_id"],
            "low_origin": low[2]["origin_label"], "low_value": low[2]["value"],
            "low_high": None if math.isinf(low[1]) else low[1],
            "high_figure_id": high[2]["figure_id"], "high_doc_id": high[2]["doc_id"],
            "high_origin": high[2]["origin_label"], "high_value": high[2]["value"],
            "high_low": high[0],
            "gap": high[0] - low[1]})
    return pd.DataFrame(rows, columns=list(PROCESSED["conflicts"].columns))


def _apart_pairs(spans: list[tuple[float, float, Record]]) -> int:
    """How many pairs (a, b) from different origins have a.high < b.low: sorted lows and a
    bisect per estimate (pairs from the same origin are not a disagreement)."""
    lows = sorted(s[0] for s in spans)
    total = 0
    by_origin: dict[str, list[float]] = defaultdict(list)
    for s in spans:
        by_origin[s[2]["origin"]].append(s[0])
    for lst in by_origin.values():
        lst.sort()
    for _, hi, r in spans:
        total += len(lows) - bisect.bisect_right(lows, hi)
        same = by_origin[r["origin"]]
        total -= len(same) - bisect.bisect_right(same, hi)
    return total


def origin_summary(est: pd.DataFrame) -> pd.DataFrame:
    """Per quantity and origin: how many articles, the range, first and last dates."""
    acc: dict[tuple[str, str], dict[str, Any]] = {}
    for r in records(est):
        if money_unit(r.get("unit")) is not None:  # money: compared in US dollars
            if r.get("usd_value") is None:
                continue  # not converted: listed in estimates.csv, left out of the ranges
            r = {**r, "value": r["usd_value"]}
        k = (r["quantity"], r["origin"])
        a = acc.setdefault(k, {"quantity": r["quantity"], "origin": r["origin"],
                               "origin_label": r["origin_label"], "articles": set(),
                               "estimates": 0, "min": math.inf, "max": -math.inf,
                               "first_date": None, "last_date": None, "latest_value": None,
                               "latest_figure_id": None})
        a["articles"].add(r["doc_id"])
        if r["counted"]:
            a["estimates"] += 1
        a["min"], a["max"] = min(a["min"], r["value"]), max(a["max"], r["value"])
        if r["date"]:
            if a["first_date"] is None or r["date"] < a["first_date"]:
                a["first_date"] = r["date"]
            if a["last_date"] is None or r["date"] >= a["last_date"]:
                a["last_date"] = r["date"]
                a["latest_value"], a["latest_figure_id"] = r["value"], r["figure_id"]
    rows = []
    for a in acc.values():
        rows.append({**{k: v for k, v in a.items() if k != "articles"},
                     "articles": len(a["articles"])})
    rows.sort(key=lambda a: (TRACKED.index(a["quantity"]) if a["quantity"] in TRACKED
                             else 99, -a["articles"], a["origin"]))
    return pd.DataFrame(rows, columns=list(PROCESSED["origins"].columns))


def copies(groups: dict[str, tuple[str, float]], documents: pd.DataFrame | None
           ) -> pd.DataFrame:
    """copies.csv: each article's copy group and its similarity to the group's first."""
    outlets = {str(r["doc_id"]): txt(r.get("outlet")) for r in records(documents)}
    sizes: dict[str, int] = defaultdict(int)
    for g, _ in groups.values():
        sizes[g] += 1
    rows = [{"doc_id": d, "copy_group": g, "similarity": round(s, 4), "group_size": sizes[g],
             "outlet": outlets.get(d)} for d, (g, s) in sorted(groups.items())]
    return pd.DataFrame(rows, columns=list(PROCESSED["copies"].columns))


def check_summary(checks: list[dict]) -> pd.DataFrame:
    """How many articles each kind of claim check found consistent, inconsistent or not
    checkable, with the first few articles named."""
    docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    count: dict[tuple[str, str], int] = defaultdict(int)
    for c in checks:
        docs[(c["kind"], c["verdict"])].add(c["doc_id"])
        count[(c["kind"], c["verdict"])] += 1
    rows = [{"kind": k, "verdict": v, "checks": count[(k, v)], "articles": len(d),
             "examples": join(sorted(d)[:5])} for (k, v), d in sorted(docs.items())]
    return pd.DataFrame(rows, columns=list(PROCESSED["check_summary"].columns))
