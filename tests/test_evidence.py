"""Independent reports and their links to claims, evidence ids, enumerations, and province counts from every fact held."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from sme_clusters import config
from sme_clusters.clusters import _outside_round
from sme_clusters.config import DataPaths
from sme_clusters.dataset import Dataset
from sme_clusters.enumerations import enumerated_count, listed_items
from sme_clusters.evidence import load_reports
from sme_clusters.provinces import Reported, UnitReports, count_unit, ranking_test
from sme_clusters.validation import DataFileError

from .synthetic import register_checksums

HEADER = "evidence_id,bears_on,subject,as_of,figure,value,unit,qualifier,publisher,date,source_url,phrase_as_printed,note\n"


def reports_file(tmp_path, *rows, name="reports.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


ROW = "r-1,002 x,subject,2023,figure,{value},{unit},{qualifier},publisher,{date},,phrase,"


def test_a_report_with_several_figures_gives_each_its_unit_and_qualifier(tmp_path):
    path = reports_file(tmp_path, ROW.format(value="70 | 90 | 90", unit="percent", qualifier="over | nearly | over", date=""))
    report = load_reports([path])["r-1"]
    assert [(float(f.value), f.unit, f.qualifier) for f in report.figures] == [(70, "percent", "over"), (90, "percent", "nearly"),
                                                                              (90, "percent", "over")]
    assert report.cite() == "publisher, undated: “phrase”"


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "column", "expected"),
    [
        ("many", "enterprises", "exact", "value", "expected a number of at least 0"),
        ("１００", "enterprises", "exact", "value", "expected a number of at least 0"),
        ("70 | 90", "percent | percent | percent", "over", "unit", "gives 3 units for 2 values"),
        ("3 | 5", "years", "between", "qualifier", "expected one of"),
    ],
)
def test_a_bad_report_is_named_by_file_row_and_column(tmp_path, value, unit, qualifier, column, expected):
    path = reports_file(tmp_path, ROW.format(value=value, unit=unit, qualifier=qualifier, date="2023"))
    with pytest.raises(DataFileError) as caught:
        load_reports([path])
    assert f"reports.csv, row 1 (line 2), column '{column}'" in str(caught.value) and expected in str(caught.value)


def test_an_evidence_id_used_in_two_files_is_named(tmp_path):
    first = reports_file(tmp_path, ROW.format(value="1", unit="cities", qualifier="exact", date="2023"), name="a.csv")
    second = reports_file(tmp_path, ROW.format(value="2", unit="cities", qualifier="exact", date="2023"), name="b.csv")
    with pytest.raises(DataFileError, match=r"b.csv, row 1 \(line 2\), column 'evidence_id': duplicate evidence id 'r-1', first seen in a.csv row 1"):
        load_reports([first, second])


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("claim_id", "003-nothing", "no claim '003-nothing'"),
        ("evidence_id", "nobody-said-it", "no independent report 'nobody-said-it'"),
        ("figure", "4", "expected a figure number from 1 to"),
        ("relation", "hearsay", "expected one of"),
    ],
)
def test_a_bad_link_between_a_claim_and_a_report_is_named(data_copy, column, value, expected):
    assert_first_row_refused(data_copy, "claim_evidence.csv", column, value, expected)


def assert_first_row_refused(data_copy, name: str, column: str, value: str, expected: str) -> None:
    """With `value` in the first row's `column` of data file `name`, validation fails naming the file, row and column."""
    path = data_copy / name
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, column] = value
    frame.to_csv(path, index=False, lineterminator="\n")
    with pytest.raises(DataFileError) as caught:
        Dataset(DataPaths(data_copy)).validate()
    assert f"{name}, row 1 (line 2), column '{column}'" in str(caught.value) and expected in str(caught.value)


def test_a_link_whose_units_cannot_be_compared_fails_validation(data_copy):
    """A figure set against its claim itself (the link has no role) in a unit the claim's cannot be read in: caught before
    any notebook runs, not in the middle of one."""
    data = Dataset(DataPaths(data_copy))
    link = data.claim_evidence[0]
    unit = link.report.figures[link.figure].unit
    other = next(c for c in data.claims if c.unit not in (unit, "percent", "fraction"))
    path = data_copy / "claim_evidence.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert frame.loc[0, "role"] == "" and frame.loc[0, "claim_id"] == link.claim_id
    frame.loc[0, "claim_id"] = other.claim_id
    frame.to_csv(path, index=False, lineterminator="\n")
    with pytest.raises(DataFileError) as caught:
        Dataset(DataPaths(data_copy)).validate()
    assert (f"claim_evidence.csv, row 1 (line 2), column 'figure': a report in {unit!r} cannot be set against a claim in {other.unit!r} "
            f"({link.report.evidence_id} in ") in str(caught.value)


def test_a_link_whose_units_cannot_be_compared_fails_when_it_is_used(data_copy):
    data = Dataset(DataPaths(data_copy))
    link = next(link for link in data.claim_evidence if link.claim_id == "003-smes")
    from sme_clusters.verdicts import Ledger

    with pytest.raises(ValueError, match="cannot be set against"):
        Ledger("99-test").reported(data.claims["004-pilot-years"], link.report, link.figure)


@pytest.fixture(scope="module")
def data():
    return Dataset(config.DATA)


def test_every_kind_of_evidence_id_resolves(data):
    report = next(iter(data.independent_reports))
    for token in ("003-smes", report, "clusters_2024", "003", "province_totals:1", "fact:reform_opening_start", "county_units:district"):
        assert data.evidence.describe(token)
    assert "2.8万多家" in data.evidence.describe("ssb-2023-04-20-smes")


@pytest.mark.parametrize("token", ["003-nothing", "nobody", "province_totals:0", "province_totals:100000", "fact:nothing", "county_units:x"])
def test_an_evidence_id_that_names_nothing_is_an_error(data, token):
    with pytest.raises(LookupError, match="names no claim"):
        data.evidence.describe(token)


def test_every_independent_report_is_registered_and_loaded(data):
    """Every registered reports file is read, but a file a later version replaces (<name>_v2.csv): that one not at all."""
    from sme_clusters.config import relative_to_root
    from sme_clusters.sources import superseded

    replaced = superseded(data.report_files)
    files = {relative_to_root(path) for path in data.report_files if path not in replaced}
    assert files and {r.file for r in data.independent_reports.values()} == files  # by path: two folders share a file name
    assert not {relative_to_root(path) for path in replaced} & {r.file for r in data.independent_reports.values()}


def test_an_edited_report_fails_its_checksum(data_copy):
    path = data_copy / "raw" / "compiled" / "independent_reports.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2.8万多家", "28万多家"), encoding="utf-8")
    with pytest.raises(DataFileError, match="checksum of data/raw/compiled/independent_reports.csv does not match"):
        _ = Dataset(DataPaths(data_copy)).independent_reports


def test_a_corrected_report_registered_anew_loads(data_copy):
    path = data_copy / "raw" / "compiled" / "independent_reports.csv"
    path.write_text(path.read_text(encoding="utf-8") + ROW.format(value="1", unit="cities", qualifier="exact", date="2025") + "\n",
                    encoding="utf-8")
    register_checksums(data_copy)
    assert "r-1" in Dataset(DataPaths(data_copy)).independent_reports


# --- enumerations ----------------------------------------------------------------------------------

def test_an_enumeration_is_counted_from_its_ordinals_not_from_its_expected_items():
    announced_four = "It has four aspects. First, one thing. Second, another. The third is a third. Then it stops."
    assert enumerated_count(announced_four) == (3, ["First", "Second", "The third is"])
    assert enumerated_count("一是提升,二是激发,四是加快")[0] == 2  # a gap ends the run
    assert enumerated_count("Second, out of order. First, then.")[0] == 1
    assert enumerated_count("At first, nothing is enumerated here.")[0] == 0  # an ordinal inside a sentence is not a marker


def test_the_items_of_a_list_are_split_at_commas_not_at_every_and():
    sentence = "focused on six aspects, including A, green and low-carbon B, and C and D, to foster clusters"
    assert listed_items(sentence, "including", ", to foster") == ["A", "green and low-carbon B", "C and D"]
    with pytest.raises(LookupError, match="no list between"):
        listed_items(sentence, "excluding", ", to foster")


# --- province counts -------------------------------------------------------------------------------

YEARS = [2022, 2023, 2024]  # made-up lists for count_unit, not the data's
NONE = dict.fromkeys(YEARS, 0)


def reported(total, evidence="t:1", exact=True):
    return Reported(float(total), evidence, "cumulative 2022-2024", "测试日报 (Test Daily)", "2024-12-01", exact)


def test_a_listed_citys_own_count_raises_its_provinces_lower_bound():
    count = count_unit({**NONE, 2024: 1}, UnitReports(), YEARS, complete=False, parts_lower=6, parts_evidence=("t:qingdao",))
    assert (count.lower, math.isnan(count.exact), count.evidence) == (6, True, ["t:qingdao"])


def test_reports_that_agree_are_exact_and_reports_that_conflict_leave_the_count_open():
    agree = count_unit(NONE, UnitReports(through={2024: [reported(23, "t:1"), reported(23, "t:2")]}), YEARS, complete=False)
    assert (agree.exact, agree.basis, agree.evidence) == (23, "reported", ["t:1", "t:2"])
    conflict = count_unit(NONE, UnitReports(through={2024: [reported(9, "t:1"), reported(7, "t:2")]}), YEARS, complete=False)
    assert math.isnan(conflict.exact) and conflict.lower == 7 and "conflicting" in conflict.source


def test_a_counts_source_is_written_in_the_runs_language():
    reports = UnitReports(through={2023: [reported(13)]})
    english = count_unit({**NONE, 2024: 2}, reports, YEARS, complete=False)
    chinese = count_unit({**NONE, 2024: 2}, reports, YEARS, complete=False, lang="zh")
    assert english.source == "reported: 13 (cumulative 2022–2024, 测试日报 (Test Daily) 2024-12-01) + 2 known since"
    assert chinese.source == "据报道：13（2022—2024年累计，测试日报 2024-12-01） + 此后已知2个"


def test_a_count_that_may_omit_the_listed_cities_is_only_a_bound():
    count = count_unit(NONE, UnitReports(per_list={2023: [reported(6, exact=False)]}), YEARS, complete=False)
    assert count.lower == 6 and math.isnan(count.exact)


def test_a_cumulative_report_after_an_earlier_list_adds_what_is_known_since():
    count = count_unit({**NONE, 2024: 2}, UnitReports(through={2023: [reported(13)]}), YEARS, complete=False)
    assert count.lower == 15 and math.isnan(count.exact) and "+ 2 known since" in count.source


def test_a_first_cluster_in_a_later_list_means_none_before():
    reports = UnitReports(per_list={2024: [reported(1)]}, first_in={2024: "t:9"})
    assert count_unit(NONE, reports, [2022, 2023], complete=False).exact == 0
    assert count_unit(NONE, reports, YEARS, complete=False).lower == 1


def test_per_list_reports_for_every_list_add_up_to_an_exact_count():
    reports = UnitReports(per_list={y: [reported(n)] for y, n in zip(YEARS, (5, 4, 5), strict=True)})
    assert count_unit(NONE, reports, YEARS, complete=False).exact == 14


def test_a_recommendation_limit_bounds_a_count_above_and_can_make_it_exact():
    caps = {2024: (8.0, ["limit-2024"])}
    count = count_unit({**NONE, 2024: 3}, UnitReports(), [2024], complete=False, caps=caps)
    assert (count.lower, count.upper, math.isnan(count.exact), count.upper_evidence) == (3, 8, True, ["limit-2024"])
    assert count_unit({**NONE, 2024: 8}, UnitReports(), [2024], complete=False, caps=caps).exact == 8  # the rows reach the cap
    # a list with neither a cap nor a report of its own leaves the sum of lists unbounded
    assert count_unit({**NONE, 2024: 3}, UnitReports(), YEARS, complete=False, caps=caps).upper == math.inf
    reports = UnitReports(per_list={2022: [reported(5)], 2023: [reported(4)]})
    assert count_unit({**NONE, 2024: 3}, reports, YEARS, complete=False, caps=caps).upper == 17  # 5 + 4 reported, at most 8


def test_a_count_that_uses_a_report_is_arithmetic_on_reports_not_a_recomputation():
    """A province counted from its rows and its listed city's report (no report of its own): notebook 03 asked the ledger
    for 'recomputed' on evidence that earns 'computed from reports', and stopped with a ValueError."""
    from sme_clusters.verdicts import COMPUTED_FROM_REPORTS, RECOMPUTED

    assert count_unit({**NONE, 2024: 3}, UnitReports(), [2024], complete=False).basis == RECOMPUTED  # rows alone
    with_city = count_unit({**NONE, 2024: 3}, UnitReports(), [2024], complete=False, parts_lower=5, parts_evidence=("province_totals:9",))
    assert (with_city.lower, with_city.basis) == (5, COMPUTED_FROM_REPORTS)
    capped = count_unit({**NONE, 2024: 8}, UnitReports(), [2024], complete=False, caps={2024: (8.0, ["limit-2024"])})
    assert (capped.exact, capped.basis) == (8, COMPUTED_FROM_REPORTS)  # exact because the rows reach a cap: a report's


def test_known_rows_beyond_what_reports_and_limits_allow_leave_the_count_unbounded_and_say_so():
    count = count_unit({**NONE, 2024: 9}, UnitReports(), [2024], complete=False, caps={2024: (8.0, ["limit-2024"])})
    assert (count.lower, count.upper, math.isnan(count.exact)) == (9, math.inf, True)
    assert "no upper bound is used" in count.source


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("year", "2019", "no list of 2019"),
    ("evidence", "nobody-said-it", "no independent report 'nobody-said-it'"),
    ("evidence", "ssb-2023-04-20-smes", "has no figure 1 of clusters 'at most'"),
    ("unit_kind", "county", "expected one of"),
    # a cap from another round's notice: the 2025 notice cannot bound the 2024 list
    ("evidence", "miit-2025-recommend-quota-province", "is dated 2025-03, after the 2024 list was published (2024-09-19)"),
])
def test_a_bad_recommendation_limit_is_named(data_copy, column, value, expected):
    assert_first_row_refused(data_copy, "recommendation_limits.csv", column, value, expected)


def test_a_recommendation_notice_belongs_to_the_round_between_two_lists():
    published = {2022: "2023-01", 2023: "2023-10", 2024: "2024-09-19"}
    assert _outside_round("2024-04-10", 2024, published) == ""
    assert _outside_round("2024-09", 2024, published) == ""  # the month of the list itself: compared at the coarser date
    assert _outside_round("2023-10", 2024, published) == ""  # the month the previous list came out
    assert _outside_round("2023-05", 2024, published) == "before the 2023 list was published (2023-10)"
    assert _outside_round("2024-10", 2024, published) == "after the 2024 list was published (2024-09-19)"
    assert _outside_round("2019", 2022, published) == ""  # the first list has no earlier one


def test_the_ranking_test_holds_fails_or_cannot_say():
    def table(**counts):
        return pd.DataFrame({"exact": [v if isinstance(v, int) else float("nan") for v in counts.values()],
                             "lower_bound": [float(v if isinstance(v, int) else v[1:]) for v in counts.values()],
                             "evidence": [f"t:{u}" for u in counts]}, index=list(counts))

    assert ranking_test(table(a=10, b=9, c=3), ["a", "b"])[0] is True
    outcome, how, evidence = ranking_test(table(a=10, b=9, c=11), ["a", "b"])
    assert outcome is False and how == "c 11 > a 10; c 11 > b 9" and evidence == ["t:a", "t:b", "t:c"]
    assert ranking_test(table(a=10, b=9, c="≥3"), ["a", "b"])[0] is None  # c could still have more
    capped = table(a=10, b=9, c="≥3").assign(upper_bound=[10.0, 9.0, 8.0])
    assert ranking_test(capped, ["a", "b"])[0] is True  # c's cap (8) is below what a and b have
    outcome, how, _ = ranking_test(table(a=10, b="≥3", c=9).assign(upper_bound=[10.0, 8.0, 9.0]), ["a", "b"])
    assert outcome is False and how == "c 9 > b 3–8"  # b's cap is below what c has
