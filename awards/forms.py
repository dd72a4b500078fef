"""Input shape only; domain checks live in services and importing."""

from core.forms import ExcelUploadForm


class AwardImportForm(ExcelUploadForm):
    """The award-register import's upload (the shared Excel upload)."""
