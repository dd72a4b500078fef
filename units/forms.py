"""Input shape only; domain rules live in services (their errors land on these forms)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionFormMixin
from core.forms import CrispyFieldsMixin, ExcelUploadForm
from core.roles import Role
from units.models import AdministrativeLevel, Bloc, Person, Unit

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


class UnitForm(VersionFormMixin, CrispyFieldsMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "name",
            "short_name",
            "kind",
            "level",
            "parent",
            "valid_from",
            "valid_to",
            "successor",
            "address",
            "email",
            "phone",
        ]
        widgets = {"valid_from": DATE_WIDGET, "valid_to": DATE_WIDGET}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = units if units is not None else Unit.objects.all()
        self.fields["parent"].queryset = units
        self.fields["successor"].queryset = units
        self.fields["level"].queryset = AdministrativeLevel.objects.all()


class PersonForm(VersionFormMixin, CrispyFieldsMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "full_name",
            "gender",
            "date_of_birth",
            "cccd",
            "unit",
            "position",
            "is_leader",
            "ethnicity",
            "employed_since",
            "email",
            "phone",
        ]
        widgets = {"date_of_birth": DATE_WIDGET, "employed_since": DATE_WIDGET}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units

    def clean_cccd(self):
        return (self.cleaned_data.get("cccd") or "").strip() or None


class BlocForm(VersionFormMixin, CrispyFieldsMixin, forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        label=_("Thành viên"),
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Giữ Ctrl để chọn nhiều đơn vị."),
    )

    class Meta:
        model = Bloc
        fields = ["name", "kind", "year", "organiser", "members", "head", "deputy"]

    def __init__(self, *args, units=None, organisers=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = units if units is not None else Unit.objects.all()
        self.fields["members"].queryset = units
        self.fields["head"].queryset = units
        self.fields["deputy"].queryset = units
        self.fields["organiser"].queryset = organisers if organisers is not None else units
        if self.instance.pk and not self.is_bound:
            self.initial["members"] = list(self.instance.memberships.values_list("unit_id", flat=True))


class RoleGrantForm(CrispyFieldsMixin, forms.Form):
    user = forms.ModelChoiceField(
        label=_("Tài khoản"), queryset=get_user_model().objects.order_by("username")
    )
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    valid_from = forms.DateField(label=_("Hiệu lực từ"), widget=DATE_WIDGET)
    valid_to = forms.DateField(label=_("Hiệu lực đến"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, units=None, users=None, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.all()
        if users is not None:
            self.fields["user"].queryset = users
        if roles is not None:
            self.fields["role"].choices = [(r, Role(r).label) for r in roles]

    def clean(self):
        data = super().clean()
        if data.get("valid_to") and data.get("valid_from") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class PeopleImportForm(ExcelUploadForm):
    """The people import's upload (the shared Excel upload)."""


class ReorganiseForm(CrispyFieldsMixin, forms.Form):
    """Input of the reorganisation page (units.reorganisation); the service checks the rules."""

    operation = forms.ChoiceField(label=_("Hình thức sắp xếp"), widget=forms.RadioSelect)
    others = forms.ModelMultipleChoiceField(
        label=_("Các đơn vị sáp nhập cùng"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chỉ dùng khi sáp nhập: đơn vị cùng cấp trên, đang hoạt động."),
    )
    name = forms.CharField(
        label=_("Tên đơn vị mới"),
        max_length=200,
        required=False,
        help_text=_("Khi sáp nhập hoặc đổi tên."),
    )
    parent = forms.ModelChoiceField(
        label=_("Đơn vị cấp trên"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Khi sáp nhập: để trống để giữ cấp trên hiện tại. Khi chuyển: bắt buộc."),
    )
    effective = forms.DateField(label=_("Ngày hiệu lực"), widget=DATE_WIDGET)

    def __init__(self, *args, operations=(), others=None, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operation"].choices = list(operations)
        if others is not None:
            self.fields["others"].queryset = others
        if parents is not None:
            self.fields["parent"].queryset = parents
