"""Diacritic folding for search keys: "Nguyễn Văn Đức" -> "nguyen van duc"."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold_diacritics(text: str | None) -> str:
    """Lower-case, strip Vietnamese tone and vowel marks, map đ/Đ to d, squeeze spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", text).strip().lower()


def normalize_text(text: str | None) -> str:
    """NFC-normalise user text (input methods on some systems send NFD)."""
    return unicodedata.normalize("NFC", text or "").strip()
