"""The report's explorers: the claims (claims.html) and the known clusters (clusters.html), filtered and searched as you type.

The claims explorer has one row per claim of the ledger, filtered by article and verdict.

Each row has its own anchor (claims.html#claim-<id>, the address each ClaimReview record gives), the article's
words (the quote, with our English gloss of a Chinese one), the verdict as a badge in the charts' verdict colours,
the plain sentence that explains it, and every piece of evidence as a link to its source where the data holds an
address: an independent report to its page, an article to its page, another claim to its row. It works offline:
the script is inline, and the page is a table without it.
"""
from __future__ import annotations

import html

import pandas as pd

from .labels import LIST_SEPARATOR, phrase, publisher_shown, verdict_word
from .plots import VERDICT_COLOURS
from .schemas import split_ids

PAGE = "claims.html"
PAGE_CLUSTERS = "clusters.html"
INK_ON = {"reproduced", "contradicted", "depends on reading"}  # badges dark enough for white text

# Each <select data-filter="x"> keeps the rows whose data-x is its value; the search keeps rows holding every word typed.
SCRIPT = """<script>
(() => {
  const search = document.getElementById("search"), count = document.getElementById("count");
  const selects = [...document.querySelectorAll("select[data-filter]")];
  const rows = [...document.querySelectorAll("table.explore tbody tr")];
  function filter() {
    const words = search.value.trim().toLowerCase().split(/\\s+/).filter(Boolean);
    let shown = 0;
    for (const row of rows) {
      const text = row.textContent.toLowerCase();
      const keep = selects.every(s => !s.value || row.dataset[s.dataset.filter] === s.value) && words.every(w => text.includes(w));
      row.hidden = !keep;
      shown += keep;
    }
    count.textContent = count.dataset.template.replace("[shown]", shown).replace("[total]", rows.length);
  }
  for (const control of [search, ...selects]) control.addEventListener("input", filter);
  filter();
})();
</script>"""

STYLE = """.claims { max-width: 1300px; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
.claims table { border-collapse: collapse; width: 100%; } .claims td, .claims th { border-top: 1px solid #ddd; padding: 0.4em 0.5em; vertical-align: top; text-align: left; }
.claims .controls { display: flex; gap: 1em; flex-wrap: wrap; align-items: center; margin: 1em 0; }
.claims input[type=search] { min-width: 22em; padding: 0.3em; }
.badge { display: inline-block; padding: 0.1em 0.5em; border-radius: 0.8em; white-space: nowrap; font-size: 0.9em; }
.quote { color: #333; } .gloss { color: #595959; font-size: 0.9em; } .id { color: #595959; font-size: 0.85em; }
.claims tr:target { background: #fff8d6; } .explore td:first-child { min-width: 14em; }
"""


def anchor(claim_id: str) -> str:
    return f"claim-{claim_id}"


def evidence_links(cell: str, reports: dict[str, str], articles: pd.DataFrame, claim_ids: set[str],
                   files: dict[str, str] | None = None) -> str:
    """The evidence ids of a ledger cell, each a link to its source where the data holds an address; a registered
    file, one of its rows or a reference row to the data file in the report (`files`: token -> its address)."""
    links = []
    for token in split_ids(cell):
        key = token.split("#", 1)[0]
        label = html.escape(token)
        if files and files.get(key):
            links.append(f'<a href="{html.escape(files[key])}">{label}</a>')
        elif reports.get(key):
            links.append(f'<a href="{html.escape(reports[key])}" rel="external">{label}</a>')
        elif key in claim_ids:
            links.append(f'<a href="#{anchor(key)}">{label}</a>')
        elif key in articles.index and articles.loc[key, "url"].startswith(("http://", "https://")):
            links.append(f'<a href="{html.escape(articles.loc[key, "url"])}" rel="external">{label}</a>')
        else:
            links.append(label)
    return ", ".join(links)


def badge(verdict: str, lang: str = "en") -> str:
    colour = VERDICT_COLOURS.get(verdict, "#d9d9d9")
    ink = "white" if verdict in INK_ON else "black"
    return f'<span class="badge" style="background:{colour};color:{ink}">{html.escape(verdict_word(verdict, lang))}</span>'


def claim_row(row: dict, reports: dict[str, str], articles: pd.DataFrame, claim_ids: set[str], files: dict[str, str],
              lang: str = "en") -> str:
    english = row.get("our English gloss", "") if lang == "en" else ""  # the gloss is for readers of English
    gloss = f'<div class="gloss">{html.escape(english)} ({phrase("report_our_translation", lang)})</div>' if english else ""
    article = articles.loc[row["article"]] if row["article"] in articles.index else None
    source = html.escape(f'{row["article"]} · {publisher_shown(article["publisher"], lang)}, {article["date"]}' if article is not None
                         else row["article"])
    return (f'<tr id="{anchor(row["claim"])}" data-article="{html.escape(row["article"])}" data-verdict="{html.escape(row["verdict"])}">'
            f'<td><a href="#{anchor(row["claim"])}" class="id">{html.escape(row["claim"])}</a><br>{source}</td>'
            f'<td><div>{html.escape(row["article says"])}</div><div class="quote">“{html.escape(row["quote"])}”</div>{gloss}</td>'
            f'<td>{badge(row["verdict"], lang)}</td>'
            f'<td>{html.escape(row["explanation"])}</td>'
            f'<td>{evidence_links(row["evidence"], reports, articles, claim_ids, files)}</td></tr>')


def options(values: list[str], everything: str, shown: dict[str, str] | None = None) -> str:
    shown = shown or {}
    return f'<option value="">{everything}</option>' + "".join(f'<option value="{html.escape(v)}">{html.escape(shown.get(v, v))}</option>'
                                                             for v in values)


def select(label: str, attribute: str, values: list[str], lang: str = "en", shown: dict[str, str] | None = None) -> str:
    """A filter: its options are the values the rows carry, each shown as `shown` names it."""
    return f'<label>{label} <select data-filter="{attribute}">{options(values, phrase("report_all", lang), shown)}</select></label>'


def explorer_page(title: str, intro: str, controls: list[str], head: list[str], rows: str, noun: str, nav: str, lang: str = "en") -> str:
    """A page with a search box, filters and a table whose rows they narrow."""
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<link rel="stylesheet" href="report.css"><style>{STYLE}</style></head>
<body>{nav}<main class="claims">
<h1>{html.escape(title)}</h1>
<p>{intro}</p>
<div class="controls">
<input type="search" id="search" placeholder="{html.escape(phrase("report_search", lang))}" aria-label="{html.escape(phrase("report_search_label", lang))}">
{"".join(controls)}
<span id="count" data-template="{html.escape(phrase(f"report_count_{noun}", lang))}" aria-live="polite"></span>
</div>
<table class="explore" id="{noun}"><thead><tr>{"".join(f"<th>{html.escape(h)}</th>" for h in head)}</tr></thead>
<tbody>
{rows}
</tbody></table>
</main>
{SCRIPT}
</body></html>
"""


def claims_page(ledger: pd.DataFrame, evidence: pd.DataFrame, articles: pd.DataFrame, verdicts: list[str], nav: str,
                files: dict[str, str] | None = None, lang: str = "en") -> str:
    """The claims explorer. `ledger` and `evidence` are the ledger's tables as written; `articles` the registry's
    articles, indexed by id; `verdicts` the scale, in its order; `files` the report's address of each data file a
    piece of evidence lives in."""
    # an address, where the data holds one ('(seen in a repost; address not kept)' is a note, not a link)
    reports = {e: u for e, u in zip(evidence["evidence"], evidence["url"], strict=True) if u.startswith(("http://", "https://"))}
    claim_ids = set(ledger["claim"])
    rows = "\n".join(claim_row(row, reports, articles, claim_ids, files or {}, lang) for row in ledger.to_dict("records"))
    present = [v for v in verdicts if v in set(ledger["verdict"])]
    return explorer_page(
        phrase("report_claims_title", lang), phrase("report_claims_intro", lang),
        [select(phrase("report_article", lang), "article", sorted(set(ledger["article"])), lang),
         select(phrase("report_verdict", lang), "verdict", present, lang, {v: verdict_word(v, lang) for v in present})],
        [phrase(f"report_claims_{column}", lang) for column in ("claim", "says", "verdict", "why", "evidence")], rows, "claims", nav, lang)


CLUSTERS_CSV = "clusters.csv"
SOURCE_NOTES = "en"  # the language of a row's source when it is a note rather than an address, as the compilers wrote it
CLUSTER_COLUMNS = {"cluster_name": "cluster", "province": "province", "city": "city", "county": "county",
                   "year": "list", "sector": "sector (our keywords)", "source_url": "source"}


def source_links(cell: str, lang: str = "en") -> str:
    """A row's sources ('url | url'), each a link where it is an address."""
    parts = [part.strip() for part in cell.split("|") if part.strip()]
    word = phrase("report_source", lang)
    return LIST_SEPARATOR[lang].join(f'<a href="{html.escape(p)}" rel="external">{word}{f" {i}" if len(parts) > 1 else ""}</a>'
                     if p.startswith(("http://", "https://")) else f'<span lang="{SOURCE_NOTES}" class="as-written">{html.escape(p)}</span>'
                                     for i, p in enumerate(parts, start=1))


def cluster_rows(rows: pd.DataFrame, lang: str = "en") -> str:
    """The finder's rows: name, place, list year, sector and a link to the report the row comes from."""
    out = []
    for row in rows.to_dict("records"):
        year = "" if pd.isna(row["year"]) else str(int(row["year"]))
        source = source_links(row["source_url"], lang)
        out.append(f'<tr data-province="{html.escape(row["province"])}" data-year="{year or "unknown"}">'
                   f'<td>{html.escape(row["cluster_name"])}</td><td>{html.escape(row["province"])}</td>'
                   f'<td>{html.escape(row["city"])}</td><td>{html.escape(row["county"])}</td><td>{year or phrase("report_not_stated", lang)}</td>'
                   f'<td>{html.escape(row["sector"])}</td><td>{source}</td></tr>')
    return "\n".join(out)


def clusters_page(rows: pd.DataFrame, official: int, nav: str, lang: str = "en") -> str:
    """The cluster finder: every known cluster, searchable, filtered by province and list, with the table as a CSV."""
    years = sorted({str(int(y)) for y in rows["year"].dropna()}) + (["unknown"] if rows["year"].isna().any() else [])
    known, unplaced = int(rows["year"].notna().sum()), int(rows["year"].isna().sum())
    intro = (phrase("report_clusters_intro", lang, known=known, official=official)
             + (phrase("report_clusters_unplaced", lang, unplaced=unplaced) if unplaced else "")
             + phrase("report_clusters_bounds", lang) + f' <a href="{CLUSTERS_CSV}" download>{phrase("report_download_csv", lang)}</a>')
    return explorer_page(phrase("report_clusters_title", lang), intro,
                         [select(phrase("report_province", lang), "province", sorted(set(rows["province"])), lang),
                          select(phrase("report_list", lang), "year", years, lang, {"unknown": phrase("report_not_stated", lang)})],
                         [phrase(f"report_cluster_column_{c}", lang) for c in CLUSTER_COLUMNS], cluster_rows(rows, lang), "clusters", nav, lang)


def clusters_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The finder's table as its CSV download holds it."""
    table = rows[list(CLUSTER_COLUMNS)].rename(columns=CLUSTER_COLUMNS)
    table["list"] = table["list"].map(lambda y: "" if pd.isna(y) else str(int(y)))
    return table
