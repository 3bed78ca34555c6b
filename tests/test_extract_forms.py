"""Number forms of real reporting (issue 12, 13): the case tables, and each fix on its own."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from nkrussia.extract_eval import load_forms, our_readings, same_value, score_forms
from nkrussia.extract_figures import extract_text, split_sentences

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CASES = load_forms(FIXTURES / "number_forms.csv")


@pytest.mark.parametrize("case", CASES, ids=[f"{c.kind}:{c.sentence[:48]}" for c in CASES])
def test_number_form(case):
    """Each row: the figure with exactly that span, value, unit and qualifier (or, for a
    sentence that holds none, no figure at all)."""
    figs = extract_text(case.sentence)
    if not case.span:
        assert figs == [], [f.text for f in figs]
        return
    match = [f for f in figs if f.text == case.span]
    assert match, (case.span, [(f.text, f.value) for f in figs])
    f = match[0]
    assert same_value(f.value, case.value), (f.text, f.value, case.value)
    if case.unit:
        assert f.unit == case.unit, (f.text, f.unit)
    if case.qualifier:
        assert f.qualifier == case.qualifier, (f.text, f.qualifier)


def test_forms_written_before_the_rules_ran():
    """65 cases written and scored once before any rule was fitted to them (first run 0.985,
    the one miss "1e-3" before a full stop was then fixed)."""
    result = score_forms(load_forms(FIXTURES / "number_forms_heldout.csv"), our_readings)
    assert result["value"] >= 0.98, result["wrong"]
    assert result["full"] >= 0.98, result["wrong"]


@pytest.mark.parametrize("text", [
    "5 troops, ’ ’ says Kim", "5 troops, ‘ ’ said Kim.", "Over 7,000 troops, “ ” said",
    "3,000 died, ' ' according to", "“”", "’ ’ said 5", "According to ’, 5 died.",
])
def test_quote_only_sources_do_not_crash(text):
    """The IndexError in _clean_source: a source that is nothing but quote marks."""
    for f in extract_text(text):
        assert text[f.start:f.end] == f.text


@pytest.mark.parametrize("sentence, span, qualifier, low, high", [
    ("No more than 12 soldiers came back.", "No more than 12", "up_to", None, 12),
    ("Not less than 5,000 troops were sent.", "Not less than 5,000", "at_least", 5000, None),
    ("Not fewer than 300 were killed.", "Not fewer than 300", "at_least", 300, None),
    ("No greater than 40 percent of it.", "No greater than 40 percent", "up_to", None, 40),
])
def test_negated_bounds(sentence, span, qualifier, low, high):
    (f,) = extract_text(sentence)
    assert (f.text, f.qualifier, f.low, f.high) == (span, qualifier, low, high)


@pytest.mark.parametrize("sentence, value, change", [
    ("Exports fell by 3% last year.", -3, "decrease"),
    ("The won lost about a third of its value.", -1 / 3, "decrease"),
    ("Trade rose by 15% in 2024.", 15, "increase"),
    ("A 5% drop was recorded.", -5, "decrease"),
    ("Trade reached 15% of the total.", 15, ""),
    ("Prices fell to 3% in May.", 3, ""),
])
def test_changes_are_signed(sentence, value, change):
    (f,) = [f for f in extract_text(sentence) if f.unit in ("percent", "fraction")]
    assert math.isclose(f.value, value) and f.change == change


def test_a_soldier_loss_is_a_casualty_figure_not_a_change():
    (f,) = extract_text("North Korea lost 3,000 troops in Kursk.")
    assert (f.value, f.change, f.quantity) == (3000, "", "casualties")


def test_rose_from_to_is_two_levels():
    figs = extract_text("The number rose from 3,000 to 11,000.")
    assert [(f.text, f.value, f.change) for f in figs] == [("3,000", 3000, ""),
                                                           ("11,000", 11000, "")]


@pytest.mark.parametrize("text, value", [
    ("10^30 troops came.", 1e30), ("10³⁰ troops came.", 1e30), ("1e6 rounds.", 1e6),
    ("1.5×10^6 rounds.", 1.5e6), ("1.5 x 10^6 rounds.", 1.5e6), ("2.48×10−5 of it.", 2.48e-5),
    ("About 3e4 troops.", 3e4),
])
def test_exponents_are_one_figure(text, value):
    """"10^30 troops" was read as "10" and "30" (issue 13): one figure, the right value."""
    figs = extract_text(text)
    assert len(figs) == 1 and math.isclose(figs[0].value, value, rel_tol=1e-9)


def test_huge_exponents_do_not_overflow():
    for text in ("10^400 troops", "9^999 men", "1e999 shells", "10⁹⁹⁹ rounds"):
        for f in extract_text(text):
            assert f.value is None or math.isfinite(f.value)


@pytest.mark.parametrize("text, unit", [
    ("It cost $ 75 million.", "USD"), ("It cost US$3.14 billion.", "USD"),
    ("It cost €20 million.", "EUR"), ("It cost 20€.", "EUR"), ("It cost EUR 20 million.", "EUR"),
    ("It cost £5 million.", "GBP"), ("It cost ¥300 billion.", "JPY"),
    ("It cost 500 million roubles.", "RUB"), ("It cost ₩1.2 trillion.", "KRW"),
    ("It cost 1.2 trillion won.", "KRW"), ("It cost CNY 100 million.", "CNY"),
    ("It cost 3 billion hryvnias.", "UAH"), ("Workers earn 60,000 roubles a month.", "RUB/month"),
])
def test_currency_code_is_kept_per_figure(text, unit):
    (f,) = extract_text(text)
    assert f.unit == unit


@pytest.mark.parametrize("text, source", [
    ("According to a U.S. expert, 5,000 troops died.", "U.S. expert"),
    ("According to Rep. Lee Seong-kweun, 3,000 died.", "Rep. Lee Seong-kweun"),
    ("According to Gen. Kyrylo Budanov, 3,000 were killed.", "Gen. Kyrylo Budanov"),
    ("Some 3,000 died, said Rep. Lee Seong-kweun.", "Rep. Lee Seong-kweun"),
    ("According to the U.N., 3,000 fled.", "U.N."),
])
def test_a_source_is_not_cut_at_an_abbreviation(text, source):
    (f,) = extract_text(text)
    assert f.source == source


def test_reps_does_not_end_a_sentence():
    text = "Reps. Lee Seong-kweun and Kim Byung-kee said 3,000 were killed."
    assert split_sentences(text) == [(0, len(text))]


def test_a_sentences_own_source_wins_over_the_last_ones():
    figs = extract_text("The NIS said 1,000 died. He said 5,000 were wounded, the ministry "
                        "said. It added that 300 were captured.")
    assert [(f.text, f.source) for f in figs] == [("1,000", "NIS"), ("5,000", "ministry"),
                                                  ("300", "ministry")]


@pytest.mark.parametrize("text, quantity", [
    ("Russia shipped 278,000 tonnes of crude oil.", "fuel_supplied"),
    ("Russia sent 1 million barrels of oil.", "fuel_supplied"),
    ("It shipped 12,000 tonnes of coal.", "materials_supplied"),
    ("It shipped 100,000 tonnes of iron ore.", "materials_supplied"),
    ("Russia sent 50,000 tons of wheat flour.", "food_supplied"),
    ("Russia sent 100,000 tonnes of rice.", "rice_supplied"),
    ("Construction workers are paid $800 a month.", "pay_per_worker_month"),
    ("Each soldier is paid $2,000 a month.", "pay_per_soldier_month"),
    ("Labourers earn 60,000 roubles a month in Russia.", "pay_per_worker_month"),
])
def test_quantity_labels(text, quantity):
    (f,) = extract_text(text)
    assert f.quantity == quantity


@pytest.mark.parametrize("text, quantities", [
    ("Of the roughly 11,000 troops sent to Kursk, about 3,000 have been killed or wounded.",
     ["troops_deployed", "casualties"]),
    ("North Korea has sent 11,000 troops, who have suffered heavy losses.",
     ["troops_deployed"]),
    ("Some 3,000 North Korean troops, the NIS said, have been killed.", ["casualties"]),
    ("Pyongyang sent 2,000 troops to replace those killed.", ["troops_deployed"]),
    ("The 12,000 troops deployed have taken 3,000 casualties.",
     ["troops_deployed", "casualties"]),
])
def test_troops_sent_are_not_casualties(text, quantities):
    assert [f.quantity for f in extract_text(text)] == quantities


def test_iso_dates_are_dates():
    figs = extract_text("They met on 2024-11-04; the talks ran in 2022-2024.")
    assert [(f.text, f.unit, f.date) for f in figs] == [("2024-11-04", "date", "2024-11-04"),
                                                        ("2022-2024", "year", "2022/2024")]


def test_shot_down_and_set_up_are_no_changes():
    figs = extract_text("Air defences shot down 18 of 20 drones; prices went down 5%; "
                        "they set up 3 camps.")
    assert [(f.text, f.change, f.value) for f in figs] == [
        ("18 of 20", "", 0.9), ("5%", "decrease", -5.0), ("3", "", 3.0)]


def test_a_month_range_is_one_date_dated_by_its_first_month():
    figs = extract_text("Loadings ran from October to December 2023 and in May-June 2024.")
    assert [(f.text, f.date, f.year) for f in figs] == [
        ("October to December 2023", "2023-10", 2023), ("May-June 2024", "2024-05", 2024)]


@pytest.mark.parametrize("sentence, spans", [
    # groups of three digits after a space join; anything else stays apart
    ("In 2024 400 troops died.", ["2024", "400"]),
    ("Units 1 2 3 were hit.", ["1", "2", "3"]),
    ("It had 1 2345 rounds.", ["1", "2345"]),
    ("Brigades of 12 345 and 6 000 men.", ["12 345", "6 000"]),
])
def test_spaced_thousands_join_only_groups_of_three(sentence, spans):
    assert [f.text for f in extract_text(sentence)] == spans


@pytest.mark.parametrize("sentence, spans", [
    ("Net income fell 4% or $2.10 a share.", ["4%", "$2.10"]),
    ("The fee was $5 or €4 per tonne.", ["$5", "€4"]),
    ("Fees rose 2-3% this year.", ["2-3%"]),
    ("It cost between $1 and $2 billion.", ["between $1 and $2 billion"]),
])
def test_no_range_between_a_share_and_a_sum(sentence, spans):
    assert [f.text for f in extract_text(sentence)] == spans


@pytest.mark.parametrize("sentence, span, unit", [
    ("Troops dug in at -20C overnight.", "-20C", "°C"),
    ("Temperatures hit 35C in the capital.", "35C", "°C"),
    ("It was 40°F at dawn.", "40°F", "°F"),
])
def test_glued_temperatures(sentence, span, unit):
    (f,) = extract_text(sentence)
    assert (f.text, f.unit) == (span, unit)


def test_a_bare_capital_c_needs_a_temperature_context():
    assert extract_text("Class 2C cadets paraded in Pyongyang.") == []


@pytest.mark.parametrize("sentence, expected", [
    ("Ukraine's intelligence put the number of soldiers at 9,500.",
     [("9,500", "troops_deployed")]),
    ("The death toll reached 600, and the wounded at 2,700.",
     [("600", "casualties"), ("2,700", "casualties")]),
    ("Kyiv put the dead at 300 and the wounded at 2,700.",
     [("300", "casualties"), ("2,700", "casualties")]),
    ("Ukraine's estimate of casualties stood at 4,000.", [("4,000", "casualties")]),
    ("The number of shells supplied was 9 million.", [("9 million", "munitions_supplied")]),
    ("North Korea could send a force of 30,000.", [("30,000", "troops_expected")]),
    # a noun before the figure, but not what it counts
    ("Soldiers were stationed at three bases.", [("three", "count")]),
    ("The soldiers of 3 nations trained together.", [("3", "count")]),
])
def test_what_is_counted_can_be_named_before_the_figure(sentence, expected):
    assert [(f.text, f.quantity) for f in extract_text(sentence)] == expected


@pytest.mark.parametrize("sentence, expected", [
    # a future word in another clause does not make a deployed force an expected one
    ("Russia has 11,000 North Korean troops in Kursk, which analysts say could grow.",
     ["troops_deployed"]),
    ("The NIS said North Korea may send more, but 11,000 troops are already there.",
     ["troops_deployed"]),
    ("North Korea has deployed more than 10,000 troops to Russia, and about 3,000 more "
     "could follow in the coming weeks.", ["troops_deployed", "troops_expected"]),
    ("North Korea has sent 11,000 troops and will send another 3,000.",
     ["troops_deployed", "troops_expected"]),
    ("Kim is preparing to send 20,000 more troops.", ["troops_expected"]),
    # "further" and "another" after a verb of sending are a deployment
    ("North Korea sent 11,000 troops in October and a further 3,000 in January.",
     ["troops_deployed", "troops_deployed"]),
    ("Another 3,000 troops were deployed in January.", ["troops_deployed"]),
])
def test_troops_expected_only_from_their_own_clause(sentence, expected):
    assert [f.quantity for f in extract_text(sentence)] == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Pyongyang has sent 12,000 troops, and 3,000 more.",
     [("12,000", "troops"), ("3,000", "troops")]),
    ("Russia received 5 million shells last year and another 2 million this year.",
     [("5 million", "shells"), ("2 million", "shells")]),
    # "more than" is a bound, not an elided noun; a share never lends its unit
    ("It sent 12,000 troops; more than 300 were not trained.",
     [("12,000", "troops"), ("more than 300", "")]),
    ("Prices rose 5% and a further 2 in May.", [("5%", "percent"), ("2", "")]),
])
def test_an_elided_noun_is_the_previous_figures(sentence, expected):
    assert [(f.text, f.unit) for f in extract_text(sentence)] == expected


@pytest.mark.parametrize("sentence, expected", [
    # a change "by X" and the level reached "to Y" are two figures when Y is far above X
    ("The force rose by 2,000 to 14,000.",
     [("2,000", 2000, "increase", "troops"), ("14,000", 14000, "", "troops")]),
    ("Exports fell by 300 to 1,200 tonnes.",
     [("300", -300, "decrease", ""), ("1,200", 1200, "", "tonnes")]),
    # a range of changes stays a range
    ("Output was cut by 10 to 15%.", [("10 to 15%", -12.5, "decrease", "percent")]),
    ("North Korea has sent 3,000 to 5,000 troops.", [("3,000 to 5,000", 4000, "", "troops")]),
])
def test_a_change_by_and_the_level_reached(sentence, expected):
    assert [(f.text, f.value, f.change, f.unit) for f in extract_text(sentence)] == expected


@pytest.mark.parametrize("run, pieces", [
    ("one two three four twenty five", ["one", "two", "three", "four", "twenty five"]),
    ("FIFTEEN ONE TEN ONE", ["FIFTEEN", "ONE", "TEN", "ONE"]),
    ("fifty sixty thirty", ["fifty", "sixty", "thirty"]),
    ("thirteen thousand zero ninety", ["thirteen thousand", "zero", "ninety"]),
    ("two hundred three hundred", ["two hundred three", "hundred"]),
    # one number, however long
    ("two hundred and fifty thousand", ["two hundred and fifty thousand"]),
    ("three million two hundred thousand", ["three million two hundred thousand"]),
    ("twenty-five hundred", ["twenty-five hundred"]),
    ("a dozen", ["a dozen"]),
    ("two hundred & forty", ["two hundred & forty"]),
    ("one and a half", ["one and a half"]),
    ("fifty - two", ["fifty - two"]),
])
def test_a_run_of_number_words_splits_where_english_does_not_compose(run, pieces):
    from nkrussia.extract_grammar import split_written

    assert [run[a:b] for a, b in split_written(run)] == pieces


@pytest.mark.parametrize("sentence, not_spans", [
    # the numbers of a list after a plural label are labels too ("resolutions 1718 (2006),
    # 1874 (2009) and 2087"); the years in brackets stay years
    ("It breaches resolutions 1718 (2006), 1874 (2009) and 2087, the council said.",
     {"1718", "1874", "2087"}),
    ("Articles 2, 4, and 9 were amended.", {"2", "4", "9"}),
    # a footnote mark is no figure, a number in brackets inside a sentence is
    ("The panel cited the treaty.[4] It then adjourned.", {"4"}),
    # a date followed by a clock time: neither the minutes nor a phone number
    ("Updated 12.03.2025 18:40", {"40", "18:40", "12.03.2025 18"}),
    # the day after a date and "and" is a date, not a count
    ("Ships docked on Oct. 19 and 23.", {"and 23"}),
])
def test_labels_marks_and_times_are_not_figures(sentence, not_spans):
    spans = {f.text for f in extract_text(sentence)}
    assert not spans & not_spans, spans
    for f in extract_text(sentence):
        if f.text in ("23",):
            assert f.unit == "date" and f.date == "--10-23", f


def test_a_second_day_takes_the_first_days_month_and_year():
    figs = extract_text("Ships docked on 19 October 2024 and 23, officials said.")
    assert [(f.text, f.date) for f in figs] == [("19 October 2024", "2024-10-19"),
                                               ("23", "2024-10-23")]
    # but a count after the date stays a count
    (_, f) = extract_text("On November 4, 2024 and 5 soldiers were seen.")
    assert (f.text, f.value, f.unit) == ("5", 5.0, "troops")


def test_over_after_hand_is_a_particle():
    (f,) = extract_text("Kyiv offered to hand over two prisoners.")
    assert (f.text, f.qualifier) == ("two", "exact")
    (f,) = extract_text("Over two thousand prisoners were taken.")
    assert (f.text, f.qualifier) == ("Over two thousand", "over")


def test_clock_seconds_and_a_possessive_determiner():
    """"10:29:12" is a clock time with its seconds (the "12" was a figure); "the DPRK's two
    giant neighbours" is "the two countries" (a possessive is a determiner), but "Russia's
    two brigades" counts."""
    assert [f.text for f in extract_text("Updated: 2024-03-02 10:29:12")] == ["2024-03-02"]
    assert extract_text("Rajin serves the DPRK's two giant neighbours.") == []
    (f,) = extract_text("Russia's two brigades moved.")
    assert (f.text, f.value) == ("two", 2.0)


@pytest.mark.parametrize("sentence, spans", [
    # "a third" standing for a third person is no share
    ("Two said they saw it, and a third, who oversees reconnaissance, agreed.", ["Two"]),
    # but a share before a comma stays one
    ("Exports fell by a third, officials said.", ["a third"]),
])
def test_a_third_person_is_not_a_share(sentence, spans):
    assert [f.text for f in extract_text(sentence)] == spans


@pytest.mark.parametrize("sentence, spans", [
    # a train's or a berth's number is a label, in capitals or not
    ("Train 1\n\nAn eight-car train (train 1) appeared. Behind it, train 1 stood at berth 3.",
     ["eight"]),
    # a licence's version is no figure; a figure after "by" is
    ("Image © Planet Labs, PBC cc-by-nc-sa 4.0. Output rose by 4.0.", ["4.0"]),
])
def test_labels_and_licences_of_page_furniture(sentence, spans):
    assert [f.text for f in extract_text(sentence)] == spans


def test_the_other_two_without_a_noun_is_no_figure():
    """"the other two" with no counted noun after it refers back ("the two countries" rule);
    with its noun it counts."""
    figs = extract_text("One brigade was destroyed, while the other two have lost "
                        "combat effectiveness. The remaining two brigades withdrew.")
    assert [(f.text, f.value) for f in figs] == [("One", 1.0), ("two", 2.0)]
    assert figs[1].start > 60  # the second "two", the one before "brigades"
