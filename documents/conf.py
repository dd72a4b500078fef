"""Layout settings for issued PDFs, validated against ND 30/2020 Annex I ranges."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# ND 30/2020, Annex I, Part I §I.3: allowed margins in millimetres.
MARGIN_RANGES_MM = {"top": (20, 25), "right": (15, 20), "bottom": (20, 25), "left": (30, 35)}
DEFAULT_MARGINS_MM = (20, 15, 20, 30)  # top, right, bottom, left
A4_WIDTH_MM = 210
HEADER_LEFT_COLUMN_MM = 62  # our choice (documents.md §1.2): fits the 12 pt agency names


@dataclass(frozen=True)
class PageMargins:
    top: float
    right: float
    bottom: float
    left: float

    @property
    def css(self) -> str:
        return f"{self.top}mm {self.right}mm {self.bottom}mm {self.left}mm"

    @property
    def text_width(self) -> float:
        return A4_WIDTH_MM - self.left - self.right

    @property
    def header_right_column(self) -> float:
        return self.text_width - HEADER_LEFT_COLUMN_MM


def validate_margins(values) -> PageMargins:
    """(top, right, bottom, left) in mm -> PageMargins.

    Raises ImproperlyConfigured outside the decree's ranges."""
    try:
        top, right, bottom, left = (float(v) for v in values)
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(
            "THIDUA_PDF_MARGINS_MM must be four numbers: top,right,bottom,left (mm)."
        ) from exc
    margins = PageMargins(top=top, right=right, bottom=bottom, left=left)
    for side, (low, high) in MARGIN_RANGES_MM.items():
        value = getattr(margins, side)
        if not low <= value <= high:
            raise ImproperlyConfigured(
                f"THIDUA_PDF_MARGINS_MM: {side} margin {value} mm is outside {low}-{high} mm (ND 30/2020)."
            )
    return margins


def page_margins() -> PageMargins:
    return validate_margins(getattr(settings, "THIDUA_PDF_MARGINS_MM", DEFAULT_MARGINS_MM))


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")
