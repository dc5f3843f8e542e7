"""Qualifier semantics, and the rules that turn findings into one verdict of the scale."""
from __future__ import annotations

import math
from decimal import Decimal

import pytest

from sme_clusters.claims import Claim
from sme_clusters.qualifiers import ABOUT_TOLERANCE, holds, ranges_overlap, stated_range
from sme_clusters.verdicts import (
    ACCURATE, ACCURACY, ACCURACY_MEANINGS, CLAIMS, COMPUTED_FROM_REPORTS, CONSISTENT, CONTRADICTED, CORROBORATED,
    DEPENDS_ON_READING, DERIVED, EVIDENCE_DIVIDED, INCONSISTENT, MISREPORTED_FIGURE, MISREPORTED_TRANSLATION, NO_ORIGINAL,
    NOT_CHECKABLE, PRIMARY, RECOMPUTED, REPORTED, REPRODUCED, VERDICT_MEANINGS, VERDICTS, Finding, Ledger, all_of, decide,
    default_kind,
)


@pytest.mark.parametrize(
    ("computed", "value", "qualifier", "options", "expected"),
    [
        # "over 280,000" holds for 280,001, not for 280,000 itself
        (280_001, 280_000, "over", {}, True),
        (280_000, 280_000, "over", {}, False),
        # "37%以上" includes 37
        (37.0, 37, "at least", {}, True),
        (36.99, 37, "at least", {}, False),
        # "around 5,000" within the tolerance
        (5_000 * (1 + ABOUT_TOLERANCE), 5_000, "about", {}, True),
        (5_000 * (1 - ABOUT_TOLERANCE), 5_000, "about", {}, True),
        (5_000 * (1 + ABOUT_TOLERANCE) + 1, 5_000, "about", {}, False),
        (5_400, 5_000, "about", {"tolerance": 0.05}, False),
        # an exact figure holds when the computed value rounds to it, at the article's precision
        (86.6, 87, "exact", {}, True),
        (86.4, 87, "exact", {}, False),
        (25.64, 25.6, "exact", {"decimals": 1}, True),
        (25.66, 25.6, "exact", {"decimals": 1}, False),
        (100, 100, "exact", {}, True),
        (101, 100, "exact", {}, False),
        # "nearly 90%" is at or a little below 90
        (90, 90, "nearly", {}, True),
        (85, 90, "nearly", {}, True),
        (90.5, 90, "nearly", {}, False),
        (80, 90, "nearly", {}, False),
        # "3~5年"
        (4, 3, "between", {"value_upper": 5}, True),
        (5, 3, "between", {"value_upper": 5}, True),
        (6, 3, "between", {"value_upper": 5}, False),
        # binary floating point must not flip an exact tie
        (0.1 + 0.2, 0.3, "at least", {}, True),
    ],
)
def test_holds(computed, value, qualifier, options, expected):
    assert holds(computed, value, qualifier, **options) is expected


def test_unknown_qualifier_and_missing_value_are_errors():
    with pytest.raises(ValueError, match="unknown qualifier"):
        holds(1, 1, "roughly")
    with pytest.raises(ValueError, match="missing value"):
        holds(math.nan, 1, "exact")
    with pytest.raises(ValueError, match="upper value"):
        holds(1, 1, "between")


@pytest.mark.parametrize(
    ("printed", "qualifier", "expected"),
    [
        ("28000", "over", (28_000, 29_000)),  # 2.8万多家: up to the next step at the precision it is written in
        ("1780", "over", (1_780, 1_790)),  # 1780余家
        ("1.8e12", "over", (1.8e12, 1.9e12)),  # 超过1.8万亿元
        ("20", "at least", (20, 30)),  # 20%以上
        ("100", "exact", (99.5, 100.5)),  # a count is a count: trailing zeros are not rounding
        ("55.54", "exact", (55.535, 55.545)),
        ("5000", "about", (4_500, 5_500)),
        ("56", "about", (55.5, 56.5)),  # 约56%: rounded to a whole per cent, not 10% either side
        ("12000", "about", (11_500, 12_500)),  # 1.2万
        ("100", "about", (90, 110)),  # 100个左右: 10% either side, less than half its step
    ],
)
def test_a_printed_figure_is_read_the_way_a_speaker_rounds(printed, qualifier, expected):
    assert stated_range(Decimal(printed), qualifier) == pytest.approx(expected)


def test_over_28000_as_printed_cannot_be_more_than_280000():
    assert not ranges_overlap((280_000, math.inf), stated_range(Decimal("28000"), "over"))
    assert ranges_overlap((1_700, math.inf), stated_range(Decimal("1780"), "over"))


# --- the verdict rules, one case per verdict -----------------------------------------------------

def finding(basis, holds_, *, reading="", rests_on=(), same_statement=False, evidence=("x",), original=False, translated=False):
    return Finding(basis, holds_, evidence, "found", "how", reading, rests_on, same_statement, original, translated)


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ([finding(RECOMPUTED, True)], REPRODUCED),
        ([finding(REPORTED, True)], CORROBORATED),
        ([finding(CLAIMS, True)], CONSISTENT),
        ([finding(CLAIMS, False)], INCONSISTENT),
        ([finding(REPORTED, False)], CONTRADICTED),
        ([finding(RECOMPUTED, True, reading="a"), finding(RECOMPUTED, False, reading="b")], DEPENDS_ON_READING),
        ([], NOT_CHECKABLE),
        ([finding(RECOMPUTED, None)], NOT_CHECKABLE),  # a lower bound below the claim decides nothing
    ],
    ids=["reproduced", "corroborated", "consistent", "inconsistent", "contradicted", "depends", "no-finding", "undecided"],
)
def test_each_verdict_of_the_scale(findings, expected):
    assert decide(findings).verdict == expected


def test_the_scale_is_documented_once_for_every_verdict():
    assert set(VERDICT_MEANINGS) == set(VERDICTS) and len(set(VERDICTS)) == len(VERDICTS) and DERIVED not in VERDICTS
    assert set(ACCURACY_MEANINGS) == set(ACCURACY) and len(set(ACCURACY)) == len(ACCURACY)


def test_claims_agreeing_with_each_other_are_never_more_than_consistent():
    assert decide([finding(CLAIMS, True), finding(CLAIMS, True)]).verdict == CONSISTENT


def test_independent_evidence_decides_over_the_articles_own_arithmetic():
    assert decide([finding(RECOMPUTED, True), finding(CLAIMS, False)]).verdict == REPRODUCED
    assert decide([finding(REPORTED, False), finding(CLAIMS, True)]).verdict == CONTRADICTED


def test_recomputation_outranks_a_report_that_disagrees():
    decision = decide([finding(RECOMPUTED, True, evidence=("rows",)), finding(REPORTED, False, evidence=("repost",))])
    assert decision.verdict == REPRODUCED and [f.evidence for f in decision.deciding] == [("rows",)]
    assert decide([finding(RECOMPUTED, False), finding(REPORTED, True)]).verdict == CONTRADICTED


def test_a_report_of_the_same_statement_answers_what_was_said_not_whether_it_is_true():
    # the original-language report disagrees: the article misreports what was said, and its figure is not the one given
    misreported = decide([finding(REPORTED, False, same_statement=True, translated=True)])
    assert (misreported.verdict, misreported.accuracy) == (CONTRADICTED, MISREPORTED_TRANSLATION)
    assert decide([finding(REPORTED, False, same_statement=True)]).accuracy == MISREPORTED_FIGURE
    # it agrees: reported accurately, but the statistic is not thereby verified
    alone = decide([finding(REPORTED, True, same_statement=True)])
    assert (alone.verdict, alone.accuracy, alone.only_said) == (NOT_CHECKABLE, ACCURATE, True)
    assert decide([finding(REPORTED, True, same_statement=True), finding(CLAIMS, True)]).verdict == CONSISTENT
    assert decide([finding(REPORTED, True, same_statement=True), finding(CLAIMS, False)]).verdict == INCONSISTENT
    assert decide([finding(REPORTED, True)]).accuracy == NO_ORIGINAL


def test_the_original_record_an_article_reports_answers_both_questions():
    decision = decide([finding(REPORTED, True, original=True)])
    assert (decision.verdict, decision.accuracy) == (CORROBORATED, ACCURATE)


def test_a_finding_resting_on_a_contradicted_claim_is_set_aside():
    on_wrong_base = finding(CLAIMS, False, rests_on=("003-smes",))
    said = finding(REPORTED, True, same_statement=True)
    decision = decide([on_wrong_base, said, finding(CLAIMS, True)], contradicted={"003-smes"})
    assert decision.verdict == CONSISTENT and decision.set_aside == (on_wrong_base,)
    assert decide([on_wrong_base]).verdict == INCONSISTENT  # while 003-smes stands, the check counts


def test_a_check_on_a_figure_only_the_article_gives_is_capped_at_consistent():
    share = finding(RECOMPUTED, True, rests_on=("002-numerator",), evidence=("002-numerator", "rows"))
    assert decide([share]).verdict == CONSISTENT  # the numerator is the article's own, unverified
    assert decide([share], verified={"002-numerator"}).verdict == REPRODUCED  # once the numerator is verified, it counts
    assert decide([finding(RECOMPUTED, False, rests_on=("002-numerator",), evidence=("002-numerator", "rows"))]).verdict == INCONSISTENT


def test_evidence_of_equal_standing_that_disagrees_divides_the_verdict():
    assert decide([finding(REPORTED, True), finding(REPORTED, False)]).verdict == EVIDENCE_DIVIDED
    assert decide([finding(RECOMPUTED, True), finding(COMPUTED_FROM_REPORTS, False)]).verdict == REPRODUCED  # not of equal standing
    # checks on the article's own figure against two outside denominators
    on_claim = dict(rests_on=("002-n",))
    assert decide([finding(RECOMPUTED, True, evidence=("002-n", "nmpa"), **on_claim),
                   finding(RECOMPUTED, False, evidence=("002-n", "gd"), **on_claim)]).verdict == EVIDENCE_DIVIDED
    # the articles disagreeing with themselves is not divided evidence
    assert decide([finding(CLAIMS, True, evidence=("002-a",)), finding(CLAIMS, False, evidence=("002-b",))]).verdict == INCONSISTENT


def test_readings_that_agree_do_not_make_a_verdict_depend_on_reading():
    assert decide([finding(RECOMPUTED, False, reading="merged"), finding(RECOMPUTED, False, reading="apart")]).verdict == CONTRADICTED
    decision = decide([finding(CLAIMS, True, reading="apart"), finding(CLAIMS, False, reading="nested"),
                       finding(REPORTED, True, same_statement=True)])
    assert decision.verdict == DEPENDS_ON_READING and decision.accuracy == ACCURATE
    assert dict(decision.by_reading) == {"apart": CONSISTENT, "nested": INCONSISTENT}


def test_a_reading_that_nothing_decides_is_not_taken_over_by_the_reading_that_something_does():
    # a range straddling the claim under one reading, below it under the other: not "inconsistent" outright
    decision = decide([finding(CLAIMS, None, reading="apart"), finding(CLAIMS, False, reading="nested")])
    assert decision.verdict == DEPENDS_ON_READING
    assert dict(decision.by_reading) == {"apart": NOT_CHECKABLE, "nested": INCONSISTENT}
    # one reading alone, open or not, is no reading to depend on
    assert decide([finding(CLAIMS, None, reading="apart")]).verdict == NOT_CHECKABLE
    assert decide([finding(CLAIMS, None, reading="apart"), finding(CLAIMS, False, reading="apart")]).verdict == INCONSISTENT


def test_a_claim_about_several_things_holds_only_if_each_does():
    assert all_of([finding(RECOMPUTED, True), finding(RECOMPUTED, True)]).holds is True
    assert all_of([finding(RECOMPUTED, True), finding(RECOMPUTED, None)]).holds is None
    assert all_of([finding(RECOMPUTED, None), finding(RECOMPUTED, False)]).holds is False
    assert all_of([finding(RECOMPUTED, True), finding(REPORTED, True)]).basis == REPORTED  # as strong as its weakest part
    assert all_of([finding(RECOMPUTED, True), finding(CLAIMS, True)]).basis == CLAIMS
    with pytest.raises(ValueError, match="share a reading"):
        all_of([finding(RECOMPUTED, True, reading="a"), finding(RECOMPUTED, True, reading="b")])


def test_a_finding_names_its_evidence_and_a_known_basis():
    with pytest.raises(ValueError, match="names its evidence"):
        Finding(RECOMPUTED, True, (), "found", "how")
    with pytest.raises(ValueError, match="unknown basis"):
        Finding("hearsay", True, ("x",), "found", "how")


# --- the ledger ------------------------------------------------------------------------------------

def claim(claim_id="999-test", value=100.0, qualifier="exact", unit="clusters", decimals=0) -> Claim:
    return Claim(claim_id, "999", "batches", "metric", "scope", "2024", "quote", "", value, None, unit, qualifier,
                 "label", "标签", decimals)


def kind_of(token: str) -> str:
    """The test's data: rows and reference tables are primary; anything else as by default."""
    return PRIMARY if token in ("clusters_2024", "rows", "fact:x") else default_kind(token)


def test_a_findings_basis_is_what_its_evidence_earns_and_a_notebook_may_not_ask_for_more():
    ledger = Ledger("99-test", kind_of=kind_of)
    subject = claim()
    assert ledger.computed(subject, 100, ["clusters_2024", "fact:x"], "rows and a reference table").basis == RECOMPUTED
    # as strong as its weakest input: rows and a report together are arithmetic on a report
    assert ledger.computed(subject, 100, ["clusters_2024", "report-a"], "rows and a report").basis == COMPUTED_FROM_REPORTS
    assert ledger.computed(subject, 100, ["report-a", "report-b"], "a sum of reported counts").basis == COMPUTED_FROM_REPORTS
    assert ledger.computed(subject, 100, ["clusters_2024", "999-other"], "rows and a claim").basis == RECOMPUTED  # capped by rule 2
    assert ledger.computed(subject, 100, ["999-other"], "another article").basis == CLAIMS
    assert ledger.computed(subject, 100, ["clusters_2024"], "asked for less", basis=CLAIMS).basis == CLAIMS
    with pytest.raises(ValueError, match="earns 'computed from reports'"):
        ledger.computed(subject, 100, ["report-a"], "a sum of reports", basis=RECOMPUTED)
    assert decide([ledger.computed(subject, 100, ["report-a", "report-b"], "sum")]).verdict == CORROBORATED


def test_the_ledger_records_verdict_basis_evidence_and_reasoning(tmp_path):
    ledger = Ledger("99-test", kind_of=kind_of)
    subject = claim()
    verdict = ledger.judge(subject, [ledger.computed(subject, 100, ["clusters_2024"], "100 rows"),
                                     ledger.computed(subject, 100, ["999-other"], "the other article", basis=CLAIMS)])
    assert verdict == REPRODUCED
    entry = ledger.frame().iloc[0]
    assert entry["basis"] == RECOMPUTED and entry["evidence"] == "clusters_2024; 999-other"
    assert "100 rows → agrees" in entry["explanation"] and entry["found"] == "100 clusters"
    saved = ledger.save(tmp_path)
    assert saved.read_text(encoding="utf-8").splitlines()[0] == "key,statement,article_says,found,verdict,basis,evidence,explanation,accuracy,evidence_range,gap,deciding,supported,notebook"
    with pytest.raises(ValueError, match="already in the ledger"):
        ledger.not_checkable(subject, "anything")


def test_a_contradicted_claim_sets_aside_the_later_checks_that_rest_on_it():
    ledger = Ledger("99-test")
    base, share = claim("999-base", 280_000, "over", "enterprises"), claim("999-share", 20, "over", "percent")
    assert ledger.judge(base, [ledger.finding(False, ["report"], "over 28,000", "the original says 2.8万多", basis=REPORTED)]) == CONTRADICTED
    on_base = ledger.computed(share, 2.4, ["999-base"], "6,836 / 280,000", basis=CLAIMS)
    assert ledger.judge(share, [on_base], needs="a base") == NOT_CHECKABLE
    assert "set aside: it rests on 999-base, which is contradicted" in ledger.frame().iloc[1]["explanation"]


def test_not_checkable_must_say_what_would_decide_it():
    ledger = Ledger("99-test")
    with pytest.raises(ValueError, match="what data would decide it"):
        ledger.judge(claim(), [])
    ledger.not_checkable(claim(), "the official list")
    assert ledger.frame().iloc[0]["explanation"] == "would be decided by: the official list"


def test_a_lower_bound_decides_only_when_it_can():
    nan = float("nan")
    ledger = Ledger("99-test")
    assert ledger.bounded(claim(value=156), 140, nan, ["rows"], "known 140").holds is None
    assert ledger.bounded(claim(value=63), 64, nan, ["rows"], "known 64").holds is False  # 64 > 63 however many are missing
    assert ledger.bounded(claim(value=3, qualifier="at least"), 3, nan, ["rows"], "three known").holds is True
    assert ledger.bounded(claim(value=5), 3, 5, ["rows"], "complete rows").holds is True
    assert ledger.bounded(claim(value=156), 140, nan, ["rows"], "known 140").found == "≥ 140 clusters"
    # an upper bound (a recommendation limit) decides too
    assert ledger.bounded(claim(value=9), 2, nan, ["rows"], "known 2, at most 8", upper=8).holds is False
    assert ledger.bounded(claim(value=8, qualifier="at least"), 3, nan, ["rows"], "known 3", upper=8).holds is None
    assert ledger.bounded(claim(value=10, qualifier="about"), 9, nan, ["rows"], "known 9, at most 10", upper=10).holds is True
    assert ledger.bounded(claim(value=9), 2, nan, ["rows"], "known 2, at most 8", upper=8).found == "2–8 clusters"


@pytest.mark.parametrize(("printed", "qualifier", "expected"), [
    (55, "exact", (55, 55)),  # a count printed plainly enters arithmetic as itself
    (28_000, "over", (28_000, 29_000)),  # 2.8万多家
    (5_000.0, "about", (4_500, 5_500)),  # around 5,000, as a claim's float
])
def test_a_printed_figure_enters_arithmetic_as_the_values_it_may_stand_for(printed, qualifier, expected):
    from sme_clusters.qualifiers import printed_range

    assert printed_range(printed, qualifier) == pytest.approx(expected)


def test_a_value_known_within_a_range_decides_only_where_the_whole_range_falls():
    ledger = Ledger("99-test", kind_of=kind_of)
    over_20 = claim(value=20, qualifier="over", unit="percent")
    inside = ledger.within(over_20, 21.8, 26.2, ["rows"], "6,336–7,336 / 28,000–29,000", unit="percent")
    assert inside.holds is True and inside.found == "21.8%–26.2%" and "whole range is within" in inside.how
    below = ledger.within(over_20, 15.5, 19.6, ["rows"], "4,500–5,500 / 28,000–29,000", unit="percent")
    assert below.holds is False and below.value == 19.6 and "below" in below.how  # the gap is counted from its nearest end
    assert ledger.within(over_20, 18.0, 22.0, ["rows"], "straddles", unit="percent").holds is None
    assert ledger.within(over_20, 15.0, 20.0, ["rows"], "up to the claim's own value", unit="percent").holds is False  # over 20: 20 is not
    exact_5 = claim(value=5, unit="percent")
    above = ledger.within(exact_5, 6.0, 7.0, ["rows"], "above", unit="percent")
    assert above.holds is False and above.value == 6.0
    point = ledger.within(over_20, 24.4, 24.4, ["rows"], "6,836 / 28,000", unit="percent")
    assert point.holds is True and point.found == "24.4%"  # no range: a computed value as any other
    assert Ledger("99-test", "zh", kind_of=kind_of).within(over_20, 21.8, 26.2, ["rows"], "h", unit="percent").found == "21.8%～26.2%"
    shown = ledger.within(over_20, 21.8, 26.2, ["rows"], "of another date", unit="percent", decides=False, later="later: 2025")
    assert shown.holds is None and shown.found == "21.8%–26.2%" and shown.later == "later: 2025"
    assert ledger.within(over_20, 21.8, 26.2, ["rows"], "printed later", unit="percent", later="later: 2025").later == "later: 2025"


def test_a_report_is_set_against_the_claim_with_both_qualifiers():
    from sme_clusters.evidence import Figure, Report

    def report(value, qualifier, unit="enterprises"):
        return Report("r", "", "", "", "", (Figure(Decimal(value), unit, qualifier),), "publisher", "2023-04-20", "", "phrase", "", "f", 1)

    ledger = Ledger("99-test")
    smes = claim(value=280_000, qualifier="over", unit="enterprises")
    assert ledger.reported(smes, report("28000", "over")).holds is False
    assert ledger.reported(claim(value=1_700, qualifier="over", unit="institutions"), report("1780", "over", "institutions")).holds is True
    assert ledger.reported(claim(value=25, qualifier="about", unit="percent"), report("0.25", "exact", "fraction")).holds is True
    assert ledger.reported(smes, report("28000", "over"), decides=False).holds is None
    # a report shown for context only: a verdict it cannot decide does not present its figure as what was found
    ledger.judge(smes, [ledger.reported(smes, report("28000", "over"), decides=False)], needs="a count of the SMEs")
    entry = ledger.frame().iloc[-1]
    assert entry["verdict"] == "not checkable" and entry["found"] == "for context only: over 28,000 enterprises"
    assert "for context only, not weighed" in entry["explanation"]
    # a report of the very statement shows what was said: found says whose figure it is, not that it was found to be so
    said = claim("999-said", 280_000, "over", "enterprises")
    ledger.judge(said, [ledger.reported(said, report("280000", "over"), same_statement=True)])
    entry = ledger.frame().iloc[-1]
    assert entry["verdict"] == "not checkable" and entry["found"] == "same statement, as reported elsewhere: over 280,000 enterprises"
    with pytest.raises(ValueError, match="cannot be set against"):
        ledger.reported(smes, report("3", "exact", "years"))


# --- a section's conclusion ------------------------------------------------------------------------

def test_a_conclusion_states_each_claim_its_finding_and_verdict_then_the_derived_figures():
    ledger = Ledger("99-test")
    subject = claim("999-smes", 280_000, "over", "enterprises")
    ledger.judge(subject, [ledger.finding(False, ["report"], "over 28,000 enterprises", "2.8万多", basis=REPORTED)])
    ledger.derive("per_cluster", "SMEs per cluster", 280, "enterprises", "28,000 / 100", qualifier="over")
    assert ledger.conclude() == ("**Finding.** label (999-smes): the article says over 280,000 enterprises; found over 28,000 enterprises: "
                                 "**contradicted**; the figures it derives: SMEs per cluster: over 280 enterprises.")
    ledger.not_checkable(claim("999-next"), "a list")
    assert ledger.conclude() == ("**Finding.** label (999-next): the article says 100 clusters; nothing the project holds decides it: "
                                 "**not checkable**.")  # only what came since


def test_a_conclusion_names_many_claims_of_one_verdict_and_orders_verdicts_by_the_scale():
    ledger = Ledger("99-test", kind_of=kind_of)
    for i in range(5):
        subject = claim(f"999-c{i}")
        ledger.judge(subject, [ledger.computed(subject, 100, ["clusters_2024"], "rows")] if i else [ledger.computed(subject, 99, ["clusters_2024"], "rows")])
    assert ledger.conclude() == ("**Finding.** **reproduced**, 4 claims: label (999-c1), label (999-c2), label (999-c3), label (999-c4); "
                                 "label (999-c0): the article says 100 clusters; found 99 clusters, below the article's 100 clusters (by 1): "
                                 "**contradicted**.")


def test_a_conclusion_in_chinese_and_of_nothing():
    ledger = Ledger("99-test", "zh", kind_of=kind_of)
    assert ledger.conclude() == "本节的论断不在此次运行的范围内。"
    subject = claim()
    ledger.judge(subject, [ledger.computed(subject, 100, ["clusters_2024"], "rows")])
    assert ledger.conclude() == "**结论：**标签（999-test）：文章称100个，核得100个，独立重算证实。"  # full-width between hanzi


def report(value, qualifier, unit="enterprises", date="2023-04-20", phrase="phrase"):
    from sme_clusters.evidence import Figure, Report

    return Report("r", "", "", "", "", (Figure(Decimal(value), unit, qualifier),), "publisher", date, "", phrase, "", "f", 1)


def test_a_verdict_that_does_not_hold_says_which_way_and_by_how_much():
    ledger = Ledger("99-test", kind_of=kind_of)
    share = claim("999-share", 25, "about", "percent")
    ledger.judge(share, [ledger.computed(share, 21.9, ["clusters_2024"], "1,253 / 5,722")])
    entry = ledger.frame().iloc[0]
    assert entry["verdict"] == CONTRADICTED  # the gap from the figure stated, and where what it allows ends
    assert entry["gap"] == "21.9%, below the article's about 25% (by 3.1 points); what the article's figure allows reaches down to 22.5%"
    smes = claim("999-smes", 280_000, "over", "enterprises")
    ledger.judge(smes, [ledger.reported(smes, report("28000", "over", phrase="2.8万多家"), same_statement=True)])
    entry = ledger.frame().iloc[1]
    assert entry["accuracy"] == MISREPORTED_TRANSLATION and "by a factor of 10" in entry["gap"] and "below" in entry["gap"]
    over = claim("999-over", 500, "over", "clusters")  # 'over 500' excludes 500: found exactly 500, the gap says so
    ledger.judge(over, [ledger.computed(over, 500, ["clusters_2024"], "100 × 5")])
    entry = ledger.frame().iloc[2]
    assert entry["verdict"] == CONTRADICTED and entry["gap"] == "500 clusters, not above the article's over 500 clusters: equal to the figure it excludes"


def test_an_approximate_claim_shows_the_range_of_the_evidence_weighed():
    ledger = Ledger("99-test", kind_of=kind_of)
    share = claim("999-share", 25, "about", "percent")
    verdict = ledger.judge(share, [ledger.computed(share, 21.9, ["fact:x", "report-nmpa"], "1,253 / 5,722"),
                                   ledger.computed(share, 22.6, ["fact:x", "report-gd"], "1,253 / 5,536")])
    entry = ledger.frame().iloc[0]
    assert verdict == EVIDENCE_DIVIDED and entry["evidence_range"] == "21.9%–22.6%"
    # the evidence divides on whether 'about' stretches this far, but it is all below the article's figure, and says by how much
    # which of it lies within what 'about 25%' allows: 22.6% does, 21.9% does not, by 0.6 points
    assert entry["gap"] == "22.6% within what the article's about 25% allows (down to 22.5%); 21.9% below it by 0.6 points"
    # readings that differ are named in what was found: a bare '24.4% / 17.9%' read as two sources
    read = claim("999-read", 20, "over", "percent")
    ledger.judge(read, [ledger.computed(read, 24.4, ["fact:x", "report-a"], "6,836 / 28,000", reading="apart"),
                        ledger.computed(read, 17.9, ["fact:x", "report-a"], "5,000 / 28,000", reading="nested")], supported_reading="apart")
    assert ledger.frame().iloc[-1]["found"] == "apart: 24.4%; nested: 17.9%"
    rounded = claim("999-rounded", 25.6, "exact", "percent", decimals=1)  # 25.6 stands for 25.55–25.65: 25.63 is within it, though above 25.6
    ledger.judge(rounded, [ledger.computed(rounded, 25.63, ["fact:x", "report-a"], "3,247 / 12,670"),
                           ledger.computed(rounded, 27.06, ["fact:x", "report-b"], "3,247 / 12,000")])
    assert ledger.frame().iloc[-1]["gap"] == "25.63% within what the article's 25.6% allows (up to 25.65%); 27.06% above it by 1.41 points"


def test_evidence_printed_after_the_article_is_marked_as_later():
    ledger = Ledger("99-test", kind_of=kind_of, dates={"999": "2024-09-25"})
    subject = claim(value=1_288, unit="enterprises")
    later = ledger.reported(subject, report("1288", "exact", date="2025-03-17"))
    assert later.later == "2025-03-17, after the article (2024-09-25)"
    assert ledger.reported(subject, report("1288", "exact", date="2024-09")).later == ""  # the same month: not known to be later
    ledger.judge(subject, [later])
    assert "[later: 2025-03-17, after the article (2024-09-25)]" in ledger.frame().iloc[0]["explanation"]


def test_a_conclusion_says_how_the_article_reported_the_statement_when_an_original_was_found():
    ledger = Ledger("99-test", kind_of=kind_of)
    smes = claim("999-smes", 280_000, "over", "enterprises")
    ledger.judge(smes, [ledger.reported(smes, report("28000", "over", phrase="2.8万多家"), same_statement=True)])
    champions = claim("999-champions", 55, "exact", "enterprises")
    ledger.judge(champions, [ledger.reported(champions, report("55", "exact", phrase="55家"), same_statement=True)])
    text = ledger.conclude()
    assert "the article says over 280,000 enterprises, misreported: translation error; found over 28,000 enterprises, below" in text
    assert "the article says 55 enterprises, reported accurately; nothing the project holds decides it: **not checkable**" in text


def test_a_verdict_that_depends_on_reading_says_what_the_supported_reading_gives():
    ledger = Ledger("99-test", kind_of=kind_of)
    share = claim("999-quarter", 0.25, "about", "fraction")
    findings = [ledger.computed(share, 0.27, ["fact:x", "999-units"], "769 / 2,844", reading="all units"),
                ledger.computed(share, 0.41, ["fact:x", "999-units"], "769 / 1,865", reading="the counties")]
    assert ledger.judge(share, findings, supported_reading="the counties", why="全国县域总数") == DEPENDS_ON_READING
    entry = ledger.frame().iloc[0]
    assert entry["supported"] == "the counties: inconsistent" and "the wording supports: the counties (全国县域总数)" in entry["explanation"]
    assert ledger.conclude().endswith("**depends on reading**; read as its wording supports (the counties), **inconsistent**.")
    with pytest.raises(ValueError, match="none of the findings' readings"):
        ledger.judge(claim("999-other"), findings, supported_reading="the country")


def test_any_evidence_printed_after_the_article_marks_a_finding_as_later():
    dates = {"province_totals:1": "2024-12-07", "province_totals:2": "2024-09"}
    ledger = Ledger("99-test", kind_of=kind_of, dates={"999": "2024-09-25"}, date_of=lambda token: dates.get(token, ""))
    subject = claim(value=23)
    ledger.judge(subject, [ledger.bounded(subject, 23, 23.0, ["rows", "province_totals:1"], "reported 23")])
    assert "[later: 2024-12-07, after the article (2024-09-25)]" in ledger.frame().iloc[0]["explanation"]
    other = claim("999-other", value=23)
    ledger.judge(other, [ledger.bounded(other, 23, 23.0, ["rows", "province_totals:2"], "reported 23")])
    assert "later" not in ledger.frame().iloc[1]["explanation"]  # the same month: not known to be later


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_gap_to_nothing_found_is_a_difference_not_a_factor(lang):
    """Evidence of none (a reported total of 0) against a claim of 23 is 23 below it; no factor divides by nothing."""
    from sme_clusters.verdicts import describe_gap

    gap = describe_gap(claim(value=23.0), "0", "below", 23.0, lang=lang)
    assert "23" in gap and "factor" not in gap and "倍" not in gap
    assert "a factor of 10" in describe_gap(claim(value=100.0), "10", "below", 90.0)  # a tenth of it is still a factor


@pytest.mark.parametrize(("lang", "words"), [("en", "(by at least 1)"), ("zh", "（至少差1）")])
def test_a_gap_from_a_lower_bound_is_a_gap_of_at_least(lang, words):
    """≥ 23 known where the article says 22: the count is above by 1 or more, not by exactly 1."""
    ledger = Ledger("99-test", lang)
    exact, floor = claim("999-exact", value=22), claim("999-floor", value=22)
    ledger.judge(floor, [ledger.bounded(floor, 23, float("nan"), ["rows"], "known 23")])
    ledger.judge(exact, [ledger.computed(exact, 23, ["rows"], "counted 23")])
    gaps = ledger.frame().set_index("key")["gap"]
    assert words in gaps["999-floor"]
    assert words not in gaps["999-exact"] and words.replace("at least ", "").replace("至少", "") in gaps["999-exact"]
