"""One form for comparing Chinese names, whatever script or width they were typed in.

Sources print some names in Traditional characters (電池, 廣東), some with full-width letters or digits; the
reference tables and keywords are Simplified. Names are compared, and duplicates found, in one form:
Unicode NFKC (full-width and compatibility forms folded), then Traditional to Simplified with OpenCC's t2s
tables (a maintained converter, not a hand-made list). The data keeps each name as its source printed it.
"""
from __future__ import annotations

import functools
import re
import unicodedata


@functools.cache
def _to_simplified():
    import opencc  # loads its dictionaries once, on first use

    return opencc.OpenCC("t2s")


@functools.cache
def comparable(text: str) -> str:
    """The form two names are compared in: '廣東省佛山市電池產業集群' -> '广东省佛山市电池产业集群'."""
    return _to_simplified().convert(unicodedata.normalize("NFKC", text))


# What a cluster's name may end in, wholly or in part: 中小企业特色产业集群, 特色产业集群, 产业集群, 集群
_GENERIC_ENDING = re.compile(r"(?:中小企业)?(?:特色)?(?:产业)?集群")


@functools.cache
def name_key(name: str) -> str:
    """The form in which two names are the same cluster: `comparable`, with every space dropped and the generic ending in
    one form. The lists print names without spaces inside them, but copies add them ('北京市海淀区 机器人产业集群', '集群
    (滕州市)' beside '集群（滕州市）'), and some drop part of the ending ('北京市海淀区机器人集群')."""
    return _GENERIC_ENDING.sub("集群", re.sub(r"\s+", "", comparable(name)))
