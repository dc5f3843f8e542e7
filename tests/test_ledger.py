"""The claims ledger: every claim once, one verdict of the scale, evidence that resolves, and no verdict above its evidence."""
from __future__ import annotations

import pandas as pd
import pytest

from sme_clusters import config
from sme_clusters.dataset import Dataset
from sme_clusters.verdicts import CONSISTENT, CONTRADICTED, CORROBORATED, INCONSISTENT, INDEPENDENT, NOT_CHECKABLE, REPRODUCED, VERDICTS

LEDGER = config.PROCESSED_DIR / "99-claims-ledger__ledger.csv"


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
    assert set(ledger["verdict"]) <= set(VERDICTS)
    assert ledger.loc[ledger["notebook"] == "", "claim"].tolist() == []
    assert set(ledger["notebook"]) <= {p.stem for p in config.NOTEBOOKS_DIR.glob("*.ipynb")}


def test_every_verdict_names_evidence_that_the_data_holds(ledger, data):
    decided = ledger[ledger["verdict"] != NOT_CHECKABLE]
    assert (decided["evidence"] != "").all(), decided.loc[decided["evidence"] == "", "claim"].tolist()
    for claim, evidence in zip(ledger["claim"], ledger["evidence"], strict=True):
        for token in filter(None, evidence.split("; ")):
            assert data.describe_evidence(token), (claim, token)  # raises LookupError for an id that names nothing


def test_no_verdict_claims_more_than_its_evidence(ledger, data):
    """Reproduced, corroborated and contradicted need evidence independent of the five articles; consistent and inconsistent rest on them."""
    own = {c.claim_id for c in data.claims} | set(data.sources.index[data.sources["kind"] == "article"])
    for row in ledger.itertuples():
        bases = set(filter(None, row.basis.split(", ")))
        outside = [e for e in row.evidence.split("; ") if e and e not in own]
        if row.verdict in (REPRODUCED, CORROBORATED, CONTRADICTED):
            assert bases & set(INDEPENDENT) and outside, row.claim
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
