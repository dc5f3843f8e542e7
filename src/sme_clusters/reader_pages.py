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
from .labels import package_terms, phrase, publisher_shown, term
from .schemas import (
    CONSISTENT, CONTRADICTED, CORROBORATED, DEPENDS_ON_READING, EVIDENCE_DIVIDED, INCONSISTENT, MISREPORTED_FIGURE,
    MISREPORTED_TRANSLATION, NOT_CHECKABLE, REPRODUCED,
)

SCORECARDS = "articles.html"
DECIDED_BY = "explain_decided_by"  # the text table's words with which an explanation names the data a claim not checkable needs
# (the text table's key of its heading, the verdicts it gathers); a claim misreported is also listed under "does not hold"
GROUPS = [
    ("report_group_verified", (REPRODUCED, CORROBORATED)),
    ("report_group_consistent", (CONSISTENT,)),
    ("report_group_fails", (CONTRADICTED, INCONSISTENT)),
    ("report_group_disputed", (DEPENDS_ON_READING, EVIDENCE_DIVIDED)),
    ("report_group_open", (NOT_CHECKABLE,)),
]
MISREPORTED = (MISREPORTED_TRANSLATION, MISREPORTED_FIGURE)
GLOSSARY = "glossary_"  # the text table's words a reader may not know: glossary_<word> and glossary_<word>_meaning


def glossary(lang: str = "en") -> dict[str, str]:
    """The words a reader may not know, each with what it means, in `lang`, in the text table's order."""
    terms = package_terms()
    return {text[lang]: terms[f"{key}_meaning"][lang] for key, text in terms.items()
            if key.startswith(GLOSSARY) and not key.endswith("_meaning")}


def _item(row: dict, lang: str, sections: dict[str, str]) -> str:
    said = (phrase("report_item_open", lang, says=row["article says"]) if row["verdict"] == NOT_CHECKABLE or not row["found"]
            else phrase("report_item", lang, says=row["article says"], found=row["found"]))
    where = sections.get(row["claim"], f'{row["notebook"]}.html')  # the section that judges it, else its notebook
    notebook = f'<a href="{html.escape(where)}">{html.escape(row["notebook"])}</a>'
    judged_in = f' {phrase("report_in_notebook", lang, notebook=notebook)}' if row["notebook"] else ""  # none tested it: no link
    return (f'<li><a href="{PAGE}#{anchor(row["claim"])}">{html.escape(row["claim"])}</a> {badge(row["verdict"], lang)} '
            f'{html.escape(said)}{judged_in}</li>')


def scorecard(article_id: str, claims: pd.DataFrame, article: pd.Series | None, lang: str = "en",
              sections: dict[str, str] | None = None) -> str:
    """One article's claims, sorted by what the verdicts say of them."""
    title = html.escape(phrase("report_scorecard_heading", lang, article=article_id, publisher=publisher_shown(article["publisher"], lang),
                               date=article["date"], title=article["title"]) if article is not None else article_id)
    parts, sections = [f'<section id="article-{html.escape(article_id)}"><h2>{title}</h2>'], sections or {}
    misreported = claims[claims["accuracy"].isin(MISREPORTED)]
    if len(misreported):
        parts.append(f"<h3>{phrase('report_misreported', lang)}</h3><ul>" + "".join(_item(r, lang, sections) for r in misreported.to_dict("records"))
                     + "</ul>")
    for heading, verdicts in GROUPS:
        group = claims[claims["verdict"].isin(verdicts)]
        if len(group):
            parts.append(f"<h3>{html.escape(phrase('report_group_count', lang, group=phrase(heading, lang), count=len(group)))}</h3><ul>"
                         + "".join(_item(r, lang, sections) for r in group.to_dict("records")) + "</ul>")
    return "\n".join(parts) + "</section>"


def scorecards_page(ledger: pd.DataFrame, articles: pd.DataFrame, nav: str, lang: str = "en", sections: dict[str, str] | None = None) -> str:
    """Every article's scorecard; `sections` gives each claim's address in its notebook's page (claim_sections)."""
    cards = "\n".join(scorecard(a, ledger[ledger["article"] == a], articles.loc[a] if a in articles.index else None, lang, sections)
                      for a in sorted(set(ledger["article"])))
    title = html.escape(phrase("report_scorecards_title", lang))
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="report.css"></head>
<body>{nav}<main class="index">
<h1>{title}</h1>
<p>{phrase("report_scorecards_intro", lang, explorer=PAGE)}</p>
{cards}
</main></body></html>
"""


def _what_would_decide(explanation: str, lang: str) -> str:
    marker = phrase(DECIDED_BY, lang, needs="")
    return explanation.split(marker, 1)[1].strip() if marker in explanation else explanation


def methods_html(ledger: pd.DataFrame, verdicts: list[str], coverage: tuple[int, int], data_date: str, lang: str = "en") -> str:
    """The index's methods box."""
    known, official = coverage
    scale = "".join(f"<tr><td>{badge(v, lang)}</td><td>{html.escape(term('verdict_meaning', v, lang))}</td></tr>" for v in verdicts)
    words = "".join(f"<dt>{html.escape(w)}</dt><dd>{html.escape(m)}</dd>" for w, m in glossary(lang).items())
    open_ = ledger[ledger["verdict"] == NOT_CHECKABLE]
    unchecked = "".join(
        f'<li><a href="{PAGE}#{anchor(r["claim"])}">{html.escape(r["claim"])}</a> '
        f'{html.escape(phrase("report_open_item", lang, says=r["article says"], needs=_what_would_decide(r["explanation"], lang)))}</li>'
        for r in open_.to_dict("records"))
    return f"""<section class="methods"><h2>{phrase("report_methods_title", lang)}</h2>
<p>{phrase("report_methods_scale", lang)}</p>
<table>{scale}</table>
<p>{phrase("report_methods_coverage", lang, known=known, official=official)}</p>
<p>{phrase("report_methods_date", lang, date=html.escape(data_date))}</p>
<h3>{phrase("report_methods_words", lang)}</h3><dl>{words}</dl>
<h3>{phrase("report_methods_open", lang, count=len(open_))}</h3><ul>{unchecked}</ul>
<p><a href="{SCORECARDS}">{phrase("report_scorecards_title", lang)}</a> · <a href="{PAGE}">{phrase("report_every_claim", lang)}</a></p>
</section>"""
