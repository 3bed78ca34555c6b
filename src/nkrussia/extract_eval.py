"""Scoring extraction against hand-annotated articles: precision and recall on span + value."""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

Span = tuple[int, int, str, float | None]  # start, end, text, value


@dataclass
class Annotated:
    name: str
    text: str
    expected: list[Span]
    rows: list[dict[str, str]]


def _value(cell: str) -> float | None:
    cell = (cell or "").strip()
    return float(cell) if cell else None


def locate(text: str, rows: Iterable[dict[str, str]]) -> list[Span]:
    """Offsets of the annotated spans, searched in order (each after the previous one)."""
    out: list[Span] = []
    pos = 0
    for row in rows:
        span = row["text"]
        if row.get("start"):
            start = int(row["start"])
        else:
            start = text.find(span, pos)
            if start < 0:
                raise ValueError(f"annotation {span!r} not found in the text after offset {pos}")
        if text[start:start + len(span)] != span:
            raise ValueError(f"annotation {span!r} does not match the text at {start}")
        out.append((start, start + len(span), span, _value(row.get("value", ""))))
        pos = start + len(span)
    return out


def load_annotated(folder: Path) -> list[Annotated]:
    """Every ``<name>.txt`` with its ``<name>.expected.csv`` (text,value,... in text order)."""
    docs = []
    for txt in sorted(Path(folder).glob("*.txt")):
        csv_path = txt.with_name(txt.stem + ".expected.csv")
        text = txt.read_text(encoding="utf-8")
        with csv_path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        docs.append(Annotated(txt.stem, text, locate(text, rows), rows))
    return docs


def same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)) or \
            (isinstance(b, float) and math.isnan(b)):
        return (a is None or a != a) and (b is None or b != b)
    return math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-9)


def score(expected: list[Span], predicted: list[Span]) -> tuple[int, int, int]:
    """(true positives, predicted, expected): a hit needs the same span and the same value."""
    want = {(s, e, t): v for s, e, t, v in expected}
    tp = sum(1 for s, e, t, v in predicted if (s, e, t) in want and same_value(v, want[(s, e, t)]))
    return tp, len(predicted), len(expected)


def evaluate(docs: list[Annotated], extractor: Callable[[str], list[Span]]
             ) -> dict[str, object]:
    """Micro-averaged precision/recall of ``extractor`` over annotated docs, with the misses."""
    tp = n_pred = n_exp = 0
    misses: list[str] = []
    for doc in docs:
        pred = extractor(doc.text)
        a, b, c = score(doc.expected, pred)
        tp, n_pred, n_exp = tp + a, n_pred + b, n_exp + c
        want = {(s, e, t): v for s, e, t, v in doc.expected}
        got = {(s, e, t): v for s, e, t, v in pred}
        for key, v in want.items():
            if key not in got or not same_value(v, got[key]):
                misses.append(f"{doc.name}: missed {key[2]!r} = {v} (got {got.get(key, '-')})")
        for key, v in got.items():
            if key not in want:
                misses.append(f"{doc.name}: extra {key[2]!r} = {v}")
    precision = tp / n_pred if n_pred else 1.0
    recall = tp / n_exp if n_exp else 1.0
    return {"precision": precision, "recall": recall, "tp": tp, "predicted": n_pred,
            "expected": n_exp, "errors": misses}


def ours(text: str) -> list[Span]:
    from nkrussia.extract_figures import extract_text

    return [(f.start, f.end, f.text, f.value) for f in extract_text(text)]


# ------------------------------------------------------------------ people and organisations
EntitySpan = tuple[int, int, str, str]  # start, end, text, kind
SCORED_KINDS = ("person", "organisation")


@dataclass
class AnnotatedEntities:
    name: str
    text: str
    expected: list[EntitySpan]


def locate_entities(text: str, rows: Iterable[dict[str, str]]) -> list[EntitySpan]:
    """Offsets of annotated mentions (``text``, ``kind``), each searched after the previous."""
    out: list[EntitySpan] = []
    pos = 0
    for row in rows:
        span = row["text"]
        start = text.find(span, pos)
        while start >= 0 and ((start > 0 and text[start - 1].isalnum()) or
                              text[start + len(span):start + len(span) + 1].isalnum()):
            start = text.find(span, start + 1)  # whole words only ("Kim" not in "Kimchi")
        if start < 0:
            raise ValueError(f"entity {span!r} not found in the text after offset {pos}")
        out.append((start, start + len(span), span, row["kind"]))
        pos = start + len(span)
    return out


def load_entity_annotations(folder: Path, extra: dict[str, tuple[Path, Path]] | None = None
                            ) -> list[AnnotatedEntities]:
    """Every ``<name>.txt`` with a ``<name>.entities.csv`` (text,kind in text order); ``extra``
    maps a name to (text path, csv path) for annotations kept elsewhere (the seed's)."""
    pairs = [(txt.stem, txt, txt.with_name(txt.stem + ".entities.csv"))
             for txt in sorted(Path(folder).glob("*.txt"))]
    pairs += [(name, t, c) for name, (t, c) in (extra or {}).items()]
    docs = []
    for name, txt, csv_path in pairs:
        if not csv_path.exists():
            continue
        text = txt.read_text(encoding="utf-8")
        with csv_path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        docs.append(AnnotatedEntities(name, text, locate_entities(text, rows)))
    return docs


def evaluate_entities(docs: list[AnnotatedEntities],
                      extractor: Callable[[list[str]], list[list[EntitySpan]]]
                      ) -> dict[str, object]:
    """Person/organisation mentions: micro precision and recall, strict (same span and kind)
    and lenient (overlapping span, same kind; each annotation and prediction used once)."""
    predicted = extractor([d.text for d in docs])
    tp = lenient_tp = n_pred = n_exp = 0
    errors: list[str] = []
    for doc, pred in zip(docs, predicted, strict=True):
        pred = [p for p in pred if p[3] in SCORED_KINDS]
        want = {(s, e, k) for s, e, _t, k in doc.expected}
        got = {(s, e, k) for s, e, _t, k in pred}
        tp += len(want & got)
        n_pred += len(got)
        n_exp += len(want)
        used: set[int] = set()
        for s, e, t, k in doc.expected:
            hit = next((i for i, (ps, pe, _pt, pk) in enumerate(pred)
                        if i not in used and pk == k and ps < e and s < pe), None)
            if hit is None:
                errors.append(f"{doc.name}: missed {k} {t!r}")
            else:
                used.add(hit)
                lenient_tp += 1
                if (pred[hit][0], pred[hit][1]) != (s, e):
                    errors.append(f"{doc.name}: span {t!r} -> {pred[hit][2]!r}")
        for i, (_ps, _pe, pt, pk) in enumerate(pred):
            if i not in used:
                errors.append(f"{doc.name}: extra {pk} {pt!r}")
    return {
        "precision": tp / n_pred if n_pred else 1.0, "recall": tp / n_exp if n_exp else 1.0,
        "lenient_precision": lenient_tp / n_pred if n_pred else 1.0,
        "lenient_recall": lenient_tp / n_exp if n_exp else 1.0,
        "tp": tp, "lenient_tp": lenient_tp, "predicted": n_pred, "expected": n_exp,
        "false": n_pred - lenient_tp, "missed": n_exp - lenient_tp, "errors": errors,
    }


def our_entities(texts: list[str]) -> list[list[EntitySpan]]:
    """The project's entities for each text (spaCy run once over all of them)."""
    from nkrussia.extract_entities import find_entities
    from nkrussia.extract_figures import split_sentences
    from nkrussia.extract_nlp import ner_spans

    spans = ner_spans(texts)
    return [[(e.start, e.end, e.name, e.kind)
             for e in find_entities(t, split_sentences(t), s)] for t, s in zip(texts, spans,
                                                                                strict=True)]


# ------------------------------------------------------------------ number-form case table
@dataclass
class FormCase:
    kind: str  # the form's class ("negative", "currency", ...; "notfig": no figure at all)
    sentence: str
    span: str
    value: float | None
    unit: str
    qualifier: str


def load_forms(path: Path) -> list[FormCase]:
    """The case table (``tests/fixtures/number_forms.csv``): one expected figure a row, or
    none (empty span) for sentences that hold no figure."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        return [FormCase(r["class"], r["sentence"], r["span"], _value(r["value"]), r["unit"],
                         r["qualifier"]) for r in csv.DictReader(fh)]


Reading = tuple[str, float | None, str, str]  # span, value, unit, qualifier
# units a peer extractor can be expected to name: currencies (codes, with /month, /year),
# percent, measures and periods; count nouns ("troops", "shells") are not checked
CHECKED_UNITS = frozenset("percent fraction tonnes lb kg km mm barrels days months years "
                          "decade year date".split())


def score_forms(cases: list[FormCase], extractor: Callable[[str], list[Reading]],
                unit_of: Callable[[str], str] = lambda u: u) -> dict[str, object]:
    """Per case: is the expected value among the readings (``value_ok``), and is it there
    with the expected unit/currency and bound too (``full_ok``)? A no-figure case is right
    when nothing is read. ``unit_of`` maps the extractor's unit names onto ours."""
    value_ok = full_ok = 0
    wrong: list[str] = []
    by_kind: dict[str, list[int]] = {}
    for case in cases:
        readings = extractor(case.sentence)
        if not case.span:
            ok_v = ok_f = not readings
        else:
            hits = [r for r in readings if same_value(r[1], case.value)]
            ok_v = bool(hits) and case.value is not None or (
                case.value is None and any(r[0] == case.span for r in readings))
            if case.value is None:
                hits = [r for r in readings if r[0] == case.span]
            unit = case.unit if case.unit in CHECKED_UNITS or "/" in case.unit or \
                case.unit.isupper() else ""
            ok_f = any((not unit or unit_of(r[2]) == unit) and
                       (not case.qualifier or r[3] == case.qualifier) for r in hits)
        value_ok += ok_v
        full_ok += ok_v and ok_f
        k = by_kind.setdefault(case.kind, [0, 0, 0])
        k[0] += 1
        k[1] += ok_v
        k[2] += ok_v and ok_f
        if not (ok_v and ok_f):
            wrong.append(f"{case.kind}: {case.sentence!r} want {case.span!r}={case.value} "
                         f"{case.unit} {case.qualifier}; got {readings}")
    n = len(cases)
    return {"cases": n, "value": value_ok / n, "full": full_ok / n, "by_kind": by_kind,
            "wrong": wrong}


def our_readings(sentence: str) -> list[Reading]:
    from nkrussia.extract_figures import extract_text

    return [(f.text, f.value, f.unit, f.qualifier) for f in extract_text(sentence)]
