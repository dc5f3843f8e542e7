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
    count.textContent = shown + " of " + rows.length + " " + count.dataset.noun;
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


def badge(verdict: str) -> str:
    colour = VERDICT_COLOURS.get(verdict, "#d9d9d9")
    ink = "white" if verdict in INK_ON else "black"
    return f'<span class="badge" style="background:{colour};color:{ink}">{html.escape(verdict)}</span>'


def claim_row(row: dict, reports: dict[str, str], articles: pd.DataFrame, claim_ids: set[str], files: dict[str, str]) -> str:
    gloss = f'<div class="gloss">{html.escape(row["our English gloss"])} (our translation)</div>' if row["our English gloss"] else ""
    article = articles.loc[row["article"]] if row["article"] in articles.index else None
    source = html.escape(f'{row["article"]} · {article["publisher"]}, {article["date"]}' if article is not None else row["article"])
    return (f'<tr id="{anchor(row["claim"])}" data-article="{html.escape(row["article"])}" data-verdict="{html.escape(row["verdict"])}">'
            f'<td><a href="#{anchor(row["claim"])}" class="id">{html.escape(row["claim"])}</a><br>{source}</td>'
            f'<td><div>{html.escape(row["article says"])}</div><div class="quote">“{html.escape(row["quote"])}”</div>{gloss}</td>'
            f'<td>{badge(row["verdict"])}</td>'
            f'<td>{html.escape(row["explanation"])}</td>'
            f'<td>{evidence_links(row["evidence"], reports, articles, claim_ids, files)}</td></tr>')


def options(values: list[str], everything: str) -> str:
    return f'<option value="">{everything}</option>' + "".join(f'<option value="{html.escape(v)}">{html.escape(v)}</option>' for v in values)


def select(label: str, attribute: str, values: list[str]) -> str:
    return f'<label>{label} <select data-filter="{attribute}">{options(values, "all")}</select></label>'


def explorer_page(title: str, intro: str, controls: list[str], head: list[str], rows: str, noun: str, nav: str) -> str:
    """A page with a search box, filters and a table whose rows they narrow."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<link rel="stylesheet" href="report.css"><style>{STYLE}</style></head>
<body>{nav}<main class="claims">
<h1>{html.escape(title)}</h1>
<p>{intro}</p>
<div class="controls">
<input type="search" id="search" placeholder="Search: a place, a word, a figure, an id" aria-label="Search the table">
{"".join(controls)}
<span id="count" data-noun="{noun}" aria-live="polite"></span>
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
                files: dict[str, str] | None = None) -> str:
    """The claims explorer. `ledger` and `evidence` are the ledger's tables as written; `articles` the registry's
    articles, indexed by id; `verdicts` the scale, in its order; `files` the report's address of each data file a
    piece of evidence lives in."""
    # an address, where the data holds one ('(seen in a repost; address not kept)' is a note, not a link)
    reports = {e: u for e, u in zip(evidence["evidence"], evidence["url"], strict=True) if u.startswith(("http://", "https://"))}
    claim_ids = set(ledger["claim"])
    rows = "\n".join(claim_row(row, reports, articles, claim_ids, files or {}) for row in ledger.to_dict("records"))
    present = [v for v in verdicts if v in set(ledger["verdict"])]
    return explorer_page(
        "Every claim, with its verdict and evidence",
        "One row per figure the articles state. The evidence links go to the sources themselves; a claim's own address is its id.",
        [select("Article", "article", sorted(set(ledger["article"]))), select("Verdict", "verdict", present)],
        ["Claim", "What the article says", "Verdict", "Why", "Evidence"], rows, "claims", nav)


CLUSTERS_CSV = "clusters.csv"
CLUSTER_COLUMNS = {"cluster_name": "cluster", "province": "province", "city": "city", "county": "county",
                   "year": "list", "sector": "sector (our keywords)", "source_url": "source"}


def source_links(cell: str) -> str:
    """A row's sources ('url | url'), each a link where it is an address."""
    parts = [part.strip() for part in cell.split("|") if part.strip()]
    return ", ".join(f'<a href="{html.escape(p)}" rel="external">source{f" {i}" if len(parts) > 1 else ""}</a>'
                     if p.startswith(("http://", "https://")) else html.escape(p) for i, p in enumerate(parts, start=1))


def cluster_rows(rows: pd.DataFrame) -> str:
    """The finder's rows: name, place, list year, sector and a link to the report the row comes from."""
    out = []
    for row in rows.to_dict("records"):
        year = "" if pd.isna(row["year"]) else str(int(row["year"]))
        source = source_links(row["source_url"])
        out.append(f'<tr data-province="{html.escape(row["province"])}" data-year="{year or "unknown"}">'
                   f'<td>{html.escape(row["cluster_name"])}</td><td>{html.escape(row["province"])}</td>'
                   f'<td>{html.escape(row["city"])}</td><td>{html.escape(row["county"])}</td><td>{year or "not stated"}</td>'
                   f'<td>{html.escape(row["sector"])}</td><td>{source}</td></tr>')
    return "\n".join(out)


def clusters_page(rows: pd.DataFrame, official: int, nav: str) -> str:
    """The cluster finder: every known cluster, searchable, filtered by province and list, with the table as a CSV."""
    years = sorted({str(int(y)) for y in rows["year"].dropna()}) + (["unknown"] if rows["year"].isna().any() else [])
    known, unplaced = int(rows["year"].notna().sum()), int(rows["year"].isna().sum())
    intro = (f"Every national cluster this project knows by name: {known} of the {official:,} the lists hold"
             + (f", and {unplaced} whose list no source states" if unplaced else "")
             + f", from provincial and national news, each with the report it comes from. Because most rows are missing, every "
             f"count built on them is a lower bound. <a href=\"{CLUSTERS_CSV}\" download>Download the table as CSV</a>.")
    return explorer_page("Every known cluster", intro,
                         [select("Province", "province", sorted(set(rows["province"]))), select("List", "year", years)],
                         list(CLUSTER_COLUMNS.values()), cluster_rows(rows), "clusters", nav)


def clusters_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The finder's table as its CSV download holds it."""
    table = rows[list(CLUSTER_COLUMNS)].rename(columns=CLUSTER_COLUMNS)
    table["list"] = table["list"].map(lambda y: "" if pd.isna(y) else str(int(y)))
    return table
