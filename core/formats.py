"""Vietnamese number parsing and display: "3.130,5" <-> Decimal("3130.5")."""

import re
from decimal import Decimal, InvalidOperation

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_PLAIN = re.compile(r"^\d+(,\d+)?$")


def parse_vn_decimal(text: str) -> Decimal:
    """Parse a Vietnamese-notation number. Raises ValueError for malformed input.

    "3.130,5" -> 3130.5; "8.920" -> 8920; "84,770" -> 84.770; "9" -> 9; "-2,5" -> -2.5.
    A dot is a thousands separator only in groups of three digits; a lone "2.5" is
    accepted as a decimal point, as people paste figures from English software.
    """
    raw = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    sign = ""
    if raw and raw[0] in "+-":
        sign, raw = raw[0].replace("+", ""), raw[1:]
    if _GROUPED.match(raw):
        raw = raw.replace(".", "").replace(",", ".")
    elif _PLAIN.match(raw):
        raw = raw.replace(",", ".")
    elif re.fullmatch(r"\d+\.\d+", raw):
        pass
    else:
        raise ValueError(text)
    try:
        return Decimal(sign + raw)
    except InvalidOperation as exc:  # pragma: no cover - regexes above guard this
        raise ValueError(text) from exc


def format_vn_decimal(value, max_decimals: int = 2, *, as_is: bool = False) -> str:
    """The one Vietnamese number formatter: Decimal(3130.5) -> "3.130,5".

    Args:
        value: a Decimal, int, float or numeric string ("" and None give "").
        max_decimals: round to at most this many decimals; integers print without decimals.
        as_is: print exactly the digits the Decimal carries (Decimal("50.0") -> "50,0",
            Decimal("66.67") -> "66,67"), for figures already rounded by a rule.

    Raises decimal.InvalidOperation for a value that is not a number.
    """
    if value is None or value == "":
        return ""
    value = Decimal(value)
    if not as_is:
        quant = Decimal(1).scaleb(-max_decimals)
        value = value.quantize(quant).normalize() if value != value.to_integral() else value.quantize(1)
    sign = "-" if value < 0 else ""
    integer, _, frac = f"{abs(value):f}".partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    out = ".".join(groups)
    return sign + out + ("," + frac if frac else "")
