"""People, organisations, countries, dated events and direct quotations in one text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nkrussia.extract_figures import Figure, attributions
from nkrussia.extract_grammar import WordIndex, word_positions


@dataclass
class Entity:
    kind: str  # person | organisation | country
    name: str
    canonical: str
    role: str
    start: int
    end: int
    sentence: int = 0


@dataclass
class Event:
    date: str
    date_resolved: str
    what: str
    who: str
    start: int
    end: int
    sentence: int
    figure_id: str


@dataclass
class Quote:
    start: int
    end: int
    text: str
    speaker: str
    speaker_role: str
    sentence: int


_COUNTRIES = {
    "Democratic People's Republic of Korea": "North Korea", "DPRK": "North Korea",
    "North Korea": "North Korea", "South Korea": "South Korea", "Republic of Korea": "South Korea",
    "ROK": "South Korea", "Russian Federation": "Russia", "Russia": "Russia",
    "Ukraine": "Ukraine", "United States": "United States", "U.S.": "United States",
    "USA": "United States", "US": "United States", "America": "United States",
    "China": "China", "Japan": "Japan", "Belarus": "Belarus", "Iran": "Iran",
    "United Kingdom": "United Kingdom", "Britain": "United Kingdom", "UK": "United Kingdom",
    "Germany": "Germany", "France": "France", "Poland": "Poland", "Syria": "Syria",
    "Mongolia": "Mongolia", "Kazakhstan": "Kazakhstan", "Vietnam": "Vietnam",
}
_ORGS = {
    "European Union": "European Union", "EU": "European Union", "NATO": "NATO",
    "United Nations Security Council": "UN Security Council",
    "UN Security Council": "UN Security Council", "Security Council": "UN Security Council",
    "United Nations": "United Nations", "UN": "United Nations",
    "National Intelligence Service": "National Intelligence Service (South Korea)",
    "NIS": "National Intelligence Service (South Korea)",
    "Joint Chiefs of Staff": "Joint Chiefs of Staff", "JCS": "Joint Chiefs of Staff",
    "Pentagon": "Pentagon", "Kremlin": "Kremlin", "White House": "White House",
    "State Department": "U.S. State Department", "KCNA": "Korean Central News Agency",
    "Korean Central News Agency": "Korean Central News Agency", "Yonhap": "Yonhap",
    "Reuters": "Reuters", "World Food Programme": "World Food Programme",
    "WFP": "World Food Programme", "FAO": "FAO", "Bank of Korea": "Bank of Korea",
    "GUR": "Ukrainian military intelligence (GUR)",
    "Ukrainian military intelligence": "Ukrainian military intelligence (GUR)",
    "Institute for the Study of War": "Institute for the Study of War",
    "ISW": "Institute for the Study of War", "G7": "G7", "Wagner": "Wagner Group",
}
_KNOWN_PEOPLE = {
    "Kim Jong-un": "North Korean leader", "Kim Jong Un": "North Korean leader",
    "Vladimir Putin": "Russian President", "Volodymyr Zelenskyy": "Ukrainian President",
    "Volodymyr Zelensky": "Ukrainian President", "Yoon Suk-yeol": "South Korean President",
    "Yoon Suk Yeol": "South Korean President", "Josep Borrell": "EU foreign policy chief",
    "Sergei Shoigu": "", "Sergei Lavrov": "Russian Foreign Minister", "Choe Son-hui": "",
    "Andrei Belousov": "Russian Defence Minister", "Kim Yong-hyun": "",
    "Kim Yo-jong": "", "Joe Biden": "U.S. President", "Donald Trump": "",
    "Antony Blinken": "U.S. Secretary of State", "Lloyd Austin": "U.S. Defense Secretary",
    "Mark Rutte": "NATO Secretary-General", "Jens Stoltenberg": "",
    "Rustem Umerov": "Ukrainian Defence Minister", "Dmitry Peskov": "Kremlin spokesman",
}
_NAME = r"(?:[A-Z][a-z]+(?:-[a-z]+)?(?:\s+[A-Z][a-z]+(?:-[a-z]+)?){0,2})"
# the fast path: find title words, then read the name after and the role words before
_TITLE_ANCHORS = frozenset(
    b"minister president general gen colonel col admiral adm marshal leader chancellor "
    b"ambassador spokesperson spokesman spokeswoman senator sen rep director chief commander "
    b"chairman premier mr ms mrs dr professor prof envoy lawmaker secretary state".split()
)
_TITLED_AT = re.compile(rf"\S+\s+(?P<name>{_NAME})(?![\w-])")
_ROLE_PREFIX = re.compile(r"(?:(?:[A-Z][\w.]*(?:’s|'s)?\s+){0,3}(?:[a-z]+\s+){0,2})$")
_COMMA_NAME = re.compile(rf",\s+(?P<name>{_NAME})(?=\s*,)")
_ROLE_NOUN = (r"(?:chief|minister|president|leader|spokesperson|spokesman|spokeswoman|director|"
              r"head|envoy|ambassador|secretary|commander|general|adviser|advisor|official|"
              r"analyst|researcher|fellow|professor|lawmaker|chairman|diplomat)")
_ROLE_NOUNS = frozenset(
    "chief minister president leader spokesperson spokesman spokeswoman director head envoy "
    "ambassador secretary commander general adviser advisor official analyst researcher "
    "fellow professor lawmaker chairman diplomat".split()
)
_APPOS_AFTER = re.compile(
    rf"(?P<name>{_NAME}),\s+(?P<role>(?:the\s+|a\s+|an\s+)?(?:[\w’'.-]+\s+){{0,6}}?{_ROLE_NOUN}"
    rf"(?:\s+(?:of|at|for)\s+(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){{0,4}})?)(?=\s*[,.;])")
_ROLE_BEFORE = re.compile(
    rf"\b(?:the|a|an|[A-Z][\w.]*(?:’s|'s)?)\s+[\w’'\s.-]{{0,60}}?{_ROLE_NOUN}$")
_NOT_NAME = set(
    "The North South Korea Korean Russia Russian Ukraine Ukrainian United States European "
    "Union Defense Defence Minister President On In At According Meanwhile However Both "
    "If This That These Those Western Asia Pacific Peninsula Strategically Conversely Indeed "
    "Analysts Some Political Reports Estimates Recent After Adding With Institute National "
    "Security Strategy Council Ministry Chiefs Staff Intelligence Service American Chinese "
    "Japanese Army Navy Command Office Foreign Joint".split()
)
_QUOTE = re.compile(r"“(?P<q>[^”]{8,}?)”|\"(?P<q2>[^\"\n]{8,}?)\"")
_EVENT_VERB = re.compile(
    r"\b(?:met|meet|meets|signed|signs|held|holds|visited|visits|announced|began|begins|"
    r"started|arrived|deployed|launched|fired|attacked|ratified|agreed|entered|took|"
    r"came|condemned|warned|said|told|struck|crossed|opened|concluded|approved|"
    r"[a-z]{3,}ed)\b")


_LETTERS_ONLY = bytes(c + 32 if 65 <= c <= 90 else (c if 97 <= c <= 122 else 32)
                      for c in range(256))


class _Table:
    """Exact names from a table, found from their first word (fast) then matched in full."""

    def __init__(self, table: dict[str, str]):
        names = sorted(table, key=len, reverse=True)
        self.rx = re.compile(r"(?:" + "|".join(re.escape(n) for n in names) +
                             r")(?![\w$]|\.\w)")
        self.first = frozenset(n.encode("ascii", "replace").translate(_LETTERS_ONLY).split()[0]
                               for n in names)

    def finditer(self, text: str, index: WordIndex | None = None):
        end = 0
        for p in word_positions(index or text, self.first):
            if p < end or (p and (text[p - 1].isalnum() or text[p - 1] in "._")):
                continue
            m = self.rx.match(text, p)
            if m is not None:
                end = m.end()
                yield m


_COUNTRY_RE = _Table(_COUNTRIES)
_ORG_RE = _Table(_ORGS)
_KNOWN_RE = _Table(_KNOWN_PEOPLE)
_ORG_HEADS = frozenset(
    b"institute agency service ministry council organisation organization department committee "
    b"office command programme program center centre foundation directorate university "
    b"assembly party army navy".split()
)
_ORG_BEFORE = re.compile(r"(?:[Tt]he\s+)?(?P<pre>(?:(?!The\b)[A-Z][a-z]+\s+){0,4})$")
_ORG_AT = re.compile(
    r"[A-Z][a-z]+(?:\s+(?:of|for|on)\s+(?:the\s+)?(?:[A-Z][a-z]+)(?:\s+[A-Z][a-z]+){0,3})?"
    r"(?:\s+\((?P<acr>[A-Z]{2,8})\))?")


def _generic_orgs(text: str, index: WordIndex):
    """(start, end, name, acronym) of "<Capitalised words> Institute/Agency/... (of X)"."""
    end = 0
    for p in index.positions(_ORG_HEADS):
        if p < end:
            continue
        m = _ORG_AT.match(text, p)
        if m is None:
            continue
        lo = text.rfind(" ", 0, max(0, p - 60)) + 1
        b = _ORG_BEFORE.search(text, lo, p)
        start = b.start("pre") if b else p
        name_end = m.start("acr") - 2 if m.group("acr") else m.end()
        name = text[start:name_end]
        end = m.end()
        yield start, name_end, name, m.group("acr")


def _sentence_of(sentences: list[tuple[int, int]], pos: int) -> int:
    lo, hi = 0, len(sentences) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sentences[mid][0] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _surname(full: str) -> str:
    parts = full.split()
    if len(parts) >= 2 and ("-" in parts[1] or parts[0] in ("Kim", "Yoon", "Choe", "Lee",
                                                              "Park", "Moon", "Ri", "Pak")):
        return parts[0]  # Korean order: family name first
    return parts[-1]


def _person_candidates(text: str, index: WordIndex):
    """(name, start, end, role) from "the X chief, Name,", "Name, the X chief," and
    "Title Name", in that order of preference."""
    for m in _COMMA_NAME.finditer(text):
        c = m.start()
        lo = text.rfind(" ", 0, max(0, c - 80)) + 1
        window = text[lo:c]
        cut = max(window.rfind(". "), window.rfind("\n"), window.rfind("; "))
        if cut >= 0:
            window = window[cut + 2:]
        last = window.rsplit(None, 1)[-1].lower() if window.strip() else ""
        if last not in _ROLE_NOUNS:
            continue
        rm = _ROLE_BEFORE.search(window)
        if rm:
            yield m.group("name"), m.start("name"), m.end("name"), rm.group()
    for m in _APPOS_AFTER.finditer(text):
        yield m.group("name"), m.start("name"), m.end("name"), m.group("role")
    for p in index.positions(_TITLE_ANCHORS):
        p0 = max(text.rfind(" ", 0, p), text.rfind("\n", 0, p)) + 1
        m = _TITLED_AT.match(text, p0)
        if m is None:
            continue
        title = text[p0:m.start("name")].strip()
        if not title[:1].isalpha():
            continue
        lo = text.rfind(" ", 0, max(0, p0 - 60)) + 1
        pm = _ROLE_PREFIX.search(text, lo, p0)
        role = (pm.group() if pm else "") + title
        yield m.group("name"), m.start("name"), m.end("name"), role


def find_entities(text: str, sentences: list[tuple[int, int]]) -> list[Entity]:
    """Entity mentions in text order; bare surnames linked to a full name when unambiguous."""
    ents: list[Entity] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    people: dict[str, str] = {}  # canonical full name -> role
    full_mentions: list[Entity] = []
    bare: list[tuple[int, int, str, str]] = []  # start, end, name, title
    index = WordIndex(text)
    for name, s, e, raw_role in _person_candidates(text, index):
        if not free(s, e) or name.split()[0] in _NOT_NAME:
            continue
        role = " ".join(raw_role.split())
        role = re.sub(r"^(?:On|In|At|According to|Meanwhile|However|When|After)\s+", "", role)
        role = re.sub(r"^(?:[A-Z]\w+\s+)?(?:met|with|and|by|of|from|said)\s+", "", role)
        if len(name.split()) == 1:
            bare.append((s, e, name, role))
            taken.append((s, e))
            continue
        people.setdefault(name, role)
        if not people[name]:
            people[name] = role
        full_mentions.append(Entity("person", name, name, role, s, e))
        taken.append((s, e))
    for m in _KNOWN_RE.finditer(text, index):
        if free(m.start(), m.end()):
            name = m.group()
            people.setdefault(name, _KNOWN_PEOPLE[name])
            full_mentions.append(Entity("person", name, name, people[name], m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for ent in full_mentions:
        ent.role = people.get(ent.canonical, ent.role)
    ents.extend(full_mentions)
    surnames: dict[str, list[str]] = {}
    for full in people:
        surnames.setdefault(_surname(full), []).append(full)
    # bare surnames not yet seen in a title pattern
    if surnames:
        rx = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in surnames) +
                        r")(?![\w-])")
        for m in rx.finditer(text):
            if free(m.start(), m.end()):
                bare.append((m.start(), m.end(), m.group(), ""))
                taken.append((m.start(), m.end()))
    for s, e, name, role in bare:
        cands = surnames.get(name, [])
        canonical = ""
        if len(cands) == 1:
            canonical = cands[0]
        elif len(cands) > 1 and role:
            key = role.split()[-1].lower()
            title_words = role.lower().split()
            match = [c for c in cands if people[c] and all(
                w in people[c].lower() for w in title_words[-2:])]
            if not match:
                match = [c for c in cands if key in people[c].lower()]
            if len(match) == 1:
                canonical = match[0]
        full_role = people.get(canonical, "") or role
        ents.append(Entity("person", name, canonical or name, full_role, s, e))
    for m in _ORG_RE.finditer(text, index):
        if free(m.start(), m.end()):
            ents.append(Entity("organisation", m.group(), _ORGS[m.group()], "", m.start(),
                               m.end()))
            taken.append((m.start(), m.end()))
    for s, e, name, acr in _generic_orgs(text, index):
        if free(s, e) and len(name.split()) >= 2:
            canonical = f"{name} ({acr})" if acr else name
            ents.append(Entity("organisation", name, canonical, "", s, e))
            taken.append((s, e))
    for m in _COUNTRY_RE.finditer(text, index):
        if free(m.start(), m.end()):
            ents.append(Entity("country", m.group(), _COUNTRIES[m.group()], "", m.start(),
                               m.end()))
    ents.sort(key=lambda x: (x.start, x.end))
    for ent in ents:
        ent.sentence = _sentence_of(sentences, ent.start)
    return ents


def find_events(text: str, sentences, figures: list[Figure], entities: list[Entity]
                ) -> list[Event]:
    """One event per calendar date (a figure with unit date): what, who, where."""
    events = []
    for f in figures:
        if f.unit != "date":
            continue
        s0, s1 = sentences[f.sentence]
        rest = text[f.end:s1]
        what = ""
        for m in _EVENT_VERB.finditer(rest):
            clause = rest[m.start():]
            cut = re.search(r"[,;.](?:\s|$)", clause)
            clause = clause[:cut.start()] if cut else clause
            words = clause.split()
            what = " ".join(words[:12])
            break
        if not what:
            what = " ".join(text[s0:s1].split()[:12])
        who = []
        for ent in entities:
            if ent.sentence == f.sentence and ent.kind in ("person", "organisation"):
                if ent.canonical not in who:
                    who.append(ent.canonical)
        events.append(Event(f.date, f.date_resolved, what, "; ".join(who), s0, s1, f.sentence,
                             f.figure_id))
    return events


def find_quotes(text: str, sentences, entities: list[Entity]) -> list[Quote]:
    """Direct quotations (inner text, without the marks) and who said them."""
    quotes = []
    people = [e for e in entities if e.kind == "person"]
    for m in _QUOTE.finditer(text):
        g = "q" if m.group("q") is not None else "q2"
        inner_s, inner_e = m.start(g), m.end(g)
        while inner_e > inner_s and text[inner_e - 1] in ", ":
            inner_e -= 1
        inner = text[inner_s:inner_e]
        if len(inner.split()) < 4:
            continue
        sent = _sentence_of(sentences, m.start())
        s_end = sentences[_sentence_of(sentences, m.end() - 1)][1]
        s_start = sentences[sent][0]
        speaker = role = ""
        after = [p for p in people if m.end() <= p.start < min(s_end, m.end() + 120)]
        before = [p for p in people if s_start <= p.end <= m.start()]
        pick = after[0] if after else (before[-1] if before else None)
        if pick is not None:
            speaker, role = pick.canonical, pick.role
        else:
            attrs = attributions(text[m.end():s_end], m.end()) or \
                attributions(text[s_start:m.start()], s_start)
            if attrs and not attrs[0][2].startswith("\x00"):
                speaker = attrs[0][2]
        quotes.append(Quote(inner_s, inner_e, inner, speaker, role, sent))
    return quotes
