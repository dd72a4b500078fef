from decimal import Decimal

import pytest

from core.formats import format_vn_decimal, parse_vn_decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.130,5", Decimal("3130.5")),
        ("8.920", Decimal("8920")),
        ("84,770", Decimal("84.770")),
        ("9", Decimal("9")),
        ("0,45", Decimal("0.45")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("-2,5", Decimal("-2.5")),
        (" 2.236 ", Decimal("2236")),
    ],
)
def test_parse_vietnamese_numbers(text, expected):
    assert parse_vn_decimal(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "3,1,2", "1.23.4", "12..5", "--3"])
def test_parse_rejects_malformed(text):
    with pytest.raises(ValueError, match=r".*"):
        parse_vn_decimal(text)


def test_format_vietnamese_numbers():
    assert format_vn_decimal(Decimal("3130.5")) == "3.130,5"
    assert format_vn_decimal(Decimal("8920")) == "8.920"
    assert format_vn_decimal(Decimal("1234567.891"), 2) == "1.234.567,89"
    assert format_vn_decimal(Decimal("-0.45")) == "-0,45"
    assert format_vn_decimal(None) == ""
