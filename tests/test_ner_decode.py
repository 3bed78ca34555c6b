"""The batch decoder of the entity recogniser gives exactly what spaCy's own loop gives.

Both run the same network (spaCy's layers); only the loop that turns scores into BILUO moves
differs (``nkrussia.ner_decode``). Compared here on the annotated fixtures, the seed,
generated articles and text made to be awkward: whitespace runs, a lone token, Hangul,
digits and punctuation only, a document of one long line, and batches whose documents differ
a lot in length (documents finish at different steps).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from nkrussia import extract_nlp, ner_decode
from tests import corpus

ROOT = Path(__file__).resolve().parents[1]


def spacy_loop(texts: list[str], batch_size: int = 16) -> list[list[tuple[int, int, str]]]:
    nlp = extract_nlp.pipeline()
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents]
            for doc in nlp.pipe(texts, batch_size=batch_size)]


def ours(texts: list[str], batch_size: int = 16) -> list[list[tuple[int, int, str]]]:
    nlp = extract_nlp.pipeline()
    plan = ner_decode.plan(nlp)
    assert plan is not None, "the project's pipeline is the one the decoder describes"
    return ner_decode.recognise(nlp, plan, texts, batch_size)


def awkward() -> list[str]:
    rng = random.Random(7)
    words = ["Kim", "Jong", "Un", "met", "Putin", "in", "Pyongyang", "the", "NIS", "said",
             "10,000", "troops", "U.S.", "Rep.", "Lee", "Seong-kweun", "김정은", "—", "(", ")",
             "\n", "\n\n", "  ", "\t", "’", "“", "Ukraine's", "Main", "Intelligence",
             "Directorate", "on", "Monday", ".", ",", "Reuters", "KCNA", "BBC"]
    texts = ["Kim", " ", "\n\n\n", "Putin.", "1 2 3 4 5 ... !!! ???", "   Kim Jong Un   ",
             "North Korea " * 400, "김정은 국무위원장은 Vladimir Putin 대통령과 회담했다.",
             "Kim Jong Un\n\n\nVladimir Putin\n \n Sergei Shoigu"]
    for _ in range(40):
        n = rng.choice([1, 2, 5, 30, 200])
        texts.append(" ".join(rng.choice(words) for _ in range(n)))
    return texts


def articles() -> list[str]:
    texts = [p.read_text(encoding="utf-8")
             for p in sorted((ROOT / "tests" / "fixtures" / "articles").glob("*.txt"))]
    texts.append((ROOT / "seeds" / "000_0699a36f70cc69c0.txt").read_text(encoding="utf-8"))
    texts += [a.text for a in corpus.generate(40)]
    return texts


def test_the_same_entities_as_spacys_loop_on_real_and_generated_articles():
    texts = articles()
    want = spacy_loop(texts)
    got = ours(texts)
    assert sum(map(len, want)) > 1000  # the comparison has something to compare
    assert got == want


def test_the_same_entities_on_awkward_text_and_any_batch_size():
    texts = awkward()
    want = spacy_loop(texts)
    assert sum(map(len, want)) > 50
    for batch_size in (1, 3, 16, 64):
        assert ours(texts, batch_size) == want, batch_size


def test_a_text_gets_the_same_entities_alone_and_among_longer_ones():
    texts = articles()[:12]
    together = ours(texts, 12)
    assert [ours([t])[0] for t in texts] == together


def test_ner_spans_uses_the_decoder_unless_told_to_use_spacys_loop(monkeypatch):
    texts = ["Kim Jong Un met Vladimir Putin in Pyongyang, KCNA said."]
    nlp = extract_nlp.pipeline()
    calls = []
    real = type(nlp).pipe
    monkeypatch.setattr(type(nlp), "pipe",
                        lambda self, t, **kw: calls.append(1) or real(self, t, **kw))
    fast = extract_nlp.ner_spans(texts)
    assert calls == []
    monkeypatch.setenv(extract_nlp.DECODER_ENV, "spacy")
    slow = extract_nlp.ner_spans(texts)
    assert calls == [1] and fast == slow and fast[0]
    monkeypatch.setenv(extract_nlp.DECODER_ENV, "fast")
    with pytest.raises(extract_nlp.EnvironmentProblem, match="NKRUSSIA_NER_DECODER='fast'"):
        extract_nlp.ner_spans(texts)


def test_a_pipeline_the_decoder_does_not_describe_gets_no_plan():
    import spacy

    blank = spacy.blank("en")
    assert ner_decode.plan(blank) is None
    blank.add_pipe("sentencizer")
    assert ner_decode.plan(blank) is None


def test_preset_entities_are_left_to_spacy():
    from spacy.tokens import Span

    nlp = extract_nlp.pipeline()
    plan = ner_decode.plan(nlp)
    doc = nlp.make_doc("Kim Jong Un met Vladimir Putin in Pyongyang.")
    doc.ents = [Span(doc, 6, 7, label="GPE")]
    assert ner_decode.decode(plan, [doc]) is None
    fresh = nlp.make_doc("Kim Jong Un met Vladimir Putin in Pyongyang.")
    assert ner_decode.decode(plan, [fresh])


def test_numpys_huge_page_switch_is_put_back():
    from numpy._core.multiarray import _set_madvise_hugepage

    before = _set_madvise_hugepage(True)
    try:
        ours(["Kim Jong Un met Vladimir Putin."])
        assert _set_madvise_hugepage(True) is True
    finally:
        _set_madvise_hugepage(before)
