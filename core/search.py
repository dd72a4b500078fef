"""Diacritic folding for search keys: "Nguyễn Văn Đức" -> "nguyen van duc"."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")

# Letters that look like Đ/đ but are not (typed from a wrong keyboard layout or copied from
# Icelandic/African fonts): Ð/ð Latin eth (U+00D0/U+00F0), Ɖ/ɖ African D (U+0189/U+0256).
_LOOK_ALIKES = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ", "\u0256": "đ"})


def fold_diacritics(text: str | None) -> str:
    """Lower-case, strip Vietnamese tone and vowel marks, map đ/Đ (and look-alikes) to d, squeeze spaces."""
    if not text:
        return ""
    text = text.translate(_LOOK_ALIKES)
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", text).strip().lower()


def normalize_text(text: str | None) -> str:
    """NFC-normalise user text (input methods on some systems send NFD); look-alikes of Đ/đ become Đ/đ."""
    return unicodedata.normalize("NFC", (text or "").translate(_LOOK_ALIKES)).strip()
