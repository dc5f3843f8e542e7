"""The claims ledger lists every claim of the claims table once, each with a verdict from a notebook."""
from __future__ import annotations

import pandas as pd

from sme_clusters import config
from sme_clusters.dataset import Dataset
from sme_clusters.verdicts import VERDICTS

LEDGER = config.PROCESSED_DIR / "99-claims-ledger__ledger.csv"


def test_the_ledger_and_the_claims_table_hold_the_same_claims():
    ledger = pd.read_csv(LEDGER, dtype=str, keep_default_na=False)
    claims = [c.claim_id for c in Dataset().claims]
    assert sorted(ledger["claim"]) == sorted(claims)
    assert not ledger["claim"].duplicated().any()


def test_every_claim_has_a_verdict_from_a_notebook_that_exists():
    ledger = pd.read_csv(LEDGER, dtype=str, keep_default_na=False)
    assert set(ledger["verdict"]) <= set(VERDICTS)
    untested = ledger.loc[ledger["notebook"] == "", "claim"].tolist()
    assert untested == []
    notebooks = {p.stem for p in config.NOTEBOOKS_DIR.glob("*.ipynb")}
    assert set(ledger["notebook"]) <= notebooks


def test_every_claim_not_checked_says_why():
    ledger = pd.read_csv(LEDGER, dtype=str, keep_default_na=False)
    assert (ledger["arithmetic"].str.len() > 10).all()
