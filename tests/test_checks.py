"""The checks notebooks 02 and 03 call, on made-up lists and counts (not the data's): which lists a count covers,
the sums it is set against, what a later total implies, a region's bounds, a province's first list."""
from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal

import pandas as pd
import pytest

from sme_clusters.batch_checks import from_articles, from_notices, implied_by_total, latest_totals, lists_covered, notice_findings
from sme_clusters.claims import Claim, Claims, period_start
from sme_clusters.evidence import Figure, Report
from sme_clusters.region_checks import evidence_of, first_in, judge_regions, region_bounds, region_table, summed
from sme_clusters.verdicts import CLAIMS, COMPUTED_FROM_REPORTS, Ledger

# A fixture, not today's data: three made-up lists, published in 2023-01, 2023-10 and 2024-09, 100 each by their notices
# (n-2022 ...). A new real list changes nothing here.
PUBLISHED = {2022: "2023-01", 2023: "2023-10", 2024: "2024-09"}


def claim(claim_id, value, as_of, metric="cumulative_clusters", scope="all", topic="batches") -> Claim:
    return Claim(claim_id, claim_id[:3], topic, metric, scope, as_of, "quote", "", float(value), None, "clusters", "exact", "l", "标")


class Lists:
    """What batch_checks asks of a data set (and of its lists), for made-up lists."""

    def __init__(self, counts=(100, 100, 100), count_claims=("003-first", "001-second", "")):
        self.batches = pd.DataFrame({"published": PUBLISHED.values(), "count_evidence": [f"n-{y}" for y in PUBLISHED],
                                     "count_figure": 0, "count_claim_id": list(count_claims)}, index=list(PUBLISHED))
        self.counts = dict(zip(PUBLISHED, counts, strict=True))
        self.claims = Claims([claim("003-first", 100, "2022", "new_clusters", "2022 list"),
                              claim("001-second", 100, "2023", "new_clusters", "2023 list"),
                              claim("000-total", 200, "2024-07-05"), claim("002-total", 300, "2024-09-25")])

    @property
    def lists(self):
        return self  # the made-up data set is its own lists

    def published_by(self, date):
        return [y for y, p in PUBLISHED.items() if period_start(p) <= date]

    def official_count(self, year):
        return float(self.counts[year])

    def report(self, evidence_id):
        return Report(evidence_id, "", "", "", "", (Figure(Decimal(100), "clusters", "exact"),), "p", "2023-01-13", "", "100个", "", "f", 1)


def test_a_count_covers_the_lists_published_by_its_date_and_none_after_the_run():
    data = Lists()
    assert lists_covered(data, data.claims["000-total"], [2022, 2023, 2024]) == [2022, 2023]
    assert lists_covered(data, data.claims["002-total"], [2022, 2023, 2024]) == [2022, 2023, 2024]
    assert lists_covered(data, data.claims["002-total"], [2022, 2023]) is None  # it speaks of the 2024 list, not in this run


def test_a_total_is_set_against_the_notices_and_against_the_articles_own_counts():
    data, ledger = Lists(counts=(100, 100, 100)), Ledger("99-test")
    total = data.claims["000-total"]
    [notices] = from_notices(ledger, data, total, [2022, 2023])
    assert notices.holds and notices.basis == COMPUTED_FROM_REPORTS and notices.evidence == ("n-2022", "n-2023")
    [articles] = from_articles(ledger, data, total, [2022, 2023])
    assert articles.holds and articles.basis == CLAIMS and articles.evidence == ("003-first", "001-second")
    assert from_articles(ledger, data, data.claims["002-total"], [2022, 2023, 2024]) == []  # no article counts the 2024 list
    assert not from_notices(ledger, Lists(counts=(100, 90, 100)), total, [2022, 2023])[0].holds


def test_a_later_total_implies_a_lists_count_once_the_others_are_taken_off():
    data, ledger = Lists(count_claims=("003-first", "001-second", "")), Ledger("99-test")
    totals = latest_totals(data, [2022, 2023, 2024])
    assert [t.claim_id for t in totals] == ["000-total", "002-total"]  # each article's: a later article adds, takes none away
    total = totals[-1]
    assert implied_by_total(ledger, data, data.claims["001-second"], 2023, total, [2022, 2023, 2024]) == []  # 2024 has no count claim
    earlier = data.claims["000-total"]
    [implied] = implied_by_total(ledger, data, data.claims["001-second"], 2023, earlier, [2022, 2023, 2024])
    assert implied.value == 100 and implied.evidence == ("000-total", "003-first")


def test_counts_printed_as_approximate_add_up_and_subtract_as_the_ranges_they_allow():
    data, ledger = Lists(), Ledger("99-test")
    nearly = replace(data.claims["002-total"], qualifier="nearly")  # 近300个: 270 to 300
    data.claims = Claims([c if c.claim_id != "002-total" else nearly for c in data.claims])
    data.batches.loc[2024, "count_claim_id"] = "001-second"  # so that every list has an article's count
    # 270-300, less the two other lists' exact 100s: 70 to 100, which cannot tell 100 from 70
    [implied] = implied_by_total(ledger, data, data.claims["003-first"], 2022, nearly, [2022, 2023, 2024])
    assert implied.holds is None and implied.found == "70–100 clusters" and "nearly 300 clusters (002-total) − 100 (2023)" in implied.how
    about = replace(data.claims["003-first"], qualifier="about")  # about 100: 90 to 110
    data.claims = Claims([c if c.claim_id != "003-first" else about for c in data.claims])
    [articles] = from_articles(ledger, data, data.claims["000-total"], [2022, 2023])
    assert articles.holds is None and "about 100 clusters (003-first) + 100 (001-second) = 200, 190–210" in articles.how
    assert from_articles(ledger, data, replace(data.claims["000-total"], value=180, qualifier="over"), [2022, 2023])[0].holds is True


def test_the_notice_is_added_only_when_no_link_already_names_it():
    data, ledger = Lists(), Ledger("99-test")
    first = data.claims["003-first"]
    [notice] = notice_findings(ledger, data, first, 2022, [])
    assert notice.evidence == ("n-2022",)
    assert notice_findings(ledger, data, first, 2022, [notice]) == []


def counts(**units) -> pd.DataFrame:
    """unit=(region, lower, upper, exact or None)"""
    return pd.DataFrame([{"unit": u, "region": r, "lower_bound": lo, "upper_bound": up, "exact": math.nan if ex is None else ex,
                          "evidence": f"rows; t:{u}", "upper_evidence": "cap" if up != math.inf else ""}
                         for u, (r, lo, up, ex) in units.items()]).set_index("unit")


def test_a_regions_count_is_exact_only_when_every_province_is_and_bounded_by_theirs():
    table = counts(a=("East", 3, 8, None), b=("East", 5, 5, 5), c=("West", 2, math.inf, None), d=("West", 4, 4, 4))
    east, west = region_bounds(table, "East"), region_bounds(table, "West")
    assert (east.lower, east.upper, east.known_exactly) == (8, 13, False)
    assert (west.lower, west.upper) == (6, math.inf)
    assert summed(table.loc[["b", "d"]]).exact == 9
    assert evidence_of(table, ["a", "b"]) == ["rows", "t:a", "cap", "t:b"]


def test_a_first_cluster_needs_one_in_the_list_and_none_known_before():
    that_list = counts(a=("East", 1, 8, None), b=("East", 2, 8, None), c=("West", 0, 8, None))
    earlier = counts(a=("East", 0, 0, 0), b=("East", 1, math.inf, None), c=("West", 0, 0, 0))
    assert first_in(that_list, earlier) == ["a"]  # b had one before; c has none in the list
    assert first_in(that_list, None) == ["a", "b"]  # the first list: every province with one is a first


@pytest.mark.parametrize("counts_, holds", [((100, 100, 100), True), ((100, 100, 99), False)])
def test_the_latest_total_against_the_notices(counts_, holds):
    data = Lists(counts=counts_)
    total = latest_totals(data, [2022, 2023, 2024])[-1]
    assert from_notices(Ledger("99-test"), data, total, lists_covered(data, total, [2022, 2023, 2024]))[0].holds is holds


def test_clusters_in_force_count_each_list_in_its_window_and_what_passed_its_review_after():
    from sme_clusters.batch_checks import in_force

    windows = pd.DataFrame({"valid from": [2023, 2024], "valid to": [2025, 2026], "clusters": [100, 100],
                            "renewed to": [2028, pd.NA], "renewed": [97, pd.NA]}, index=[2022, 2023], dtype="Int64")
    assert [in_force(windows, t) for t in (2023, 2025, 2026, 2027, 2029)] == [100, 200, 197, 97, 0]


def test_a_count_is_shown_exact_as_a_capped_range_or_as_a_lower_bound():
    from sme_clusters.region_checks import shown

    table = counts(a=("East", 23, 23, 23), b=("East", 2, 10, None), c=("West", 3, math.inf, None))
    assert [shown(row, "en") for _, row in table.iterrows()] == ["23", "2–10", "≥3"]
    assert [shown(row, "zh") for _, row in table.iterrows()] == ["23", "2～10", "≥3"]  # a range of values: 浪纹线


def test_an_example_is_found_by_its_province_and_its_pattern_taken_literally():
    from sme_clusters.clusters import rows_named_like

    rows = pd.DataFrame({"province": ["山东省", "山东省", "河北省"], "cluster_name": ["胶州市智能家电产业集群", "胶州(电力)钢结构", "清河羊绒"]})
    assert rows_named_like(rows, "山东省", "智能家电")["cluster_name"].tolist() == ["胶州市智能家电产业集群"]
    assert rows_named_like(rows, "山东省", "(电力)")["cluster_name"].tolist() == ["胶州(电力)钢结构"]  # not a regular expression
    assert rows_named_like(rows, "河北省", "智能家电").empty


def test_the_tiers_chart_draws_the_base_both_tier_sums_and_the_share_mark():
    from sme_clusters.charts import tiers_against
    from sme_clusters.plots import subplots

    fig, ax = subplots()
    text = {"all_smes": "all", "apart": "apart", "nested": "nested", "enterprises": "firms"}
    tiers_against(ax, 28_000, 6_836, 5_000, 20, text, "on 28,000")
    assert [bar.get_width() for bar in ax.patches] == [28_000, 6_836, 5_000]
    assert ax.get_xlim() == (0, 28_000 * 1.3) and ax.lines[0].get_xdata()[0] == 5_600  # 20% of 28,000


def test_a_reported_figure_is_described_as_its_source_states_it():
    from sme_clusters.labels import describe_reported

    assert describe_reported({"value": 31000.0, "unit": "enterprises", "qualifier": "over"}) == "over 31,000 enterprises"
    assert describe_reported({"value": 24.8, "unit": "percent", "qualifier": "exact"}) == "24.8%"


def test_the_coverage_and_cumulative_charts_draw_one_bar_per_list_and_label_each():
    from sme_clusters.charts import coverage_bars, cumulative_bars
    from sme_clusters.plots import subplots

    per_list = pd.DataFrame({"official count": [100, 100], "known rows": [57, 31], "cumulative": [100, 200]}, index=[2022, 2023])
    text = {"list": "{y} list", "official": "official", "known": "known", "clusters": "clusters", "target": "target {v:,.0f}"}
    fig, ax = subplots()
    coverage_bars(ax, per_list, text)
    assert [t.get_text() for t in ax.texts] == ["57 / 100", "31 / 100"] and len(ax.patches) == 4
    fig, ax = subplots()
    cumulative_bars(ax, per_list["cumulative"], 200, text)
    assert [t.get_text() for t in ax.texts] == ["100", "200", "target 200"] and ax.get_ylim()[1] == 240


def test_the_validity_chart_draws_each_window_and_the_renewals_unhatched():
    from sme_clusters.charts import validity_bars
    from sme_clusters.plots import subplots

    windows = pd.DataFrame({"valid from": [2023, 2024], "valid to": [2025, 2026], "renewed": [97, pd.NA]}, index=[2022, 2023], dtype="Int64")
    fig, ax = subplots()
    validity_bars(ax, windows, 3, "en", {"list": "{y} list", "first": "first", "renewed": "renewed"})
    assert len(ax.patches) == 3  # two windows, one renewal (the 2023 list has no review yet)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["first", "renewed (97)"]
    assert not any(p.get_hatch() for p in ax.patches)  # a renewal is no bound: hatching means a bound only


def test_the_map_labels_each_bound_and_the_region_bars_hatch_the_floors_only():
    from sme_clusters.charts import region_bars, tile_map
    from sme_clusters.plots import BOUND_HATCH, subplots

    table = counts(a=("East", 23, 23, 23), b=("East", 3, math.inf, None), c=("East", 0, math.inf, None))
    places = pd.DataFrame({"tile_col": [0, 1, 2], "tile_row": [0, 0, 0], "name_en": ["A", "B", "C"], "short_zh": ["甲", "乙", "丙"]},
                          index=["a", "b", "c"])
    fig, ax = subplots()
    tile_map(ax, table, places, "en", {"none": "none known", "clusters": "n"})
    assert not any(p.get_hatch() for p in ax.patches)  # nearly every tile is a floor: the label says so, not a hatch
    assert [t.get_text() for t in ax.texts] == ["A", "23", "B", "≥3", "C", "none known"]
    by_region = pd.DataFrame({"article": [156, 5], "known at least": [140, 3], "known rows": [77, 3]}, index=["East", "Northeast"])
    fig, ax = subplots()
    region_bars(ax, by_region, {"article": "article", "known at least": "at least", "known rows": "rows"}, ["East", "NE"], "n")
    assert sorted(t.get_text() for t in ax.texts) == sorted(["156", "5", "≥ 140", "≥ 3", "77", "3"])
    assert [p.get_hatch() for p in ax.patches] == [None, None, BOUND_HATCH["floor"], BOUND_HATCH["floor"], None, None]


def test_labelled_bars_and_verdict_bars_label_what_they_draw():
    from sme_clusters.charts import labelled_bars, verdict_bars
    from sme_clusters.plots import VERDICT_COLOURS, subplots
    from sme_clusters.verdicts import VERDICTS

    fig, ax = subplots()
    labelled_bars(ax, ["a", "b"], [3_247, 12_670], ["red", "blue"], "firms")
    assert [t.get_text() for t in ax.texts] == ["3,247", "12,670"] and ax.get_ylim()[1] == 12_670 * 1.15
    counts_ = pd.DataFrame([[1, 2] + [0] * (len(VERDICTS) - 2), [0, 0] + [0] * (len(VERDICTS) - 3) + [4]], columns=list(VERDICTS),
                           index=["002", "003"])
    fig, ax = subplots()
    verdict_bars(ax, counts_, ["002", "003"], {v: v.upper() for v in VERDICTS}, "claims")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [VERDICTS[0].upper(), VERDICTS[1].upper(), VERDICTS[-1].upper()]
    assert sorted(t.get_text() for t in ax.texts) == ["1", "2", "4"]  # a verdict no article got draws nothing
    assert ax.patches[0].get_facecolor()[:3] == pytest.approx(tuple(int(VERDICT_COLOURS[VERDICTS[0]][i:i + 2], 16) / 255 for i in (1, 3, 5)))


def test_the_vintage_panel_names_who_said_it_and_draws_each_figure_as_its_bound():
    from sme_clusters.charts import two_line_title, vintage_panel
    from sme_clusters.plots import BOUND_HATCH, subplots

    assert two_line_title("SMEs in the clusters") == "SMEs in the clusters"
    assert two_line_title("Manufacturing single champions") == "Manufacturing single\nchampions"
    fig, ax = subplots()
    vintage_panel(ax, "SMEs in the clusters", (28_000, 31_000), ("over 28,000 enterprises", "31,000\n+11%"),
                  ("as said\n2023-04-20", "CCTV\n2023-06-12"), ("floor", "exact"))
    assert [t.get_text() for t in ax.texts] == ["over 28,000", "31,000\n+11%"] and ax.get_ylim()[1] == 31_000 * 1.2
    assert [t.get_text() for t in ax.get_xticklabels()] == ["as said\n2023-04-20", "CCTV\n2023-06-12"]
    assert [p.get_hatch() for p in ax.patches] == [BOUND_HATCH["floor"], None]


def test_the_tiers_chart_draws_the_base_as_stated_the_tiers_apart_as_a_ceiling_and_nested_as_a_floor():
    from sme_clusters.charts import tiers_against
    from sme_clusters.plots import BOUND_HATCH, subplots

    fig, ax = subplots()
    text = {"all_smes": "SMEs", "apart": "apart", "nested": "nested", "enterprises": "n"}
    tiers_against(ax, 28_000, 6_836, 5_000, 20, text, "t", count_bound="floor")
    assert [p.get_hatch() for p in ax.patches] == [BOUND_HATCH["floor"], BOUND_HATCH["ceiling"], BOUND_HATCH["floor"]]
    assert [t.get_text() for t in ax.texts][:3] == ["≥ 28,000", "≤ 6,836 (24.4%)", "≥ 5,000 (17.9%)"]
    # given the shares as their printed figures allow, the chart prints those ranges, in the run's language
    from sme_clusters.first_batch import TierShare

    fig, ax = subplots()
    shares = {"apart": TierShare(21.8, 26.2, ""), "nested": TierShare(15.5, 19.6, "")}
    tiers_against(ax, 28_000, 6_836, 5_000, 20, text, "t", count_bound="floor", shares=shares, lang="zh")
    assert [t.get_text() for t in ax.texts][1:3] == ["≤ 6,836 (21.8%～26.2%)", "≥ 5,000 (15.5%～19.6%)"]


def test_the_share_dots_weigh_every_base_and_hollow_the_later_ones():
    from sme_clusters.charts import share_dots
    from sme_clusters.plots import subplots
    from sme_clusters.shares import Base

    share = Claim("002-share", "002", "case", "m", "s", "2024", "q", "", 25.0, None, "percent", "about", "share", "比重")
    bases = [Base(5722, ("nmpa",), "", "2023-12-31"), Base(5935, ("nmpa-later",), "", "2024-12-31", decides=False)]
    fig, ax = subplots()
    share_dots(ax, 1253, [(share, "China", bases)], "en", {"allowed": "allowed", "says": "says", "later": "later", "base": "{whole}: {n}"})
    texts = [t.get_text() for t in ax.texts]
    assert "21.9%" in texts and "21.1%" in texts and "China: 5,722" in texts and "says about 25%" in texts
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["allowed", "later"]


def test_the_sector_bars_stack_the_lists_and_mark_the_named_sectors():
    from sme_clusters.charts import sector_bars
    from sme_clusters.plots import subplots

    mix = pd.DataFrame({2022: [5, 2], 2023: [3, 1], "all": [8, 3]}, index=["Equipment", "Textiles"])
    fig, ax = subplots()
    sector_bars(ax, mix, [2022, 2023], {"Textiles"}, {"list": "{y} list", "clusters": "n", "named_mark": "◆ named"})
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Textiles ◆", "Equipment"]
    assert [t.get_text() for t in ax.texts] == ["3", "8"] and len(ax.patches) == 4


def region_claims(east=10, central=5, west=4, northeast=1, total=20) -> Claims:
    made = [claim(f"002-{r}", v, "2024", f"region_{r}", topic="regions") for r, v in
            (("east", east), ("central", central), ("west", west), ("northeast", northeast))]
    return Claims([*made, claim("002-total", total, "2024", topic="regions"), claim("001-total", 99, "2023")])


def four_regions():
    return counts(a=("East", 3, 8, None), b=("East", 5, 5, 5), c=("Central", 5, 5, 5), d=("West", 2, math.inf, None),
                  e=("Northeast", 1, 1, 1))


def test_the_region_table_sets_each_claim_beside_its_provinces_bounds_and_its_known_rows():
    rows = pd.DataFrame({"region": ["East"] * 7 + ["West"] * 2})
    table = region_table(region_claims(), rows, four_regions())
    assert table.loc["East", ["article", "known rows", "known at least", "at most"]].tolist() == [10, 7, 8, 13]
    assert table.loc["Central", "all provinces exact"] and not table.loc["East", "all provinces exact"]
    assert table.loc["West", "at most"] == math.inf and table.loc["Northeast", "known rows"] == 0
    assert table["article share"].tolist() == ["50.0%", "25.0%", "20.0%", "5.0%"]


def test_each_region_is_judged_on_its_provinces_and_the_four_claims_are_added_up():
    claims_, table = region_claims(central=6), four_regions()
    ledger = Ledger("99-test")
    judge_regions(ledger, claims_, table, region_table(claims_, pd.DataFrame({"region": []}), table), (9, 20), (2022, 2024), "sum")
    frame = ledger.frame().set_index("key")
    assert frame.loc["002-central", "verdict"] == "contradicted"  # exactly 5 known, 6 claimed
    assert frame.loc["002-northeast", "verdict"] != "contradicted" and frame.loc["002-east", "verdict"] != "contradicted"
    assert "10 + 6 + 4 + 1 = 21 (002-total: 20)" in frame.loc["regions_sum", "explanation"]


def tier_claims(values=(5, 30, 100, 400), share=20.0, smes=1_000) -> Claims:
    from sme_clusters.first_batch import TIER_METRICS

    made = [claim(f"001-{m}", v, "2024", m, "2022 list", "first_batch") for m, v in zip(TIER_METRICS, values, strict=True)]
    over = replace(claim("001-share", share, "2024", "quality_sme_share", "2022 list", "first_batch"), qualifier="over")
    return Claims([*made, over,
                   claim("001-smes", smes, "2024", "smes", "2022 list", "first_batch")])


def test_the_tiers_make_at_most_their_sum_and_at_least_the_largest():
    from sme_clusters.first_batch import derive_quality_bounds, statistics_of

    stats, ledger = statistics_of(tier_claims(), "2022 list"), Ledger("99-test")
    assert derive_quality_bounds(ledger, stats.tiers, ("up", "low")) == (535, 400)
    assert ledger.frame()["explanation"].tolist() == ["5 + 30 + 100 + 400 = 535", "max(5, 30, 100, 400) = 400"]


def test_the_share_of_the_tiers_holds_only_when_counted_apart_and_names_the_base_it_needs():
    from sme_clusters.first_batch import judge_quality_share, statistics_of

    stats, ledger = statistics_of(tier_claims(share=50.0), "2022 list"), Ledger("99-test")
    needed = judge_quality_share(ledger, stats, 1_000, ("r-zh",), [], "base")
    assert needed == (1_070, 1_070)  # 535 / 50%: the tiers printed plainly, one count
    verdict = ledger.frame().set_index("key").loc["001-share"]
    assert verdict["verdict"] == "depends on reading" and "tiers counted apart" in verdict["supported"]


def test_the_share_of_the_tiers_on_a_rounded_count_is_the_range_its_printed_figures_allow():
    from sme_clusters.first_batch import judge_quality_share, statistics_of

    claims = tier_claims(share=40.0)
    innovative = replace(claims.one(metric="innovative_smes", scope="2022 list"), qualifier="about")  # around 400: 360 to 440
    claims = Claims([innovative if c.metric == "innovative_smes" else c for c in claims])
    stats, ledger = statistics_of(claims, "2022 list"), Ledger("99-test")
    ledger.judge(stats.smes, [ledger.computed(stats.smes, 1_200, ["r-zh"], "the report: 1,200")])  # as 003-smes: set aside
    needed = judge_quality_share(ledger, stats, 1_200, ("r-zh",), [], "base", base_qualifier="over")  # 1,200 to 1,300
    assert needed == pytest.approx((495 / 0.4, 575 / 0.4))  # over 40% below 1,237.5 to 1,437.5 enterprises
    verdict = ledger.frame().set_index("key").loc["001-share"]
    # apart: (135 + 360 … 135 + 440) / (1,300 … 1,200) = 38.1%–47.9%, across 40%: it no longer decides;
    # nested: 360 / 1,300 … 440 / 1,200 = 27.7%–36.7%, below 40% whatever the counts
    assert verdict["found"] == "tiers counted apart: 38.1%–47.9%; tiers nested: 27.7%–36.7%"
    assert "(495–575) / (1,200–1,300) = 38.1%–47.9% (read as their printed figures allow, the range crosses an edge" in verdict["explanation"]
    assert verdict["verdict"] == "depends on reading" and verdict["supported"] == "tiers counted apart: not checkable"


def test_the_tiers_share_of_a_count_is_a_range_and_says_over_only_where_all_of_it_is():
    from sme_clusters.first_batch import statistics_of, tier_shares

    claims = tier_claims()
    innovative = replace(claims.one(metric="innovative_smes", scope="2022 list"), qualifier="about")  # around 400: 360 to 440
    tiers = statistics_of(Claims([innovative if c.metric == "innovative_smes" else c for c in claims]), "2022 list").tiers
    shares = tier_shares(tiers, 1_200, "over")  # 1,200 to 1,300
    assert (round(shares["apart"].low, 1), round(shares["apart"].high, 1)) == (38.1, 47.9)  # 495 / 1,300 ... 575 / 1,200
    assert shares["apart"].how == "(495–575) / (1,200–1,300) = 38.1%–47.9%"
    assert [shares["apart"].over(v) for v in (35, 40, 50)] == [True, None, False]
    assert shares["apart"].over_in_words(40, "en") == "cannot say" and shares["apart"].over_in_words(35, "zh") == "是"
    exact = tier_shares(statistics_of(claims, "2022 list").tiers, 1_000, "exact")["nested"]
    assert (exact.low, exact.high, exact.how) == (40.0, 40.0, "400 / 1,000 = 40.0%")  # printed plainly: a point


def test_a_list_without_statistics_is_refused_naming_the_lists_that_have_them():
    from sme_clusters.first_batch import statistics_of

    with pytest.raises(LookupError, match=r"no cluster statistics for the 2023 list; scopes with statistics: \['2022 list'\]"):
        statistics_of(tier_claims(), "2023 list")


def test_the_validity_windows_run_a_list_and_its_renewal_and_the_peak_names_the_lists_that_make_it():
    from sme_clusters.batch_checks import clusters_in_force, derive_peak, validity_windows

    data, ledger = Lists(counts=(100, 80, 60)), Ledger("99-test")
    windows = validity_windows(data, [2022, 2023, 2024], {2022: 90}, 3)
    assert windows.loc[2022].tolist() == [2023, 2025, 100, 2028, 90] and windows.loc[2024, "renewed"] is pd.NA
    in_force = clusters_in_force(windows)
    assert (in_force.index[0], in_force.index[-1]) == (2023, 2028)
    assert in_force[2025] == 240 and in_force[2027] == 90 + 60
    assert derive_peak(ledger, in_force, {2022: 90}, [2022, 2023, 2024], 3, ("e",), "peak") == 2025
    assert ledger.frame()["explanation"].iloc[0] == "in 2025: lists 2022, 2023, 2024"


def test_the_target_is_reached_with_the_first_list_whose_cumulative_count_meets_it():
    from sme_clusters.batch_checks import derive_target

    data = Lists(counts=(100, 100, 100))
    lists = pd.DataFrame({"cumulative": [100, 200, 300]}, index=[2022, 2023, 2024])
    target = claim("001-target", 200, "2022/2025", "target_clusters")
    ledger = Ledger("99-test")
    assert derive_target(ledger, data, target, lists, ("with", "share")) == 2023
    assert ledger.frame()["found"].iloc[1].startswith("150")  # 300 of 200
    assert derive_target(Ledger("99-test"), data, replace(target, value=400.0), lists, ("with", "share")) is None
    ended = Ledger("99-test")  # a plan that ended in 2023: the 2024 list is not part of what it reached
    derive_target(ended, data, replace(target, as_of="2022/2023"), lists, ("with", "share"))
    assert ended.frame()["found"].iloc[1].startswith("100") and ended.frame()["explanation"].iloc[1] == "200 / 200"


def test_a_reviewed_cluster_is_matched_to_its_list_row_in_another_wording_within_its_province():
    from sme_clusters.clusters import matching_rows

    rows = pd.DataFrame({"cluster_name": ["广东省佛山市顺德区家电产业集群", "浙江省宁波市模具产业集群"], "province": ["广东省", "浙江省"]})
    named = pd.DataFrame({"cluster_name": ["顺德区家电产业集群", "宁波模具集群", "顺德区家电产业集群"],
                          "province": ["广东省", "浙江省", "浙江省"]})
    assert matching_rows(named, rows) == ["广东省佛山市顺德区家电产业集群", "浙江省宁波市模具产业集群", ""]  # not across provinces


def test_a_table_in_a_rendered_notebook_shows_no_row_numbers_and_headers_in_words():
    from sme_clusters.notebook import readable_table

    numbered = pd.DataFrame({"article_says": ["100 clusters"], "verdict": ["corroborated"]})
    html = readable_table(numbered)
    assert "<th>article says</th>" in html and "<th>0</th>" not in html and ">0<" not in html
    by_year = pd.DataFrame({"official_count": [100, 100]}, index=pd.RangeIndex(2022, 2024, name="list"))
    assert "<th>list</th>" in readable_table(by_year) and "<td>2022</td>" in readable_table(by_year)  # an index that means something stays
    pair = pd.DataFrame({"n": [1]}, index=pd.MultiIndex.from_tuples([("East", 2024)], names=["region", "list"]))
    assert "<th>region</th>" in readable_table(pair) and "<td>East</td>" in readable_table(pair)


def test_items_named_after_including_bear_out_a_count_only_when_all_or_too_many_are_named():
    from sme_clusters.case_checks import named_after_including

    assert named_after_including(6, 6) is True
    assert named_after_including(7, 6) is False  # more than the count: it cannot be six
    assert named_after_including(5, 6) is None  # 'including' five of six: it need not name them all


def test_a_provinces_count_is_judged_at_the_lists_published_by_its_own_date_and_a_later_one_is_left():
    """A claim of one province's count speaks of the lists published by its date, not of another claim's: a later article
    reusing 002's metric is read against the lists up to its own."""
    from sme_clusters import config
    from sme_clusters.dataset import Dataset
    from sme_clusters.region_checks import judge_province_counts

    data = Dataset(config.DATA)
    first, *_, last = data.lists.years()
    tied = data.claims.select(metric="province_clusters_merged")[0]
    earlier = replace(tied, claim_id="998-earlier", as_of=str(data.batches.loc[first, "published"]))
    later = replace(tied, claim_id="998-later", as_of=f"{last + 1}-12")  # after every list the data holds
    ledger = Ledger("99-test")
    judge_province_counts(ledger, data, Claims([earlier, later]), str, first)  # a run to the first list
    judged = ledger.frame().set_index("key")
    assert list(judged.index) == ["998-earlier"]
    province = next(p for p in data.provinces.index if data.provinces.loc[p, "short_zh"] in tied.scope)
    assert str(int(data.province_counts(first, merged=True).loc[province, "lower_bound"])) in judged.loc["998-earlier", "found"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_list_of_which_nothing_is_known_is_left_out_of_every_list_and_named(lang):
    """A new list known by its count alone (no row, no province's report) would make 'in every list' 0 whatever the other
    lists show; it is left out, and the title and the finding say so."""
    from sme_clusters.labels import phrase
    from sme_clusters.region_checks import in_every_list

    def text(key, **fields):
        return phrase(key, lang, **fields)

    at_least = pd.DataFrame({2022: [1, 2, 0], 2023: [3, 0, 0], 2024: [0, 0, 0]}, index=["甲省", "乙省", "丙省"])
    title, finding = in_every_list(at_least, lang)
    assert text("heatmap_title", every=1) in title and "2024" in title.splitlines()[-1]
    assert finding.startswith(text("finding_heatmap", every=1, n=3, first=2022, last=2023, none=1))
    assert finding.endswith(text("nothing_known_of_lists", years=2024))
    assert (" " + text("nothing_known_of_lists", years=2024)[:5] in finding) is (lang == "en")
    title, finding = in_every_list(at_least[[2022, 2023]], lang)
    assert title.count("\n") == 1 and "2024" not in finding
