"""Qualifier semantics: when does a computed value bear out a claim?"""
from __future__ import annotations

import math

import pytest

from sme_clusters.claims import load_claims
from sme_clusters.verdicts import ABOUT_TOLERANCE, DERIVED, INCONSISTENT, NOT_CHECKABLE, REPRODUCED, Ledger, holds


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


@pytest.fixture(scope="module")
def claims():
    return load_claims()


def test_ledger_records_verdicts_and_refuses_a_second_verdict_on_one_claim(claims, tmp_path):
    ledger = Ledger("99-test")
    smes = claims["003-smes"]
    assert ledger.check(smes, smes.value + 1, "one more than claimed") == REPRODUCED
    assert ledger.derive("per_cluster", "SMEs per cluster", 2800, "enterprises", "280,000 / 100", qualifier="over") == 2800
    assert ledger.not_checkable(claims["003-output"], "only the article gives it") == NOT_CHECKABLE
    with pytest.raises(ValueError, match="already in the ledger"):
        ledger.check(smes, smes.value, "again")
    assert ledger.verdicts() == {"003-smes": REPRODUCED, "per_cluster": DERIVED, "003-output": NOT_CHECKABLE}
    assert ledger.frame().loc[1, "computed"] == "over 2,800 enterprises"
    saved = ledger.save(tmp_path)
    assert saved.name == "99-test__verdicts.csv"
    assert saved.read_text(encoding="utf-8").splitlines()[0] == "key,statement,article_says,computed,verdict,arithmetic,notebook"


def test_a_value_that_falls_short_is_inconsistent(claims):
    ledger = Ledger("99-test")
    share = claims["003-quality-share"]
    assert ledger.check(share, share.value, "exactly 20% is not over 20%") == INCONSISTENT


def test_a_lower_bound_decides_only_when_it_can(claims):
    nan = float("nan")
    ledger = Ledger("99-test")
    assert ledger.check_count(claims["002-east"], 140, nan, "known 140 of 156") == NOT_CHECKABLE
    assert ledger.check_count(claims["002-west"], 64, nan, "known 64") == INCONSISTENT  # 64 > 63 however many are missing
    assert ledger.check_count(claims["002-first-cluster-2024"], 3, nan, "three known") == REPRODUCED  # "at least 3"
    assert ledger.check_count(claims["002-provincial-targets"], 12, nan, "twelve known") == NOT_CHECKABLE
    assert ledger.check_count(claims["002-northeast"], 3, 5, "complete rows") == REPRODUCED
    assert ledger.frame().loc[0, "computed"] == "≥ 140 clusters"
