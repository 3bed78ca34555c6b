"""A synthetic corpus of news articles about North Korean troops in Russia, for tests and
benchmarks (never real article text: every sentence is made here from templates).

Articles come from a fixed list of outlets over nine months; their figures are drawn from
estimates that drift the way public reporting did (troops rising from a few thousand to about
15,000, casualties growing), each credited to an organisation. About a fifth of the articles
are wire copies: the same story run by another outlet with a sentence changed, so that
near-duplicate detection and "a number counts once per origin" have something to find.

``python -m tests.corpus N FOLDER [--jsonl FILE]`` writes N articles (``.txt`` + ``.yaml``
sidecar each) into FOLDER, or one JSON Lines file.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path

OUTLETS = ("Reuters", "Associated Press", "AFP", "Yonhap", "KBS World", "The Korea Herald",
           "Kyiv Independent", "Ukrinform", "NK News", "The Guardian", "BBC News",
           "Radio Free Asia", "Nikkei Asia", "Deutsche Welle", "Voice of America")
WIRES = ("Reuters", "Associated Press", "AFP", "Yonhap")
ORIGINS = {  # who makes the estimates, and how articles name them
    "nis": ("South Korea's National Intelligence Service", "the NIS",
            "South Korean intelligence"),
    "hur": ("Ukraine's military intelligence agency, the HUR", "Ukrainian intelligence",
            "the HUR"),
    "pentagon": ("the Pentagon", "the U.S. Department of Defense", "a Pentagon spokesperson"),
    "zelensky": ("President Volodymyr Zelensky", "Zelensky", "Ukraine's president"),
    "jcs": ("South Korea's Joint Chiefs of Staff", "the Joint Chiefs of Staff", "the JCS"),
    "nato": ("NATO Secretary General Mark Rutte", "NATO", "a NATO official"),
}
PLACES = ("the Kursk region", "Russia's Far East", "areas near the Ukrainian border",
          "training grounds in eastern Russia", "the front line in Kursk")
FILLER = (
    "The deployment has alarmed governments in Seoul, Kyiv and Washington.",
    "Moscow and Pyongyang have not confirmed the figures.",
    "Analysts say the cooperation deepened after the two countries signed a partnership treaty.",
    "The Kremlin declined to comment on the reports.",
    "Officials in Seoul said they were watching the situation closely.",
    "The North's state media has not mentioned the deployment.",
    "Diplomats at the United Nations raised the issue at a Security Council meeting.",
    "Satellite images showed increased activity at the port of Rajin.",
    "Military experts said the troops lacked experience of drone warfare.",
    "The United States called the deployment a dangerous escalation.",
)
START = dt.date(2024, 10, 1)
DAYS = 270


@dataclass
class Article:
    doc_id: str
    title: str
    outlet: str
    published: str
    url: str
    text: str
    copy_of: str | None = None


def _troops(day: int) -> int:
    """The deployment as reporting saw it: ~3,000 in October 2024 to ~15,000 by mid-2025."""
    return int(3000 + 12000 * min(1.0, day / 200) ** 0.8)


def _round(n: float, step: int) -> int:
    return max(step, int(round(n / step) * step))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _name(rng: random.Random, origin: str) -> str:
    return rng.choice(ORIGINS[origin])


def _story(rng: random.Random, day: int) -> tuple[str, list[str]]:
    troops = _troops(day)
    parts: list[str] = []
    o1, o2, o3 = rng.sample(sorted(ORIGINS), 3)
    est = _round(troops * rng.uniform(0.85, 1.15), 500 if troops < 5000 else 1000)
    qual = rng.choice(("about", "more than", "some", "up to", "around", "over", ""))
    place = rng.choice(PLACES)
    parts.append(f"North Korea has sent {qual + ' ' if qual else ''}{est:,} troops to {place}, "
                 f"according to {_name(rng, o1)}.")
    if rng.random() < 0.6:
        other = _round(troops * rng.uniform(0.7, 1.3), 1000)
        parts.append(f"{_cap(_name(rng, o2))} put the number at {other:,}, a figure "
                     "that could not be independently verified.")
    if day > 40 and rng.random() < 0.7:
        lost = _round(troops * min(0.5, day / 500) * rng.uniform(0.6, 1.4), 100)
        parts.append(f"About {lost:,} North Korean soldiers have been killed or wounded, "
                     f"{_name(rng, o3)} said.")
    if rng.random() < 0.5:
        pay = rng.choice((2000, 2000, 2000, 1500, 2500))
        parts.append(f"Each soldier is reportedly paid about ${pay:,} a month.")
    if rng.random() < 0.35:
        rev = rng.choice((200, 250, 300, 500))
        parts.append(f"Analysts say the deployment could earn Pyongyang over ${rev} million a "
                     "year.")
    if rng.random() < 0.3:
        shells = rng.choice((3, 5, 6, 8, 9))
        parts.append(f"The North has also shipped more than {shells} million artillery shells "
                     f"to Russia, {_name(rng, 'nis')} said.")
    if rng.random() < 0.2:
        rice = _round(rng.uniform(500_000, 800_000), 50_000)
        parts.append(f"Russia is believed to have supplied around {rice:,} tonnes of rice in "
                     "return.")
    parts += rng.sample(FILLER, rng.randint(2, 5))
    rng.shuffle(parts[1:])
    title = rng.choice(("North Korean troops in Russia: what we know",
                        f"{est:,} North Korean soldiers deployed, intelligence says",
                        "Pyongyang deepens military support for Moscow",
                        "North Korean casualties mount in Kursk",
                        "Seoul warns of growing North Korea–Russia cooperation"))
    return title, parts


def generate(n: int, seed: int = 20241104) -> list[Article]:
    """``n`` articles, deterministic for a seed; doc_ids sort in publication order."""
    rng = random.Random(seed)
    days = sorted(rng.randrange(DAYS) for _ in range(n))
    out: list[Article] = []
    for i, day in enumerate(days):
        date = START + dt.timedelta(days=day)
        wires = [a for a in out[-40:] if a.outlet in WIRES and a.copy_of is None]
        if wires and rng.random() < 0.2:  # a wire story run again by another outlet
            src = rng.choice(wires)
            sentences = src.text.split("\n")
            if len(sentences) > 3:
                sentences[rng.randrange(1, len(sentences))] = rng.choice(FILLER)
            outlet = rng.choice([o for o in OUTLETS if o != src.outlet])
            title, text, copy_of = src.title, "\n".join(sentences), src.doc_id
        else:
            title, parts = _story(rng, day)
            outlet = rng.choice(OUTLETS)
            text, copy_of = "\n".join(parts), None
        doc_id = f"{i:05d}_{outlet.lower().replace(' ', '-')}"
        out.append(Article(doc_id, title, outlet, date.isoformat(),
                           f"https://news.example/{doc_id}", text + "\n", copy_of))
    return out


def write_seeds(articles: list[Article], folder: Path) -> None:
    """Each article as ``<doc_id>.txt`` with a ``<doc_id>.yaml`` sidecar."""
    folder.mkdir(parents=True, exist_ok=True)
    for a in articles:
        (folder / f"{a.doc_id}.txt").write_text(a.text, encoding="utf-8")
        (folder / f"{a.doc_id}.yaml").write_text(
            f"title: {json.dumps(a.title)}\noutlet: {json.dumps(a.outlet)}\n"
            f"url: {json.dumps(a.url)}\npublished: {a.published}\n", encoding="utf-8")


def write_jsonl(articles: list[Article], path: Path) -> None:
    """The shape news APIs export: one object per line (title, outlet, url, published, text)."""
    with path.open("w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps({"id": a.doc_id, "title": a.title, "outlet": a.outlet,
                                 "url": a.url, "published": a.published, "text": a.text},
                                ensure_ascii=False) + "\n")


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--jsonl", type=Path)
    ap.add_argument("--seed", type=int, default=20241104)
    args = ap.parse_args()
    arts = generate(args.n, args.seed)
    if args.jsonl:
        write_jsonl(arts, args.jsonl)
    else:
        write_seeds(arts, args.folder)
    print(f"{len(arts)} articles, {sum(a.copy_of is not None for a in arts)} wire copies")
