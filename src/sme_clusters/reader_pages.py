"""The report's pages for readers: a scorecard per article (articles.html) and the methods box on the index.

A scorecard sorts an article's claims by what the verdicts say of them: what holds (verified independently, or
only consistent with the articles), what does not (contradicted, inconsistent, or misreported), what is disputed
(depends on reading, evidence divided) and what cannot be checked, each item linked to its notebook and to its row
in the claims explorer. The methods box says once what a verdict means, how far the known rows reach, the words a
reader may not know, what could not be checked and what would decide it, the date of the data, and how to report
an error.
"""
from __future__ import annotations

import html

import pandas as pd

from .explorer import PAGE, anchor, badge
from .schemas import (
    CONSISTENT, CONTRADICTED, CORROBORATED, DEPENDS_ON_READING, EVIDENCE_DIVIDED, INCONSISTENT, MISREPORTED_FIGURE,
    MISREPORTED_TRANSLATION, NOT_CHECKABLE, REPRODUCED,
)

SCORECARDS = "articles.html"
DECIDED_BY = "would be decided by:"  # how the ledger's explanation of a claim not checkable names the data it needs
# (heading, the verdicts it gathers); a claim misreported is also listed under "does not hold", whatever its verdict
GROUPS = [
    ("Holds, verified independently", (REPRODUCED, CORROBORATED)),
    ("Holds, but only consistent with the articles' own figures", (CONSISTENT,)),
    ("Does not hold", (CONTRADICTED, INCONSISTENT)),
    ("Disputed: it depends on the reading, or the evidence is divided", (DEPENDS_ON_READING, EVIDENCE_DIVIDED)),
    ("Cannot be checked with what the project holds", (NOT_CHECKABLE,)),
]
MISREPORTED = (MISREPORTED_TRANSLATION, MISREPORTED_FIGURE)
GLOSSARY = {
    "SME characteristic industrial cluster (中小企业特色产业集群)": "a county-level cluster of small and medium-sized firms in one "
    "leading industry, recognised by MIIT (the Ministry of Industry and Information Technology) on a yearly list of about 100",
    "list (名单)": "the clusters MIIT recognises in one year; the first is the 2022 list, published in January 2023",
    "review (复核)": "the check a list's clusters pass when their three years of recognition end, to stay recognised",
    "listed city (计划单列市)": "Dalian, Qingdao, Ningbo, Xiamen and Shenzhen, which the lists file apart from their provinces",
    "little giant (专精特新“小巨人”)": "a firm MIIT recognises as a specialised, sophisticated, distinctive and innovative leader "
    "in a niche; a tier above the 'specialised SMEs' and below the 'single champions' (制造业单项冠军)",
    "county-level unit (县级行政区)": "a county, county-level city, banner or urban district (县、市、旗、区)",
    "CCID (赛迪顾问)": "CCID Consulting, a research firm affiliated with MIIT, which article 002 cites",
    "crosshead": "a sub-heading inside an article",
}


def _item(row: dict) -> str:
    return (f'<li><a href="{PAGE}#{anchor(row["claim"])}">{html.escape(row["claim"])}</a> {badge(row["verdict"])} '
            f'says {html.escape(row["article says"])}; found {html.escape(row["found"]) or "nothing that decides it"} '
            f'(<a href="{html.escape(row["notebook"])}.html">{html.escape(row["notebook"])}</a>)</li>')


def scorecard(article_id: str, claims: pd.DataFrame, article: pd.Series | None) -> str:
    """One article's claims, sorted by what the verdicts say of them."""
    title = html.escape(f'{article_id} · {article["publisher"]}, {article["date"]}: {article["title"]}' if article is not None
                        else article_id)
    parts = [f'<section id="article-{html.escape(article_id)}"><h2>{title}</h2>']
    misreported = claims[claims["accuracy"].isin(MISREPORTED)]
    if len(misreported):
        parts.append("<h3>Misreported</h3><ul>" + "".join(_item(r) for r in misreported.to_dict("records")) + "</ul>")
    for heading, verdicts in GROUPS:
        group = claims[claims["verdict"].isin(verdicts)]
        if len(group):
            parts.append(f"<h3>{html.escape(heading)} ({len(group)})</h3><ul>" + "".join(_item(r) for r in group.to_dict("records"))
                         + "</ul>")
    return "\n".join(parts) + "</section>"


def scorecards_page(ledger: pd.DataFrame, articles: pd.DataFrame, nav: str) -> str:
    cards = "\n".join(scorecard(a, ledger[ledger["article"] == a], articles.loc[a] if a in articles.index else None)
                      for a in sorted(set(ledger["article"])))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Each article's scorecard</title>
<link rel="stylesheet" href="report.css"></head>
<body>{nav}<main class="index">
<h1>Each article's scorecard</h1>
<p>What each article got right, what it got wrong, and what cannot be checked; every item links to its row in the
<a href="{PAGE}">claims explorer</a> and to the notebook that checks it.</p>
{cards}
</main></body></html>
"""


def methods_html(ledger: pd.DataFrame, meanings: dict[str, str], coverage: tuple[int, int], data_date: str) -> str:
    """The index's methods box."""
    known, official = coverage
    scale = "".join(f"<tr><td>{badge(v)}</td><td>{html.escape(m)}</td></tr>" for v, m in meanings.items())
    words = "".join(f"<dt>{html.escape(w)}</dt><dd>{html.escape(m)}</dd>" for w, m in GLOSSARY.items())
    open_ = ledger[ledger["verdict"] == NOT_CHECKABLE]
    unchecked = "".join(
        f'<li><a href="{PAGE}#{anchor(r["claim"])}">{html.escape(r["claim"])}</a> {html.escape(r["article says"])}: '
        f'{html.escape(r["explanation"].split(DECIDED_BY, 1)[1].strip() if DECIDED_BY in r["explanation"] else r["explanation"])}</li>'
        for r in open_.to_dict("records"))
    return f"""<section class="methods"><h2>How to read this</h2>
<p><b>A verdict</b> answers "is the figure right?" on one scale, from the strongest evidence that applies:</p>
<table>{scale}</table>
<p><b>Coverage.</b> The official lists were out of reach as tables: the project knows {known} of their {official:,} clusters by
name, from news. Every count built on those rows is therefore a lower bound, drawn as one on every chart; a claim a lower bound
cannot settle is not checkable, not wrong.</p>
<p><b>The data</b> are as of {html.escape(data_date)} (the last source copied). <b>An error?</b> Report it with the claim's id
(for example <code>002-east</code>) and the source that shows it, in the repository's issue tracker; every verdict is recomputed
from the data, so a correction is a data row, not an edit of a sentence.</p>
<h3>Words used here</h3><dl>{words}</dl>
<h3>What could not be checked, and what would decide it ({len(open_)})</h3><ul>{unchecked}</ul>
<p><a href="{SCORECARDS}">Each article's scorecard</a> · <a href="{PAGE}">every claim, searchable</a>.</p>
</section>"""
