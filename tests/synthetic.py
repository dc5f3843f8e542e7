"""A complete, made-up set of lists whose make-up matches article 002.

300 rows (100 a year) with East 156 / Central 76 / West 63 / Northeast 5;
Shandong and Zhejiang 23 each when the 计划单列市 are merged, and Shandong,
Jiangsu, Guangdong the top three when they are not; 30 provinces (none in
Tibet); Heilongjiang, Ningxia and Qinghai first in 2024; Guangdong, Jiangsu,
Shandong and Zhejiang 8 new each in 2024; 30 names with 智能 or 智慧.
With complete rows, every claim a list can decide must come out reproduced.
"""
from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

from sme_clusters import config

# (unit listed under, province, clusters): merged totals East 156, Central 76, West 63, Northeast 5
UNITS = [
    ("山东省", "山东省", 20), ("青岛市", "山东省", 3), ("浙江省", "浙江省", 17), ("宁波市", "浙江省", 6),
    ("广东省", "广东省", 18), ("深圳市", "广东省", 4), ("江苏省", "江苏省", 19), ("河北省", "河北省", 17),
    ("福建省", "福建省", 14), ("厦门市", "福建省", 2), ("上海市", "上海市", 14), ("北京市", "北京市", 12),
    ("天津市", "天津市", 8), ("海南省", "海南省", 2),
    ("河南省", "河南省", 14), ("湖北省", "湖北省", 14), ("安徽省", "安徽省", 13), ("江西省", "江西省", 13),
    ("湖南省", "湖南省", 12), ("山西省", "山西省", 10),
    ("四川省", "四川省", 12), ("重庆市", "重庆市", 13), ("陕西省", "陕西省", 10), ("贵州省", "贵州省", 6),
    ("广西壮族自治区", "广西壮族自治区", 6), ("云南省", "云南省", 5), ("内蒙古自治区", "内蒙古自治区", 4),
    ("新疆维吾尔自治区", "新疆维吾尔自治区", 2), ("新疆生产建设兵团", "新疆维吾尔自治区", 1), ("甘肃省", "甘肃省", 2),
    ("宁夏回族自治区", "宁夏回族自治区", 1), ("青海省", "青海省", 1),
    ("辽宁省", "辽宁省", 1), ("大连市", "辽宁省", 1), ("吉林省", "吉林省", 2), ("黑龙江省", "黑龙江省", 1),
]
# The years are article 002's (dated 2024-09: the 2022-2024 lists), not the data's latest: they do not move when
# a new list is added (the README's new-year test runs these tests again with one more list).
FIRST_IN_2024 = {"黑龙江省", "宁夏回族自治区", "青海省"}
EIGHT_NEW_IN_2024 = {"广东省", "江苏省", "山东省", "浙江省"}
INDUSTRIES = ["轴承", "纺织", "芯片", "家具", "氟材料", "医药", "锂电池", "铝材", "汽车零部件", "食品"]
SMART = ["智能装备", "智慧物流"]
COLUMNS = ["year", "listed_under", "province", "city", "county", "cluster_name", "name_form", "source_url", "note"]


def synthetic_rows() -> list[dict]:
    clusters = [(unit, province) for unit, province, n in UNITS for _ in range(n)]
    assert len(clusters) == 300
    year_of: dict[int, int] = {}
    for i, (unit, province) in enumerate(clusters):  # 2024 first: the three first-timers and 8 for each big four
        if province in FIRST_IN_2024 or (unit == province and province in EIGHT_NEW_IN_2024
                                          and sum(1 for j in year_of if clusters[j][1] == province) < 8):
            year_of[i] = 2024
    seen = set()
    for i, (_, province) in enumerate(clusters):  # every other province has a cluster before 2024
        if i not in year_of and province not in seen and province not in FIRST_IN_2024:
            year_of[i] = 2022
            seen.add(province)
    for i in range(len(clusters)):  # fill the lists up to 100 each, in order
        if i not in year_of:
            year_of[i] = next(y for y in (2022, 2023, 2024) if sum(1 for v in year_of.values() if v == y) < 100)
    rows = []
    for i, (unit, province) in enumerate(clusters):
        industry = SMART[i % 2] if i % 10 == 0 else INDUSTRIES[i % len(INDUSTRIES)]
        rows.append({"year": year_of[i], "listed_under": unit, "province": province, "city": "", "county": "",
                     "cluster_name": f"{unit}样例{i:03d}号{industry}产业集群", "name_form": "full",
                     "source_url": "synthetic", "note": ""})
    return rows


def write_synthetic_data(target: Path, rows: list[dict]) -> Path:
    """A copy of data/ whose cluster files hold `rows`, registered with their new checksums."""
    shutil.copytree(config.DATA_DIR, target, ignore=shutil.ignore_patterns("processed"))
    for year in (2022, 2023, 2024):
        path = target / "raw" / "compiled" / f"clusters_{year}.csv"
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(r for r in rows if r["year"] == year)
    register_checksums(target)
    return target


def register_checksums(data: Path) -> None:
    """Record every raw file's current checksum in the data folder's registry."""
    registry = data / "sources.csv"
    with registry.open(encoding="utf-8", newline="") as stream:
        entries = list(csv.DictReader(stream))
    for entry in entries:
        entry["sha256"] = hashlib.sha256((data / "raw" / entry["path"]).read_bytes()).hexdigest()
    with registry.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(entries[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(entries)


# --- a synthetic next year: a new list, a report of its notice, a new article and its claims ------

NEXT_REGIONS = {"East": ("江苏省", 40), "Central": ("湖南省", 30), "West": ("四川省", 25), "Northeast": ("吉林省", 5)}


def next_year() -> int:
    """The year after the last list the committed data holds: a made-up year that can never collide with a real one."""
    from sme_clusters.dataset import Dataset

    return Dataset(config.DATA).lists.latest() + 1


def _append_csv(path: Path, rows: list[dict]) -> None:
    with path.open(encoding="utf-8", newline="") as stream:
        fields = next(csv.reader(stream))
    with path.open("a", encoding="utf-8", newline="") as stream:
        csv.DictWriter(stream, fieldnames=fields, lineterminator="\n").writerows(rows)


def next_year_files(folder: Path, year: int, cumulative: int) -> dict[str, Path]:
    """The files an analyst would have for a new list: its known rows, a report of its notice, an article."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [{"year": year, "listed_under": province, "province": province, "city": "", "county": "",
             "cluster_name": f"{province}样例{year}第{i:02d}号轴承产业集群", "name_form": "full", "source_url": "synthetic", "note": ""}
            for province, n in NEXT_REGIONS.values() for i in range(n)]
    with (folder / "rows.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    reviewed = year - 3  # a list is reviewed (复核) when its three years end
    (folder / "reports.csv").write_text(
        "evidence_id,bears_on,subject,as_of,figure,value,unit,qualifier,publisher,date,source_url,phrase_as_printed,note\n"
        f"notice-{year},{year} list,the {year} list,{year}-11,clusters newly recognised,100,clusters,exact,synthetic,{year}-11-05,,"
        f"新认定100个,a made-up report for the tests\n"
        f"review-{reviewed}-{year},{reviewed} list,the {reviewed} list's review,{year}-11,clusters passing review,95,clusters,exact,"
        f"synthetic,{year}-11-05,,95个集群通过复核,a made-up report for the tests\n", encoding="utf-8")
    (folder / "article.txt").write_text(f"工信部公布{year}年度中小企业特色产业集群名单,新认定100个国家级中小企业特色产业集群。\n"
                                        f"至此已累计认定{cumulative}个国家级中小企业特色产业集群。\n"
                                        "集群内中小企业的总产值超过1.2万亿元。\n", encoding="utf-8")  # a claim of a kind no notebook checks
    from sme_clusters.dataset import Dataset

    known = Dataset(config.DATA).lists.rows[reviewed].head(2)
    (folder / "passes.csv").write_text("listed_under,province,cluster_name,review_result,source_url,note\n" + "".join(
        f"{row.listed_under},{row.province},{row.cluster_name},passed,synthetic,\n" for row in known.itertuples()), encoding="utf-8")
    return {"rows": folder / "rows.csv", "reports": folder / "reports.csv", "article": folder / "article.txt",
            "passes": folder / "passes.csv", "reviewed": reviewed}


def confirmed_drafts(article: Path, article_id: str, published: str, folder: Path) -> tuple[Path, Path]:
    """The drafts `add-article` writes for the made-up article, completed as an analyst would (the parser's value, unit,
    qualifier and quote kept as drafted): the files the README's --claims and --excluded name."""
    from sme_clusters.article_intake import draft_files

    claims, excluded, _, _ = draft_files(article.read_text(encoding="utf-8"), article_id, published, frozenset(), folder)
    with claims.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    year = published[:4]
    for row in rows:
        if row["unit"] == "yuan":  # a kind of claim no notebook checks: the ledger must say so, in each edition's language
            row.update(topic="economy", metric="cluster_sme_output", scope=f"the clusters of the lists to {year}", as_of=year,
                       quote_en="The clusters' SMEs produced over 1.2 trillion yuan.", label_en="Output of the clusters' SMEs",
                       label_zh="集群中小企业总产值")
            continue
        first = row["value"] == "100"
        row.update(topic="batches", metric="new_clusters" if first else "cumulative_clusters",
                   scope=f"{year} list" if first else "all national clusters", as_of=year if first else published,
                   quote_en="MIIT published the list, newly recognising 100 clusters." if first else "The national total so far.",
                   label_en=f"Clusters in the {year} list" if first else "National clusters recognised so far",
                   label_zh=f"{year}年度名单集群数" if first else "累计认定国家级集群")
    _write_csv(claims, rows)
    return claims, excluded


def _write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def add_next_year(data: Path, year: int) -> Path:
    """Add a made-up list the way the README's 'Adding a new year' says: register the files, add rows, no code."""
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset
    from sme_clusters.newyear import register_raw_file

    paths = DataPaths(data)
    before = Dataset(paths)
    cumulative = int(sum(before.lists.official_count(y) for y in before.lists.years())) + 100
    files = next_year_files(data.parent / "incoming", year, cumulative)
    register_raw_file(paths, files["rows"], f"compiled/clusters_{year}.csv", {
        "source_id": f"clusters_{year}", "kind": "compiled", "publisher": "synthetic", "title": f"The {year} list (made up)",
        "description": "100 made-up rows"})
    register_raw_file(paths, files["reports"], f"searched/independent_reports_{year}.csv", {
        "source_id": f"reports_{year}", "kind": "independent", "publisher": "synthetic", "title": f"A report of the {year} notice",
        "description": "made up"})
    register_raw_file(paths, files["article"], "articles/999_synthetic.txt", {
        "source_id": "999", "kind": "article", "publisher": "synthetic", "title": f"{year}年度名单(虚构)", "date": f"{year}-11-10",
        "language": "zh", "description": "a made-up article for the tests"})
    first, second, third = files["article"].read_text(encoding="utf-8").splitlines()
    _append_csv(data / "claims.csv", [
        {"claim_id": f"999-{year}-list", "article_id": "999", "topic": "batches", "metric": "new_clusters", "scope": f"{year} list",
         "as_of": str(year), "quote": first, "quote_en": f"MIIT published the {year} list, newly recognising 100 national clusters.",
         "value": "100", "value_upper": "", "unit": "clusters", "qualifier": "exact",
         "label_en": f"Clusters in the {year} list", "label_zh": f"{year}年度名单集群数"},
        {"claim_id": "999-cumulative", "article_id": "999", "topic": "batches", "metric": "cumulative_clusters",
         "scope": "all national clusters", "as_of": f"{year}-11-10", "quote": second,
         "quote_en": f"So far {cumulative} national clusters have been recognised.", "value": str(cumulative), "value_upper": "",
         "unit": "clusters", "qualifier": "exact", "label_en": "National clusters recognised so far", "label_zh": "累计认定国家级集群"},
        {"claim_id": "999-output", "article_id": "999", "topic": "economy", "metric": "cluster_sme_output",  # no notebook checks it
         "scope": f"the clusters of the lists to {year}", "as_of": str(year), "quote": third,
         "quote_en": "The clusters' SMEs produced over 1.2 trillion yuan.", "value": "1200000000000", "value_upper": "",
         "unit": "yuan", "qualifier": "over", "label_en": "Output of the clusters' SMEs", "label_zh": "集群中小企业总产值"},
    ])
    _append_csv(data / "batches.csv", [{"year": year, "source_id": f"clusters_{year}", "published": f"{year}-11", "notice": "",
                                        "count_evidence": f"notice-{year}", "count_claim_id": f"999-{year}-list"}])
    return data
