"""One data folder, loaded and validated: the way notebooks and the runner get their inputs.

    data = Dataset(config.data_paths(data_dir))
    data.claims.one(scope="2022 list", metric="smes")
    data.lists.clusters(upto_year=2024)

Each table is loaded once, on first use, through its validating loader. The jobs done on the tables live
apart, each given the tables it needs: the yearly lists (`data.lists`, lists.py), what evidence ids name
(`data.evidence`, evidence_index.py), and the counts per province (provinces.py).
"""
from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

import pandas as pd

from . import clusters as cl
from .validation import DataFileError
from .claims import Claims, known_after, load_claims, load_reported_figures, period_end, period_start, uncovered_statements
from .config import DataPaths, relative_to_root
from .drafts import check_against_quotes, check_reports_against_phrases
from .evidence import Link, Report, load_claim_evidence, load_reports
from .evidence_index import EvidenceIndex
from .lists import Lists
from .provinces import CountInputs, UnitReports, province_counts, unit_reports
from .schemas import REGIONS
from .text_forms import comparable
from .sources import article_texts, current, load_sources, superseded

OTHER_REPORTED_FIGURES = "other_reported_figures"
PROVINCE_TOTALS = "province_totals"
YEAR_UNCERTAIN = "clusters_year_uncertain"


class Dataset:
    def __init__(self, paths: DataPaths, lang: str = "en"):
        self.paths = paths
        self.lang = lang  # the language of the text it composes (the sources of province counts)
        self._province_counts: dict[tuple, pd.DataFrame] = {}

    def raw_file(self, source_id: str) -> Path:
        """The raw file a registry entry points at."""
        return self.paths.raw / self.sources.loc[source_id, "path"]

    @cached_property
    def sources(self) -> pd.DataFrame:
        return load_sources(self.paths.sources, self.paths.raw)

    @cached_property
    def article_texts(self) -> dict[str, str]:
        return article_texts(self.sources, self.paths.raw)

    @cached_property
    def claims(self) -> Claims:
        articles = self.sources[self.sources["kind"] == "article"]
        return load_claims(self.paths.claims, self.article_texts, dict(zip(articles["source_id"], articles["date"], strict=True)))

    @cached_property
    def reported_figures(self) -> pd.DataFrame:
        return load_reported_figures(self.raw_file(OTHER_REPORTED_FIGURES), self.paths.reported_figure_metrics, self.claims)

    @cached_property
    def provinces(self) -> pd.DataFrame:
        return cl.load_provinces(self.paths.provinces)

    @cached_property
    def listing_units(self) -> pd.DataFrame:
        return cl.load_listing_units(self.paths.listing_units, self.provinces)

    @cached_property
    def reports_by_unit(self) -> dict[str, UnitReports]:
        """What news reported about each province and each unit listed apart (provinces.unit_reports), gathered once."""
        published = self.batches["published"].to_dict()
        return {unit: unit_reports(self.province_totals, self.provinces, self.listing_units, published, unit)
                for unit in [*self.provinces.index, *self.listing_units.index]}

    def place_name(self, unit: str, lang: str = "en") -> str:
        """A province or listed city as a reader of `lang` names it: '山东省' -> 'Shandong' / '山东'; '青岛市' -> 'Qingdao (Shandong)' / '青岛'."""
        if unit in self.listing_units.index:
            province = self.listing_units.loc[unit, "province"]
            return f"{self.listing_units.loc[unit, 'name_en']} ({self.place_name(province)})" if lang == "en" else unit.removesuffix("市")
        if unit not in self.provinces.index:
            raise LookupError(f"{unit!r} is neither a province nor a unit listed apart (data/reference/provinces.csv, listing_units.csv)")
        return self.provinces.loc[unit, "name_en"] if lang == "en" else self.provinces.loc[unit, "short_zh"]

    @cached_property
    def batches(self) -> pd.DataFrame:
        return cl.load_batches(self.paths.batches, self.sources, {c.claim_id: (c.scope, c.unit) for c in self.claims}, self.independent_reports)

    @cached_property
    def lists(self) -> Lists:
        """The yearly lists: years, publication, official counts, known rows (lists.py)."""
        rows = {year: cl.load_cluster_file(self.raw_file(row.source_id), self.provinces, self.listing_units, year)
                for year, row in self.batches.iterrows()}
        cl.require_listed_once({year: (self.raw_file(row.source_id), rows[year]) for year, row in self.batches.iterrows()})
        for year, row in self.batches.iterrows():  # more known rows than the list has: a row of another list, or a wrong count
            if len(rows[year]) > row["count"]:
                raise DataFileError(self.raw_file(row.source_id), f"{len(rows[year])} rows, more than the {row['count']:.0f} clusters of "
                                                                  f"the {year} list's official count ({row['count_evidence']})")
        return Lists(self.batches, rows, self.paths.batches)

    @cached_property
    def limits(self) -> dict[tuple[int, str], tuple[float, str]]:
        """(list year, 'province' | 'listed') -> (the most clusters a unit may have on that list, the report): see clusters.load_limits."""
        return cl.load_limits(self.paths.limits, self.batches["published"].to_dict(), self.independent_reports)

    def province_counts(self, year: int, merged: bool = True, single_list: bool = False) -> pd.DataFrame:
        """Counts per province (see provinces.py) of the lists up to `year`, or with `single_list` of that list alone;
        computed once per question; treat the result as read-only."""
        key = (year, merged, single_list)
        if key not in self._province_counts:
            inputs = self._count_inputs(year, single_list)
            merged_counts = None if merged else self.province_counts(year, True, single_list)
            self._province_counts[key] = province_counts(inputs, merged, merged_counts)
        return self._province_counts[key]

    @cached_property
    def _unit_names(self) -> dict[str, tuple[str, str]]:
        """Each province and unit listed apart: (its Chinese name, its English name), looked up once for every count."""
        return {u: (self.place_name(u, "zh"), self.place_name(u, "en")) for u in [*self.provinces.index, *self.listing_units.index]}

    def _count_inputs(self, year: int, single_list: bool) -> CountInputs:
        years = [year] if single_list else self.lists.years(year)
        rows = self.lists.clusters(year)
        return CountInputs(rows=rows[rows["year"].isin(years)], years=years, official={y: self.lists.official_count(y) for y in years},
                           first_list=self.lists.years()[0], files=[self.batches.loc[y, "source_id"] for y in years],
                           provinces=self.provinces, listing_units=self.listing_units,
                           names=self._unit_names,
                           reports=self.reports_by_unit, limits=self.limits, lang=self.lang)

    @cached_property
    def uncertain_clusters(self) -> pd.DataFrame:
        """National clusters whose batch year no source states; counted in no year."""
        path = self.raw_file(YEAR_UNCERTAIN)
        rows = cl.load_cluster_file(path, self.provinces, self.listing_units, None)
        cl.require_not_listed(path, rows, {year: (self.raw_file(source), self.lists.rows[year])
                                           for year, source in self.batches["source_id"].items()})
        return rows

    @cached_property
    def province_totals(self) -> pd.DataFrame:
        """Counts per province or listed city as news reported them: every registered `province_totals*` file, with its source id."""
        from .provinces import require_readable_scopes

        files = self.province_total_files
        loaded = []
        for path in current(list(files)):
            totals = cl.load_province_totals(path, self.provinces, self.listing_units)
            require_readable_scopes(path, totals)
            loaded.append(totals.assign(source_id=files[path]))
        return pd.concat(loaded, ignore_index=True)

    @cached_property
    def sector_keywords(self) -> pd.DataFrame:
        return cl.load_sector_keywords(self.paths.sector_keywords)

    @cached_property
    def named_sectors(self) -> pd.DataFrame:
        """The sectors an article names as the most common (data/reference/named_sectors.csv)."""
        return cl.load_named_sectors(self.paths.named_sectors, set(self.sector_keywords["sector"]), self.article_texts)

    @cached_property
    def named_examples(self) -> pd.DataFrame:
        return cl.load_named_examples(self.paths.named_examples, self.provinces, self.listing_units, self.article_texts,
                                      set(self.batches.index))

    @cached_property
    def facts(self) -> pd.DataFrame:
        """Outside facts (e.g. the year reform and opening-up began), each with its source."""
        return cl.load_facts(self.paths.facts)

    def fact(self, fact_id: str) -> pd.Series:
        """One outside fact a check asks for by its id; an error naming the file and column if it is not there."""
        if fact_id not in self.facts.index:
            raise LookupError(f"{relative_to_root(self.paths.facts)}, column 'fact_id': no fact {fact_id!r}, which the checks ask for; "
                              f"the column holds: {', '.join(self.facts.index)}")
        return self.facts.loc[fact_id]

    @cached_property
    def independent_reports(self) -> dict[str, Report]:
        """Figures printed by sources other than the articles checked, by evidence id (every registered file of that kind,
        each at its latest version: a corrected file, <name>_v2.csv, replaces its earlier version)."""
        return load_reports(current(self.report_files), self.report_copies)

    def _check_replaced(self) -> dict[Path, Path]:
        """Read every file a later version replaces, alone, as its kind is read: no run uses it, but every registered file
        is checked (a broken one is an error all the same). Returns each with the version that replaces it."""
        replaced = superseded(self.report_files)
        for path in replaced:
            load_reports([path])
        for path in superseded(list(self.province_total_files)):
            cl.load_province_totals(path, self.provinces, self.listing_units)
        return replaced

    @cached_property
    def report_copies(self) -> dict[Path, str]:
        """Every registered file of independent reports, earlier versions included, with the day its copy was taken."""
        return {self.raw_file(s): self.sources.loc[s, "accessed"] for s in self.sources.index[self.sources["kind"] == "independent"]}

    @property
    def report_files(self) -> list[Path]:
        return list(self.report_copies)

    @cached_property
    def province_total_files(self) -> dict[Path, str]:
        """Every registered file of reported province totals, earlier versions included, with its source id."""
        return {self.raw_file(s): s for s in self.sources.index if s.startswith(PROVINCE_TOTALS)}

    def report(self, evidence_id: str) -> Report:
        """One independent report; an error naming the ids that exist otherwise."""
        if evidence_id not in self.independent_reports:
            raise LookupError(f"no independent report {evidence_id!r}; reports: {', '.join(sorted(self.independent_reports))}")
        return self.independent_reports[evidence_id]

    @cached_property
    def reviews(self) -> pd.DataFrame:
        """The reviews (复核) of each list: the review year, how many passed (an independent report) and the file of known passes."""
        return cl.load_reviews(self.paths.reviews, self.sources, {year: (row.count_evidence, row.count_figure) for year, row in self.batches.iterrows()},
                               self.independent_reports)

    def reviewed(self, list_year: int, review_year: int) -> pd.DataFrame:
        """The clusters of a list known to have passed a review, each matched to the list's own row where one is known."""
        review = self.reviews[(self.reviews["list_year"] == list_year) & (self.reviews["review_year"] == review_year)].iloc[0]
        path = self.raw_file(review["source_id"])
        passed = cl.load_reviewed(path, self.provinces, self.listing_units)
        rows = self.lists.rows[list_year]
        passed["list_row"] = cl.matching_rows(passed, rows)
        cl.require_of_the_list(path, passed, list_year, self.lists.rows)
        return passed

    @cached_property
    def claim_evidence(self) -> list[Link]:
        """Which independent report bears on which claim (data/claim_evidence.csv)."""
        return load_claim_evidence(self.paths.claim_evidence, {c.claim_id: c.unit for c in self.claims}, self.independent_reports)

    def evidence_for(self, claim_id: str, *, roles: bool = False) -> list[Link]:
        """The reports linked to a claim: those set against it, or with `roles` those that play a part in its check (a share's base)."""
        return [link for link in self.claim_evidence if link.claim_id == claim_id and bool(link.role) == roles]

    @cached_property
    def county_units(self) -> pd.DataFrame:
        """County-level administrative units by type, each row naming the report it comes from."""
        return cl.load_county_units(self.paths.county_units, self.independent_reports)

    @cached_property
    def evidence(self) -> EvidenceIndex:
        """What each evidence id names, when it was printed and how it is cited (evidence_index.py)."""
        return EvidenceIndex(
            sources=self.sources, raw=self.paths.raw, claim_ids=frozenset(c.claim_id for c in self.claims), claims=self.claims,
            articles=frozenset(self.article_texts), reports=self.independent_reports, province_totals=self.province_totals,
            references={"fact": (self.paths.facts, self.facts),
                        "county_units": (self.paths.county_units, self.county_units.set_index("unit_type", drop=False))},
            row_sources=frozenset({*self.batches["source_id"], *self.reviews["source_id"], YEAR_UNCERTAIN}),
        )

    def _check_units_have_words(self) -> None:
        """A claim's unit is one each edition can show: an unknown one ('rank' typed 'ranks') would print an English word in
        the Chinese edition; refused at its row, with the units there are."""
        from .labels import unit_has_words, units_with_words

        for number, claim in enumerate(self.claims, start=1):
            if not unit_has_words(claim.unit):
                raise DataFileError(self.paths.claims, f"no words for the unit {claim.unit!r} in either edition; use one of: "
                                                       f"{', '.join(units_with_words())}", row=number, column="unit")

    def _check_province_scopes(self) -> None:
        """A claim of one province's count names that province in its scope, so the check knows whose count to read."""
        from .claims import PROVINCE_SCOPED_METRICS
        from .provinces import province_of_scope

        for number, claim in enumerate(self.claims, start=1):
            if claim.metric in PROVINCE_SCOPED_METRICS:
                try:
                    province = province_of_scope(claim.scope, self.provinces)
                except LookupError as error:
                    raise DataFileError(self.paths.claims, str(error), row=number, column="scope") from None
                if self.provinces.loc[province, "short_zh"] not in comparable(claim.label_zh):  # 浙江省 typed for 山东's claim
                    raise DataFileError(self.paths.claims, f"the scope names {province}, the label {claim.label_zh!r} does not: "
                                                           "a claim of one province's count names it in both", row=number, column="scope")

    def _check_totals_within_the_lists(self) -> None:
        """A reported count of one unit's clusters is at most every cluster of the lists published by its date (999 for a
        province, when the lists then held 300, is a typing slip that would read as a refutation)."""
        published = [(period_start(str(row.published)), row.count) for row in self.batches.itertuples()]
        for row in self.province_totals.itertuples():
            listed = sum(count for start, count in published if start <= period_end(row.as_of)) if row.as_of[:4].isdigit() else None
            if listed is not None and row.total > listed:
                raise DataFileError(self.raw_file(row.source_id), f"{row.total:g} clusters, more than the {listed:g} of every list "
                                                                  f"published by {row.as_of}", row=row.row_number, column="total")

    def _check_regions_against_the_nbs(self) -> None:
        """Each province in the region the NBS division puts it in, as data/reference/facts.csv records that division (one
        fact per region, its count and its members): a province moved to another region, dropped or added would move
        every regional count without a word."""
        division = {region: self.facts.loc[f"nbs_region_{region.lower()}_provinces"] for region in REGIONS
                    if f"nbs_region_{region.lower()}_provinces" in self.facts.index}
        members = {region: set(re.split(r"[、和]", fact["description"].rsplit(": ", 1)[-1])) for region, fact in division.items()}
        for row in self.provinces.itertuples():
            if row.region in members and row.short_zh not in members[row.region]:
                found = next((region for region, names in members.items() if row.short_zh in names), "none of them")
                raise DataFileError(self.paths.provinces, f"{row.short_zh} is not in the {row.region} region of the NBS division but in "
                                                          f"{found} ({relative_to_root(self.paths.facts)})", row=row.row_number, column="region")
        for region, fact in division.items():
            held = self.provinces[self.provinces["region"] == region]
            if len(held) != fact["value"]:
                raise DataFileError(self.paths.provinces, f"{len(held)} provinces in the {region} region ({'、'.join(held['short_zh'])}); "
                                                          f"the NBS division has {fact['value']:.0f} ({relative_to_root(self.paths.facts)}, "
                                                          f"{fact['fact_id']})", column="region")

    def _check_cumulative_totals_add_up(self) -> None:
        """A report that gives a unit's cumulative total and its total for every list in it (上海: 14, and 5 / 4 / 5) gives
        one sum: a cumulative total that is not the sum of its own per-list totals is a typing slip (14 typed 4)."""
        from .provinces import INCLUDED

        totals = self.province_totals
        for row in totals.itertuples():
            included = INCLUDED.match(row.scope)
            scope, units = (included["scope"], f" (incl. {included['units']})") if included else (row.scope, "")
            span = re.fullmatch(r"cumulative (\d{4})-(\d{4})", scope)
            if not span or not row.source_url:
                continue
            years = [y for y in self.batches.index if int(span[1]) <= y <= int(span[2])]
            same = totals[(totals["unit"] == row.unit) & (totals["source_url"] == row.source_url) & (totals["as_of"] == row.as_of)]
            parts = {y: same.loc[same["scope"] == f"{y} batch{units}", "total"] for y in years}
            if years and all(len(part) == 1 for part in parts.values()) and sum(float(part.iloc[0]) for part in parts.values()) != row.total:
                shown = " + ".join(f"{float(part.iloc[0]):g}" for part in parts.values())
                raise DataFileError(self.raw_file(row.source_id), f"{row.total:g} clusters, but the same report gives {shown} for the "
                                                                  f"lists {years[0]}-{years[-1]}, one by one", row=row.row_number, column="total")

    def _check_totals_after_their_lists(self) -> None:
        """A reported count of a list's clusters ('2024 batch', 'cumulative 2022-2024') is printed after that list was
        published: one dated before it (2024-09-17 for a list of 2024-09-19) is a typing slip in the date or the scope."""
        from .provinces import INCLUDED, SCOPES

        published = self.batches["published"].to_dict()
        for row in self.province_totals.itertuples():
            included = INCLUDED.match(row.scope)
            scope = included["scope"] if included else row.scope
            match = next((m for pattern, _ in SCOPES[:3] if (m := pattern.match(scope))), None)
            year = int(match.groupdict().get("year") or match["last"]) if match else None
            if year in published and row.as_of[:4].isdigit() and known_after(str(published[year]), row.as_of):
                raise DataFileError(self.raw_file(row.source_id), f"a count of the {year} list dated {row.as_of}, before the list was "
                                                                  f"published ({published[year]}, in {relative_to_root(self.paths.batches)})",
                                    row=row.row_number, column="as_of")

    def validate(self) -> list[str]:
        """Load every file through its validating loader; raises on the first problem, else says what was checked."""
        self._check_regions_against_the_nbs()
        self._check_units_have_words()  # first: a unit no edition knows says more than what the quote prints
        check_against_quotes(self.paths.claims, self.claims, frozenset(self.provinces["short_zh"]))
        check_reports_against_phrases(self.independent_reports, self.report_files, frozenset(self.provinces["short_zh"]))
        self._check_province_scopes()
        missing = uncovered_statements(self.claims, self.article_texts, self.paths.claims_excluded)
        if missing:
            listed = "\n".join(f"  article {article}: {sentence}" for article, sentence in missing)
            raise ValueError(
                f"{len(missing)} sentence(s) with a number are neither a claim in {relative_to_root(self.paths.claims)} "
                f"nor listed in {relative_to_root(self.paths.claims_excluded)}:\n{listed}"
            )
        self._check_cumulative_totals_add_up()
        self._check_totals_after_their_lists()  # first: a date before the list says more than a total above it
        self._check_totals_within_the_lists()
        known, total = self.lists.coverage()
        checks = [
            (self.paths.sources, f"{len(self.sources)} sources, checksums match"),
            (self.paths.claims, f"{len(self.claims)} claims, every quote found in its article, "
                                f"every other sentence with a number excluded with a reason"),
            (self.paths.batches, f"{len(self.batches)} lists; {known} of {total} clusters known as rows"),
            (self.raw_file(YEAR_UNCERTAIN), f"{len(self.uncertain_clusters)} clusters of unknown year"),
            (self.raw_file(PROVINCE_TOTALS), f"{len(self.province_totals)} reported counts in all files"),
            (self.raw_file(OTHER_REPORTED_FIGURES), f"{len(self.reported_figures)} reported figures"),
            (self.paths.provinces, f"{len(self.provinces)} provinces"),
            (self.paths.listing_units, f"{len(self.listing_units)} units listed apart from their province"),
            (self.paths.sector_keywords, f"{len(self.sector_keywords)} sector keywords"),
            (self.paths.named_examples, f"{len(self.named_examples)} named examples"),
            (self.paths.named_sectors, f"{len(self.named_sectors)} sectors named as the most common"),
            (self.paths.facts, f"{len(self.facts)} outside facts"),
            (self.paths.county_units, f"{len(self.county_units)} types of county-level unit"),
            (self.paths.claim_evidence, f"{len(self.claim_evidence)} links from claims to independent reports"),
            (self.paths.limits, f"{len(self.limits)} recommendation limits (upper bounds per unit and list)"),
            (self.paths.reviews, "; ".join(f"the {r.list_year} list's review in {r.review_year}: {r.passed:.0f} passed, "
                                            f"{len(self.reviewed(r.list_year, r.review_year))} known by name"
                                            for r in self.reviews.itertuples())),
        ]
        reports = pd.Series([r.file for r in self.independent_reports.values()]).value_counts()
        replaced = self._check_replaced()
        checks += [(path, f"superseded by {replaced[path].name} (checked, not used)" if path in replaced
                    else f"{reports.get(relative_to_root(path), 0)} independent reports") for path in self.report_files]
        return [f"{relative_to_root(path)}: {what}" for path, what in checks]
