"""Checks that combine linked figures by their roles: the bases of a share, a sum of batches, a period, a ceiling."""
from __future__ import annotations

from decimal import Decimal

import pytest

from sme_clusters.claims import Claim
from sme_clusters.combined import period_length, sum_of_addends, under_ceilings, what_was_said
from sme_clusters.evidence import Figure, Link, Report
from sme_clusters.shares import bases, share_findings, share_span
from sme_clusters.verdicts import INCONSISTENT, Ledger, decide, default_kind


def claim(claim_id="999-share", value=25.0, qualifier="about", unit="percent") -> Claim:
    return Claim(claim_id, "999", "case", "metric", "scope", "2024-09-25", "quote", "", value, None, unit, qualifier, "label", "标签")


def report(evidence_id, *figures, date="2024-05-20", as_of="2023-12-31", phrase="phrase") -> Report:
    printed = tuple(Figure(Decimal(str(v)), unit, q) for v, unit, q in figures)
    return Report(evidence_id, "", "", as_of, "", printed, "publisher", date, "", phrase, "", "f", 1)


def link(rep, figure=1, role="", relation="independent", claim_id="999-share") -> Link:
    return Link(claim_id, rep, figure - 1, relation, "", role)


def ledger() -> Ledger:
    return Ledger("99-test", kind_of=default_kind, dates={"999": "2024-09-25"})


def test_every_base_of_a_share_is_weighed_and_none_is_picked():
    subject, part = claim(), claim("999-part", 1253, "exact", "enterprises")
    nmpa = report("nmpa", (5722, "enterprises", "exact"), (3178, "enterprises", "exact"))
    later = report("nmpa-later", (5935, "enterprises", "exact"), date="2025-08-26", as_of="2024-12-31")
    gd = report("gd", (3100, "enterprises", "exact"), (56, "percent", "about"), as_of="2023-04-30")
    links = [link(nmpa, 1, "whole"), link(later, 1, "whole", "context"), link(gd, 1, "part of whole"), link(gd, 2, "share of whole")]
    found = bases(subject, links, ledger())
    assert [round(b.value) for b in found] == [5722, 5935, 5536]
    assert [b.kind for b in found] == ["count", "count", "implied"]  # a total derived from a share is labelled as derived
    assert [b.decides for b in found] == [True, False, True] and "2025-08-26" in found[1].later
    # 'about 56%' stands for 55.5% to 56.5% (as rounded to a whole per cent), so the total it implies for 3,100 is a range
    assert found[0].span == (5722, 5722) and found[2].span == pytest.approx((3100 / 0.565, 3100 / 0.555))
    assert [found[0].shown(), found[2].shown()] == ["5,722", "5,487–5,586"]  # what a chart may print on each
    # a chart's title may state the shares over the bases' ranges, not over their central values
    assert share_span(1253, [found[0], found[2]]) == pytest.approx((1253 / 5722, 1253 / (3100 / 0.565)))
    about = report("about", (12000, "enterprises", "about"))
    assert [b.shown("zh") for b in bases(subject, [link(about, 1, "whole")], Ledger("99-test", "zh", kind_of=default_kind))] == ["约12,000"]
    findings = share_findings(ledger(), subject, part, found)
    # 21.9% is outside 'about 25%' (22.5%-27.5%); 1,253 over the implied range is 22.4%-22.8%, across its edge: it does not
    # decide (a point, 22.6%, would have); the later count is shown only
    assert [f.holds for f in findings] == [False, None, None]
    assert findings[2].found == "22.4%–22.8%" and "3,100 / about 56% = 5,536, 5,487–5,586" in findings[2].how
    assert decide(findings).verdict == INCONSISTENT  # capped: the part is the article's own figure


def test_a_share_of_a_base_printed_as_a_range_decides_when_all_of_it_falls_one_way():
    part = claim("999-part", 3247, "exact", "enterprises")
    rounded = report("rounded", (12000, "enterprises", "over"))  # 1.2万多家: 12,000 to 13,000
    found = bases(claim(value=30.0, qualifier="over"), [link(rounded, 1, "whole")], ledger())
    assert found[0].span == (12000, 13000)
    # 3,247 / 13,000 ... 3,247 / 12,000 = 25.0%-27.1%: below 'over 30%' whatever the count, inside 'over 20%'
    assert share_findings(ledger(), claim(value=30.0, qualifier="over"), part, found)[0].holds is False
    assert share_findings(ledger(), claim(value=20.0, qualifier="over"), part, found)[0].holds is True
    assert share_findings(ledger(), claim(value=26.0, qualifier="exact"), part, found)[0].holds is None


def test_batches_announced_apart_add_up_to_one_base():
    four, fifth = report("four", (8997, "enterprises", "exact")), report("batches", (248, "enterprises", "exact"), (3673, "enterprises", "exact"))
    found = bases(claim(), [link(four, 1, "summed whole"), link(fifth, 2, "summed whole")], ledger())
    assert [(b.value, b.evidence) for b in found] == [(12670, ("four", "batches"))]
    # a sum made here is no count anyone reported: a chart must say it was added up, in either language
    assert found[0].kind == "sum" and "added up here" in found[0].label("en") and "本项目加总" in found[0].label("zh")


def test_a_part_without_its_share_and_a_share_without_a_base_are_named():
    gd = report("gd", (3100, "enterprises", "exact"))
    with pytest.raises(LookupError, match="needs one 'share of whole' figure of the same report"):
        bases(claim(), [link(gd, 1, "part of whole")], ledger())
    with pytest.raises(LookupError, match="no base for the share"):
        share_findings(ledger(), claim(), claim("999-part", 1253, "exact", "enterprises"), [])


def test_batches_of_a_programme_add_up_and_later_ones_are_marked():
    cities = claim("999-cities", 100, "exact", "cities")
    two = report("two", (66, "cities", "exact"), date="2024-12-31")
    third = report("third", (34, "cities", "about"), date="2025-05-17")
    [finding] = sum_of_addends(ledger(), cities, [link(two, role="addend"), link(third, role="addend")])
    # 'about 34' is 33.5 to 34.5 (rounded to a whole city): the sum, 99.5 to 100.5, is 100 as a count is written
    assert finding.holds is True and finding.found == "100 cities" and "about 34 (third) = 100 (" in finding.how
    assert "2025-05-17" in finding.later
    # 'about 30' is 27 to 33 (10%, less than half its step of 10): 93 to 99, which cannot tell 96 from 93 or 99
    rounder = report("rounder", (30, "cities", "about"), date="2025-05-17")
    [open_] = sum_of_addends(ledger(), claim("999-cities", 96, "exact", "cities"), [link(two, role="addend"), link(rounder, role="addend")])
    assert open_.holds is None and open_.found == "93–99 cities" and "about 30 (rounder) = 96, 93–99" in open_.how
    assert "2025-05-17" in open_.later
    [over_90] = sum_of_addends(ledger(), claim("999-cities", 90, "over", "cities"), [link(two, role="addend"), link(rounder, role="addend")])
    assert over_90.holds is True  # all of the range is over 90
    assert sum_of_addends(ledger(), cities, []) == []


def test_a_period_is_as_long_as_its_ends_allow_both_counted():
    years = claim("999-years", 3, "exact", "years")
    period = report("period", (2023, "year", "exact"), (2025, "year", "exact"))
    [finding] = period_length(ledger(), years, [link(period, 1, "first year"), link(period, 2, "last year")])
    assert finding.holds and finding.value == 3
    with pytest.raises(LookupError, match="each period needs both"):
        period_length(ledger(), years, [link(period, 1, "first year")])


def test_a_part_is_at_most_the_whole_it_lies_in():
    share = claim("999-traditional", 80, "about")
    [finding] = under_ceilings(ledger(), share, [link(report("gdp", (26.2, "percent", "exact")), role="ceiling")], "of the economy")
    assert finding.holds is False and finding.reading == "of the economy" and finding.value == 26.2


def test_reports_of_one_statement_must_agree_on_what_was_said():
    smes = claim("999-smes", 280_000, "over", "enterprises")
    a, b = report("a", (28000, "enterprises", "over")), report("b", (28000, "enterprises", "over"))
    assert [x.report.evidence_id for x in what_was_said(smes, [link(a, relation="same statement"), link(b, relation="same statement")])] == ["a", "b"]
    with pytest.raises(ValueError, match="print different figures"):
        what_was_said(smes, [link(a, relation="same statement"), link(report("c", (280000, "enterprises", "over")), relation="same statement")])


def test_what_was_said_is_described_as_printed_or_as_a_dash():
    from sme_clusters.combined import described_as_said

    smes = claim("999-smes", 280_000, "over", "enterprises")
    said = link(report("a", (28000, "enterprises", "over")), relation="same statement")
    assert described_as_said(smes, [said]) == "over 28,000 enterprises"
    assert described_as_said(smes, [said], "zh") == "超过2.8万家"  # as the Chinese reports write it
    assert described_as_said(smes, [link(report("b", (28000, "enterprises", "over")))]) == "—"  # an independent report is not what was said
