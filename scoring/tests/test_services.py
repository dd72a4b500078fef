from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from core.models import AuditEntry
from scoring import selectors, services
from scoring.models import Criterion, Score, ScoringTable
from scoring.tests.conftest import CRITERIA, make_table

pytestmark = pytest.mark.django_db
S = ScoringTable.Status


def test_bloc_head_creates_table_with_criteria_audited(bloc, bloc_head):
    table = services.table_save(bloc=bloc, by=bloc_head, title="Bảng 2026", criteria=CRITERIA)
    assert table.status == S.DRAFT
    assert list(table.criteria.values_list("order", "code", "max_points")) == [
        (1, "I", Decimal("60")),
        (2, "II", Decimal("40")),
    ]
    assert AuditEntry.objects.filter(action="scoring.table.created", target_id=str(table.pk)).count() == 1


def test_secretariat_edits_draft_criteria(made, secretariat):
    services.table_save(
        bloc=made.table.bloc,
        by=secretariat,
        title="Bảng sửa",
        criteria=[{"code": "A", "name": "Một tiêu chí", "max_points": Decimal("100")}],
    )
    made.table.refresh_from_db()
    assert made.table.title == "Bảng sửa"
    assert list(made.table.criteria.values_list("code", flat=True)) == ["A"]


def test_unit_head_cannot_create_table(bloc, unit_head_a):
    with pytest.raises(ValidationError):
        services.table_save(bloc=bloc, by=unit_head_a, title="X", criteria=CRITERIA)
    assert not ScoringTable.objects.exists()


def test_criteria_refused_when_not_draft_or_duplicate(bloc, bloc_head):
    dup = [CRITERIA[0], {**CRITERIA[1], "code": "I"}]
    with pytest.raises(ValidationError, match="trùng"):
        services.table_save(bloc=bloc, by=bloc_head, title="X", criteria=dup)
    make_table(bloc, bloc_head, S.OPEN)
    with pytest.raises(ValidationError, match="đang soạn"):
        services.table_save(bloc=bloc, by=bloc_head, title="X", criteria=CRITERIA)


def test_db_refuses_negative_points_and_non_positive_max(made, jurisdiction):
    with pytest.raises(IntegrityError):
        Score.objects.create(
            table=made.table,
            unit=jurisdiction.commune_a,
            criterion=made.c1,
            kind=Score.Kind.SELF,
            points=Decimal("-1"),
            scored_at=timezone.now(),
        )


def test_db_refuses_zero_max_points(made):
    with pytest.raises(IntegrityError):
        Criterion.objects.create(table=made.table, code="Z", name="Z", max_points=0)


def test_self_score_by_member_unit_head_while_open(bloc, bloc_head, unit_head_a, jurisdiction):
    m = make_table(bloc, bloc_head, S.OPEN)
    services.self_score_save(
        table=m.table,
        unit=jurisdiction.commune_a,
        by=unit_head_a,
        points={services.self_key(m.c1.pk): Decimal("55.5"), services.self_key(m.c2.pk): None},
        note="Tự đánh giá",
    )
    s = Score.objects.get()
    assert (s.unit, s.kind, s.points, s.note, s.scored_by) == (
        jurisdiction.commune_a,
        Score.Kind.SELF,
        Decimal("55.5"),
        "Tự đánh giá",
        unit_head_a,
    )
    assert AuditEntry.objects.filter(action="scoring.score.self_saved").count() == 1


def test_self_score_over_max_gives_vietnamese_error(bloc, bloc_head, unit_head_a, jurisdiction):
    m = make_table(bloc, bloc_head, S.OPEN)
    key = services.self_key(m.c2.pk)
    with pytest.raises(ValidationError) as exc:
        services.self_score_save(
            table=m.table, unit=jurisdiction.commune_a, by=unit_head_a, points={key: Decimal("40.5")}
        )
    assert exc.value.message_dict[key] == ["Điểm 40,5 vượt quá điểm tối đa 40 của tiêu chí II."]
    assert not Score.objects.exists()


def test_self_score_refused_when_not_open_or_other_unit(made, bloc_head, unit_head_a, jurisdiction):
    key = services.self_key(made.c1.pk)
    with pytest.raises(ValidationError, match="đang mở"):
        services.self_score_save(
            table=made.table, unit=jurisdiction.commune_a, by=unit_head_a, points={key: 1}
        )
    services.table_open(table=made.table, by=bloc_head)
    with pytest.raises(ValidationError, match="quyền"):
        services.self_score_save(
            table=made.table, unit=jurisdiction.commune_b, by=unit_head_a, points={key: 1}
        )
    assert not Score.objects.exists()


def test_cross_score_only_bloc_head_during_cross_scoring(bloc, bloc_head, secretariat, jurisdiction):
    m = make_table(bloc, bloc_head, S.OPEN)
    key = services.cross_key(jurisdiction.commune_a.pk, m.c1.pk)
    with pytest.raises(ValidationError, match="bước chấm chéo"):
        services.cross_score_save(table=m.table, by=bloc_head, points={key: Decimal("50")})
    services.table_start_cross_scoring(table=m.table, by=bloc_head)
    with pytest.raises(ValidationError, match="quyền"):
        services.cross_score_save(table=m.table, by=secretariat, points={key: Decimal("50")})
    services.cross_score_save(table=m.table, by=bloc_head, points={key: Decimal("50")})
    services.cross_score_save(table=m.table, by=bloc_head, points={key: Decimal("51")})
    assert list(Score.objects.values_list("kind", "points")) == [(Score.Kind.CROSS, Decimal("51"))]
    services.cross_score_save(table=m.table, by=bloc_head, points={key: None})
    assert not Score.objects.exists()


def _cross(m, by, unit, p1, p2):
    services.cross_score_save(
        table=m.table,
        by=by,
        points={
            services.cross_key(unit.pk, m.c1.pk): Decimal(p1),
            services.cross_key(unit.pk, m.c2.pk): Decimal(p2),
        },
    )


def test_finalise_freezes_ranking_ties_share_rank(bloc, bloc_head, unit_head_a, jurisdiction):
    j = jurisdiction
    m = make_table(bloc, bloc_head, S.OPEN)
    services.self_score_save(
        table=m.table, unit=j.commune_a, by=unit_head_a, points={services.self_key(m.c1.pk): Decimal("59")}
    )
    services.table_start_cross_scoring(table=m.table, by=bloc_head)
    _cross(m, bloc_head, j.commune_a, "50", "30")
    _cross(m, bloc_head, j.office, "45", "35")
    table = services.table_finalise(table=m.table, by=bloc_head)
    rows = selectors.ranking(table)
    assert [(r.unit_name, r.rank, r.cross_total) for r in rows] == [
        ("Phòng Nội vụ", 1, Decimal("80")),
        ("Ủy ban nhân dân xã Bình Lư", 1, Decimal("80")),
        ("Ủy ban nhân dân xã Sơn Bình", None, None),
    ]
    assert rows[1].self_total == Decimal("59")
    # Frozen: a score written behind the service's back does not change the adopted ranking.
    Score.objects.filter(unit=j.office).update(points=0)
    table.refresh_from_db()
    assert [r.rank for r in selectors.ranking(table)] == [1, 1, None]
    assert selectors.compute_ranking(table)[0].unit_name == "Ủy ban nhân dân xã Bình Lư"


def test_competition_ranking_skips_after_tie(bloc, bloc_head, jurisdiction):
    j = jurisdiction
    m = make_table(bloc, bloc_head, S.CROSS_SCORING)
    _cross(m, bloc_head, j.commune_a, "50", "30")
    _cross(m, bloc_head, j.office, "50", "30")
    _cross(m, bloc_head, j.commune_b, "60", "30")
    assert [r.rank for r in selectors.compute_ranking(m.table)] == [1, 2, 2]


def test_reopen_by_secretariat_needs_reason(bloc, bloc_head, secretariat):
    m = make_table(bloc, bloc_head, S.FINAL)
    with pytest.raises(ValidationError, match="quyền"):
        services.table_reopen(table=m.table, by=bloc_head, reason="Sai sót")
    with pytest.raises(ValidationError, match="lý do"):
        services.table_reopen(table=m.table, by=secretariat, reason="  ")
    table = services.table_reopen(table=m.table, by=secretariat, reason="Sai sót số liệu")
    assert (table.status, table.ranking_snapshot, table.finalised_at) == (S.CROSS_SCORING, [], None)
    entry = AuditEntry.objects.get(action="scoring.table.cross_scoring", data__reason="Sai sót số liệu")
    assert entry.actor == secretariat


def test_transitions_follow_table(bloc, bloc_head):
    m = make_table(bloc, bloc_head)
    with pytest.raises(ValidationError, match="Không thể chuyển"):
        services.table_finalise(table=m.table, by=bloc_head)
    assert ScoringTable.objects.get().status == S.DRAFT


def test_visibility(made, bloc_head, secretariat, chair, council_member, unit_head_a, outsider, no_role_user):
    for user in (bloc_head, secretariat, chair, council_member, unit_head_a):
        assert list(selectors.tables_visible_to(user)) == [made.table], user
    for user in (outsider, no_role_user):
        assert not selectors.tables_visible_to(user).exists()
