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


@functools.cache
def name_key(name: str) -> str:
    """The form in which two names are the same cluster: `comparable`, with every space dropped. The lists print names
    without spaces inside them, but copies add them ('北京市海淀区 机器人产业集群', '集群 (滕州市)' beside '集群（滕州市）')."""
    return re.sub(r"\s+", "", comparable(name))
