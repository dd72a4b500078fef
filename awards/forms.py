"""Input shape only; domain checks live in services and importing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import TaskRating
from core.forms import ExcelUploadForm


class AwardImportForm(ExcelUploadForm):
    """The award-register import's upload (the shared Excel upload)."""


class RatingSheetForm(forms.Form):
    """A unit's year-end grid: one rating per person (field `p<id>`), the version seen, the
    peer-review meeting's date and minutes."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    meeting_date = forms.DateField(
        label=_("Ngày họp bình xét"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )
    minutes = forms.FileField(label=_("Biên bản họp bình xét (PDF, Word, ảnh)"), required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people
        choices = [("", _("Chưa xếp loại")), *TaskRating.Rating.choices]
        for person in people:
            self.fields[f"p{person.pk}"] = forms.ChoiceField(
                label=person.full_name, choices=choices, required=False, widget=forms.RadioSelect
            )

    def rows(self):
        """(person, bound field) per person, in the people's order."""
        return [(p, self[f"p{p.pk}"]) for p in self.people]

    def ratings(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data.get(f"p{p.pk}", "") for p in self.people}
