from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import AwardAnnulment, AwardKind, DocumentType, Household, Occasion
from campaigns.models import Campaign
from nominations.selectors import ballot_console
from units.models import Person, Unit


class BatchForm(forms.Form):
    title = forms.CharField(label=_("Trích yếu"), max_length=300)
    unit = forms.ModelChoiceField(label=_("Đơn vị đề nghị"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Năm thành tích"), min_value=1945, max_value=2100)
    occasion = forms.ChoiceField(label=_("Loại khen thưởng"), choices=Occasion.choices)
    campaign = forms.ModelChoiceField(
        label=_("Phong trào (tổng kết)"), queryset=Campaign.objects.none(), required=False
    )

    def __init__(self, *args, units=None, campaigns=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["campaign"].queryset = campaigns if campaigns is not None else Campaign.objects.none()


class NominationForm(forms.Form):
    SUBJECT_CHOICES = [
        ("person", _("Cá nhân")),
        ("collective", _("Tập thể")),
        ("household", _("Hộ gia đình")),
    ]
    subject_kind = forms.ChoiceField(label=_("Đối tượng"), choices=SUBJECT_CHOICES)
    person = forms.ModelChoiceField(label=_("Cá nhân"), queryset=Person.objects.none(), required=False)
    collective = forms.ModelChoiceField(label=_("Tập thể"), queryset=Unit.objects.none(), required=False)
    household = forms.ModelChoiceField(
        label=_("Hộ gia đình"), queryset=Household.objects.none(), required=False
    )
    award_kind = forms.ModelChoiceField(
        label=_("Danh hiệu, hình thức đề nghị"), queryset=AwardKind.objects.filter(active=True)
    )
    summary = forms.CharField(
        label=_("Tóm tắt thành tích"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, people=None, units=None, households=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else Person.objects.none()
        self.fields["collective"].queryset = units if units is not None else Unit.objects.none()
        self.fields["household"].queryset = households if households is not None else Household.objects.none()

    def clean(self):
        data = super().clean()
        kind = data.get("subject_kind")
        if kind and not data.get(kind):
            self.add_error(kind, _("Chọn đối tượng."))
        return data


class DocumentForm(forms.Form):
    document_type = forms.ChoiceField(label=_("Loại tài liệu"), choices=DocumentType.choices)
    nomination = forms.IntegerField(required=False, widget=forms.HiddenInput)
    file = forms.FileField(label=_("Tệp (PDF, Word, Excel, ảnh)"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AppraisalForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Kết quả thẩm định"),
        choices=[("1", _("Trình Hội đồng")), ("0", _("Không trình Hội đồng"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Ý kiến thẩm định"), required=False)
    reason = forms.CharField(label=_("Lý do không trình"), required=False)
    override_reason = forms.CharField(
        label=_("Lý do vẫn trình Hội đồng (khi chưa đạt tiêu chuẩn)"), required=False
    )


class SessionForm(forms.Form):
    council = forms.ModelChoiceField(label=_("Hội đồng"), queryset=None)
    title = forms.CharField(label=_("Tên phiên họp"), max_length=300)
    meeting_date = forms.DateField(label=_("Ngày họp"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    location = forms.CharField(label=_("Địa điểm"), required=False)

    def __init__(self, *args, councils=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["council"].empty_label = None


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("Trích yếu"), max_length=300)
    decision_date = forms.DateField(label=_("Ngày quyết định"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200)


class AnnulForm(forms.Form):
    ground = forms.ChoiceField(label=_("Căn cứ hủy bỏ"), choices=AwardAnnulment.Ground.choices)
    note = forms.CharField(label=_("Ghi chú"), required=False)


class CloseBallotForm(forms.Form):
    """Closing the secret ballot: while attendees still have to vote, the secretariat ticks a box
    that states the numbers (issue 16 item 3); with every vote in, the form has no field.
    `console`: the session's BallotConsole when the caller has it already (its totals cover the
    whole agenda), else it is read."""

    confirm_missing = forms.BooleanField(required=False)

    def __init__(self, *args, session, console=None, **kwargs):
        super().__init__(*args, **kwargs)
        console = console if console is not None else ballot_console(session)
        if console.missing_members:
            self.fields["confirm_missing"].label = _("%(message)s. Tôi xác nhận kết thúc bỏ phiếu.") % {
                "message": console.message
            }
        else:
            del self.fields["confirm_missing"]


class AttendeesForm(forms.Form):
    """The roll call when a council session opens: which members of its council attend (all
    ticked at first)."""

    attendees = forms.ModelMultipleChoiceField(
        label=_("Điểm danh"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["attendees"]
        field.queryset = session.council.members.order_by("full_name")
        field.label_from_instance = lambda m: m.full_name or m.username
        field.initial = list(field.queryset.values_list("pk", flat=True))
