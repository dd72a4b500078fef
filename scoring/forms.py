from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionFormMixin
from core.formats import format_vn_decimal
from core.forms import VNDecimalField
from scoring.services import cross_key, self_key


class TableForm(VersionFormMixin, forms.Form):
    title = forms.CharField(label=_("Tên bảng chấm điểm"), max_length=300)


class CriterionForm(forms.Form):
    code = forms.CharField(label=_("Mã"), max_length=20)
    name = forms.CharField(label=_("Tiêu chí"), max_length=500)
    max_points = VNDecimalField(label=_("Điểm tối đa"))
    guidance = forms.CharField(
        label=_("Hướng dẫn chấm"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_max_points(self):
        value = self.cleaned_data["max_points"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Điểm tối đa phải lớn hơn 0."))
        return value


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, can_delete=True)


def _points_field(label):
    return VNDecimalField(label=label, required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}))


class SelfScoreForm(forms.Form):
    """One points field per criterion (`c<id>`) and a note."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[self_key(c.pk)] = _points_field(
                _("%(code)s. %(name)s (tối đa %(max)s)")
                % {"code": c.code, "name": c.name, "max": format_vn_decimal(c.max_points)}
            )
        self.fields["note"] = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def points(self) -> dict:
        return {self_key(c.pk): self.cleaned_data.get(self_key(c.pk)) for c in self.criteria}


class CrossScoreForm(forms.Form):
    """The bloc head's grid: one field per (unit, criterion), named `p_<unit>_<criterion>`."""

    def __init__(self, *args, units, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.units, self.criteria = units, criteria
        for u in units:
            for c in criteria:
                field = _points_field(f"{u.name} — {c.code}")
                field.widget.attrs["aria-label"] = f"{u.name} — {c.code}"
                self.fields[cross_key(u.pk, c.pk)] = field

    def points(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.fields}

    def rows(self):
        return [(u, [self[cross_key(u.pk, c.pk)] for c in self.criteria]) for u in self.units]


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 3}))
