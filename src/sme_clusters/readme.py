"""The parts of README.md that restate results, generated from the claims ledger so they cannot go stale.

Each generated part sits between two markers:

    <!-- generated: verdicts -->
    ...
    <!-- end generated: verdicts -->

`sme-clusters run` rewrites them after a run of the default outputs; a test checks they are current.
"What it finds" is one of them: the tally of both questions, then every claim that does not simply hold.
"""
from __future__ import annotations


import pandas as pd

from . import config
from .output import write_text_atomically
from .summary import fill_blocks
from .labels import LIST_SEPARATOR, column_heading, phrase, publisher_shown, term, verdict_word
from .verdicts import (
    ACCURACY, ACCURATE, CONSISTENT, CORROBORATED, NO_ORIGINAL, NOT_CHECKABLE, REPRODUCED, VERDICTS, VERIFIED, Entry, claim_sentence,
)

README = config.README
LEDGER = config.LEDGER
NOT_SIMPLY_HOLDING = [v for v in VERDICTS if v not in (*VERIFIED, CONSISTENT, NOT_CHECKABLE)]


def _notebook_links(notebooks: list[str], edition: config.Edition = config.ENGLISH) -> str:
    folder = edition.notebooks.relative_to(config.ROOT).as_posix()
    return LIST_SEPARATOR["en"].join(f"[{n[:2]}]({folder}/{n}.ipynb)" for n in sorted(set(notebooks)) if n)


def verdict_table(ledger: pd.DataFrame, articles: pd.DataFrame, edition: config.Edition = config.ENGLISH) -> str:
    """One row per article: publisher, date, the notebooks that judge it, and how many claims got each verdict."""
    lang = edition.lang
    counts = pd.crosstab(ledger["article"], ledger["verdict"]).reindex(columns=list(VERDICTS), fill_value=0)
    headings = [column_heading(c, lang) for c in ("article", "publisher", "date", "notebooks")] + [verdict_word(v, lang) for v in VERDICTS]
    lines = ["| " + " | ".join(headings) + " |", "|---|---|---|---|" + "---|" * len(VERDICTS)]
    for article, row in counts.iterrows():
        source = articles.loc[article]
        notebooks = _notebook_links(ledger.loc[ledger["article"] == article, "notebook"].tolist(), edition)
        lines.append(f"| `{article}` | {publisher_shown(source['publisher'], lang)} | {source['date']} | {notebooks} | "
                     + " | ".join(str(int(row[v])) for v in VERDICTS) + " |")
    total = counts.sum()
    lines.append("")
    lines.append(phrase("readme_verdict_total", lang, claims=len(ledger),
                        verdicts=LIST_SEPARATOR[lang].join(phrase("readme_count_of", lang, count=int(total[v]), word=verdict_word(v, lang))
                                                           for v in VERDICTS)))
    return "\n".join(lines) + "\n"


def findings_block(ledger: pd.DataFrame, data, edition: config.Edition = config.ENGLISH) -> str:
    """What it finds: both questions tallied over every claim, then each claim that does not simply hold, in a sentence."""
    lang = edition.lang
    verdicts, accuracy = ledger["verdict"].value_counts(), ledger["accuracy"].value_counts()
    checked = int(sum(accuracy.get(a, 0) for a in ACCURACY if a != NO_ORIGINAL))
    misreported = [a for a in ACCURACY if a not in (ACCURATE, NO_ORIGINAL) and accuracy.get(a, 0)]
    lines = [
        phrase("readme_claims", lang, articles=ledger["article"].nunique(), claims=len(ledger)),
        "",
        "- " + phrase("readme_accuracy", lang, checked=checked, accurate=int(accuracy.get(ACCURATE, 0)),
                      misreported="".join(LIST_SEPARATOR[lang] + phrase("readme_count_of", lang, count=int(accuracy[a]), word=term("accuracy", a, lang))
                                          for a in misreported),
                      none=int(accuracy.get(NO_ORIGINAL, 0))),
        "- " + phrase("readme_right", lang, verified=int(sum(verdicts.get(v, 0) for v in VERIFIED)),
                      reproduced=int(verdicts.get(REPRODUCED, 0)), corroborated=int(verdicts.get(CORROBORATED, 0)),
                      consistent=int(verdicts.get(CONSISTENT, 0)),
                      others=LIST_SEPARATOR[lang].join(phrase("readme_verdict_count", lang, word=verdict_word(v, lang), count=int(verdicts.get(v, 0)))
                                                       for v in NOT_SIMPLY_HOLDING),
                      open=int(verdicts.get(NOT_CHECKABLE, 0))),
        "",
        phrase("readme_notable", lang),
        "",
    ]
    labels = {c.claim_id: c.label(lang) for c in data.claims}
    order = {v: i for i, v in enumerate(VERDICTS)}
    notable = ledger[ledger["verdict"].isin(NOT_SIMPLY_HOLDING) | ~ledger["accuracy"].isin([ACCURATE, NO_ORIGINAL])]
    for row in sorted(notable.to_dict("records"), key=lambda r: (-order[r["verdict"]], r["claim"])):  # the worst first
        entry = Entry(row["claim"], labels[row["claim"]], row["article says"], row["found"], row["verdict"], row["basis"], row["evidence"],
                      row["explanation"], row["accuracy"], row["evidence_range"], row["gap"], supported=row["supported"])
        sentence = claim_sentence(entry, lang)
        lines.append(f"- {sentence} ({_notebook_links([row['notebook']], edition)})" if lang == "en"
                     else f"- {sentence}（{_notebook_links([row['notebook']], edition)}）")
    return "\n".join(lines) + "\n"


def scale_table(lang: str = "en") -> str:
    heading = {kind: column_heading(question, lang) for kind, question in
               (("verdict", "is the figure right?"), ("accuracy", "was it reported accurately?"), ("meaning", "meaning"))}
    lines = [f"| {heading['verdict']} | {heading['meaning']} |", "|---|---|"]
    lines += [f"| **{verdict_word(v, lang)}** | {term('verdict_meaning', v, lang)} |" for v in VERDICTS]
    lines += ["", f"| {heading['accuracy']} | {heading['meaning']} |", "|---|---|"]
    lines += [f"| **{term('accuracy', a, lang)}** | {term('accuracy_meaning', a, lang)} |" for a in ACCURACY]
    return "\n".join(lines) + "\n"


def coverage_table(data, lang: str = "en") -> str:
    """Per list: its official count, the known rows, and their share; then the total."""
    headings = [column_heading(c, lang) for c in ("list", "published", "official count", "known rows", "coverage")]
    lines = ["| " + " | ".join(headings) + " |", "|---|---|---|---|---|"]
    for year in data.lists.years():
        known = len(data.lists.clusters(year)[lambda rows, y=year: rows["year"] == y])
        count = data.lists.official_count(year)
        lines.append(f"| {year} | {data.batches.loc[year, 'published']} | {count:.0f} | {known} | {known / count:.0%} |")
    known, total = data.lists.coverage()
    lines += ["", phrase("readme_coverage", lang, known=known, total=total, first=data.lists.years()[0], last=data.lists.latest())]
    return "\n".join(lines) + "\n"


def render(text: str, ledger: pd.DataFrame, data, edition: config.Edition = config.ENGLISH) -> str:
    """The README with every generated block rewritten in the edition's language; an unknown block name is an error."""
    articles = data.sources[data.sources["kind"] == "article"]
    blocks = {"verdicts": verdict_table(ledger, articles, edition), "scale": scale_table(edition.lang),
              "coverage": coverage_table(data, edition.lang), "findings": findings_block(ledger, data, edition)}
    return fill_blocks(text, blocks, edition.readme.name)


def update_readme(data, edition: config.Edition = config.ENGLISH) -> bool:
    """Rewrite the edition's README's generated blocks from its ledger; True if the file changed."""
    ledger = pd.read_csv(edition.ledger, dtype=str, keep_default_na=False)
    text = edition.readme.read_text(encoding="utf-8")
    new = render(text, ledger, data, edition)
    if new != text:
        write_text_atomically(edition.readme, new)
    return new != text
