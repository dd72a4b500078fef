"""Demo campaigns built from real launch documents of Tam Đường district.

`demo_documents/` holds the text of two seed documents (a 2024 directive and the 2022
plan for the district's 20th anniversary). They go through the same parser and services
as an upload by staff. Targets are added by hand afterwards (the 2024 directive states
none): their figures are ILLUSTRATIVE. A copy of the 2024 campaign for the current year is
launched with its registration deadline 45 days after the first load, so the demo can be
used today.
"""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model

from campaigns import services
from campaigns.models import Campaign, Registration
from campaigns.parsing import campaign_title_from_subject, parse_launch_document
from units.models import Bloc, Unit

DOCS = Path(__file__).resolve().parent / "demo_documents"

DEMO_TARGETS = [
    ("Tổng thu ngân sách nhà nước trên địa bàn", "economic", "tỷ đồng", Decimal("120"), "reach"),
    ("Tỷ lệ hộ nghèo giảm", "social", "%", Decimal("3.5"), "reduce"),
    ("Diện tích chè trồng mới", "economic", "ha", Decimal("100"), "reach"),
    ("Tỷ lệ trường học đạt chuẩn quốc gia", "social", "%", Decimal("70"), "reach"),
    ("Tỷ lệ che phủ rừng", "environmental", "%", Decimal("52.5"), "keep"),
]


def _from_document(*, by, filename, launching_unit, year, blocs, status_path, kind=None):
    text = (DOCS / filename).read_text(encoding="utf-8")
    parsed = parse_launch_document(text)
    title = campaign_title_from_subject(parsed.get("subject")) or filename
    # Found again by its source document, so a later wording change of the title adds nothing.
    existing = Campaign.objects.filter(
        launching_unit=launching_unit, year=year, documents__original_name=filename
    ).first()
    if existing:
        return existing
    doc_values = {
        k: parsed.get(k) or ""
        for k in (
            "doc_type",
            "number",
            "symbol",
            "place",
            "issuer",
            "subject",
            "signer_name",
            "signer_title",
            "signing_capacity",
        )
    }
    doc_values.update(
        date=parsed.get("date"),
        recipients=parsed.get("recipients") or [],
        report_deadlines=parsed.get("report_deadlines") or [],
        text=text,
        original_name=filename,
    )
    campaign = services.campaign_create_from_document(
        by=by,
        campaign_values={
            "title": title,
            "year": year,
            "launching_unit": launching_unit,
            "kind": kind or Campaign.Kind.REGULAR,
            "theme": parsed.get("theme") or "",
            "period_start": parsed.get("period_start"),
            "period_end": parsed.get("period_end"),
            "award_forms": parsed.get("award_forms") or [],
            "movements": parsed.get("movements") or [],
        },
        document_values=doc_values,
        targets=[
            {
                "name": t["name"][:500],
                "value": Decimal(str(t["value"])),
                "unit_of_measure": t.get("unit") or "",
                "direction": t.get("direction") or "reach",
                "group": t.get("group") or "other",
            }
            for t in parsed.get("targets") or []
            if t.get("value") is not None
        ],
        blocs=blocs,
    )
    for status in status_path:
        services.campaign_transition(campaign=campaign, to=status, by=by)
    return campaign


def load(*, stdout, two_level: bool = False, today: date, world: str = "2026") -> None:
    """The district's campaigns (2022 thematic, 2024 regular); in the district-2024 world also this
    year's copy, launched. In the 2026 world this year's campaigns are the communes' (`load_2026`)
    and the district's 2024 campaign is closed (the district ended on 30/06/2025)."""
    from units import demo as units_demo

    if world == units_demo.WORLD_2026 and units_demo.reform_done():
        return
    User = get_user_model()
    secretariat = User.objects.get(username="noivu")
    district = Unit.objects.get(name="Ủy ban nhân dân huyện Tam Đường")
    S = Campaign.Status
    blocs_2024 = list(Bloc.objects.filter(organiser=district, year=2024))

    # 2022 thematic campaign (20 years of the district), long closed.
    _from_document(
        by=secretariat,
        filename="ke-hoach-20-nam-tam-duong-2022.txt",
        launching_unit=district,
        year=2022,
        blocs=blocs_2024,
        kind=Campaign.Kind.THEMATIC,
        status_path=[S.LAUNCHED, S.FINAL_REVIEW, S.CLOSED],
    )
    # 2024 regular campaign from the chairman's directive, in its final review.
    c2024 = _from_document(
        by=secretariat,
        filename="chi-thi-thi-dua-2024-tam-duong.txt",
        launching_unit=district,
        year=2024,
        blocs=blocs_2024,
        status_path=[],
    )
    if not c2024.targets.exists():
        for name, group, uom, value, direction in DEMO_TARGETS:
            services.target_save(
                campaign=c2024,
                by=secretariat,
                name=name,
                group=group,
                unit_of_measure=uom,
                value=value,
                direction=direction,
            )
        services.campaign_update(
            campaign=c2024,
            by=secretariat,
            period_start=date(2024, 1, 1),
            period_end=date(2024, 12, 31),
            registration_deadline=date(2024, 3, 31),
        )
    if c2024.status == S.DRAFT:
        for status in (S.LAUNCHED, S.INTERIM_REVIEW, S.FINAL_REVIEW):
            services.campaign_transition(campaign=c2024, to=status, by=secretariat)
    if world == units_demo.WORLD_2026:
        if c2024.status != S.CLOSED:
            services.campaign_transition(campaign=c2024, to=S.CLOSED, by=secretariat)
        stdout.write(f"  campaigns: {Campaign.objects.count()} phong trào của huyện (lịch sử)")
        return

    # This year's copy, launched and open for registration.
    year = today.year
    current = Campaign.objects.filter(cloned_from=c2024, year=year).first()
    if current is None:
        current = services.campaign_clone(campaign=c2024, by=secretariat, year=year)
        services.campaign_update(
            campaign=current,
            by=secretariat,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            # 45 days to register, but never past the campaign's end (a load on 31/12 closes it that day).
            registration_deadline=min(today + timedelta(days=45), date(year, 12, 31)),
            blocs=list(Bloc.objects.filter(organiser=district, year=year)),
        )
        services.campaign_transition(campaign=current, to=S.LAUNCHED, by=secretariat)
        _demo_registrations(current, secretariat)
        _demo_unit_targets(current, secretariat)
    stdout.write(
        f"  campaigns: {Campaign.objects.count()} phong trào, {Registration.objects.count()} bản đăng ký"
    )


# Each commune's own share of the district's budget target (ILLUSTRATIVE figures, tỷ đồng).
DEMO_UNIT_BUDGET = {"Ủy ban nhân dân xã Bình Lư": Decimal("12"), "Ủy ban nhân dân xã Bản Bo": Decimal("10.5")}


def _demo_unit_targets(campaign: Campaign, secretariat) -> None:
    """Give two communes their own budget target (giao riêng), as the secretariat would."""
    budget = campaign.targets.filter(name=DEMO_TARGETS[0][0]).first()
    from campaigns.selectors import participating_units

    units = {u.name: u for u in participating_units(campaign).filter(name__in=DEMO_UNIT_BUDGET)}
    if budget is None:
        return
    services.target_assign_grid(
        campaign=campaign,
        by=secretariat,
        values={(units[n].pk, budget.pk): v for n, v in DEMO_UNIT_BUDGET.items() if n in units},
    )


def _demo_registrations(campaign: Campaign, secretariat, units=("Ủy ban nhân dân xã Sơn Bình",)) -> None:
    """Units already registered (and approved), so the tracker shows progress."""
    from campaigns.selectors import participating_units
    from units import permissions as authority

    heads = {g.unit.name: g.user for g in authority.role_grants_on(None, "unit_head")}
    targets = list(campaign.targets.all())
    for unit_name, approve in ((u, True) for u in units):
        unit = participating_units(campaign).get(name=unit_name)
        user = heads[unit_name]
        reg = services.registration_start(campaign=campaign, unit=unit, by=user)
        reg = services.registration_save(
            registration=reg,
            by=user,
            version=reg.version,
            collective_title="advanced_collective",
            pledge="Phấn đấu hoàn thành xuất sắc nhiệm vụ năm.",
            commitments={t.pk: t.value for t in targets[:3]},
            individuals=[],
        )
        reg = services.registration_submit(registration=reg, by=user)
        if approve:
            services.registration_approve(registration=reg, by=secretariat)


# --- The 2026 world: each commune launches its own campaign for the year --------------------
def load_2026(*, stdout, today: date) -> None:
    """Each new commune's regular campaign for this year, launched by its office (the 2024
    directive's targets with ILLUSTRATIVE figures); in xã Tam Đường one school registered and
    was approved, and two units have their own budget target (idempotent)."""
    from units import demo as units_demo

    User = get_user_model()
    year = today.year
    for commune, username in zip(
        units_demo.communes_2026(), ("vanphong_tamduong", "vanphong_khunha"), strict=True
    ):
        secretariat = User.objects.get(username=username)
        if Campaign.objects.filter(launching_unit=commune, year=year).exists():
            continue
        place = commune.name.removeprefix("Ủy ban nhân dân ")
        campaign = services.campaign_create(
            by=secretariat,
            title=f"Phong trào thi đua thực hiện thắng lợi nhiệm vụ năm {year} {place}",
            kind=Campaign.Kind.REGULAR,
            year=year,
            launching_unit=commune,
            theme="Đoàn kết, sáng tạo, thi đua hoàn thành xuất sắc nhiệm vụ",
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            # 45 days to register, but never past the campaign's end (a load on 31/12 closes it that day).
            registration_deadline=min(today + timedelta(days=45), date(year, 12, 31)),
            award_forms=[],
            movements=[],
            blocs=list(Bloc.objects.filter(organiser=commune, year=year)),
        )
        for name, group, uom, value, direction in DEMO_TARGETS:
            services.target_save(
                campaign=campaign,
                by=secretariat,
                name=name,
                group=group,
                unit_of_measure=uom,
                value=(value / 10).quantize(Decimal("0.1")) if uom == "tỷ đồng" else value,
                direction=direction,
            )
        services.campaign_transition(campaign=campaign, to=Campaign.Status.LAUNCHED, by=secretariat)
        if username == "vanphong_tamduong":
            _demo_registrations(campaign, secretariat, units=("Trường THCS thị trấn Tam Đường",))
    stdout.write(
        f"  campaigns 2026: {Campaign.objects.filter(year=year).count()} phong trào năm {year} của các xã, "
        f"{Registration.objects.count()} bản đăng ký"
    )
