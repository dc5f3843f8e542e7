"""The claims ledger: every claim once, one verdict of the scale, evidence that resolves, and no verdict above its evidence."""
from __future__ import annotations

import pandas as pd
import pytest

from sme_clusters import config
from sme_clusters.dataset import Dataset
from sme_clusters.verdicts import (
    ACCURACY, ARTICLE, CONSISTENT, CONTRADICTED, CORROBORATED, EVIDENCE_DIVIDED, INCONSISTENT, INDEPENDENT, MISREPORTED_TRANSLATION,
    NOT_CHECKABLE, PRIMARY, RECOMPUTED, REPRODUCED, VERDICTS, VERIFIED,
)

LEDGER = config.LEDGER


@pytest.fixture(scope="module")
def ledger() -> pd.DataFrame:
    return pd.read_csv(LEDGER, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def data() -> Dataset:
    return Dataset(config.DATA)


def test_the_ledger_and_the_claims_table_hold_the_same_claims(ledger, data):
    assert sorted(ledger["claim"]) == sorted(c.claim_id for c in data.claims)
    assert not ledger["claim"].duplicated().any()


def test_every_claim_has_a_verdict_of_the_scale_from_a_notebook_that_exists(ledger):
    """Or, tested by none (a new article's claim of a kind no notebook checks), is not checkable and says so."""
    from sme_clusters.labels import phrase

    assert set(ledger["verdict"]) <= set(VERDICTS)
    untested = ledger[ledger["notebook"] == ""]
    why = tuple(phrase(key, "en", label="{}", year="{}").split("{}")[0] for key in ("untested_no_check", "untested_other_claims", "untested_later"))
    assert (untested["verdict"] == NOT_CHECKABLE).all() and untested["explanation"].str.startswith(why).all()
    assert set(ledger["notebook"]) - {""} <= {p.stem for p in config.NOTEBOOKS_DIR.glob("*.ipynb")}


def test_every_verdict_names_evidence_that_the_data_holds(ledger, data):
    decided = ledger[ledger["verdict"] != NOT_CHECKABLE]
    assert (decided["evidence"] != "").all(), decided.loc[decided["evidence"] == "", "claim"].tolist()
    for claim, evidence in zip(ledger["claim"], ledger["evidence"], strict=True):
        for token in filter(None, evidence.split("; ")):
            assert data.evidence.describe(token), (claim, token)  # raises LookupError for an id that names nothing


def test_no_verdict_claims_more_than_its_evidence(ledger, data):
    """Reproduced, corroborated and contradicted need evidence independent of the five articles; consistent and inconsistent rest on them."""
    own = {c.claim_id for c in data.claims} | set(data.sources.index[data.sources["kind"] == "article"])
    for row in ledger.itertuples():
        bases = set(filter(None, row.basis.split(", ")))
        outside = [e for e in row.evidence.split("; ") if e and e not in own]
        if row.verdict in (REPRODUCED, CORROBORATED, CONTRADICTED, EVIDENCE_DIVIDED):
            assert outside, row.claim
        if row.verdict in (REPRODUCED, CORROBORATED):
            assert bases & set(INDEPENDENT), row.claim
        if row.verdict in (CONSISTENT, INCONSISTENT):
            assert bases == {"claims"}, row.claim


def test_every_claim_not_checkable_says_what_would_decide_it(ledger):
    unchecked = ledger[ledger["verdict"] == NOT_CHECKABLE]
    assert unchecked["explanation"].str.contains("would be decided by: .{10,}", regex=True).all()


def test_the_evidence_table_cites_every_independent_report_the_verdicts_use(ledger, data):
    cited = pd.read_csv(config.PROCESSED_DIR / "99-claims-ledger__evidence.csv", dtype=str, keep_default_na=False)
    used = {e for evidence in ledger["evidence"] for e in evidence.split("; ") if e in data.independent_reports}
    assert set(cited["evidence"]) == used
    assert (cited["as printed"] != "").all()


def tokens(cell: str) -> list[str]:
    return [e for e in cell.split("; ") if e]


def test_every_claim_answers_both_questions(ledger):
    assert set(ledger["accuracy"]) <= set(ACCURACY) and (ledger["accuracy"] != "").all()
    assert set(ledger["verdict"]) <= set(VERDICTS)


def test_reproduced_rests_on_primary_data_alone(ledger, data):
    """Recomputed from cluster rows or reference tables, never from reports' arithmetic or an article's own figure."""
    for row in ledger[ledger["verdict"] == REPRODUCED].itertuples():
        kinds = {data.evidence.kind(e) for e in tokens(row.deciding)}
        assert row.basis == RECOMPUTED and PRIMARY in kinds and ARTICLE not in kinds, (row.claim, kinds)


def test_a_report_of_the_same_statement_never_verifies_the_statistic(ledger, data):
    for row in ledger[ledger["verdict"].isin(VERIFIED)].itertuples():
        said = {link.report.evidence_id for link in data.claim_evidence if link.claim_id == row.claim and link.relation == "same statement"}
        assert [e for e in tokens(row.deciding) if e not in said and data.evidence.kind(e) != ARTICLE], row.claim


def test_every_verdict_on_an_approximate_claim_shows_the_range_it_weighed(ledger, data):
    weighed = ledger[ledger["verdict"].isin([*VERIFIED, CONSISTENT, INCONSISTENT, CONTRADICTED, EVIDENCE_DIVIDED])]
    approximate = [c.claim_id for c in data.claims if c.qualifier in ("about", "nearly")]
    missing = weighed.loc[weighed["claim"].isin(approximate) & (weighed["evidence_range"] == ""), "claim"].tolist()
    assert missing == []


def test_a_verdict_that_does_not_hold_says_which_way_and_by_how_much(ledger):
    for row in ledger[ledger["verdict"].isin([CONTRADICTED, INCONSISTENT, EVIDENCE_DIVIDED])].itertuples():
        if row.evidence_range or row.verdict == CONTRADICTED and any(ch.isdigit() for ch in row.found) and ">" not in row.found:
            assert any(word in row.gap for word in ("below", "above")), row.claim
        else:  # a ranking: the comparison itself is the gap ("Zhejiang 23 > Guangdong 22")
            assert ">" in row.explanation or "<" in row.explanation, row.claim


def test_the_translation_error_stands_as_a_misreport():
    """Article 003's 280,000 is the Chinese 2.8万 (28,000) mistranslated: misreported, and its figure contradicted."""
    ledger = pd.read_csv(LEDGER, dtype=str, keep_default_na=False).set_index("claim")
    assert ledger.loc["003-smes", "accuracy"] == MISREPORTED_TRANSLATION
    assert ledger.loc["003-smes", "verdict"] == CONTRADICTED and "factor of 10" in ledger.loc["003-smes", "gap"]


def _verdict_table(path, rows):
    from sme_clusters.claims_ledger import RESULT_COLUMNS

    pd.DataFrame([{"key": key, **dict.fromkeys(RESULT_COLUMNS, ""), "verdict": verdict, "notebook": path.stem.split("__")[0]}
                  for key, verdict in rows]).to_csv(path, index=False)
    return path


def test_the_ledger_has_one_row_per_claim_and_marks_the_untested_ones(tmp_path):
    from sme_clusters.claims_ledger import assemble, verdict_tables
    from sme_clusters.schemas import NO_ORIGINAL, NOT_CHECKABLE

    claims = Dataset(config.DATA).claims
    first, second, *rest = [c.claim_id for c in claims]
    _verdict_table(tmp_path / "01-a__verdicts.csv", [(first, "corroborated"), ("a_derived_figure", "derived")])
    _verdict_table(tmp_path / "02-b__verdicts.csv", [(second, "contradicted")])
    _verdict_table(tmp_path / "99-ledger__verdicts.csv", [(second, "reproduced")])  # the ledger's own table is not read
    tables = verdict_tables(tmp_path, "99-ledger")
    ledger, untested = assemble(claims, tables, "en")
    assert ledger["claim"].tolist() == [c.claim_id for c in claims]
    assert ledger.set_index("claim").loc[[first, second], "verdict"].tolist() == ["corroborated", "contradicted"]
    assert untested == rest
    assert set(ledger.set_index("claim").loc[rest, "verdict"]) == {NOT_CHECKABLE}
    assert set(ledger.set_index("claim").loc[rest, "accuracy"]) == {NO_ORIGINAL}
    assert ledger.set_index("claim").loc[rest, "explanation"].str.startswith("no notebook checks").all()


def test_an_untested_claim_says_why_in_the_runs_language_and_what_would_decide_it(tmp_path):
    """A claim that speaks of a list after the run's last one, and a claim of a kind no notebook checks (a new article's)."""
    from sme_clusters.claims_ledger import assemble

    data = Dataset(config.DATA)
    first_list = data.lists.years()[0]
    later = next(c for c in data.claims if (data.lists.claim_year(c) or 0) > first_list)
    other = next(c for c in data.claims if data.lists.claim_year(c) is None or data.lists.claim_year(c) <= first_list)
    for lang, words in (("en", ("after", "would be decided by: ")), ("zh", ("之后的名单", "可据以判定的数据："))):
        ledger = assemble(data.claims, [_verdict_table(tmp_path / "01-a__verdicts.csv", [("a_derived_figure", "derived")])], lang, data.lists, first_list)[0]
        explained = ledger.set_index("claim")["explanation"]
        assert all(w in explained[later.claim_id] for w in words) and str(first_list) in explained[later.claim_id]
        assert words[1] in explained[other.claim_id] and other.label(lang) in explained[other.claim_id]
        assert (ledger["notebook"] == "").all()


def test_a_claim_whose_measure_is_checked_for_other_claims_only_says_so_in_the_runs_words(tmp_path):
    """A new article's claim of a measure 002's claims are checked for ('output', 'new_clusters') is not 'of a kind no
    notebook checks', and the Chinese edition names the measure by the claim's Chinese label, not its metric code."""
    from dataclasses import replace

    from sme_clusters.claims import Claims
    from sme_clusters.claims_ledger import assemble

    judged = next(iter(Dataset(config.DATA).claims))
    new = replace(judged, claim_id="998-same-measure", article_id="998")
    table = _verdict_table(tmp_path / "01-a__verdicts.csv", [(judged.claim_id, "corroborated")])
    for lang, words in (("en", "are written for other claims of it"), ("zh", "只为其他论断而写")):
        explained = assemble(Claims([judged, new]), [table], lang)[0].set_index("claim")["explanation"]
        assert words in explained[new.claim_id] and new.label(lang) in explained[new.claim_id]
        assert new.metric not in explained[new.claim_id] or new.metric in new.label(lang)


def test_a_claim_judged_by_two_notebooks_stops_the_ledger_naming_it(tmp_path):
    from sme_clusters.claims_ledger import assemble

    claims = Dataset(config.DATA).claims
    first = next(iter(claims)).claim_id
    tables = [_verdict_table(tmp_path / f"0{i}-x__verdicts.csv", [(first, "consistent")]) for i in (1, 2)]
    with pytest.raises(ValueError, match=f"more than one notebook: \\['{first}'\\]"):
        assemble(claims, tables, "en")


def test_a_report_of_the_same_statement_or_for_context_is_not_counted_as_independent_evidence():
    """A report of the same statement shows what was said, not that it is true; one linked for context bears on no
    verdict: the tally of claims with independent evidence leaves both out."""
    from types import SimpleNamespace

    from sme_clusters.claims_ledger import independent_evidence

    ledger = pd.DataFrame({"claim": ["001-a", "001-b", "001-c"], "evidence": ["r-said; 002-x", "r-said; r-other", "r-context"]})
    links = [SimpleNamespace(claim_id="001-a", report=SimpleNamespace(evidence_id="r-said"), relation="same statement"),
             SimpleNamespace(claim_id="001-b", report=SimpleNamespace(evidence_id="r-other"), relation="independent"),
             SimpleNamespace(claim_id="001-c", report=SimpleNamespace(evidence_id="r-context"), relation="context")]
    kind_of = {"r-said": "report", "r-other": "report", "r-context": "report", "002-x": "article"}.get
    assert independent_evidence(ledger, kind_of, links) == [0, 2, 0]  # r-said is a same-statement report for 001-a only
