"""Benchmark: documents/second of nkrussia.extract vs quantulum3, and accuracy of both.

    .venv/bin/python benchmarks/bench_extract.py [--docs 1000] [--quantulum-docs 50]
                                                 [--entity-docs 200] [--dense]

The corpus is generated deterministically from the seed and the annotated fixture articles:
each document is a seed-sized (~5,700 characters) mix of their paragraphs, in a seeded random
order, with every digit string re-drawn at random (same number of digits), so no two documents
are the same text. Rates are per CPU second of one process (best of several runs; wall-clock
in brackets). Printed: figures alone; all six tables with the entity rules but no model;
with entities (spaCy's recogniser over all documents in one ``nlp.pipe``, in this process
and with two worker processes); the time to load the pipeline in a fresh interpreter;
figure accuracy per fixture batch (ours and quantulum3); person/organisation accuracy (ours
and raw spaCy); and the number-form case tables (ours and quantulum3).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import re
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SEED = ROOT / "seeds" / "000_0699a36f70cc69c0.txt"
ARTICLES = ROOT / "tests" / "fixtures" / "articles"


def _paragraphs(path: Path) -> list[str]:
    return [p for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]


def build_corpus(n: int, dense: bool = False) -> list[str]:
    """``n`` seed-sized documents; document 0 is the seed itself.

    Default ("seed-like"): the seed's paragraphs in a seeded random order, two of them swapped
    for random paragraphs of the annotated fixture articles, every digit re-drawn: about as
    many figures per document as the seed has, with varied wording. ``dense``: documents made
    only of fixture paragraphs (several times as many figures per document: a harder load).
    """
    seed_text = SEED.read_text(encoding="utf-8")
    seed_pars = _paragraphs(SEED)
    fixture_pars = [p for path in sorted(ARTICLES.glob("*.txt")) for p in _paragraphs(path)]
    corpus = [seed_text]
    for i in range(1, n):
        rng = random.Random(i)
        if dense:
            parts: list[str] = []
            while sum(len(p) + 1 for p in parts) < len(seed_text):
                parts.append(rng.choice(fixture_pars))
        else:
            parts = seed_pars[:]
            rng.shuffle(parts)
            for k in rng.sample(range(len(parts)), 2):
                parts[k] = rng.choice(fixture_pars)
        text = "\n".join(parts)
        corpus.append(re.sub(r"\d", lambda _m: str(rng.randrange(10)), text))  # noqa: B023
    return corpus


def _best(fn, repeats: int) -> tuple[float, float]:
    """Best (CPU seconds, wall seconds) of ``repeats`` runs of ``fn``."""
    cpu = wall = float("inf")
    for _ in range(repeats):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu = min(cpu, time.process_time() - c0)
        wall = min(wall, time.perf_counter() - w0)
    return cpu, wall


def time_ours(corpus: list[str], repeats: int = 5) -> dict[str, float]:
    from nkrussia.extract import Article, _doc_rows, extract_text

    extract_text(corpus[0])  # warm up the compiled regexes

    def figures():
        for text in corpus:
            extract_text(text)

    def all_tables():  # the entity rules on no recogniser spans: this project's code only
        for i, text in enumerate(corpus):
            _doc_rows(Article(f"d{i}", Path(f"d{i}.txt"), text, "", {}), [])

    fig_cpu, fig_wall = _best(figures, repeats)
    all_cpu, all_wall = _best(all_tables, max(1, repeats // 2))
    n = len(corpus)
    return {"figures_cpu": n / fig_cpu, "figures_wall": n / fig_wall,
            "all_cpu": n / all_cpu, "all_wall": n / all_wall}


def time_entities(corpus: list[str]) -> dict[str, float]:
    """All six tables with spaCy: one nlp.pipe over the documents, then the rules."""
    from nkrussia.extract import Article, _doc_rows
    from nkrussia.extract_nlp import ner_spans, pipeline

    pipeline()
    ner_spans(corpus[:2])  # warm up
    out = {}
    for n_process in (1, 2):
        c0, w0 = time.process_time(), time.perf_counter()
        spans = ner_spans(corpus, n_process=n_process)
        for i, (text, sp) in enumerate(zip(corpus, spans, strict=True)):
            _doc_rows(Article(f"d{i}", Path(f"d{i}.txt"), text, "", {}), sp)
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        out[f"cpu_{n_process}"] = len(corpus) / cpu
        out[f"wall_{n_process}"] = len(corpus) / wall
    # the pipeline's path for many uncached articles: whole articles over two processes
    from nkrussia.extract_cache import _parallel

    articles = [Article(f"d{i}", Path(f"d{i}.txt"), t, "", {}) for i, t in enumerate(corpus)]
    w0 = time.perf_counter()
    _parallel(articles, 2)
    out["wall_articles_2"] = len(corpus) / (time.perf_counter() - w0)
    return out


def time_recogniser(corpus: list[str]) -> dict[str, object]:
    """spaCy's network with our batch decoder against spaCy's own loop (CPU seconds)."""
    import os

    from nkrussia.extract_nlp import DECODER_ENV, ner_spans

    out: dict[str, object] = {}
    found = {}
    for name in ("numpy", "spacy"):
        os.environ[DECODER_ENV] = name
        try:
            ner_spans(corpus[:2])
            c0 = time.process_time()
            found[name] = ner_spans(corpus)
            out[f"{name}_s"] = time.process_time() - c0
        finally:
            del os.environ[DECODER_ENV]
        out[name] = len(corpus) / out[f"{name}_s"]
    out["same"] = found["numpy"] == found["spacy"]
    return out


def load_time() -> float:
    """Seconds to import spaCy and load the pipeline in a fresh interpreter (best of 3)."""
    import subprocess

    code = ("import time; t = time.perf_counter(); from nkrussia.extract_nlp import pipeline; "
            "pipeline(); print(time.perf_counter() - t)")
    env = {"PYTHONPATH": str(ROOT / "src")}
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                    text=True, env=env, check=True).stdout) for _ in range(3))


def import_time() -> float:
    """Seconds to import nkrussia.extract in a fresh interpreter (best of 5)."""
    import subprocess

    code = ("import time; t = time.perf_counter(); import nkrussia.extract; "
            "print(time.perf_counter() - t)")
    env = {"PYTHONPATH": str(ROOT / "src")}
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                    text=True, env=env, check=True).stdout) for _ in range(5))


def _quiet():
    warnings.filterwarnings("ignore")
    return contextlib.redirect_stderr(io.StringIO())


def time_quantulum(corpus: list[str]) -> dict[str, float]:
    with _quiet():
        t0 = time.perf_counter()
        from quantulum3 import parser

        parser.parse(corpus[0])
        first = time.perf_counter() - t0
        per_doc = []
        for text in corpus:
            t0 = time.process_time()
            parser.parse(text)
            per_doc.append(time.process_time() - t0)
    return {"first_call_s": first, "docs_per_s": len(per_doc) / sum(per_doc),
            "median_doc_s": statistics.median(per_doc), "docs": len(per_doc)}


def quantulum_spans(text: str):
    from quantulum3 import parser

    with _quiet():
        return [(q.span[0], q.span[1], q.surface, float(q.value)) for q in parser.parse(text)]


def _batch(name: str) -> str:
    if name == "seed":
        return "seed"
    if name.startswith("blind_g"):
        return "blind_g*"
    return name[0] + "0*"


def accuracy() -> dict[str, dict[str, object]]:
    """Figures: precision/recall per fixture batch and pooled, ours and quantulum3."""
    import csv

    from nkrussia.extract_eval import Annotated, evaluate, load_annotated, locate, ours

    docs = load_annotated(ARTICLES)
    text = SEED.read_text(encoding="utf-8")
    with (ROOT / "tests" / "fixtures" / "seed_figures.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    docs.append(Annotated("seed", text, locate(text, rows), rows))
    out: dict[str, dict[str, object]] = {}
    batches = sorted({_batch(d.name) for d in docs})
    for name, fn in (("ours", ours), ("quantulum3", quantulum_spans)):
        out[name] = evaluate(docs, fn)
        for b in batches:
            out[f"{name} {b}"] = evaluate([d for d in docs if _batch(d.name) == b], fn)
        # a lenient score too: any overlap of spans with the same value counts
        tp = n_pred = n_exp = 0
        for doc in docs:
            pred = fn(doc.text)
            n_pred += len(pred)
            n_exp += len(doc.expected)
            for s, e, _t, v in doc.expected:
                if any(ps < e and s < pe and _close(v, pv) for ps, pe, _pt, pv in pred):
                    tp += 1
        out[name]["lenient_precision"] = tp / n_pred if n_pred else 1.0
        out[name]["lenient_recall"] = tp / n_exp if n_exp else 1.0
    out["docs"] = {"n": len(docs), "batches": batches}
    return out


def entity_accuracy() -> dict[str, dict[str, object]]:
    """People and organisations: ours and spaCy's own PERSON/ORG spans, on the annotations."""
    from nkrussia.extract_eval import evaluate_entities, load_entity_annotations, our_entities
    from nkrussia.extract_nlp import ner_spans

    docs = load_entity_annotations(ARTICLES, {"seed": (SEED, ROOT / "tests" / "fixtures" /
                                                      "seed_entities.csv")})
    kinds = {"PERSON": "person", "ORG": "organisation"}

    def raw(texts):
        return [[(s, e, t[s:e], kinds[lab]) for s, e, lab in sp if lab in kinds]
                for t, sp in zip(texts, ner_spans(texts), strict=True)]

    return {"ours": evaluate_entities(docs, our_entities), "spaCy": evaluate_entities(docs, raw),
            "docs": {"n": len(docs)}}


_QUANTULUM_UNITS = {
    "dollar": "USD", "euro": "EUR", "pound sterling": "GBP", "yen": "JPY", "ruble": "RUB",
    "rouble": "RUB", "south korean won": "KRW", "won": "KRW", "hryvnia": "UAH",
    "yuan": "CNY", "renminbi": "CNY", "percentage": "percent", "tonne": "tonnes",
    "pound-mass": "lb", "kilogram": "kg", "kilometre": "km", "millimetre": "mm",
    "day": "days", "month": "months", "year": "years", "barrel": "barrels",
    "dollar per month": "USD/month", "dollar per year": "USD/year",
    "euro per month": "EUR/month", "ruble per month": "RUB/month"}


def quantulum_readings(sentence: str):
    from quantulum3 import parser

    with _quiet():
        found = parser.parse(sentence)
    # quantulum3 has no bounds: every reading is "exact"
    return [(q.surface, float(q.value), _QUANTULUM_UNITS.get(q.unit.name, q.unit.name),
             "exact") for q in found]


def form_accuracy() -> dict[str, dict[str, object]]:
    """The number-form case tables: value right; value with unit/currency and bound right."""
    from nkrussia.extract_eval import load_forms, our_readings, score_forms

    out = {}
    for table in ("number_forms", "number_forms_heldout"):
        cases = load_forms(ROOT / "tests" / "fixtures" / f"{table}.csv")
        out[table] = {"ours": score_forms(cases, our_readings),
                      "quantulum3": score_forms(cases, quantulum_readings)}
    return out


def _close(a, b) -> bool:
    from nkrussia.extract_eval import same_value

    if a is None:
        return True  # vague figures and dates: any overlapping span counts
    return same_value(a, b)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--quantulum-docs", type=int, default=50)
    ap.add_argument("--entity-docs", type=int, default=200,
                    help="documents for the rate with spaCy (about 8 a second per core)")
    ap.add_argument("--dense", action="store_true", help="fixture paragraphs only (more figures)")
    args = ap.parse_args(argv)
    corpus = build_corpus(args.docs, args.dense)
    chars = sum(len(t) for t in corpus) / len(corpus)
    from nkrussia.extract_figures import extract_text

    figs = sum(len(extract_text(t)) for t in corpus) / len(corpus)
    print(f"corpus ({'dense' if args.dense else 'seed-like'}): {len(corpus)} documents, "
          f"{chars:,.0f} characters and {figs:.1f} figures (ours) on average")
    ours = time_ours(corpus)
    print(f"import nkrussia.extract (fresh interpreter, best of 5): {import_time() * 1000:.0f} ms")
    print(f"nkrussia.extract figures (extract_text): {ours['figures_cpu']:,.0f} docs/s CPU "
          f"({ours['figures_wall']:,.0f} docs/s wall)")
    print(f"all six tables, entity rules without the model: {ours['all_cpu']:,.0f} docs/s CPU "
          f"({ours['all_wall']:,.0f} docs/s wall)")
    print(f"load spaCy + en_core_web_sm (NER only), fresh interpreter, best of 3: "
          f"{load_time():.2f} s")
    if args.entity_docs > 0:  # "--entity-docs 0" leaves the spaCy rate out
        ent = time_entities(corpus[: args.entity_docs])
        print(f"all six tables with entities (spaCy), {args.entity_docs} docs: "
              f"{ent['cpu_1']:.1f} docs/s CPU ({ent['wall_1']:.1f} docs/s wall); two worker "
              f"processes: {ent['wall_2']:.1f} docs/s wall -> 1,000 articles in "
              f"{1000 / ent['wall_1']:.0f} s (one process) / {1000 / ent['wall_2']:.0f} s "
              f"(two); whole articles over two processes (the pipeline's path with a "
              f"cache): {ent['wall_articles_2']:.1f} docs/s wall -> 1,000 in "
              f"{1000 / ent['wall_articles_2']:.0f} s")
        rec = time_recogniser(corpus[: args.entity_docs])
        print(f"the recogniser alone, {args.entity_docs} docs, one process: "
              f"{rec['numpy']:.1f} docs/s CPU with the batch decoder (nkrussia.ner_decode), "
              f"{rec['spacy']:.1f} with spaCy's own loop (nlp.pipe): "
              f"{rec['spacy_s'] / rec['numpy_s']:.2f}x; same entities: {rec['same']}")
    if args.quantulum_docs > 0:  # "--quantulum-docs 0" skips quantulum3's timing
        q = time_quantulum(corpus[: args.quantulum_docs])
        print(f"quantulum3 first call (import + parse): {q['first_call_s']:.2f} s")
        print(f"quantulum3 on {q['docs']} docs: {q['docs_per_s']:.1f} docs/s "
              f"(median {q['median_doc_s'] * 1000:.0f} ms/doc)")
        print(f"ratio (figures, CPU):    {ours['figures_cpu'] / q['docs_per_s']:,.0f}x")
        print(f"ratio (all tables, CPU): {ours['all_cpu'] / q['docs_per_s']:,.0f}x")
    acc = accuracy()
    print(f"figures on {acc['docs']['n']} hand-annotated articles (span + value):")
    for name in ("ours", "quantulum3"):
        r = acc[name]
        print(f"  {name:<10} precision {r['precision']:.3f} recall {r['recall']:.3f} "
              f"(tp {r['tp']}, predicted {r['predicted']}, expected {r['expected']}); "
              f"lenient (overlap + value) precision {r['lenient_precision']:.3f} "
              f"recall {r['lenient_recall']:.3f}")
    for b in acc["docs"]["batches"]:
        r, qr = acc[f"ours {b}"], acc[f"quantulum3 {b}"]
        print(f"    {b:<9} ours P {r['precision']:.3f} R {r['recall']:.3f} "
              f"({r['expected']} figures); quantulum3 P {qr['precision']:.3f} "
              f"R {qr['recall']:.3f}")
    ea = entity_accuracy()
    print(f"people and organisations on {ea['docs']['n']} annotated articles:")
    for name in ("ours", "spaCy"):
        r = ea[name]
        print(f"  {name:<6} strict precision {r['precision']:.3f} recall {r['recall']:.3f}; "
              f"lenient (overlap) precision {r['lenient_precision']:.3f} "
              f"recall {r['lenient_recall']:.3f}; {r['false']} false, {r['missed']} missed "
              f"of {r['expected']}")
    for table, res in form_accuracy().items():
        o, qn = res["ours"], res["quantulum3"]
        print(f"{table} ({o['cases']} cases): values right ours {o['value']:.3f}, quantulum3 "
              f"{qn['value']:.3f}; with unit/currency/bound ours {o['full']:.3f}, quantulum3 "
              f"{qn['full']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
