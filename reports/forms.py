"""Input shape only; rules are in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionFormMixin
from core.formats import format_vn_decimal
from core.forms import CrispyFieldsMixin, VNDecimalField
from reports import schedule
from reports.models import ReportRound
from units.forms import DATE_WIDGET
from units.models import Unit


class DaysField(forms.CharField):
    """ "7, 1" <-> [7, 1]."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value):
        value = super().to_python(value) or ""
        out = []
        for part in value.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or not 0 < int(part) <= 365:
                raise forms.ValidationError(
                    _("Nhập các số ngày (1-365) cách nhau bằng dấu phẩy, ví dụ: 7, 1.")
                )
            out.append(int(part))
        return out


class RoundForm(VersionFormMixin, CrispyFieldsMixin, forms.Form):
    title = forms.CharField(label=_("Tên kỳ báo cáo"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=ReportRound.Kind.choices)
    opens_on = forms.DateField(label=_("Mở nhận báo cáo từ ngày"), widget=DATE_WIDGET)
    deadline_on = forms.DateField(
        label=_("Hạn nộp (hết ngày)"), widget=DATE_WIDGET, help_text=_("Hạn nộp tính đến 23:59 của ngày này.")
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phải báo cáo"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Để trống khi tạo mới: lấy các đơn vị tham gia phong trào."),
    )
    recurrence = forms.ChoiceField(label=_("Lặp lại"), choices=ReportRound.Recurrence.choices)
    recurrence_day = forms.IntegerField(label=_("Ngày"), min_value=1, max_value=31, required=False)
    recurrence_month = forms.IntegerField(label=_("Tháng"), min_value=1, max_value=12, required=False)
    days_before = DaysField(
        label=_("Nhắc trước hạn (số ngày)"),
        required=False,
        initial=", ".join(str(n) for n in schedule.DEFAULT_DAYS_BEFORE),
        help_text=_("Ví dụ: 7, 1"),
    )
    on_the_day = forms.BooleanField(
        label=_("Nhắc đúng ngày hết hạn"), required=False, initial=schedule.DEFAULT_ON_THE_DAY
    )
    overdue_every_days = forms.IntegerField(
        label=_("Khi quá hạn, nhắc lại sau mỗi (ngày)"),
        min_value=0,
        max_value=365,
        initial=schedule.DEFAULT_OVERDUE_EVERY_DAYS,
    )
    escalate_after = forms.IntegerField(
        label=_("Báo Thường trực sau số lần nhắc quá hạn"),
        min_value=0,
        max_value=50,
        initial=schedule.DEFAULT_ESCALATE_AFTER,
    )
    send_email = forms.BooleanField(label=_("Gửi thư điện tử"), required=False, initial=True)
    send_in_app = forms.BooleanField(label=_("Thông báo trong hệ thống"), required=False, initial=True)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["units"].queryset = units

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("deadline_on") and data["opens_on"] > data["deadline_on"]:
            self.add_error("deadline_on", _("Hạn nộp phải sau ngày mở nhận báo cáo."))
        return data

    def round_values(self) -> dict:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "kind": d["kind"],
            "opens_at": d["opens_on"],
            "deadline": d["deadline_on"],
            "recurrence": d["recurrence"],
            "recurrence_day": d.get("recurrence_day"),
            "recurrence_month": d.get("recurrence_month"),
        }

    def policy_values(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in POLICY_FORM_FIELDS}


POLICY_FORM_FIELDS = [
    "days_before",
    "on_the_day",
    "overdue_every_days",
    "escalate_after",
    "send_email",
    "send_in_app",
]


class SubmissionForm(CrispyFieldsMixin, forms.Form):
    """The campaign's targets as Vietnamese-number fields, and the narrative."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    narrative = forms.CharField(
        label=_("Nội dung báo cáo"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args, results=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.results = list(results)
        for r in self.results:
            t = r.target
            if r.goal is None:
                help_text = _("Đơn vị chưa được giao chỉ tiêu riêng (chỉ tiêu chung: %(goal)s %(uom)s)")
            else:
                help_text = _("Chỉ tiêu của đơn vị: %(goal)s %(uom)s")
            self.fields[f"target_{t.pk}"] = VNDecimalField(
                label=f"{t.name} ({t.unit_of_measure})",
                required=False,
                help_text=help_text
                % {
                    "goal": format_vn_decimal(r.goal if r.goal is not None else t.value, 4),
                    "uom": t.unit_of_measure,
                },
            )
            if t.is_rate:
                self.fields[f"base_{t.pk}"] = VNDecimalField(
                    label=_("Tổng số làm mẫu số của tỷ lệ “%(name)s” (không bắt buộc)") % {"name": t.name},
                    required=False,
                    help_text=_("Ví dụ tổng số hộ, tổng số trẻ trong độ tuổi: để tính tỷ lệ chung."),
                )

    def target_rows(self):
        return [(self[f"target_{r.target.pk}"], r) for r in self.results]

    def rate_base_fields(self):
        return [self[f"base_{r.target.pk}"] for r in self.results if r.target.is_rate]

    def figures(self) -> dict:
        return {r.target.pk: self.cleaned_data.get(f"target_{r.target.pk}") for r in self.results}

    def bases(self) -> dict:
        return {
            r.target.pk: self.cleaned_data.get(f"base_{r.target.pk}")
            for r in self.results
            if r.target.is_rate
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tệp đính kèm (PDF, Word, Excel, ảnh PNG/JPG)"))
