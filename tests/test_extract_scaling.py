"""Extraction time grows linearly with the article (issue 13: a 4.9 MB article had not
finished after 20 minutes).

Measured as a ratio, never an absolute time: the CPU time for a text 8 times as long must be
under 16 times the time for the short one (linear gives ~8, quadratic ~64). Each time is the
best of three runs. The entity rules run on synthetic recogniser spans (every capitalised
word, labels in turn) so that the test measures this project's code, not spaCy's, whose
cost per token is fixed; the spaCy side is covered by cutting texts into bounded pieces
(tests/test_extract_entities.py)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from nkrussia.extract import infer_reference_date
from nkrussia.extract_entities import find_entities, find_events, find_quotes
from nkrussia.extract_figures import extract_text, split_sentences

ROOT = Path(__file__).resolve().parents[1]
NEWS = "\n".join(p.read_text(encoding="utf-8") for p in
                 sorted((ROOT / "tests" / "fixtures" / "articles").glob("*.txt"))[:12])
_CAP = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?")
LABELS = ("PERSON", "ORG", "GPE", "NORP")


def _repeat(block: str, n: int) -> str:
    return (block * (n // len(block) + 1))[:n]


GENERATORS = {
    "news paragraphs": lambda n: _repeat(NEWS + "\n", n),
    "one huge line": lambda n: _repeat(NEWS.replace("\n", " ") + " ", n),
    "no sentence ends": lambda n: _repeat(re.sub(r"[.?!\n]", " ", NEWS) + " ", n),
    "thousands of quotes": lambda n: _repeat("“ ", n),
    "unclosed quotes and figures": lambda n: _repeat('He said " 5,000 troops “ ', n),
    "long digit run": lambda n: "9" * n,
    "digit groups": lambda n: _repeat("1,2.3-4/", n),
    "dots": lambda n: "." * n,
    "no spaces": lambda n: _repeat("Kim", n),
    "names and titles": lambda n: _repeat("President Kim Jong Un, said NIS (NIS) Reps. ", n),
    "spaces": lambda n: "5" + " " * n + "troops",
}


def _work(text: str) -> None:
    sentences = split_sentences(text)
    figs = extract_text(text, "d", None, sentences)
    infer_reference_date(text, figs)
    ner = [(m.start(), m.end(), LABELS[i % 4]) for i, m in enumerate(_CAP.finditer(text))]
    ents = find_entities(text, sentences, ner)
    find_events(text, sentences, figs, ents)
    find_quotes(text, sentences, ents)


def _cpu(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        _work(text)
        best = min(best, time.process_time() - t0)
    return best


@pytest.mark.parametrize("kind", list(GENERATORS))
def test_eight_times_the_text_costs_at_most_sixteen_times_the_time(kind):
    make = GENERATORS[kind]
    small, large = make(20_000), make(160_000)
    t_small, t_large = _cpu(small), _cpu(large)
    # a floor for texts whose work is too small to time (a run of dots): 2 ms
    assert t_large < 16 * max(t_small, 0.002), (kind, t_small, t_large)
