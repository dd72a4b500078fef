"""Each rule with a passing and a failing case; pure data in, verdict out."""

from datetime import date

import pytest

from awards.eligibility import (
    AwardFact,
    CollectiveHistory,
    DisciplineFact,
    FreezeFact,
    Histories,
    InitiativeFact,
    Nominee,
    PersonHistory,
    evaluate_many,
    needed_to_judge,
)
from awards.models import RuleParameter
from awards.rules import load_rulebook
from core import caching

pytestmark = pytest.mark.django_db

ON = date(2025, 1, 20)  # appraisal of year 2024 under ND 98
ON_NEW = date(2026, 1, 20)  # appraisal of year 2025 under ND 152


@pytest.fixture
def rules():
    return load_rulebook()


def person(pid=1, unit=10, **kw):
    kw.setdefault("employed_since", date(2015, 1, 1))
    return PersonHistory(person_id=pid, unit_id=unit, **kw)


def judge(rules, nominees, persons=(), collectives=(), holders=None, on=ON):
    if isinstance(nominees, Nominee):
        nominees = [nominees]
    hist = Histories(
        persons={p.person_id: p for p in persons},
        collectives={c.unit_id: c for c in collectives},
        unit_holders=holders or {},
    )
    return evaluate_many(nominees, on, rules=rules, histories=hist)


def ind(award, year=2024, pid=1, **kw):
    return Nominee("individual", pid, award, year, **kw)


# --- Advanced Worker -------------------------------------------------------------------
def test_advanced_worker_good_rating_full_year_is_eligible(rules):
    [v] = judge(rules, ind("advanced_worker"), [person(ratings={2024: "good"})])
    assert v.eligible, v.failures
    assert any("Điều 24" in r.citation for r in v.reasons)


def test_advanced_worker_needs_good_rating(rules):
    [v] = judge(rules, ind("advanced_worker"), [person(ratings={2024: "completed"})])
    assert not v.eligible
    assert v.codes() == {"aw_rating"}
    assert "hoàn thành tốt nhiệm vụ trở lên" in v.failures[0].message


@pytest.mark.parametrize(("start", "ok"), [(date(2024, 7, 1), True), (date(2024, 7, 2), False)])
def test_advanced_worker_needs_six_months_in_the_year(rules, start, ok):
    [v] = judge(rules, ind("advanced_worker"), [person(ratings={2024: "excellent"}, employed_since=start)])
    assert v.eligible is ok
    assert ("aw_months" in v.codes()) is not ok


def test_advanced_worker_without_start_date_is_not_assumed(rules):
    [v] = judge(rules, ind("advanced_worker"), [person(ratings={2024: "good"}, employed_since=None)])
    assert v.codes() == {"aw_months"}


def test_advanced_worker_excluded_by_reprimand_in_the_year(rules):
    reprimand = DisciplineFact("reprimand", date(2024, 3, 1), date(2025, 2, 28))
    [v] = judge(rules, ind("advanced_worker"), [person(ratings={2024: "good"}, disciplines=(reprimand,))])
    assert v.codes() == {"aw_discipline"}
    assert v.failures[0].unconfirmed  # the ND 91-era rule is flagged ⚠
    old = DisciplineFact("reprimand", date(2022, 3, 1), date(2023, 2, 28))
    [v] = judge(rules, ind("advanced_worker"), [person(ratings={2024: "good"}, disciplines=(old,))])
    assert v.eligible


# --- Grassroots emulation fighter ------------------------------------------------------
BIG_UNIT = {(10, 2024, "advanced_worker"): set(range(100, 120))}  # 20 Advanced Workers: 3 fighters allowed


def _aw(year=2024):
    return AwardFact("advanced_worker", year)


@pytest.mark.parametrize(
    "extra",
    [
        {"ratings": {2024: "excellent"}},
        {"ratings": {2024: "good"}, "initiatives": (InitiativeFact("unit", 2024),)},
    ],
)
def test_grassroots_fighter_advanced_worker_plus_excellence_or_initiative(rules, extra):
    [v] = judge(rules, ind("grassroots_fighter"), [person(awards=(_aw(),), **extra)], holders=BIG_UNIT)
    assert v.eligible, v.failures


def test_grassroots_fighter_good_rating_without_initiative_fails(rules):
    [v] = judge(
        rules,
        ind("grassroots_fighter"),
        [person(awards=(_aw(),), ratings={2024: "good"}, initiatives=(InitiativeFact("unit", 2023),))],
        holders=BIG_UNIT,
    )
    assert v.codes() == {"gf_excellence"}
    assert "Điều 23 ⚠" in v.failures[0].citation  # sources disagree (law.md §11.4)


def test_grassroots_fighter_without_advanced_worker_criteria_fails(rules):
    [v] = judge(
        rules,
        ind("grassroots_fighter"),
        [person(ratings={2024: "excellent"}, employed_since=date(2024, 10, 1))],
    )
    assert "aw_months" in v.codes()


def test_grassroots_fighter_with_advanced_worker_proposed_in_the_same_batch(rules):
    p = person(ratings={2024: "excellent"})
    holders = {(10, 2024, "advanced_worker"): set(range(100, 120))}
    v_aw, v_gf = judge(rules, [ind("advanced_worker"), ind("grassroots_fighter")], [p], holders=holders)
    assert v_aw.eligible
    assert v_gf.eligible
    assert any(r.code == "gf_advanced_worker" and r.ok for r in v_gf.reasons)


def test_grassroots_fighter_quota_15_percent_of_unit_advanced_workers(rules):
    people = [person(pid=i, awards=(_aw(),), ratings={2024: "excellent"}) for i in (1, 2)]
    # 10 Advanced Workers in the unit: at most 1 grassroots fighter.
    holders = {(10, 2024, "advanced_worker"): set(range(1, 11))}
    verdicts = judge(
        rules, [ind("grassroots_fighter", pid=1), ind("grassroots_fighter", pid=2)], people, holders=holders
    )
    assert [v.codes() for v in verdicts] == [{"gf_quota"}, {"gf_quota"}]
    assert "Vượt tỷ lệ" in verdicts[0].failures[0].message
    assert verdicts[0].failures[0].unconfirmed
    # 14 Advanced Workers: 2 allowed (15% of 14 = 2.1).
    holders = {(10, 2024, "advanced_worker"): set(range(1, 15))}
    verdicts = judge(
        rules, [ind("grassroots_fighter", pid=1), ind("grassroots_fighter", pid=2)], people, holders=holders
    )
    assert all(v.eligible for v in verdicts)


def test_quota_percent_is_editable(rules):
    RuleParameter.objects.filter(key="grassroots_fighter.quota_percent").update(value=20)
    caching.bump(RuleParameter)  # .update() skips save(): the cached rule book must hear of it
    people = [person(pid=i, awards=(_aw(),), ratings={2024: "excellent"}) for i in (1, 2)]
    holders = {(10, 2024, "advanced_worker"): set(range(1, 11))}
    verdicts = judge(
        load_rulebook(),
        [ind("grassroots_fighter", pid=1), ind("grassroots_fighter", pid=2)],
        people,
        holders=holders,
    )
    assert all(v.eligible for v in verdicts)


# --- Provincial emulation fighter --------------------------------------------------------
def _gf(*years, occasion="regular"):
    return tuple(AwardFact("grassroots_fighter", y, occasion) for y in years)


def test_provincial_fighter_three_consecutive_years_and_provincial_initiative(rules):
    p = person(awards=_gf(2022, 2023, 2024), initiatives=(InitiativeFact("province", 2022),))
    [v] = judge(rules, ind("provincial_fighter"), [p])
    assert v.eligible, v.failures


def test_provincial_fighter_gap_in_chain_fails(rules):
    p = person(awards=_gf(2021, 2022, 2024), initiatives=(InitiativeFact("province", 2024),))
    [v] = judge(rules, ind("provincial_fighter"), [p])
    assert v.codes() == {"pf_chain"}
    assert "thiếu năm: 2023" in v.failures[0].message


def test_provincial_fighter_needs_provincial_scope_initiative(rules):
    p = person(awards=_gf(2022, 2023, 2024), initiatives=(InitiativeFact("unit", 2023),))
    [v] = judge(rules, ind("provincial_fighter"), [p])
    assert v.codes() == {"pf_initiative"}


def test_thematic_awards_do_not_count_toward_the_chain(rules):
    p = person(
        awards=_gf(2022, 2024) + _gf(2023, occasion="thematic"),
        initiatives=(InitiativeFact("province", 2024),),
    )
    [v] = judge(rules, ind("provincial_fighter"), [p])
    assert v.codes() == {"pf_chain"}


def test_provincial_fighter_with_third_year_proposed_in_same_batch(rules):
    p = person(
        awards=(*_gf(2022, 2023), _aw(2024)),
        ratings={2024: "excellent"},
        initiatives=(InitiativeFact("province", 2023),),
    )
    holders = {(10, 2024, "advanced_worker"): set(range(1, 21))}
    alone = judge(rules, ind("provincial_fighter"), [p], holders=holders)
    together = judge(rules, [ind("provincial_fighter"), ind("grassroots_fighter")], [p], holders=holders)
    assert not alone[0].eligible
    assert together[0].eligible
    assert together[1].eligible


def test_chain_can_be_set_to_end_the_year_before(rules):
    RuleParameter.objects.filter(key="provincial_fighter.chain_ends_in_nomination_year").update(value=False)
    caching.bump(RuleParameter)  # .update() skips save(): the cached rule book must hear of it
    p = person(awards=_gf(2021, 2022, 2023), initiatives=(InitiativeFact("province", 2022),))
    [v] = judge(load_rulebook(), ind("provincial_fighter"), [p])
    assert v.eligible, v.failures


def test_achievements_count_only_after_a_penalty_ended(rules):
    penalty = DisciplineFact("reprimand", date(2022, 6, 1), date(2023, 5, 31))
    p = person(
        awards=_gf(2022, 2023, 2024), initiatives=(InitiativeFact("province", 2024),), disciplines=(penalty,)
    )
    [v] = judge(rules, ind("provincial_fighter"), [p])
    assert "pf_chain" in v.codes()
    assert any(r.code == "penalty_served" and "31/05/2023" in r.message for r in v.reasons)


# --- Freeze (ND 152 Art. 4) ------------------------------------------------------------------
def test_under_review_blocks_every_award(rules):
    frozen = person(ratings={2024: "good"}, freezes=(FreezeFact("investigation", date(2025, 1, 5)),))
    [v] = judge(rules, ind("advanced_worker"), [frozen])
    assert v.codes() == {"under_review"}
    assert "NĐ 152/2025 Điều 4" in v.failures[0].citation
    ended = person(
        ratings={2024: "good"}, freezes=(FreezeFact("complaint", date(2024, 5, 1), date(2024, 9, 1)),)
    )
    [v] = judge(rules, ind("advanced_worker"), [ended])
    assert v.eligible


def test_collective_under_review_is_blocked(rules):
    c = CollectiveHistory(unit_id=5, freezes=(FreezeFact("investigation", date(2024, 12, 1)),))
    [v] = judge(rules, Nominee("collective", 5, "emulation_flag", 2024), collectives=[c])
    assert v.codes() == {"under_review"}


# --- Provincial merit diploma (Bằng khen) ------------------------------------------------------
def test_merit_diploma_two_consecutive_grassroots_fighter_years(rules):
    [v] = judge(rules, ind("merit_diploma"), [person(awards=_gf(2023, 2024))])
    assert v.eligible, v.failures
    assert "Điều 74" in v.reasons[-1].citation


def test_merit_diploma_two_excellent_years_with_two_initiatives(rules):
    p = person(
        ratings={2023: "excellent", 2024: "excellent"},
        initiatives=(InitiativeFact("unit", 2023), InitiativeFact("unit", 2024)),
    )
    [v] = judge(rules, ind("merit_diploma"), [p])
    assert v.eligible, v.failures


def test_merit_diploma_one_initiative_is_not_enough(rules):
    p = person(
        ratings={2023: "excellent", 2024: "excellent"},
        initiatives=(InitiativeFact("unit", 2023),),
        awards=_gf(2024),
    )
    [v] = judge(rules, ind("merit_diploma"), [p])
    assert v.codes() == {"md_criteria"}


# --- Collective titles -----------------------------------------------------------------------
def members(n_aw, n, **kw):
    out = []
    for i in range(n):
        awards = (_aw(),) if i < n_aw else ()
        out.append(person(pid=100 + i, unit=5, awards=awards, ratings={2024: "good"}, **kw))
    return tuple(out)


def test_advanced_collective_more_than_half_advanced_workers(rules):
    [v] = judge(
        rules,
        Nominee("collective", 5, "advanced_collective", 2024),
        collectives=[CollectiveHistory(5, members=members(2, 3))],
    )
    assert v.eligible, v.failures
    [v] = judge(
        rules,
        Nominee("collective", 5, "advanced_collective", 2024),
        collectives=[CollectiveHistory(5, members=members(2, 4))],
    )
    assert v.codes() == {"ac_share"}


def test_advanced_collective_nobody_warned(rules):
    ms = list(members(3, 3))
    ms[0] = person(
        pid=100,
        unit=5,
        awards=(_aw(),),
        disciplines=(DisciplineFact("warning", date(2024, 2, 1), date(2025, 2, 1)),),
    )
    [v] = judge(
        rules,
        Nominee("collective", 5, "advanced_collective", 2024),
        collectives=[CollectiveHistory(5, members=tuple(ms))],
    )
    assert v.codes() == {"ac_discipline"}


def test_excellent_collective(rules):
    ms = list(members(7, 10))
    ms[0] = person(pid=100, unit=5, awards=(_aw(), *_gf(2024)), ratings={2024: "excellent"})
    nominee = Nominee("collective", 5, "excellent_collective", 2024)
    [v] = judge(rules, nominee, collectives=[CollectiveHistory(5, members=tuple(ms))])
    assert v.eligible, v.failures
    six = list(members(6, 10))
    six[0] = ms[0]
    [v] = judge(rules, nominee, collectives=[CollectiveHistory(5, members=tuple(six))])
    assert v.codes() == {"ec_share"}
    ms[9] = person(pid=109, unit=5, ratings={2024: "not_completed"})
    [v] = judge(rules, nominee, collectives=[CollectiveHistory(5, members=tuple(ms))])
    assert v.codes() == {"ec_completed"}
    [v] = judge(rules, nominee, collectives=[CollectiveHistory(5, members=members(8, 10))])
    assert v.codes() == {"ec_fighter"}


# --- Authority and the 1 July 2025 switch ------------------------------------------------------
def test_commune_chairman_may_confer_grassroots_fighter_only_from_1_july_2025(rules):
    p = person(awards=(_aw(2025),), ratings={2025: "excellent"})
    holders = {(10, 2025, "advanced_worker"): set(range(1, 21))}
    nominee = ind("grassroots_fighter", year=2025, level="commune", conferrer="chairman")
    [before] = judge(rules, nominee, [p], holders=holders, on=date(2025, 6, 30))
    [after] = judge(rules, nominee, [p], holders=holders, on=date(2025, 7, 1))
    # Item 4: at appraisal the level is routing, not a failed criterion.
    assert before.eligible
    [route] = [r for r in before.reasons if r.code == "authority_route"]
    assert route.message == "Cấp xã không quyết định khen thưởng này (ngày 30/06/2025): trình cấp huyện."
    assert before.rule_set == "nd98_2023"
    assert after.eligible
    assert after.rule_set == "nd152_2025"
    assert "NĐ 129/2025" in next(r.citation for r in after.reasons if r.code == "authority")


def test_district_chairman_only_before_1_july_2025(rules):
    p = person(ratings={2025: "good"})
    nominee = ind("advanced_worker", year=2025, level="district", conferrer="chairman")
    [before] = judge(rules, nominee, [p], on=date(2025, 6, 30))
    [after] = judge(rules, nominee, [p], on=date(2025, 7, 1))
    assert before.eligible
    assert after.eligible
    [route] = [r for r in after.reasons if r.code == "authority_route"]
    assert route.message == "Cấp huyện không quyết định khen thưởng này (ngày 01/07/2025): trình cấp tỉnh."


def test_award_not_for_that_subject_kind(rules):
    [v] = judge(rules, Nominee("collective", 5, "advanced_worker", 2024), collectives=[CollectiveHistory(5)])
    assert v.codes() == {"subject_kind"}


def test_no_rule_set_in_force_is_a_reason(rules):
    [v] = judge(
        rules, ind("advanced_worker", year=2022), [person(ratings={2022: "good"})], on=date(2023, 1, 20)
    )
    assert v.codes() == {"rule_set"}
    assert "Không có bộ quy tắc" in v.failures[0].message


def test_penalty_served_before_the_chain_does_not_block(rules):
    penalty = DisciplineFact("warning", date(2020, 6, 1), date(2021, 5, 31))
    p = person(
        awards=_gf(2022, 2023, 2024), initiatives=(InitiativeFact("province", 2024),), disciplines=(penalty,)
    )
    [v] = judge(rules, ind("provincial_fighter"), [p])
    assert v.eligible, v.failures
    running = DisciplineFact("reprimand", date(2024, 11, 1), date(2025, 10, 31))
    p = person(
        awards=_gf(2022, 2023, 2024), initiatives=(InitiativeFact("province", 2024),), disciplines=(running,)
    )
    [v] = judge(rules, ind("provincial_fighter"), [p])
    assert {"pf_chain", "penalty_running"} <= v.codes()


# --- Item 6: the quota's rounding is a dated parameter, stated in the reason, always shown ---
@pytest.mark.parametrize(
    ("rounding", "aw", "allowed", "label"),
    [
        ("floor", 10, 1, "làm tròn xuống"),
        ("nearest", 10, 2, "làm tròn đến số gần nhất"),
        ("floor", 5, 0, "làm tròn xuống"),
        ("at_least_one", 5, 1, "làm tròn xuống, ít nhất 1"),
    ],
)
def test_quota_rounding_is_a_parameter_named_in_the_reason(rounding, aw, allowed, label):
    RuleParameter.objects.filter(key="grassroots_fighter.quota_rounding").update(value=rounding)
    caching.bump(RuleParameter)  # .update() skips save(): the cached rule book must hear of it
    people = [person(pid=1, awards=(_aw(),), ratings={2024: "excellent"})]
    holders = {(10, 2024, "advanced_worker"): set(range(1, aw + 1))}
    [v] = judge(load_rulebook(), [ind("grassroots_fighter", pid=1)], people, holders=holders)
    [quota] = [r for r in v.reasons if r.code == "gf_quota"]
    if allowed >= 1:
        assert quota.ok
        assert quota.message == (
            f"Tỷ lệ Chiến sĩ thi đua cơ sở của đơn vị: 1/{aw} Lao động tiên tiến "
            f"(tối đa {allowed}: 15% của {aw}, {label})."
        )
    else:
        assert not quota.ok
        assert quota.message == (
            f"Vượt tỷ lệ: 1 Chiến sĩ thi đua cơ sở trên {aw} Lao động tiên tiến của đơn vị, "
            f"tối đa 0 (15% của {aw}, {label})."
        )
    assert quota.unconfirmed


def test_quota_rounding_default_is_seeded_on_every_rule_set():
    values = set(
        RuleParameter.objects.filter(key="grassroots_fighter.quota_rounding").values_list("value", flat=True)
    )
    assert values == {"floor"}
    assert RuleParameter.objects.filter(key="grassroots_fighter.quota_rounding").count() >= 2


def test_quota_is_shown_even_when_another_check_fails(rules):
    people = [
        person(pid=1, awards=(_aw(),), ratings={2024: "excellent"}),
        person(pid=2, awards=(_aw(),), ratings={2024: "good"}),  # no excellence, no initiative
    ]
    holders = {(10, 2024, "advanced_worker"): set(range(1, 15))}
    ok, failing = judge(
        rules, [ind("grassroots_fighter", pid=1), ind("grassroots_fighter", pid=2)], people, holders=holders
    )
    assert ok.eligible
    assert not failing.eligible
    assert failing.codes() == {"gf_excellence"}
    [quota] = [r for r in failing.reasons if r.code == "gf_quota"]
    # 14 Advanced Workers: 2 allowed; the failing nominee is counted as if added (1 + itself).
    assert quota.ok
    assert quota.message == (
        "Tỷ lệ Chiến sĩ thi đua cơ sở của đơn vị: 2/14 Lao động tiên tiến "
        "(tối đa 2: 15% của 14, làm tròn xuống)."
    )


# --- Item 7: verdicts name what they left out; initiative certificate only when relied on ---
def test_provincial_fighter_names_the_thematic_award_left_out_of_the_chain(rules):
    awards = (*_gf(2022, 2024), *_gf(2023, occasion="thematic"))
    [v] = judge(
        rules,
        ind("provincial_fighter"),
        [person(awards=awards, initiatives=(InitiativeFact("province", 2023),))],
    )
    [chain] = [r for r in v.failures if r.code == "pf_chain"]
    assert chain.message == (
        "Chưa đủ 3 năm liên tục đạt Chiến sĩ thi đua cơ sở (2022–2024); thiếu năm: 2023. "
        "Không tính vào chuỗi (năm 2023: khen theo đợt, chuyên đề): khen đột xuất, theo đợt, chuyên đề "
        "không làm căn cứ đề nghị khen cao hơn (NĐ 152/2025 Điều 4)."
    )


def test_merit_diploma_names_the_ad_hoc_award_left_out(rules):
    awards = (*_gf(2023), *_gf(2024, occasion="ad_hoc"))
    [v] = judge(rules, ind("merit_diploma"), [person(awards=awards)])
    [criteria] = [r for r in v.failures if r.code == "md_criteria"]
    assert criteria.message.endswith(
        "Không tính vào chuỗi (năm 2024: khen đột xuất): khen đột xuất, theo đợt, chuyên đề "
        "không làm căn cứ đề nghị khen cao hơn (NĐ 152/2025 Điều 4)."
    )


def test_missing_regular_year_names_nothing_left_out(rules):
    [v] = judge(
        rules,
        ind("provincial_fighter"),
        [person(awards=_gf(2022, 2024), initiatives=(InitiativeFact("province", 2023),))],
    )
    [chain] = [r for r in v.failures if r.code == "pf_chain"]
    assert chain.message == "Chưa đủ 3 năm liên tục đạt Chiến sĩ thi đua cơ sở (2022–2024); thiếu năm: 2023."


@pytest.mark.parametrize(
    ("award", "rating", "needed"),
    [
        ("grassroots_fighter", "excellent", False),
        ("grassroots_fighter", "good", True),
        ("grassroots_fighter", None, True),
        ("provincial_fighter", "excellent", True),
        ("advanced_worker", "good", False),
    ],
)
def test_claim_rests_on_initiative(award, rating, needed):
    from awards.eligibility import claim_rests_on_initiative

    assert claim_rests_on_initiative(award, rating) is needed


def test_a_missing_rule_parameter_raises_instead_of_a_number_in_code():
    """The quota percentage lives in the rule data only: without it the engine refuses to judge."""
    from django.core.exceptions import ValidationError

    RuleParameter.objects.filter(key="grassroots_fighter.quota_percent").delete()
    people = [person(pid=i, awards=(_aw(),), ratings={2024: "excellent"}) for i in (1, 2)]
    holders = {(10, 2024, "advanced_worker"): set(range(1, 11))}
    with pytest.raises(ValidationError, match=r"grassroots_fighter\.quota_percent"):
        judge(
            load_rulebook(),
            [ind("grassroots_fighter", pid=1), ind("grassroots_fighter", pid=2)],
            people,
            holders=holders,
        )


# --- Judging part of a batch (issue 17: a page of 50 of a 500-nominee batch) -------------------
def test_needed_to_judge_gives_each_nominee_its_verdict_within_the_whole_batch(rules):
    """Judging only `needed_to_judge(batch, [i])` gives nominee i exactly the verdict it gets
    within the whole batch: the members' Lao động tiên tiến proposed in the batch count for the
    collective, the Advanced Worker proposed for a fighter counts for him, the quota counts every
    grassroots fighter of the unit-year, the third CSTĐCS year proposed counts for the province."""
    team = members(1, 4)  # one member holds LĐTT 2024; three more are proposed in the batch
    fighters = [person(pid=i, unit=10, ratings={2024: "excellent"}) for i in (1, 2)]
    chain = person(
        pid=3,
        unit=11,
        awards=(_aw(), *_gf(2022, 2023)),
        ratings={2024: "excellent"},
        initiatives=(InitiativeFact("province", 2024),),
    )
    batch = [
        Nominee("collective", 5, "advanced_collective", 2024),
        ind("grassroots_fighter", pid=1),
        *(ind("advanced_worker", pid=m.person_id) for m in team[1:]),
        ind("advanced_worker", pid=1),
        ind("grassroots_fighter", pid=2),
        ind("provincial_fighter", pid=3),
        ind("grassroots_fighter", pid=3),
    ]
    hist = Histories(
        persons={p.person_id: p for p in (*team, *fighters, chain)},
        collectives={5: CollectiveHistory(5, members=team)},
        unit_holders={
            (10, 2024, "advanced_worker"): set(range(20, 30)),  # 10 LĐTT: 1 fighter allowed
            (11, 2024, "advanced_worker"): set(range(30, 50)),
        },
    )
    whole = evaluate_many(batch, ON, rules=rules, histories=hist)
    assert whole[0].eligible
    assert "gf_quota" in whole[1].codes()
    assert whole[-2].eligible
    for i in range(len(batch)):
        keep = needed_to_judge(batch, [i])
        part = evaluate_many([batch[k] for k in keep], ON, rules=rules, histories=hist)[keep.index(i)]
        assert [(r.code, r.ok, r.message) for r in part.reasons] == [
            (r.code, r.ok, r.message) for r in whole[i].reasons
        ], batch[i]
    # Judged alone the collective fails: the dependency is real. An Advanced Worker needs nobody.
    [alone] = evaluate_many(batch[:1], ON, rules=rules, histories=hist)
    assert "ac_share" in alone.codes()
    assert needed_to_judge(batch, [2]) == [2]
    assert needed_to_judge(batch, []) == []
