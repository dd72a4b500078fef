"""Input shape only; domain checks live in services and importing."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import DisciplineRecord, Initiative, ReviewFreeze, TaskRating
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


DATE_INPUT = {"input_formats": ["%d/%m/%Y", "%Y-%m-%d"]}


def _date_widget():
    return forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


class _NoTag:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class InitiativeForm(_NoTag, forms.Form):
    title = forms.CharField(label=_("Tên sáng kiến"), max_length=300)
    scope = forms.ChoiceField(label=_("Phạm vi ảnh hưởng"), choices=Initiative.Scope.choices)
    decision_number = forms.CharField(label=_("Số quyết định công nhận"), max_length=60, required=False)
    recognised_on = forms.DateField(label=_("Ngày công nhận"), widget=_date_widget(), **DATE_INPUT)
    recognised_by = forms.CharField(label=_("Cơ quan công nhận"), max_length=200, required=False)
    year = forms.IntegerField(
        label=_("Năm áp dụng"),
        required=False,
        min_value=1945,
        max_value=2100,
        help_text=_("Để trống: năm của ngày công nhận."),
    )


class DisciplineForm(_NoTag, forms.Form):
    form = forms.ChoiceField(label=_("Hình thức kỷ luật"), choices=DisciplineRecord.Form.choices)
    decision_number = forms.CharField(label=_("Số quyết định kỷ luật"), max_length=60, required=False)
    start = forms.DateField(label=_("Có hiệu lực từ ngày"), widget=_date_widget(), **DATE_INPUT)
    end = forms.DateField(
        label=_("Hết thời hạn ngày"),
        required=False,
        widget=_date_widget(),
        help_text=_("Thành tích được tính lại từ ngày này; để trống nếu chưa biết."),
        **DATE_INPUT,
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class FreezeForm(_NoTag, forms.Form):
    reason = forms.ChoiceField(label=_("Lý do tạm dừng xét khen thưởng"), choices=ReviewFreeze.Reason.choices)
    start = forms.DateField(label=_("Từ ngày"), widget=_date_widget(), **DATE_INPUT)
    end = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        widget=_date_widget(),
        help_text=_("Để trống nếu chưa kết thúc."),
        **DATE_INPUT,
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class StartDateForm(_NoTag, forms.Form):
    employed_since = forms.DateField(
        label=_("Ngày bắt đầu công tác tại đơn vị"),
        required=False,
        widget=_date_widget(),
        help_text=_("Dùng để tính đủ 6 tháng công tác trong năm khi xét danh hiệu."),
        **DATE_INPUT,
    )


class HouseholdForm(_NoTag, forms.Form):
    head_name = forms.CharField(label=_("Họ tên chủ hộ"), max_length=150)
    village = forms.ModelChoiceField(label=_("Thôn, bản, tổ dân phố"), queryset=None)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    members = forms.CharField(
        label=_("Thành viên trong hộ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi người một dòng, ví dụ: Lò Thị Mai (vợ)."),
    )

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
