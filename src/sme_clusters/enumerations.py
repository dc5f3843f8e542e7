"""Counting what a passage enumerates: "four aspects … First, … Second, …", "一是……二是……".

The count is read from ordinal markers at the start of a sentence, not from a pattern
naming the items the passage is expected to hold: a passage announcing four aspects and
listing three shows three.
"""
from __future__ import annotations

import re

ORDINALS_EN = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
ORDINALS_ZH = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
_SENTENCE_START = r"(?:^|(?<=[.!?;:。;:])\s*)"
_EN = re.compile(_SENTENCE_START + r"(?:(?P<word>" + "|".join(ORDINALS_EN) + r")\b[,:]?|the (?P<the>" + "|".join(ORDINALS_EN)
                 + r") is\b)", re.IGNORECASE)
_ZH = re.compile(r"(?:第(?P<di>[" + "".join(ORDINALS_ZH) + r"])[,,、]|(?P<shi>[" + "".join(ORDINALS_ZH) + r"])是)")


def paragraph_with(text: str, quote: str) -> str:
    """The line of `text` that holds `quote` (articles are captured one paragraph per line)."""
    for paragraph in text.split("\n"):
        if quote in paragraph:
            return paragraph
    raise LookupError(f"no paragraph holds {quote[:40]!r}")


def ordinal_markers(paragraph: str) -> list[tuple[int, str]]:
    """(position in the sequence, marker as written) for each ordinal that opens a sentence, in text order."""
    found = []
    for match in _EN.finditer(paragraph):
        word = (match.group("word") or match.group("the")).lower()
        found.append((match.start(), ORDINALS_EN.index(word) + 1, match.group(0).strip().rstrip(",:")))
    for match in _ZH.finditer(paragraph):
        digit = match.group("di") or match.group("shi")
        found.append((match.start(), ORDINALS_ZH.index(digit) + 1, match.group(0)))
    return [(number, marker) for _, number, marker in sorted(found)]


def enumerated_count(paragraph: str) -> tuple[int, list[str]]:
    """How many items the paragraph enumerates: the longest run 1, 2, 3, … of ordinals, in order; and their markers."""
    count, markers = 0, []
    for number, marker in ordinal_markers(paragraph):
        if number == count + 1:
            count, markers = number, [*markers, marker]
    return count, markers


def listed_items(sentence: str, after: str, before: str) -> list[str]:
    """The items of a list written between two phrases: 'including A, B, and C, to foster' -> [A, B, C]."""
    match = re.search(re.escape(after) + r"\s*(.+?)\s*" + re.escape(before), sentence)
    if not match:
        raise LookupError(f"no list between {after!r} and {before!r}")
    return [item.strip() for item in re.split(r",\s*(?:and\s+)?|、", match.group(1)) if item.strip()]
