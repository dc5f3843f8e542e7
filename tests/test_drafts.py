"""Claim drafts: how far the parser gets on the source articles, phrase by phrase, and `add-article` all or nothing."""
from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sme_clusters import config
from sme_clusters.cli import main
from sme_clusters.claims import statements
from sme_clusters.dataset import Dataset
from sme_clusters.drafts import draft_accuracy, draft_claims

TARGET = 0.80  # the share of the claims table the drafts must get exactly right (issue 17)
PROVINCES = frozenset({"山东", "江苏", "广东", "浙江", "黑龙江", "宁夏", "青海"})


@pytest.fixture(scope="module")
def data() -> Dataset:
    return Dataset(config.DATA)


def test_drafts_of_the_source_articles_reach_the_claims_table(data, record_property):
    provinces = frozenset(data.provinces["short_zh"])
    right, claims, missed = draft_accuracy(data.claims, data.article_texts, provinces)
    record_property("measure", f"add-article drafts: {right} of {claims} claims ({right / claims:.0%}) exactly right in value, "
                               f"unit, qualifier and quote; missed: {', '.join(missed) or 'none'}")
    assert claims == len(data.claims) and right / claims >= TARGET, missed


def only(text: str):
    drafts = draft_claims(text, PROVINCES)
    assert len(drafts) == 1, drafts
    d = drafts[0]
    return d.value, d.value_upper, d.unit, d.qualifier


@pytest.mark.parametrize(("text", "expected"), [
    ("集群内有2.8万多家中小企业。", (Decimal(28000), None, "enterprises", "over")),
    ("集群总产值1.8万亿元。", (Decimal("1.8E12"), None, "yuan", "exact")),
    ("全市集群总产值达到500多亿元。", (Decimal("5E10"), None, "yuan", "over")),  # 多 before the multiplier
    ("该项目累计投资1000余万元。", (Decimal("1E7"), None, "yuan", "over")),
    ("全市集群年产值突破千亿元。", (Decimal("1E11"), None, "yuan", "over")),  # broke through: above it
    ("今年将再认定约100个集群。", (Decimal(100), None, "clusters", "about")),
    ("超过20%的企业是优质中小企业。", (Decimal(20), None, "percent", "over")),
    ("占全国县域总数的1/4。", (Decimal("0.25"), None, "fraction", "about")),
    ("集群认定有效期为三年。", (Decimal(3), None, "years", "exact")),
    ("集群認定有效期為三年。", (Decimal(3), None, "years", "exact")),  # Traditional characters
    ("國新辦於7月5日舉行新聞發布會。", (Decimal(705), None, "month-day", "exact")),
    ("科学制定3~5年的发展规划。", (Decimal(3), Decimal(5), "years", "between")),
    ("经过改革开放40多年的积累。", (Decimal(40), None, "years", "over")),
    ("贡献了全国37%以上的GDP。", (Decimal(37), None, "percent", "at least")),
    ("对经济的贡献率达到了80%左右。", (Decimal(80), None, "percent", "about")),
    ("据不完全统计,目前已有29个省份制定了培育办法。", (Decimal(29), None, "provinces", "at least")),
    ("山东、江苏、广东集群数量位居前三", (Decimal(3), None, "provinces", "exact")),
    ("集群企业贡献了近六成的产值。", (Decimal(60), None, "percent", "nearly")),
    ("集群年产值近千亿元。", (Decimal("1E11"), None, "yuan", "nearly")),
    ("该集群年产值超百亿元。", (Decimal("1E10"), None, "yuan", "over")),
    ("浙江集群数量位居全国第一。", (Decimal(1), None, "rank", "exact")),
    ("全国769个县级行政区有小巨人企业。", (Decimal(769), None, "county-level units", "exact")),
    ("持证化妆品生产企业1253家。", (Decimal(1253), None, "enterprises", "exact")),
    ("Hosting more than 280,000 SMEs in all.", (Decimal(280000), None, "enterprises", "over")),
    ("The clusters register a total output of over 1.8 trillion yuan.", (Decimal("1.8E12"), None, "yuan", "over")),
    ("The MIIT has focused on six aspects.", (Decimal(6), None, "aspects", "exact")),
    ("Nearly 90% of the clusters have such mechanisms.", (Decimal(90), None, "percent", "nearly")),
    ("There are around 5,000 innovative SMEs.", (Decimal(5000), None, "enterprises", "about")),
    ("A press conference was held on April 20 in Beijing.", (Decimal(420), None, "month-day", "exact")),
    ("We promoted the establishment of more than 1700 public service institutions.", (Decimal(1700), None, "institutions", "over")),
    # forms a helper's made-up articles printed (stop 30)
    ("集群内专精特新企业占比达到百分之二十五。", (Decimal(25), None, "percent", "exact")),
    ("约三分之一的集群位于县域经济。", (Decimal("0.3333"), None, "fraction", "about")),
    ("每个集群制定三至五年的发展规划。", (Decimal(3), Decimal(5), "years", "between")),
    ("优质企业占比约30%—40%的集群较多。", (Decimal(30), Decimal(40), "percent", "between")),
    ("全国有1000家以上集群企业参与。", (Decimal(1000), None, "enterprises", "at least")),
    ("About a quarter of the clusters sit in county economies.", (Decimal("0.25"), None, "fraction", "about")),
    ("Each cluster draws up a development plan for three to five years.", (Decimal(3), Decimal(5), "years", "between")),
    ("The plan covers 3-5 years in all.", (Decimal(3), Decimal(5), "years", "between")),
    ("The clusters reported 1.8 trillion yuan in output last year.", (Decimal("1.8E12"), None, "yuan", "exact")),
    ("The clusters host 10,000-plus firms in total.", (Decimal(10000), None, "enterprises", "over")),
    ("In total 100 clusters will be recognized.", (Decimal(100), None, "clusters", "exact")),
    ("The first batch of 100 SME industrial clusters did well.", (Decimal(100), None, "clusters", "exact")),
    ("A meeting was held on Sept 19 in Beijing.", (Decimal(919), None, "month-day", "exact")),
    ("The share of such firms rose 5 percentage points.", (Decimal(5), None, "percentage points", "exact")),
    ("Their output equals about $250 billion.", (Decimal("2.5E11"), None, "dollars", "about")),
    ("The clusters earned 98 billion yuan ($14 billion) last year.", (Decimal("9.8E10"), None, "yuan", "exact")),  # a conversion
    ("Output hit 1.8 trillion yuan (about 250 billion U.S. dollars) in 2022.", (Decimal("1.8E12"), None, "yuan", "exact")),
    ("Their exports came to 14 billion US dollars last year.", (Decimal("1.4E10"), None, "dollars", "exact")),
    ("The clusters employ nearly 3 million workers.", (Decimal("3E6"), None, "people", "nearly")),  # a unit with words
    # and those of a second helper's (stop 30)
    ("全省共有万余家中小企业参与建设。", (Decimal(10000), None, "enterprises", "over")),
    ("上千家企业参与了集群建设工作。", (Decimal(1000), None, "enterprises", "at least")),
    ("全国已有数十个集群建立了平台。", (Decimal(20), Decimal(90), "clusters", "between")),
    ("集群的产值已经翻一番。", (Decimal(2), None, "times", "exact")),
    ("Their output more than doubled since then.", (Decimal(2), None, "times", "over")),
    ("One in five clusters is in a county economy.", (Decimal("0.2"), None, "fraction", "about")),
    ("There are between 20 and 30 clusters in the province.", (Decimal(20), Decimal(30), "clusters", "between")),
    ("About 100 clusters a year are recognized.", (Decimal(100), None, "clusters", "about")),
    ("Some 40-odd clusters took part.", (Decimal(40), None, "clusters", "over")),
    ("BEIJING, Oct. 14 (Xinhua) -- China now has 400 clusters.", (Decimal(400), None, "clusters", "exact")),
])
def test_a_figure_is_read_with_its_value_unit_and_qualifier(text, expected):
    assert only(text) == expected


def test_a_qualifier_before_a_list_holds_for_each_figure_of_it_and_a_counted_list_is_a_floor():
    drafts = draft_claims("生产企业1253家,约占全国25%、广东省40%。黑龙江、宁夏、青海等省份实现零的突破。", PROVINCES)
    assert [(d.value, d.unit, d.qualifier) for d in drafts] == [
        (Decimal(1253), "enterprises", "exact"), (Decimal(25), "percent", "about"), (Decimal(40), "percent", "about"),
        (Decimal(3), "provinces", "at least")]


def test_two_counts_in_one_english_sentence_each_take_their_own_noun():
    drafts = draft_claims("It planned to support 100 cities and 40000 small and medium-sized enterprises within three years.")
    assert [(d.value, d.unit) for d in drafts] == [(Decimal(100), "cities"), (Decimal(40000), "enterprises"), (Decimal(3), "years")]


@pytest.mark.parametrize("text", [
    "工信部公布2024年度中小企业特色产业集群名单,截至2023年的情况如下。",  # years name a list or a date: no figure
    "21世纪经济报道记者北京报道",  # a number in a name
    "本文链接:http://www.example.com/show-4-11584-0.html",  # an address
    "2024/7/17 23:56:00 13",  # page furniture
    "版权声明:1.凡本网注明来源的作品,均为本网所有。",  # a list's item number
    "组织集群填报上一年度发展情况。",
    "新华社北京7月5日电 记者从工信部获悉。",  # a dateline
    "人民日报 2024年09月26日 第 06 版",  # a masthead
    "咨询电话010-68205114,欢迎垂询。",  # a telephone number
    "二〇二四年集群发展情况良好。",  # a year in Chinese numerals
    "Updated: 2024-07-08 07:12",  # a time stamp
    "For details, call 010-68205114 during office hours.",  # a telephone number
    "The office is at 380 Yuejiang Middle Road in Shanghai.",  # an address
    "Output rose in the first half of the year.",  # a half of the calendar
])
def test_what_only_looks_like_a_figure_drafts_nothing(text):
    assert draft_claims(text, PROVINCES) == []


COUNTERS = {"个集群": "clusters", "家企业": "enterprises", "个省份": "provinces", "个县": "counties", "%": "percent", "年": "years"}
BEFORE = {"": "exact", "约": "about", "超过": "over", "近": "nearly"}


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(sorted(COUNTERS)), st.sampled_from(sorted(BEFORE)),
       st.booleans())
def test_any_count_with_any_counter_and_qualifier_is_read_back(n, counter, before, traditional):
    if counter == "年":
        n = n % 99 + 1  # 2024年 is a year, not a duration
    text = f"目前已有{before}{n}{counter}参与,情况良好。"
    if traditional:
        text = text.replace("个", "個").replace("县", "縣").replace("约", "約").replace("过", "過")
    value, upper, unit, qualifier = only(text)
    assert (value, upper, unit, qualifier) == (Decimal(n), None, COUNTERS[counter], BEFORE[before])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["集群认定有效期为三年。", "累计认定300个集群。", "Over 20% of them are quality SMEs.", "页面导航",
                                 "2024-09-25 09:42:10 来源:", "约占全国25%、广东省40%。"]), min_size=1, max_size=6))
def test_every_draft_quotes_a_whole_sentence_of_its_article_word_for_word(parts):
    text = "\n".join(parts)
    sentences = set(statements(text))
    assert all(d.quote in sentences for d in draft_claims(text))


# ---- add-article ----------------------------------------------------------------------------------------------------
ARTICLE = "工信部公布2031年度中小企业特色产业集群名单,新认定约100个国家级中小企业特色产业集群。\n发布时间:2031-11-20 10:00\n"
FIELDS = ["--publisher", "测试", "--title", "测试", "--date", "2031-11-20", "--language", "zh"]


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def write(path: Path, table: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def drafted(tmp_path, data_copy):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = snapshot(data_copy)
    assert main(["add-article", str(article), "--id", "998", *FIELDS, "--data-dir", str(data_copy), "--into", str(tmp_path / "in")]) == 0
    assert snapshot(data_copy) == before  # drafting registers nothing
    return article, tmp_path / "in" / "claims_draft.csv", tmp_path / "in" / "excluded_draft.csv", data_copy


def confirm(article, claims, excluded, data):
    return main(["add-article", str(article), "--id", "998", *FIELDS, "--data-dir", str(data), "--claims", str(claims),
                 "--excluded", str(excluded)])


def edited(claims: Path, excluded: Path) -> tuple[Path, Path]:
    """The drafts as an analyst completes them."""
    claim = rows(claims)
    assert [(r["value"], r["unit"], r["qualifier"]) for r in claim] == [("100", "clusters", "about")]
    claim[0].update(topic="batches", metric="new_clusters", scope="2031 list", as_of="2031", quote_en="About 100 new clusters.",
                    label_en="Clusters in the 2031 list", label_zh="2031年度名单集群数")
    other = rows(excluded)
    assert [r["text"] for r in other] == ["发布时间:2031-11-20 10:00"]
    other[0]["reason"] = "page furniture: a time stamp"
    return write(claims.with_name("claims_done.csv"), claim), write(excluded.with_name("excluded_done.csv"), other)


def test_confirmed_drafts_register_the_article_with_its_claims(drafted, capsys):
    article, claims, excluded, data = drafted
    assert confirm(article, *edited(claims, excluded), data) == 0
    loaded = Dataset(config.DataPaths(data))
    assert loaded.claims["998-figure-01"].value == 100 and "998" in loaded.article_texts
    assert "registered article 998" in capsys.readouterr().out


def test_an_unfinished_draft_is_refused_naming_its_file_row_and_column_and_nothing_changes(drafted, capsys):
    article, claims, excluded, data = drafted
    before = snapshot(data)
    assert confirm(article, claims, excluded, data) == 1
    error = capsys.readouterr().err
    assert "claims_draft.csv" in error and "row 1" in error and "'topic'" in error and "nothing was registered" in error
    assert snapshot(data) == before


def test_a_failure_after_the_article_is_registered_puts_every_file_back(drafted, capsys):
    article, claims, excluded, data = drafted
    done_claims, done_excluded = edited(claims, excluded)
    write(done_excluded, [{"article_id": "998", "text": "这一句不在文章里", "reason": "x"}])  # fails only once the article is in
    before = snapshot(data)
    assert confirm(article, done_claims, done_excluded, data) == 1
    error = capsys.readouterr().err
    assert "not found word for word" in error
    assert "excluded_done.csv, row 1 (line 2)" in error  # named in the draft the analyst edits, not in the merged data file
    assert snapshot(data) == before


def test_a_draft_row_for_another_article_is_refused_naming_its_row(drafted, capsys):
    article, claims, excluded, data = drafted
    done_claims, done_excluded = edited(claims, excluded)
    other = rows(done_claims)
    other[0]["article_id"] = "003"
    write(done_claims, other)
    before = snapshot(data)
    assert confirm(article, done_claims, done_excluded, data) == 1
    assert "claims_done.csv, row 1 (line 2), column 'article_id': this draft adds to article 998, not 003" in capsys.readouterr().err
    assert snapshot(data) == before


def test_an_article_saved_with_a_byte_order_mark_is_read_without_it(tmp_path):
    from sme_clusters.sources import article_texts

    (tmp_path / "a.txt").write_text("\ufeff工信部公布100个集群。\n", encoding="utf-8")
    sources = pd.DataFrame({"source_id": ["998"], "kind": ["article"], "path": ["a.txt"]})
    assert article_texts(sources, tmp_path)["998"] == "工信部公布100个集群。\n"


def test_a_claim_id_the_draft_repeats_is_named_by_the_drafts_own_rows_or_by_the_data_files(drafted, capsys):
    article, claims, excluded, data = drafted
    done_claims, done_excluded = edited(claims, excluded)
    row = rows(done_claims)[0]
    before = snapshot(data)
    write(done_claims, [row, {**row, "value": "101"}])  # the same id twice in the draft
    assert confirm(article, done_claims, done_excluded, data) == 1
    assert "claims_done.csv, row 2 (line 3), column 'claim_id': duplicate '998-figure-01', first seen in row 1" in capsys.readouterr().err
    held = pd.read_csv(data / "claims.csv", dtype=str)
    write(done_claims, [{**row, "claim_id": held.claim_id.iloc[-1]}])  # an id the data file holds already
    assert confirm(article, done_claims, done_excluded, data) == 1
    assert (f"claims_done.csv, row 1 (line 2), column 'claim_id': duplicate '{held.claim_id.iloc[-1]}', already in claims.csv, "
            f"row {len(held)}\n") in capsys.readouterr().err
    assert snapshot(data) == before


@pytest.mark.parametrize(("options", "named"), [
    (["--id", "8"], "--id '8': an article's id is three digits"),
    (["--id", "003"], "--id '003' is already in sources.csv"),
    (["--id", "998", "--date", "July 5, 2031"], "--date: expected a value matching"),
    (["--id", "998", "--language", "chinese"], "--language: expected a value matching"),
])
def test_what_would_stop_the_registration_stops_the_drafts(tmp_path, data_copy, capsys, options, named):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    fields = dict(zip(FIELDS[::2], FIELDS[1::2], strict=True)) | dict(zip(options[::2], options[1::2], strict=True))
    argv = ["add-article", str(article), *[x for kv in fields.items() for x in kv], "--data-dir", str(data_copy), "--into", str(tmp_path / "in")]
    assert main(argv) == 1
    error = capsys.readouterr().err
    assert named in error and "nothing was drafted" in error
    assert not (tmp_path / "in").exists()


def test_an_article_or_a_draft_not_in_utf8_is_named_with_its_line(tmp_path, data_copy, drafted, capsys):
    article = tmp_path / "gbk.txt"
    article.write_bytes(ARTICLE.encode("gbk"))
    assert main(["add-article", str(article), "--id", "997", *FIELDS, "--data-dir", str(data_copy), "--into", str(tmp_path / "x")]) == 1
    assert "gbk.txt: line 1 is not UTF-8" in capsys.readouterr().err
    article, claims, excluded, data = drafted
    done_claims, done_excluded = edited(claims, excluded)
    done_claims.write_bytes(done_claims.read_text(encoding="utf-8").encode("gbk"))
    before = snapshot(data)
    assert confirm(article, done_claims, done_excluded, data) == 1
    assert "claims_done.csv: line 2 is not UTF-8" in capsys.readouterr().err
    assert snapshot(data) == before


def test_a_confirmed_claim_that_a_check_could_not_tell_from_another_is_refused_in_the_draft(drafted, capsys):
    from sme_clusters.claims import SINGLE_CLAIM_LOOKUPS

    article, claims, excluded, data = drafted
    done_claims, done_excluded = edited(claims, excluded)
    repeated = next(lookup for lookup in SINGLE_CLAIM_LOOKUPS if set(lookup) == {"metric"})
    write(done_claims, [{**rows(done_claims)[0], **repeated}])  # the analyst reuses a metric a check looks up alone
    before = snapshot(data)
    assert confirm(article, done_claims, done_excluded, data) == 1
    error = capsys.readouterr().err
    assert "claims_done.csv, row 1 (line 2), column 'metric': a second claim of metric" in error and "nothing was registered" in error
    assert snapshot(data) == before


def test_every_unit_a_draft_can_take_is_shown_in_both_editions():
    """A confirmed draft keeps its unit: each edition must have words for it, or the Chinese edition would print an
    English one (an article's 'people' or 'times' failed the language check after it was registered)."""
    import re

    from sme_clusters import drafts
    from sme_clusters.labels import describe_value, unit_has_words

    units = {*drafts.ZH_NOUNS.values(), *drafts._ZH_UNIT_WORDS.values(), *drafts.EN_NOUNS.values(), "rank", "fraction",
             "month-day", "dollars", "percentage points"}
    assert [u for u in sorted(units) if not unit_has_words(u)] == []
    for unit in units:
        shown = describe_value(705 if unit == "month-day" else 2, unit, "about", "zh")
        assert not re.search(r"[A-Za-z]", shown), (unit, shown)


def test_a_claim_in_a_unit_no_edition_has_words_for_is_refused_at_its_row(data_copy):
    from sme_clusters.config import DataPaths
    from sme_clusters.validation import DataFileError

    claims = data_copy / "claims.csv"
    table = pd.read_csv(claims, dtype=str, keep_default_na=False)
    number = int(table.index[table["unit"] == "enterprises"][0]) + 1
    table.loc[number - 1, "unit"] = "firms"
    table.to_csv(claims, index=False, lineterminator="\n")
    with pytest.raises(DataFileError, match=rf"claims.csv, row {number} \(line {number + 1}\), column 'unit': no words for the unit 'firms'"):
        Dataset(DataPaths(data_copy)).validate()


def test_a_period_after_an_abbreviation_does_not_end_a_sentence():
    from sme_clusters.claims import statements

    text = "Mr. Li spoke on Oct. 14 in Beijing. Exports to the U.S. rose 5 percent, e.g. in No. 2 park. 集群共100个。其余在建。"
    assert statements(text) == ["Mr. Li spoke on Oct. 14 in Beijing.", "Exports to the U.S. rose 5 percent, e.g. in No. 2 park.",
                                "集群共100个。", "其余在建。"]


@pytest.mark.parametrize(("quote", "article_date", "as_of"), [
    ("截至2025年底，浙江省累计有26个国家级集群。", "2026-01-10", "2025-12"),
    ("截至2024年6月，全省共有15个集群。", "2024-09-25", "2024-06"),
    ("力争到2027年集群总产值突破7000亿元。", "2026-01-10", "2026/2027"),  # a target: the period up to its year
    ("As of June 2024, the province had 12 clusters.", "2024-09-25", "2024-06"),
    ("By the end of 2023, 300 clusters were named.", "2024-07-05", "2023-12"),
    ("The plan aims for 200 clusters by 2025.", "2024-07-05", "2024/2025"),
    ("集群产值达500亿元。", "2024-07-05", "2024-07-05"),  # no date given: the article's
    ("截至2025年底，预计达30个。", "2025-06-01", "2025-06-01"),  # a date after the article's is never drafted
])
def test_a_draft_is_dated_as_its_sentence_dates_the_figure(quote, article_date, as_of):
    from sme_clusters.drafts import drafted_as_of

    assert drafted_as_of(quote, article_date) == as_of
