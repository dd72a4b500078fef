"""The level of the body that decided an award, read from the register's free text.

The award register's "Cấp quyết định" was free text ("Chủ tịch UBND huyện Tam Đường", "Thủ tướng
Chính phủ", "UBND xã An Bình"…). The level is now data (`AwardRecord.decision_level`, a
`LevelCode`); this pure function maps the text offices write to it. The earliest administrative
word in the text wins ("Chủ tịch UBND phường A, tỉnh B" is a ward's, hence commune level); a text
naming no level (e.g. "UBND thành phố Lai Châu", which may be a province- or district-level city)
gives None and the person entering it chooses.
"""

from __future__ import annotations

import re

from awards.choices import LevelCode
from core.search import fold_diacritics

# (folded words, level); matched on word boundaries in the folded text.
_WORDS = [
    ("thu tuong", LevelCode.NATIONAL),
    ("chu tich nuoc", LevelCode.NATIONAL),
    ("chinh phu", LevelCode.NATIONAL),
    ("bo truong", LevelCode.NATIONAL),
    ("trung uong", LevelCode.NATIONAL),
    ("thi xa", LevelCode.DISTRICT),
    ("huyen", LevelCode.DISTRICT),
    ("quan", LevelCode.DISTRICT),
    ("tinh", LevelCode.PROVINCE),
    ("so", LevelCode.PROVINCE),
    ("thi tran", LevelCode.COMMUNE),
    ("dac khu", LevelCode.COMMUNE),
    ("phuong", LevelCode.COMMUNE),
    ("xa", LevelCode.COMMUNE),
]
_PATTERN = re.compile(r"\b(" + "|".join(re.escape(w) for w, _lv in _WORDS) + r")\b")
_LEVEL = dict(_WORDS)


def level_from_issuer(text: str | None) -> str | None:
    """The `LevelCode` value of the deciding body named in `text`, or None when it names no level.

    Args: `text` the register's "Cấp quyết định" as written (any case, with or without marks).
    Returns "national" / "province" / "district" / "commune", or None.
    """
    match = _PATTERN.search(fold_diacritics(text))
    return str(_LEVEL[match.group(1)]) if match else None
