"""Score the extractor on folders of hand-annotated real text (blind sets kept outside the project).

    .venv/bin/python benchmarks/score_sets.py /path/to/set [more sets ...] [-v] [--json out.json]

Each folder holds ``<name>.txt`` (the text, verbatim), ``<name>.expected.csv`` (figures:
``text,value,qualifier,unit`` in text order) and ``<name>.entities.csv`` (people and
organisations: ``text,kind``), annotated under the rules of ``tests/fixtures/articles/README.md``.
Spans are located in text order at word boundaries (``5`` is not found inside ``2025``).
Prints per set and pooled: figures precision/recall/F1 (same span and value), and mentions
strict (same span and kind) and lenient (overlap, same kind), with the false and missed counts;
``-v`` lists every error. The sets themselves are verbatim copies of published pages, so they
stay outside the repository; this script is how they are scored, the same way every time.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _find_word(text: str, span: str, pos: int) -> int:
    """First ``span`` at or after ``pos`` not glued to a letter or digit on either side."""
    i = text.find(span, pos)
    while i >= 0 and ((i > 0 and span[:1].isalnum() and text[i - 1].isalnum()) or
                      (span[-1:].isalnum() and text[i + len(span):i + len(span) + 1].isalnum()) or
                      (i > 1 and span[:1].isdigit() and text[i - 1] in "/-" and
                       text[i - 2].isdigit())):  # not the "24" of "KN-23/24"
        i = text.find(span, i + 1)
    return i


def load_set(folder: Path):
    """(figure documents, entity documents) of one folder, spans located at word boundaries."""
    from nkrussia.extract_eval import Annotated, AnnotatedEntities, _value

    figs, ents = [], []
    for txt in sorted(folder.glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        name = f"{folder.name}/{txt.stem}"
        fig_csv = txt.with_name(txt.stem + ".expected.csv")
        if fig_csv.exists():
            with fig_csv.open(encoding="utf-8", newline="") as fh:
                rows = list(csv.DictReader(fh))
            spans, pos = [], 0
            for row in rows:
                i = _find_word(text, row["text"], pos)
                if i < 0:
                    raise SystemExit(f"{fig_csv}: figure {row['text']!r} not found after {pos}")
                spans.append((i, i + len(row["text"]), row["text"], _value(row.get("value"))))
                pos = i + len(row["text"])
            figs.append(Annotated(name, text, spans, rows))
        ent_csv = txt.with_name(txt.stem + ".entities.csv")
        if ent_csv.exists():
            with ent_csv.open(encoding="utf-8", newline="") as fh:
                rows = list(csv.DictReader(fh))
            spans, pos = [], 0
            for row in rows:
                i = _find_word(text, row["text"], pos)
                if i < 0:
                    raise SystemExit(f"{ent_csv}: mention {row['text']!r} not found after {pos}")
                spans.append((i, i + len(row["text"]), row["text"], row["kind"].strip()))
                pos = i + len(row["text"])
            ents.append(AnnotatedEntities(name, text, spans))
    return figs, ents


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _line(label: str, f: dict, e: dict) -> str:
    return (f"{label:<10} figures P {f['precision']:.3f} R {f['recall']:.3f} "
            f"F1 {_f1(f['precision'], f['recall']):.3f} ({f['expected']:>4}) | mentions strict "
            f"P {e['precision']:.3f} R {e['recall']:.3f}, lenient P {e['lenient_precision']:.3f}"
            f" R {e['lenient_recall']:.3f} ({e['expected']:>4}; false {e['false']}, "
            f"missed {e['missed']})")


def main(argv: list[str] | None = None) -> int:
    from nkrussia.extract_eval import evaluate, evaluate_entities, our_entities, ours

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="+", type=Path)
    ap.add_argument("-v", "--verbose", action="store_true", help="list every error")
    ap.add_argument("--json", type=Path, help="write the scores as JSON")
    args = ap.parse_args(argv)
    loaded = {s.name: load_set(s) for s in args.sets}
    all_figs = [d for f, _e in loaded.values() for d in f]
    all_ents = [d for _f, e in loaded.values() for d in e]
    out = {}
    for name, (figs, ents) in loaded.items():
        out[name] = (evaluate(figs, ours), evaluate_entities(ents, our_entities))
        print(_line(name, *out[name]))
    if len(loaded) > 1:
        out["pooled"] = (evaluate(all_figs, ours), evaluate_entities(all_ents, our_entities))
        print(_line("pooled", *out["pooled"]))
    if args.verbose:
        key = "pooled" if "pooled" in out else next(iter(out))
        for line in out[key][0]["errors"] + out[key][1]["errors"]:
            print("  " + line)
    if args.json:
        args.json.write_text(json.dumps({k: {"figures": f, "mentions": e}
                                         for k, (f, e) in out.items()}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
