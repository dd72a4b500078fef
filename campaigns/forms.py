"""Input shape only; rules are in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import (
    COLLECTIVE_TITLE_CHOICES,
    INDIVIDUAL_TITLE_CHOICES,
    Campaign,
    LaunchDocument,
    Target,
)
from core.concurrency import VersionFormMixin
from core.forms import CrispyFieldsMixin, LinesField, VNDecimalField
from units.forms import DATE_WIDGET
from units.models import Bloc, Unit


class CampaignForm(VersionFormMixin, CrispyFieldsMixin, forms.ModelForm):
    award_forms = LinesField(label=_("Hình thức khen thưởng (mỗi dòng một hình thức)"), required=False)
    movements = LinesField(label=_("Các phong trào cụ thể (mỗi dòng một phong trào)"), required=False)
    participants = forms.ModelMultipleChoiceField(
        label=_("Đơn vị tham gia"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    blocs = forms.ModelMultipleChoiceField(
        label=_("Khối, cụm tham gia"),
        queryset=Bloc.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    class Meta:
        model = Campaign
        fields = [
            "title",
            "kind",
            "year",
            "launching_unit",
            "theme",
            "period_start",
            "period_end",
            "registration_deadline",
            "award_forms",
            "movements",
        ]
        widgets = {
            "period_start": DATE_WIDGET,
            "period_end": DATE_WIDGET,
            "registration_deadline": DATE_WIDGET,
            "theme": forms.Textarea(attrs={"rows": 2}),
            "title": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, units=None, blocs=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = units if units is not None else Unit.objects.all()
        self.fields["launching_unit"].queryset = units.filter(kind=Unit.Kind.PEOPLES_COMMITTEE)
        self.fields["participants"].queryset = units
        self.fields["blocs"].queryset = blocs if blocs is not None else Bloc.objects.all()
        if self.instance.pk and not self.is_bound:
            self.initial["participants"] = list(self.instance.participants.values_list("pk", flat=True))
            self.initial["blocs"] = list(self.instance.participant_blocs.values_list("pk", flat=True))

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class TargetForm(VersionFormMixin, CrispyFieldsMixin, forms.ModelForm):
    value = VNDecimalField(label=_("Giá trị"))

    class Meta:
        model = Target
        fields = ["name", "group", "unit_of_measure", "value", "direction", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False  # %, ‰ make it a rate anyway (Target.clean)

    def clean_kind(self):
        return self.cleaned_data.get("kind") or Target.Kind.QUANTITY


class LaunchDocumentForm(CrispyFieldsMixin, forms.ModelForm):
    recipients = LinesField(label=_("Nơi nhận (mỗi dòng một nơi)"), required=False)
    original_file = forms.FileField(label=_("Tệp gốc (.pdf, .docx, .txt)"), required=False)

    class Meta:
        model = LaunchDocument
        fields = [
            "doc_type",
            "number",
            "symbol",
            "date",
            "place",
            "issuer",
            "subject",
            "signer_name",
            "signer_title",
            "signing_capacity",
            "recipients",
            "original_file",
        ]
        widgets = {"date": DATE_WIDGET, "subject": forms.Textarea(attrs={"rows": 2})}

    def clean_original_file(self):
        """Checked by content (type, size, readable text) with the importer's own rules."""
        from campaigns.extraction import extract_text

        f = self.cleaned_data.get("original_file")
        if f:
            self.extracted_text = extract_text(f.name, f.read())
            f.seek(0)
        return f


class RegistrationForm(CrispyFieldsMixin, forms.Form):
    """Built from the campaign's targets and the unit's people."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    collective_title = forms.ChoiceField(
        label=_("Danh hiệu tập thể đăng ký"),
        choices=[("", _("— Không đăng ký —")), *COLLECTIVE_TITLE_CHOICES],
        required=False,
    )
    pledge = forms.CharField(
        label=_("Nội dung cam kết"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, targets=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.targets, self.people = list(targets), list(people)
        for t in self.targets:
            self.fields[f"target_{t.pk}"] = VNDecimalField(
                label=f"{t.name} ({t.unit_of_measure})",
                required=False,
                help_text=_("Để trống nếu đơn vị không đăng ký chỉ tiêu này."),
            )
        for p in self.people:
            self.fields[f"person_{p.pk}"] = forms.ChoiceField(
                label=p.full_name,
                required=False,
                choices=[("", "—"), *INDIVIDUAL_TITLE_CHOICES],
            )

    def target_fields(self):
        return [self[f"target_{t.pk}"] for t in self.targets]

    def person_fields(self):
        return [self[f"person_{p.pk}"] for p in self.people]

    def commitments(self) -> dict:
        return {
            t.pk: self.cleaned_data[f"target_{t.pk}"]
            for t in self.targets
            if self.cleaned_data.get(f"target_{t.pk}") is not None
        }

    def individuals(self) -> list:
        return [
            (p, self.cleaned_data[f"person_{p.pk}"])
            for p in self.people
            if self.cleaned_data.get(f"person_{p.pk}")
        ]


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("Tiêu đề"), max_length=500, required=False)
    body = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


SectionFormSet = forms.formset_factory(SectionForm, extra=2, can_delete=True)


class ImportSourceForm(CrispyFieldsMixin, forms.Form):
    file = forms.FileField(label=_("Tệp văn bản (.txt, .docx, .pdf có lớp chữ)"), required=False)
    text = forms.CharField(
        label=_("Hoặc dán nội dung văn bản"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Hãy chọn tệp hoặc dán nội dung văn bản."))
        return data


class ImportedDocumentForm(CrispyFieldsMixin, forms.Form):
    """The launch-document fields the parser extracted, all editable before saving."""

    # blank first: a type the importer did not find, or a non-launch type (Quyết định, Tờ trình…),
    # is left for the user to choose instead of showing "Chỉ thị" by default
    doc_type = forms.ChoiceField(
        label=_("Loại văn bản"), choices=[("", _("— Chọn loại văn bản —")), *LaunchDocument.Type.choices]
    )
    number = forms.CharField(label=_("Số"), required=False, max_length=20)
    symbol = forms.CharField(label=_("Ký hiệu"), required=False, max_length=50)
    date = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DATE_WIDGET)
    place = forms.CharField(label=_("Địa danh"), required=False, max_length=100)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=300)
    subject = forms.CharField(label=_("Trích yếu"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    signer_name = forms.CharField(label=_("Người ký"), required=False, max_length=150)
    signer_title = forms.CharField(label=_("Chức vụ"), required=False, max_length=150)
    signing_capacity = forms.CharField(label=_("Thẩm quyền ký"), required=False, max_length=150)
    recipients = LinesField(label=_("Nơi nhận (mỗi dòng một nơi)"), required=False)
    report_deadlines = LinesField(label=_("Hạn báo cáo (mỗi dòng: ngày/tháng, định kỳ)"), required=False)
    upload_key = forms.CharField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(required=False, widget=forms.HiddenInput)


class ImportedTargetForm(forms.Form):
    name = forms.CharField(
        label=_("Chỉ tiêu"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control w-100"}),
    )
    value = VNDecimalField(label=_("Giá trị"), required=False)
    unit_of_measure = forms.CharField(label=_("Đơn vị tính"), max_length=50, required=False)
    direction = forms.ChoiceField(label=_("Yêu cầu"), choices=Target.Direction.choices)
    group = forms.ChoiceField(label=_("Nhóm"), choices=Target.Group.choices)

    def clean(self):
        data = super().clean()
        if data.get("name") and data.get("value") is None and not data.get("DELETE"):
            self.add_error("value", _("Nhập giá trị cho chỉ tiêu này, hoặc đánh dấu xóa."))
        if data.get("name") and not data.get("unit_of_measure") and not data.get("DELETE"):
            self.add_error("unit_of_measure", _("Nhập đơn vị tính."))
        return data


ImportedTargetFormSet = forms.formset_factory(ImportedTargetForm, extra=1, can_delete=True)
