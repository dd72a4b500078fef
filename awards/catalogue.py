"""The catalogue and dated rule sets as law.md states them; `catalogue_seed()` loads them.

`catalogue_seed()` is idempotent (update_or_create on natural keys) and runs from migration
0002 with the historical models, so a fresh database has everything; afterwards the values
are edited in the Django admin. Every item law.md marks ⚠ is stored with `unconfirmed=True`
and a note that says why (see law.md §11).
"""

from datetime import date
from decimal import Decimal

from core import caching

ND98 = "nd98_2023"
ND152 = "nd152_2025"

# code, Vietnamese name, category, level, (individual, collective, household), annual, note
KINDS = [
    ("advanced_worker", "Lao động tiên tiến", "title", "grassroots", (1, 0, 0), True, ""),
    ("grassroots_fighter", "Chiến sĩ thi đua cơ sở", "title", "grassroots", (1, 0, 0), True, ""),
    ("provincial_fighter", "Chiến sĩ thi đua cấp tỉnh", "title", "province", (1, 0, 0), False, ""),
    ("national_fighter", "Chiến sĩ thi đua toàn quốc", "title", "national", (1, 0, 0), False, ""),
    ("advanced_collective", "Tập thể lao động tiên tiến", "title", "grassroots", (0, 1, 0), True, ""),
    ("excellent_collective", "Tập thể lao động xuất sắc", "title", "province", (0, 1, 0), True, ""),
    ("emulation_flag", "Cờ thi đua của Ủy ban nhân dân tỉnh", "title", "province", (0, 1, 0), True, ""),
    ("government_flag", "Cờ thi đua của Chính phủ", "title", "national", (0, 1, 0), True, ""),
    ("cultural_family", "Gia đình văn hóa", "title", "commune", (0, 0, 1), True, ""),
    ("cultural_village", "Thôn, tổ dân phố văn hóa", "title", "commune", (0, 1, 0), True, ""),
    (
        "exemplary_commune",
        "Xã, phường tiêu biểu",
        "title",
        "province",
        (0, 1, 0),
        False,
        "⚠ Tần suất và cấp quyết định chưa xác nhận (law.md §4.2; giả định cấp tỉnh).",
    ),
    ("certificate_of_merit", "Giấy khen", "form", "grassroots", (1, 1, 1), False, ""),
    (
        "merit_diploma",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "form",
        "province",
        (1, 1, 1),
        False,
        "",
    ),
    ("pm_merit_diploma", "Bằng khen của Thủ tướng Chính phủ", "form", "national", (1, 1, 0), False, ""),
    ("labour_order_1", "Huân chương Lao động hạng Nhất", "form", "national", (1, 1, 0), False, ""),
    ("labour_order_2", "Huân chương Lao động hạng Nhì", "form", "national", (1, 1, 0), False, ""),
    ("labour_order_3", "Huân chương Lao động hạng Ba", "form", "national", (1, 1, 0), False, ""),
]

RULE_SETS = [
    {
        "code": ND98,
        "name": "Luật TĐKT 2022 + Nghị định 98/2023/NĐ-CP",
        "decree": "NĐ 98/2023",
        "valid_from": date(2024, 1, 1),
        "valid_to": date(2025, 6, 30),
        "note": "Có cấp huyện. ⚠ Nội dung các dòng căn cứ cần đối chiếu văn bản chính thức.",
    },
    {
        "code": ND152,
        "name": "Luật TĐKT 2022 + Nghị định 152/2025/NĐ-CP và 129/2025/NĐ-CP",
        "decree": "NĐ 152/2025",
        "valid_from": date(2025, 7, 1),
        "valid_to": None,
        # ⚠ law.md §5.1/§11.6: the ND 152 money tables and MOHA's example (household Giấy khen
        # 1,053,000 VND) are unrounded; ND 98's "round up to tens of thousands" is kept for ND 98.
        "rounding": "none",
        "note": "Chính quyền địa phương hai cấp (không còn cấp huyện). "
        "⚠ Tiền thưởng tính đến đồng theo bảng NĐ 152 và ví dụ của Bộ Nội vụ (1.053.000 đồng); "
        "⚠ Nội dung các dòng căn cứ cần đối chiếu văn bản chính thức.",
    },
]

_UNC_ND98_ONLY = "⚠ Nguồn chỉ nêu mức theo NĐ 152/2025; áp dụng cho NĐ 98 là giả định (law.md §5.1)."
_UNC_2X = "⚠ Tập thể = 2 lần cá nhân theo thông lệ; chưa xác nhận cho hình thức này (law.md §5.1)."
_HOUSEHOLD = "Hộ gia đình = 1,5 lần mức cá nhân (NĐ 152/2025, law.md §5.1)."

# (rule sets, award, subject kind, coefficient, unconfirmed, note)
BOTH = (ND98, ND152)
COEFFICIENTS = [
    (BOTH, "advanced_worker", "individual", "0.3", False, ""),
    (BOTH, "grassroots_fighter", "individual", "1.0", False, ""),
    (BOTH, "provincial_fighter", "individual", "3.0", False, ""),
    (BOTH, "national_fighter", "individual", "4.5", False, ""),
    (BOTH, "advanced_collective", "collective", "0.8", False, ""),
    (BOTH, "excellent_collective", "collective", "1.5", False, ""),
    (BOTH, "emulation_flag", "collective", "8.0", False, ""),
    (BOTH, "government_flag", "collective", "12.0", False, ""),
    (BOTH, "cultural_village", "collective", "1.5", False, ""),
    (BOTH, "exemplary_commune", "collective", "2.0", False, ""),
    ((ND98,), "certificate_of_merit", "individual", "0.3", True, _UNC_ND98_ONLY),
    ((ND152,), "certificate_of_merit", "individual", "0.3", False, "NĐ 152/2025 Điều 54."),
    (
        BOTH,
        "certificate_of_merit",
        "collective",
        "0.6",
        False,
        "Tập thể = 2 lần cá nhân (NĐ 98 Điều 58(2)(c)).",
    ),
    ((ND152,), "certificate_of_merit", "household", "0.45", False, _HOUSEHOLD),
    ((ND98,), "merit_diploma", "individual", "1.0", False, "NĐ 98/2023: 1,0 lần."),
    ((ND152,), "merit_diploma", "individual", "1.5", False, "NĐ 152/2025: 1,5 lần."),
    ((ND98,), "merit_diploma", "collective", "2.0", True, _UNC_2X),
    ((ND152,), "merit_diploma", "collective", "3.0", True, _UNC_2X),
    ((ND152,), "merit_diploma", "household", "2.25", False, _HOUSEHOLD),
    ((ND98,), "pm_merit_diploma", "individual", "3.5", True, _UNC_ND98_ONLY),
    ((ND152,), "pm_merit_diploma", "individual", "3.5", True, "⚠ Một bản dịch ghi 3 lần (law.md §11.5)."),
    (BOTH, "pm_merit_diploma", "collective", "7.0", True, _UNC_2X),
    (BOTH, "labour_order_1", "individual", "9.0", False, ""),
    (BOTH, "labour_order_2", "individual", "7.5", False, ""),
    (BOTH, "labour_order_3", "individual", "4.5", False, ""),
    (BOTH, "labour_order_1", "collective", "18.0", False, "Tập thể = 2 lần cá nhân."),
    (BOTH, "labour_order_2", "collective", "15.0", False, "Tập thể = 2 lần cá nhân."),
    (BOTH, "labour_order_3", "collective", "9.0", False, "Tập thể = 2 lần cá nhân."),
]

_ART80 = "Luật TĐKT 2022 Điều 80"
_ND129 = "NĐ 129/2025"
_TOP = [
    (
        "national",
        "prime_minister",
        ["national_fighter", "government_flag", "pm_merit_diploma"],
        "Luật TĐKT 2022",
    ),
    ("national", "president", ["labour_order_1", "labour_order_2", "labour_order_3"], "Luật TĐKT 2022"),
    (
        "province",
        "chairman",
        ["provincial_fighter", "excellent_collective", "emulation_flag", "merit_diploma"],
        _ART80,
    ),
    (
        "province",
        "agency_head",
        ["advanced_worker", "grassroots_fighter", "advanced_collective", "certificate_of_merit"],
        _ART80,
    ),
]
# (rule set, level, conferrer, awards, citation, unconfirmed note)
AUTHORITIES = [
    *[(ND98, *row, "") for row in _TOP],
    *[(ND152, *row, "") for row in _TOP],
    (
        ND98,
        "province",
        "chairman",
        ["exemplary_commune"],
        _ART80,
        "⚠ Cấp quyết định chưa xác nhận (law.md §4.2).",
    ),
    (
        ND152,
        "province",
        "chairman",
        ["exemplary_commune"],
        _ART80,
        "⚠ Cấp quyết định chưa xác nhận (law.md §4.2).",
    ),
    (
        ND98,
        "district",
        "chairman",
        [
            "cultural_village",
            "advanced_collective",
            "grassroots_fighter",
            "advanced_worker",
            "certificate_of_merit",
        ],
        _ART80,
        "",
    ),
    (ND98, "commune", "chairman", ["advanced_worker", "certificate_of_merit", "cultural_family"], _ART80, ""),
    (
        ND152,
        "commune",
        "chairman",
        [
            "cultural_village",
            "cultural_family",
            "advanced_collective",
            "grassroots_fighter",
            "advanced_worker",
            "certificate_of_merit",
        ],
        _ND129,
        "",
    ),
]

_ART84 = "Luật TĐKT 2022 Điều 84"
_TITLE_DOCS = ["submission", "achievement_report", "minutes"]
_FIGHTERS = {"grassroots_fighter", "provincial_fighter", "national_fighter"}

# key: (value, unconfirmed, note) — per rule set; ND 152 overrides listed separately.
PARAMETERS = {
    "advanced_worker.min_rating": ("good", False, "Hoàn thành tốt nhiệm vụ trở lên (law.md §4.1)."),
    "advanced_worker.min_months_worked": (
        6,
        False,
        "Mới tuyển dụng dưới 6 tháng không xét (TT 01/2024/TT-BNV; NĐ 91/2017 là 10 tháng).",
    ),
    "advanced_worker.excluding_discipline_from": (
        "reprimand",
        True,
        "⚠ Kỷ luật từ khiển trách trở lên không xét: quy định của NĐ 91/2017, "
        "nhắc lại trong thông tư ngành 2024.",
    ),
    "grassroots_fighter.quota_percent": (
        15,
        True,
        "⚠ Không quá 15% số người đạt LĐTT: chỉ xác nhận cho NĐ 91/2017 (law.md §11.2). Tính theo đơn vị.",
    ),
    "grassroots_fighter.quota_rounding": (
        "floor",
        True,
        "⚠ Cách làm tròn hạn mức chưa được xác nhận (law.md §4.1): floor = làm tròn xuống "
        "(“không quá”); nearest = làm tròn đến số gần nhất; at_least_one = làm tròn xuống "
        "nhưng đơn vị có LĐTT được ít nhất 1.",
    ),
    "grassroots_fighter.min_initiative_scope": ("unit", False, "Sáng kiến được đơn vị công nhận trở lên."),
    "provincial_fighter.consecutive_grassroots_years": (3, False, "3 lần liên tục CSTĐCS (law.md §4.1)."),
    "provincial_fighter.initiative_scope": ("province", False, "Sáng kiến có phạm vi ảnh hưởng cấp tỉnh."),
    "provincial_fighter.chain_ends_in_nomination_year": (
        True,
        True,
        "⚠ Xét khi đạt CSTĐCS lần thứ 3 liên tục (law.md §4.1): chuỗi kết thúc ở năm đề nghị "
        "(CSTĐCS năm đó có thể đang được đề nghị cùng đợt). Đặt false để chuỗi kết thúc năm trước.",
    ),
    "merit_diploma.consecutive_fighter_years": (2, False, "2 lần liên tục CSTĐCS (Điều 74(1)(d))."),
    "merit_diploma.consecutive_excellent_years": (2, False, "≥ 2 năm liên tục HTXSNV (Điều 74(1)(d))."),
    "merit_diploma.unit_initiatives": (2, False, "kèm 2 sáng kiến áp dụng tại đơn vị (Điều 74(1)(d))."),
    "advanced_collective.min_advanced_worker_percent": (
        50,
        True,
        "⚠ Trên 50% thành viên đạt LĐTT: diễn đạt của luật cũ (law.md §11.7). So sánh “lớn hơn”.",
    ),
    "advanced_collective.excluding_discipline_from": (
        "warning",
        True,
        "⚠ Không có ai bị kỷ luật từ cảnh cáo trở lên: diễn đạt của luật cũ (law.md §11.7).",
    ),
    "excellent_collective.min_advanced_worker_percent": (70, False, "Ít nhất 70% thành viên đạt LĐTT."),
    "excellent_collective.min_completed_percent": (100, False, "100% thành viên hoàn thành nhiệm vụ."),
    "excellent_collective.min_grassroots_fighters": (1, False, "Có ít nhất một cá nhân đạt CSTĐCS."),
    "principles.freeze_enabled": (True, False, "Không khen khi đang bị xem xét (NĐ 152/2025 Điều 4)."),
    "principles.chain_regular_only": (
        True,
        False,
        "Khen đột xuất, chuyên đề không làm căn cứ đề nghị khen công trạng cao hơn (NĐ 152/2025 Điều 4).",
    ),
    "citation.advanced_worker": ("Luật TĐKT 2022 Điều 24", False, ""),
    "citation.advanced_worker.months": ("TT 01/2024/TT-BNV", False, ""),
    "citation.advanced_worker.discipline": ("NĐ 91/2017 (quy định cũ) ⚠", True, "law.md §4.1, §11.8"),
    "citation.grassroots_fighter": (
        "Luật TĐKT 2022 Điều 23 ⚠",
        True,
        "⚠ Nguồn ghi Điều 21 hoặc Điều 23 (law.md §11.4).",
    ),
    "citation.grassroots_fighter.quota": ("NĐ 91/2017 ⚠", True, "law.md §11.2"),
    "citation.provincial_fighter": (
        "Luật TĐKT 2022 Điều 22 ⚠",
        True,
        "⚠ Nguồn ghi Điều 21 hoặc Điều 22 (law.md §11.4).",
    ),
    "citation.merit_diploma": ("Luật TĐKT 2022 Điều 74", False, ""),
    "citation.advanced_collective": ("Luật TĐKT (diễn đạt luật cũ) ⚠", True, "law.md §11.7"),
    "citation.excellent_collective": ("Luật TĐKT 2022 Điều 27", False, ""),
    "citation.principles": ("NĐ 152/2025 Điều 4", False, ""),
    "citation.authority": (_ART80, False, ""),
}
ND98_OVERRIDES = {
    "principles.freeze_enabled": (
        True,
        True,
        "⚠ Nguyên tắc nêu tại NĐ 152/2025 Điều 4; áp dụng cho thời kỳ NĐ 98 là giả định.",
    ),
    "principles.chain_regular_only": (
        True,
        True,
        "⚠ Nguyên tắc nêu tại NĐ 152/2025 Điều 4; áp dụng cho thời kỳ NĐ 98 là giả định.",
    ),
}
ND152_OVERRIDES = {
    "advanced_worker.min_months_worked": (
        6,
        True,
        "⚠ Quy định 6 tháng của TT 01/2024; quy định sau 1/7/2025 chưa xác nhận (law.md §11.8).",
    ),
    "citation.advanced_worker.months": ("TT 01/2024/TT-BNV ⚠", True, "⚠ Thông tư thay thế chưa xác nhận."),
    "citation.authority": (f"{_ND129}; {_ART80}", False, ""),
}

LEGAL_BASES = {
    ND98: [
        "Căn cứ Luật Tổ chức chính quyền địa phương;",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết "
        "thi hành một số điều của Luật Thi đua, khen thưởng;",
        "Căn cứ Thông tư số 01/2024/TT-BNV ngày 24 tháng 02 năm 2024 của Bộ Nội vụ;",
    ],
    ND152: [
        "Căn cứ Luật Tổ chức chính quyền địa phương;",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ;",
        "Căn cứ Nghị định số 129/2025/NĐ-CP của Chính phủ;",
    ],
}

BASE_SALARIES = [
    (1_490_000, date(2019, 7, 1), ""),
    (1_800_000, date(2023, 7, 1), ""),
    (2_340_000, date(2024, 7, 1), "Nghị định 73/2024/NĐ-CP"),
]

_Q = Decimal("66.67")
_Q_NOTE = "⚠ Tỷ lệ có mặt 2/3 theo thực tiễn Hội đồng cấp bộ (law.md §7.3); không có quy định chung."
# level, award (None = default), quorum, approval, strictly greater, base, secret, note
THRESHOLDS = [
    (
        "province",
        "provincial_fighter",
        _Q,
        Decimal(90),
        False,
        "members",
        True,
        "⚠ NĐ 91/2017 Điều 45(8): bỏ phiếu kín, từ 90% tổng số thành viên. "
        "Chưa thấy quy định theo NĐ 98/152. " + _Q_NOTE,
    ),
    (
        "province",
        "national_fighter",
        _Q,
        Decimal(90),
        False,
        "members",
        True,
        "⚠ NĐ 91/2017 Điều 45(8): bỏ phiếu kín, từ 90% tổng số thành viên. " + _Q_NOTE,
    ),
    (
        "province",
        "merit_diploma",
        _Q,
        Decimal(80),
        False,
        "members",
        False,
        "⚠ Một thủ tục hành chính cấp tỉnh: từ 80% cho Bằng khen (law.md §7.3). " + _Q_NOTE,
    ),
    *[
        (
            level,
            None,
            _Q,
            Decimal(50),
            True,
            "members",
            False,
            "⚠ Hội đồng biểu quyết theo đa số (law.md §7.3); ngưỡng cụ thể do quy chế Hội đồng quy định. "
            + _Q_NOTE,
        )
        for level in ("province", "district", "commune")
    ],
]


def _model(get_model, name):
    if get_model is None:
        from django.apps import apps

        get_model = apps.get_model
    return get_model("awards", name)


# How each kind is conferred in a decision and what object goes with it (law.md §4.1-§4.3,
# §5.1 "BCN" = Bằng chứng nhận, §8.4): code -> (verb, award object, object design unconfirmed,
# carries money). Titles are "công nhận", forms "tặng" (practice varies: a per-kind setting).
# The printed designs are not in the sources (law.md §8.4): flagged in the admin, never printed.
# Gia đình văn hóa: law.md §4.3 names no money (ND 86/2023 framework); no fund payment.
KIND_DOCUMENT_SETTINGS = {
    "advanced_worker": ("Công nhận", "none", False, True),
    "grassroots_fighter": ("Công nhận", "chung_nhan", True, True),
    "provincial_fighter": ("Tặng", "chung_nhan", True, True),
    "national_fighter": ("Tặng", "chung_nhan", True, True),
    "advanced_collective": ("Công nhận", "none", False, True),
    "excellent_collective": ("Tặng", "chung_nhan", True, True),
    "emulation_flag": ("Tặng", "co", False, True),
    "government_flag": ("Tặng", "co", False, True),
    "cultural_family": ("Công nhận", "chung_nhan", True, False),
    "cultural_village": ("Công nhận", "chung_nhan", True, True),
    "exemplary_commune": ("Công nhận", "chung_nhan", True, True),
    "certificate_of_merit": ("Tặng", "giay_khen", True, True),
    "merit_diploma": ("Tặng", "bang_khen", True, True),
    "pm_merit_diploma": ("Tặng", "bang_khen", True, True),
    "labour_order_1": ("Tặng", "huan_chuong", False, True),
    "labour_order_2": ("Tặng", "huan_chuong", False, True),
    "labour_order_3": ("Tặng", "huan_chuong", False, True),
}


def kind_document_settings_seed(get_model=None) -> None:
    """Set verb, award object and money flag of the catalogue kinds (migration 0006 and
    `catalogue_seed`). Kinds an administrator added keep their own values."""
    AwardKind = _model(get_model, "AwardKind")
    for code, (verb, obj, unconfirmed, money) in KIND_DOCUMENT_SETTINGS.items():
        AwardKind.objects.filter(code=code).update(
            decision_verb=verb, award_object=obj, object_unconfirmed=unconfirmed, carries_money=money
        )
    caching.bump(AwardKind)  # .update() sends no signal; the cached rule book reads the kinds


def catalogue_seed(get_model=None) -> None:
    """Create or refresh the catalogue, rule sets, base salaries and council thresholds.

    `get_model` is a migration's `apps.get_model` (historical models) or None for the live models.
    Existing rows keyed by their natural key are updated to the law.md values.
    """
    from core.search import fold_diacritics

    AwardKind = _model(get_model, "AwardKind")
    RuleSet = _model(get_model, "RuleSet")
    AwardCoefficient = _model(get_model, "AwardCoefficient")
    ConferringAuthority = _model(get_model, "ConferringAuthority")
    RequiredDocument = _model(get_model, "RequiredDocument")
    RuleParameter = _model(get_model, "RuleParameter")
    LegalBasis = _model(get_model, "LegalBasis")
    BaseSalary = _model(get_model, "BaseSalary")
    CouncilThreshold = _model(get_model, "CouncilThreshold")

    kinds = {}
    for order, (code, name, category, level, (ind, col, hh), annual, note) in enumerate(KINDS, start=1):
        kinds[code], _c = AwardKind.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "category": category,
                "level": level,
                "for_individual": bool(ind),
                "for_collective": bool(col),
                "for_household": bool(hh),
                "annual": annual,
                "order": order * 10,
                "note": note,
                "search_key": fold_diacritics(name),
            },
        )
    rule_sets = {}
    for data in RULE_SETS:
        rule_sets[data["code"]], _c = RuleSet.objects.update_or_create(
            code=data["code"], defaults={k: v for k, v in data.items() if k != "code"}
        )
    for codes, award, subject, coefficient, unconfirmed, note in COEFFICIENTS:
        for rs in codes:
            AwardCoefficient.objects.update_or_create(
                rule_set=rule_sets[rs],
                award_kind=kinds[award],
                subject_kind=subject,
                defaults={"coefficient": Decimal(coefficient), "unconfirmed": unconfirmed, "note": note},
            )
    for rs, level, conferrer, awards, citation, note in AUTHORITIES:
        for award in awards:
            ConferringAuthority.objects.update_or_create(
                rule_set=rule_sets[rs],
                award_kind=kinds[award],
                level=level,
                conferrer=conferrer,
                defaults={"citation": citation, "unconfirmed": bool(note), "note": note},
            )
    for rule_set in rule_sets.values():
        for code, kind in kinds.items():
            docs = list(_TITLE_DOCS)
            if code in _FIGHTERS:
                docs.append("initiative_certification")
            for order, doc in enumerate(docs, start=1):
                RequiredDocument.objects.update_or_create(
                    rule_set=rule_set,
                    award_kind=kind,
                    document_type=doc,
                    occasion="",
                    defaults={"order": order, "citation": _ART84},
                )
            if kind.category == "form":
                RequiredDocument.objects.update_or_create(
                    rule_set=rule_set,
                    award_kind=kind,
                    document_type="competent_confirmation",
                    occasion="ad_hoc",
                    defaults={"order": len(docs) + 1, "citation": _ART84},
                )
    for rs, overrides in ((ND98, ND98_OVERRIDES), (ND152, ND152_OVERRIDES)):
        for key, (value, unconfirmed, note) in {**PARAMETERS, **overrides}.items():
            RuleParameter.objects.update_or_create(
                rule_set=rule_sets[rs],
                key=key,
                defaults={"value": value, "unconfirmed": unconfirmed, "note": note},
            )
        LegalBasis.objects.filter(rule_set=rule_sets[rs]).delete()
        LegalBasis.objects.bulk_create(
            [
                LegalBasis(rule_set=rule_sets[rs], order=n, text=text)
                for n, text in enumerate(LEGAL_BASES[rs], start=1)
            ]
        )
        caching.bump(LegalBasis)  # bulk_create sends no signal (the rule book is cached)
    for amount, effective_from, basis in BASE_SALARIES:
        BaseSalary.objects.update_or_create(
            effective_from=effective_from, defaults={"amount": amount, "legal_basis": basis}
        )
    for level, award, quorum, approval, strict, base, secret, note in THRESHOLDS:
        CouncilThreshold.objects.update_or_create(
            level=level,
            award_kind=kinds[award] if award else None,
            defaults={
                "quorum_percent": quorum,
                "approval_percent": approval,
                "approval_strictly_greater": strict,
                "base": base,
                "secret_ballot": secret,
                "unconfirmed": True,
                "note": note,
            },
        )
    if get_model is None or hasattr(AwardKind, "award_object"):
        # Historical models before migration 0006 have no such fields; 0006 seeds them itself.
        kind_document_settings_seed(get_model)
