"""Thin views over scoring.selectors and scoring.services. A forbidden object is a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core.excel import xlsx_response
from core.views import RoleRequiredMixin, Transition, TransitionView, add_service_errors
from scoring import permissions, selectors, services
from scoring.forms import CriterionFormSet, CrossScoreForm, ReopenForm, SelfScoreForm, TableForm
from scoring.models import Score, ScoringTable
from units.models import Unit
from units.permissions import ALL_ROLES
from units.selectors import bloc_get_for_user

SCORING_ROLES = ALL_ROLES
S = ScoringTable.Status


class _TableMixin(RoleRequiredMixin):
    required_roles = SCORING_ROLES

    def get_table(self) -> ScoringTable:
        return selectors.table_get_for_user(user=self.request.user, pk=self.kwargs["pk"])


class BlocTableView(RoleRequiredMixin, TemplateView):
    """Entry from the bloc page: the bloc's table, or an invitation to create it."""

    required_roles = SCORING_ROLES
    template_name = "scoring/no_table.html"

    def get(self, request, *args, **kwargs):
        bloc = bloc_get_for_user(user=request.user, pk=kwargs["bloc_pk"])
        table = ScoringTable.objects.filter(bloc=bloc).first()
        if table is not None:
            return redirect(selectors.table_get_for_user(user=request.user, pk=table.pk))
        return render(
            request,
            self.template_name,
            {"bloc": bloc, "can_edit": permissions.can_edit_table(request.user, bloc)},
        )


class TableEditView(RoleRequiredMixin, View):
    """Create the table or edit its criteria (formset) while draft: bloc head or secretariat."""

    required_roles = SCORING_ROLES
    template_name = "scoring/table_form.html"

    def setup_objects(self, request, bloc_pk):
        self.bloc = bloc_get_for_user(user=request.user, pk=bloc_pk)
        if not permissions.can_edit_table(request.user, self.bloc):
            raise Http404
        self.table = ScoringTable.objects.filter(bloc=self.bloc).first()

    def _render(self, request, form, formset):
        return render(
            request,
            self.template_name,
            {"bloc": self.bloc, "table": self.table, "form": form, "formset": formset},
        )

    def get(self, request, bloc_pk):
        self.setup_objects(request, bloc_pk)
        if self.table and self.table.status != S.DRAFT:
            messages.warning(request, _("Chỉ sửa được bảng tiêu chí khi bảng đang soạn."))
            return redirect(self.table)
        if self.table:
            form = TableForm(initial={"title": self.table.title}, version_of=self.table)
            formset = CriterionFormSet(
                initial=list(self.table.criteria.values("code", "name", "max_points", "guidance")), prefix="c"
            )
        else:
            form = TableForm(initial={"title": _("Bảng chấm điểm thi đua %(bloc)s") % {"bloc": self.bloc}})
            formset = CriterionFormSet(prefix="c")
        return self._render(request, form, formset)

    def post(self, request, bloc_pk):
        self.setup_objects(request, bloc_pk)
        form = TableForm(request.POST, version_of=self.table)
        formset = CriterionFormSet(request.POST, prefix="c")
        if form.is_valid() and formset.is_valid():
            criteria = [
                f.cleaned_data
                for f in formset.forms
                if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                table = services.table_save(
                    bloc=self.bloc,
                    by=request.user,
                    title=form.cleaned_data["title"],
                    criteria=criteria,
                    version=form.cleaned_data.get("version"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu bảng tiêu chí."))
                return redirect(table)
        return self._render(request, form, formset)


class TableDetailView(_TableMixin, TemplateView):
    template_name = "scoring/table_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        table = self.get_table()
        criteria = selectors.criteria_of(table)
        own_ids = permissions.member_units_of(user, table)
        own_units = list(Unit.objects.filter(pk__in=own_ids).order_by("name"))
        self_scores = selectors.scores_by_key(table, kind=Score.Kind.SELF, unit_ids=own_ids)
        cross_scores = selectors.scores_by_key(table, kind=Score.Kind.CROSS, unit_ids=own_ids)
        ctx.update(
            table=table,
            bloc=table.bloc,
            criteria=criteria,
            total_max=sum((c.max_points for c in criteria), 0),
            can_edit=permissions.can_edit_table(user, table.bloc),
            is_bloc_head=permissions.is_bloc_head(user, table.bloc),
            can_reopen=permissions.can_manage(user, table.bloc.organiser),
            reopen_form=ReopenForm(),
            can_see_ranking=permissions.can_see_ranking(user, table),
            own_units=[
                {
                    "unit": u,
                    "rows": [
                        (c, self_scores.get((u.pk, c.pk)), cross_scores.get((u.pk, c.pk))) for c in criteria
                    ],
                }
                for u in own_units
            ],
            S=S,
        )
        return ctx


def _can_edit(user, table) -> bool:
    return permissions.can_edit_table(user, table.bloc)


def _can_reopen(user, table) -> bool:
    return permissions.can_manage(user, table.bloc.organiser)


class TableTransitionView(TransitionView):
    """`<pk>/chuyen/<status>/`: the bloc head (or the secretariat) opens self-scoring, starts
    cross-scoring and finalises; the organiser's secretariat reopens a final table for
    cross-scoring with a reason (the final ranking is void again)."""

    required_roles = SCORING_ROLES
    model = ScoringTable
    S = ScoringTable.Status
    transitions = {
        S.OPEN: Transition(
            lambda t, by: services.table_open(table=t, by=by),
            gettext_lazy("Đã mở bảng cho các đơn vị tự chấm điểm."),
            allowed=_can_edit,
        ),
        S.CROSS_SCORING: {
            S.OPEN: Transition(
                lambda t, by: services.table_start_cross_scoring(table=t, by=by),
                gettext_lazy("Đã chuyển sang bước chấm chéo."),
                allowed=_can_edit,
            ),
            S.FINAL: Transition(
                lambda t, by, reason: services.table_reopen(table=t, by=by, reason=reason),
                gettext_lazy("Đã mở lại bảng để chấm chéo."),
                form_class=ReopenForm,
                allowed=_can_reopen,
            ),
        },
        S.FINAL: Transition(
            lambda t, by: services.table_finalise(table=t, by=by),
            gettext_lazy("Đã thông qua kết quả xếp hạng."),
            allowed=_can_edit,
        ),
    }

    def get_object(self, request, pk):
        return selectors.table_get_for_user(user=request.user, pk=pk)


class SelfScoreView(_TableMixin, View):
    template_name = "scoring/self_score.html"

    def _setup(self, request, pk, unit_pk):
        self.table = self.get_table()
        self.unit = Unit.objects.filter(pk=unit_pk, bloc_memberships__bloc=self.table.bloc).first()
        if self.unit is None or not permissions.can_self_score(request.user, self.table, self.unit):
            raise Http404
        self.criteria = selectors.criteria_of(self.table)

    def _render(self, request, form):
        return render(
            request,
            self.template_name,
            {"table": self.table, "unit": self.unit, "form": form, "is_open": self.table.status == S.OPEN},
        )

    def get(self, request, pk, unit_pk):
        self._setup(request, pk, unit_pk)
        scores = selectors.scores_by_key(self.table, kind=Score.Kind.SELF, unit_ids=[self.unit.pk])
        initial = {services.self_key(c): s.points for (_u, c), s in scores.items()}
        initial["note"] = next((s.note for s in scores.values() if s.note), "")
        return self._render(request, SelfScoreForm(initial=initial, criteria=self.criteria))

    def post(self, request, pk, unit_pk):
        self._setup(request, pk, unit_pk)
        form = SelfScoreForm(request.POST, criteria=self.criteria)
        if form.is_valid():
            try:
                services.self_score_save(
                    table=self.table,
                    unit=self.unit,
                    by=request.user,
                    points=form.points(),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu điểm tự chấm của %(unit)s.") % {"unit": self.unit.name})
                return redirect(self.table)
        return self._render(request, form)


class CrossScoreView(_TableMixin, View):
    """The bloc head's grid: member units × criteria in one form."""

    template_name = "scoring/cross_score.html"

    def _setup(self, request):
        self.table = self.get_table()
        if not permissions.is_bloc_head(request.user, self.table.bloc):
            raise Http404
        self.criteria = selectors.criteria_of(self.table)
        self.units = selectors.members_of(self.table)

    def _render(self, request, form, self_totals):
        return render(
            request,
            self.template_name,
            {
                "table": self.table,
                "criteria": self.criteria,
                "form": form,
                "self_totals": self_totals,
                "is_open": self.table.status == S.CROSS_SCORING,
            },
        )

    def _self_totals(self):
        totals = {}
        for (unit_id, _c), s in selectors.scores_by_key(self.table, kind=Score.Kind.SELF).items():
            totals[unit_id] = totals.get(unit_id, 0) + s.points
        return totals

    def get(self, request, pk):
        self._setup(request)
        initial = {
            services.cross_key(u, c): s.points
            for (u, c), s in selectors.scores_by_key(self.table, kind=Score.Kind.CROSS).items()
        }
        form = CrossScoreForm(initial=initial, units=self.units, criteria=self.criteria)
        return self._render(request, form, self._self_totals())

    def post(self, request, pk):
        self._setup(request)
        form = CrossScoreForm(request.POST, units=self.units, criteria=self.criteria)
        if form.is_valid():
            try:
                services.cross_score_save(table=self.table, by=request.user, points=form.points())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu điểm chấm chéo."))
                return redirect("scoring:cross-score", pk=self.table.pk)
        return self._render(request, form, self._self_totals())


class RankingView(_TableMixin, TemplateView):
    template_name = "scoring/ranking.html"

    def get(self, request, *args, **kwargs):
        self.table = self.get_table()
        if not permissions.can_see_ranking(request.user, self.table):
            raise Http404
        self.rows = selectors.ranking(self.table)
        if request.GET.get("export") == "xlsx":
            not_scored = _("chưa chấm chéo")
            return xlsx_response(
                f"xep-hang-{self.table.bloc.year}-{self.table.pk}.xlsx",
                [_("Hạng"), _("Đơn vị"), _("Tổng điểm tự chấm"), _("Tổng điểm chấm chéo")],
                (
                    [
                        r.rank if r.rank is not None else not_scored,
                        r.unit_name,
                        float(r.self_total) if r.self_total is not None else None,
                        float(r.cross_total) if r.cross_total is not None else not_scored,
                    ]
                    for r in self.rows
                ),
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(table=self.table, rows=self.rows, S=S)
        return ctx
