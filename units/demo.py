"""Demo jurisdiction: Lai Châu province after the 1/7/2025 reform, with Tam Đường district as history.

Two worlds (``load_demo --world``):

- ``2026`` (the default, what ``make run`` serves): the province's People's Committee and its Sở
  Nội vụ, and two communes formed on 1/7/2025 by merging former communes of Tam Đường district
  (``COMMUNES_2026``), each with its People's Committee, chair and vice-chair, the commune office
  that staffs emulation work (Văn phòng HĐND và UBND xã: there is no "Phòng Nội vụ" at commune
  level, law.md §9), agencies, schools, villages, blocs for this year and people. The district
  stays as history (valid until 30/06/2025): it is built first, as in 2024 (``load``), and the
  reform is then applied with the reorganisation service (``reform_2025``): the former communes
  end on 30/06/2025, point to their successor and are kept under it, so their people, award
  register and history are found on the successor's pages ("Trước đây: …"). The names of the new
  communes and the mergers are ILLUSTRATIVE, not a statement of the real 2025 arrangement; they
  are never printed in documents by the demo.
- ``district-2024``: Tam Đường district as it was in 2024 (the historic world the older browser
  journeys and tests use); with two_level=True a post-1/7/2025 commune is added for contrast.

Office and commune names of 2024 come from the seed documents and the district's public
organisation in 2024; people are generated (deterministic, realistic Vietnamese names of the
Kinh, Thái, Hmông and Dao communities living there). Running it twice changes nothing.
"""

import random
from datetime import date

from django.contrib.auth import get_user_model

from core.roles import Role
from units import reorganisation
from units.models import AdministrativeLevel, Bloc, BlocMembership, Person, RoleGrant, Unit

DEMO_PASSWORD = "thidua@2024"  # noqa: S105 - published demo password, documented in README

WORLD_2026 = "2026"
WORLD_2024 = "district-2024"
WORLDS = (WORLD_2026, WORLD_2024)
REFORM_DAY = date(2025, 7, 1)
PROVINCE = "Ủy ban nhân dân tỉnh Lai Châu"
DISTRICT = "Ủy ban nhân dân huyện Tam Đường"

K = Unit.Kind
DISTRICT_OFFICES = [
    ("Văn phòng HĐND và UBND huyện", K.SPECIALIST_OFFICE),
    ("Phòng Nội vụ", K.SPECIALIST_OFFICE),
    ("Phòng Tài chính - Kế hoạch", K.SPECIALIST_OFFICE),
    ("Phòng Kinh tế - Hạ tầng", K.SPECIALIST_OFFICE),
    ("Phòng Nông nghiệp và Phát triển nông thôn", K.SPECIALIST_OFFICE),
    ("Phòng Tài nguyên và Môi trường", K.SPECIALIST_OFFICE),
    ("Phòng Lao động - Thương binh và Xã hội", K.SPECIALIST_OFFICE),
    ("Phòng Văn hóa - Thông tin", K.SPECIALIST_OFFICE),
    ("Phòng Giáo dục và Đào tạo", K.SPECIALIST_OFFICE),
    ("Phòng Y tế", K.SPECIALIST_OFFICE),
    ("Phòng Tư pháp", K.SPECIALIST_OFFICE),
    ("Phòng Dân tộc", K.SPECIALIST_OFFICE),
    ("Thanh tra huyện", K.SPECIALIST_OFFICE),
    ("Trung tâm Văn hóa - Thể thao và Truyền thông", K.PUBLIC_SERVICE),
    ("Trung tâm Dịch vụ nông nghiệp", K.PUBLIC_SERVICE),
    ("Ban Quản lý dự án đầu tư xây dựng huyện", K.PUBLIC_SERVICE),
    ("Ủy ban MTTQ Việt Nam huyện", K.MASS_ORGANISATION),
    ("Huyện đoàn Tam Đường", K.MASS_ORGANISATION),
    ("Hội Liên hiệp Phụ nữ huyện", K.MASS_ORGANISATION),
    ("Hội Nông dân huyện", K.MASS_ORGANISATION),
    ("Hội Cựu chiến binh huyện", K.MASS_ORGANISATION),
    ("Công an huyện", K.ARMED_FORCES),
    ("Ban Chỉ huy Quân sự huyện", K.ARMED_FORCES),
    ("Công ty Cổ phần Chè Tam Đường", K.ENTERPRISE),
    ("Hợp tác xã Chè Bản Giang", K.ENTERPRISE),
]
COMMUNES = [
    "Thị trấn Tam Đường",
    "Xã Bản Bo",
    "Xã Bản Giang",
    "Xã Bản Hon",
    "Xã Bình Lư",
    "Xã Giang Ma",
    "Xã Hồ Thầu",
    "Xã Khun Há",
    "Xã Nà Tăm",
    "Xã Nùng Nàng",
    "Xã Sơn Bình",
    "Xã Sùng Phài",
    "Xã Tả Lèng",
    "Xã Thèn Sin",
]
SCHOOLS = [
    "Trường THCS thị trấn Tam Đường",
    "Trường Tiểu học Bình Lư",
    "Trường PTDTBT THCS Khun Há",
    "Trường Mầm non Sơn Bình",
    "Trường Tiểu học Bản Bo",
    "Trường THCS Bản Giang",
]
VILLAGES = {"Xã Bình Lư": ["Bản Nà Đon", "Bản Bình Lư"], "Xã Sơn Bình": ["Bản Thẩm Phé"]}

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đỗ",
    "Bùi",
    "Đặng",
    "Lò",
    "Tao",
    "Sùng",
    "Giàng",
    "Lù",
    "Vàng",
    "Tẩn",
    "Chảo",
    "Lý",
    "Hà",
    "Điêu",
]
MIDDLE_M = ["Văn", "Đức", "Minh", "A", "Seo", "Văn", "Quang", "Xuân"]
MIDDLE_F = ["Thị", "Thị", "Thu", "Mý", "Thị Thanh", "Ngọc", "Thị Hồng"]
GIVEN_M = [
    "Hùng",
    "Đức",
    "Thắng",
    "Páo",
    "Dơ",
    "Sính",
    "Chiến",
    "Tuấn",
    "Dũng",
    "Hải",
    "Long",
    "Phương",
    "Cường",
    "Lả",
    "Chử",
    "Vàng",
    "Sơn",
    "Toàn",
    "Nam",
    "Khánh",
]
GIVEN_F = [
    "Hương",
    "Lan",
    "Mai",
    "Hoa",
    "Xuân",
    "Chi",
    "Dung",
    "Nga",
    "Lìu",
    "Say",
    "Phượng",
    "Thảo",
    "Hà",
    "Yến",
    "Linh",
    "Ngân",
    "Mỷ",
    "Hạnh",
    "Trang",
    "Vân",
]
POSITIONS = [
    "Chuyên viên",
    "Chuyên viên",
    "Cán sự",
    "Giáo viên",
    "Công chức",
    "Nhân viên",
    "Phó Trưởng phòng",
    "Kế toán",
    "Văn thư",
]

DEMO_USERS = [
    # username, full name, role, unit name, parent name (to find the unit), person position
    (
        "noivu",
        "Lò Thị Hương",
        Role.SECRETARIAT,
        "Ủy ban nhân dân huyện Tam Đường",
        None,
        "Chuyên viên Phòng Nội vụ",
    ),
    ("chutich", "Sùng Lữ Páo", Role.CHAIR, "Ủy ban nhân dân huyện Tam Đường", None, "Chủ tịch UBND huyện"),
    (
        "hoidong",
        "Nguyễn Văn Đức",
        Role.COUNCIL_MEMBER,
        "Ủy ban nhân dân huyện Tam Đường",
        None,
        "Trưởng phòng Tài chính - Kế hoạch",
    ),
    ("truongdonvi", "Tao Văn Dơ", Role.UNIT_HEAD, "Ủy ban nhân dân xã Bình Lư", None, "Chủ tịch UBND xã"),
    ("canbo", "Vàng Thị Say", Role.UNIT_CLERK, "Ủy ban nhân dân xã Bình Lư", None, "Công chức Văn phòng"),
    ("truongdonvi2", "Giàng A Chử", Role.UNIT_HEAD, "Ủy ban nhân dân xã Sơn Bình", None, "Chủ tịch UBND xã"),
    (
        "truongkhoi",
        "Hoàng Minh Thắng",
        Role.BLOC_HEAD,
        "Phòng Văn hóa - Thông tin",
        None,
        "Trưởng phòng Văn hóa - Thông tin",
    ),
]


def _unit(name, *, kind, level, parent=None, **extra) -> Unit:
    unit, _created = Unit.objects.get_or_create(
        parent=parent, name=name, defaults={"kind": kind, "level": level, **extra}
    )
    return unit


def build_district_2024() -> dict:
    province_level, _ = AdministrativeLevel.objects.get_or_create(
        code="province", defaults={"name": "Cấp tỉnh", "rank": 1}
    )
    district_level, _ = AdministrativeLevel.objects.get_or_create(
        code="district",
        defaults={"name": "Cấp huyện", "rank": 2, "valid_to": date(2025, 6, 30)},
    )
    commune_level, _ = AdministrativeLevel.objects.get_or_create(
        code="commune", defaults={"name": "Cấp xã", "rank": 3}
    )
    province = _unit(
        "Ủy ban nhân dân tỉnh Lai Châu",
        kind=K.PEOPLES_COMMITTEE,
        level=province_level,
        short_name="UBND tỉnh Lai Châu",
    )
    district = _unit(
        "Ủy ban nhân dân huyện Tam Đường",
        kind=K.PEOPLES_COMMITTEE,
        level=district_level,
        parent=province,
        short_name="UBND huyện Tam Đường",
        address="Thị trấn Tam Đường",
    )
    offices = {
        name: _unit(name, kind=kind, level=district_level, parent=district) for name, kind in DISTRICT_OFFICES
    }
    communes = {}
    for name in COMMUNES:
        ubnd = "Ủy ban nhân dân " + name[0].lower() + name[1:]
        communes[name] = _unit(
            ubnd,
            kind=K.PEOPLES_COMMITTEE,
            level=commune_level,
            parent=district,
            short_name="UBND " + name[0].lower() + name[1:],
        )
    schools = {
        name: _unit(name, kind=K.SCHOOL, level=district_level, parent=offices["Phòng Giáo dục và Đào tạo"])
        for name in SCHOOLS
    }
    for commune, villages in VILLAGES.items():
        for v in villages:
            _unit(v, kind=K.VILLAGE, level=commune_level, parent=communes[commune])
    return {
        "province": province,
        "district": district,
        "offices": offices,
        "communes": communes,
        "schools": schools,
        "levels": (province_level, district_level, commune_level),
    }


def build_blocs(j: dict, year: int = 2024) -> list[Bloc]:
    o, c, s = j["offices"], j["communes"], j["schools"]
    specs = [
        (
            "Khối các cơ quan chuyên môn",
            Bloc.Kind.BLOC,
            [o[n] for n, k in DISTRICT_OFFICES if k == K.SPECIALIST_OFFICE],
            o["Phòng Văn hóa - Thông tin"],
            o["Phòng Nội vụ"],
        ),
        (
            "Khối Mặt trận, đoàn thể và sự nghiệp",
            Bloc.Kind.BLOC,
            [o[n] for n, k in DISTRICT_OFFICES if k in (K.MASS_ORGANISATION, K.PUBLIC_SERVICE)],
            o["Ủy ban MTTQ Việt Nam huyện"],
            o["Trung tâm Văn hóa - Thể thao và Truyền thông"],
        ),
        (
            "Khối các trường học",
            Bloc.Kind.BLOC,
            list(s.values()),
            s["Trường THCS thị trấn Tam Đường"],
            s["Trường Tiểu học Bình Lư"],
        ),
        (
            "Cụm thi đua số 1 (các xã vùng thấp)",
            Bloc.Kind.CLUSTER,
            [c[n] for n in COMMUNES[:7]],
            c["Thị trấn Tam Đường"],
            c["Xã Bình Lư"],
        ),
        (
            "Cụm thi đua số 2 (các xã vùng cao)",
            Bloc.Kind.CLUSTER,
            [c[n] for n in COMMUNES[7:]],
            c["Xã Sơn Bình"],
            c["Xã Khun Há"],
        ),
    ]
    blocs = []
    for name, kind, members, head, deputy in specs:
        bloc, _ = Bloc.objects.get_or_create(
            organiser=j["district"],
            year=year,
            name=name,
            defaults={"kind": kind, "head": head, "deputy": deputy},
        )
        have = set(bloc.memberships.values_list("unit_id", flat=True))
        BlocMembership.objects.bulk_create(
            [BlocMembership(bloc=bloc, unit=u) for u in members if u.pk not in have]
        )
        blocs.append(bloc)
    return blocs


#: Ethnicities of the generated people, by position in the list (a commune in the northern
#: mountains: mostly Kinh, with Thái and Mông colleagues).
DEMO_ETHNICITIES = ("Kinh", "Kinh", "Thái", "Kinh", "Mông", "Kinh", "Kinh", "Thái")
_LEADER_WORDS = ("trưởng", "phó", "chủ tịch", "chánh", "giám đốc", "bí thư")


def is_leader_position(position: str) -> bool:
    """Demo data only: does the position text name a leading post (Trưởng, Phó, Chủ tịch, ...)?"""
    low = position.lower()
    return any(w in low for w in _LEADER_WORDS)


def generate_people(units: list[Unit], *, count: int, seed: int = 2024) -> list[Person]:
    """`count` people spread over `units`; the same seed always gives the same people."""
    rng = random.Random(seed)
    people = []
    for i in range(count):
        unit = units[i % len(units)]
        female = rng.random() < 0.45
        name = " ".join(
            [
                rng.choice(FAMILY),
                rng.choice(MIDDLE_F if female else MIDDLE_M),
                rng.choice(GIVEN_F if female else GIVEN_M),
            ]
        )
        born = date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28))
        cccd = None
        if rng.random() < 0.7:
            century_gender = (1 if female else 0) + (0 if born.year < 2000 else 2)
            cccd = f"012{century_gender}{born.year % 100:02d}{i:06d}"
        position = rng.choice(POSITIONS)
        person, _ = Person.objects.get_or_create(
            full_name=name,
            unit=unit,
            date_of_birth=born,
            defaults={
                "gender": Person.Gender.FEMALE if female else Person.Gender.MALE,
                "cccd": cccd,
                "position": position,
                # Derived, not drawn: the seed's sequence (and so the demo's names) stays as it was.
                "is_leader": is_leader_position(position),
                "ethnicity": DEMO_ETHNICITIES[i % len(DEMO_ETHNICITIES)],
                "employed_since": date(rng.randint(max(born.year + 20, 1990), 2023), rng.randint(1, 12), 1),
            },
        )
        people.append(person)
    return people


def build_users(j: dict) -> None:
    User = get_user_model()
    by_name = {u.name: u for u in Unit.objects.filter(path__startswith=j["district"].path)}
    for username, full_name, role, unit_name, _parent, position in DEMO_USERS:
        unit = by_name[unit_name]
        user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        RoleGrant.objects.get_or_create(user=user, unit=unit, role=role, valid_from=date(2024, 1, 1))
        person_unit = j["offices"]["Phòng Nội vụ"] if username == "noivu" else unit
        Person.objects.get_or_create(
            user=user,
            defaults={
                "full_name": full_name,
                "unit": person_unit,
                "position": position,
                "is_leader": is_leader_position(position),
                "ethnicity": "Kinh",
                "gender": Person.Gender.FEMALE if " Thị " in full_name else Person.Gender.MALE,
            },
        )
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"full_name": "Quản trị hệ thống", "is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    RoleGrant.objects.get_or_create(
        user=admin, unit=j["province"], role=Role.ADMIN, valid_from=date(2024, 1, 1)
    )


def build_two_level_commune(j: dict) -> Unit:
    """Illustrative post-reform commune: three old communes merged on 1/7/2025."""
    _province_level, _district_level, commune_level = j["levels"]
    new = _unit(
        "Ủy ban nhân dân xã Bình Lư (sau sắp xếp)",
        kind=K.PEOPLES_COMMITTEE,
        level=commune_level,
        parent=j["province"],
        valid_from=date(2025, 7, 1),
        short_name="UBND xã Bình Lư (mới)",
    )
    for name in (
        "Văn phòng HĐND và UBND xã",
        "Phòng Kinh tế",
        "Phòng Văn hóa - Xã hội",
        "Trung tâm Phục vụ hành chính công xã",
    ):
        _unit(
            name,
            kind=K.SPECIALIST_OFFICE if "Phòng" in name or "Văn phòng" in name else K.PUBLIC_SERVICE,
            level=commune_level,
            parent=new,
            valid_from=date(2025, 7, 1),
        )
    for old in ("Xã Bình Lư", "Xã Sơn Bình", "Xã Bản Hon"):
        unit = j["communes"][old]
        if unit.successor_id != new.pk:
            unit.valid_to, unit.successor = date(2025, 6, 30), new
            unit.save(update_fields=["valid_to", "successor", "updated_at"])
    User = get_user_model()
    user, created = User.objects.get_or_create(username="noivu_xa", defaults={"full_name": "Lù Thị Mai"})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    RoleGrant.objects.get_or_create(user=user, unit=new, role=Role.SECRETARIAT, valid_from=date(2025, 7, 1))
    return new


def world_for(world: str, today: date) -> str:
    """The world actually built: the 2026 world needs a load date on or after the reform."""
    if world not in WORLDS:
        raise ValueError(f"unknown demo world {world!r}")
    return WORLD_2024 if today < REFORM_DAY else world


def reform_done() -> bool:
    """True once the 2026 world's reform was applied (its history is then frozen: not rebuilt)."""
    return Unit.objects.filter(name=COMMUNES_2026[0]["name"], valid_from=REFORM_DAY).exists()


def load(*, stdout, two_level: bool = False, today: date, world: str = WORLD_2026) -> dict:
    """Build the district as in 2024 (history in the 2026 world; once the reform is applied it is
    not rebuilt, see `reform_done`). The 2026 world's reform and this year's units, people and
    logins come from `reform_2025` and `load_2026`, which `load_demo` calls after every app's
    history. `today` is the load date."""
    world = world_for(world, today)
    if world == WORLD_2026 and reform_done():
        stdout.write("  units: lịch sử huyện Tam Đường đã có (trước 01/7/2025).")
        return {}
    j = build_district_2024()
    build_blocs(j)
    if world == WORLD_2024:
        # The same blocs for the current year, so a campaign can be launched today.
        build_blocs(j, year=today.year)
    workplaces = [*j["offices"].values(), *j["communes"].values(), *j["schools"].values()]
    generate_people(workplaces, count=200)
    build_users(j)
    if two_level and world == WORLD_2024:
        build_two_level_commune(j)
    stdout.write(
        f"  units: {Unit.objects.count()} đơn vị, {Person.objects.count()} cá nhân, "
        f"{Bloc.objects.count()} khối/cụm"
    )
    return j


# --- The 2026 world --------------------------------------------------------------------------
# ILLUSTRATIVE: which former communes formed which new commune is not a statement of the real
# arrangement of 1/7/2025 (Nghị quyết of the Standing Committee of the National Assembly).
COMMUNES_2026 = [
    {
        "name": "Ủy ban nhân dân xã Tam Đường",
        "short_name": "UBND xã Tam Đường",
        "from": ["Thị trấn Tam Đường", "Xã Bình Lư", "Xã Sơn Bình", "Xã Bản Hon"],
        "schools": ["Trường THCS thị trấn Tam Đường", "Trường Tiểu học Bình Lư", "Trường Mầm non Sơn Bình"],
        "villages": ["Tổ dân phố số 1", "Bản Hon"],
    },
    {
        "name": "Ủy ban nhân dân xã Khun Há",
        "short_name": "UBND xã Khun Há",
        "from": ["Xã Khun Há", "Xã Bản Bo", "Xã Nà Tăm"],
        "schools": ["Trường PTDTBT THCS Khun Há", "Trường Tiểu học Bản Bo"],
        "villages": ["Bản Khun Há", "Bản Nà Tăm"],
    },
]
# The commune's own offices after 1/7/2025 (Nghị định 150/2025): the office staffs emulation work.
COMMUNE_OFFICE = "Văn phòng HĐND và UBND xã"
COMMUNE_OFFICES_2026 = [
    (COMMUNE_OFFICE, K.SPECIALIST_OFFICE),
    ("Phòng Kinh tế", K.SPECIALIST_OFFICE),
    ("Phòng Văn hóa - Xã hội", K.SPECIALIST_OFFICE),
    ("Trung tâm Phục vụ hành chính công xã", K.PUBLIC_SERVICE),
    ("Trạm Y tế xã", K.PUBLIC_SERVICE),
]
HOME_AFFAIRS = "Sở Nội vụ"

# username, full name, role, commune index (None: the province), unit name within it, position
DEMO_USERS_2026 = [
    ("sonoivu", "Đỗ Thị Thanh Hà", Role.SECRETARIAT, None, None, "Chuyên viên Sở Nội vụ"),
    ("vanphong_tamduong", "Lò Thị Hạnh", Role.SECRETARIAT, 0, None, "Công chức Văn phòng HĐND và UBND xã"),
    ("vanphong_khunha", "Chảo Thị Mai", Role.SECRETARIAT, 1, None, "Công chức Văn phòng HĐND và UBND xã"),
    ("chutich_tamduong", "Lù Văn Chiến", Role.CHAIR, 0, None, "Chủ tịch UBND xã"),
    ("phochutich_tamduong", "Hoàng Thị Vân", Role.VICE_CHAIR, 0, None, "Phó Chủ tịch UBND xã"),
    ("chutich_khunha", "Tẩn Văn Sơn", Role.CHAIR, 1, None, "Chủ tịch UBND xã"),
    ("hoidong_tamduong", "Vũ Minh Long", Role.COUNCIL_MEMBER, 0, None, "Trưởng phòng Kinh tế"),
    ("hoidong_tamduong2", "Lò Thị Ngân", Role.COUNCIL_MEMBER, 0, None, "Trưởng phòng Văn hóa - Xã hội"),
    ("hoidong_tamduong3", "Sùng A Dơ", Role.COUNCIL_MEMBER, 0, None, "Chánh Văn phòng HĐND và UBND xã"),
    ("hoidong_khunha", "Lý Văn Toàn", Role.COUNCIL_MEMBER, 1, None, "Trưởng phòng Kinh tế"),
    ("hieutruong", "Điêu Thị Xuân", Role.UNIT_HEAD, 0, "Trường Tiểu học Bình Lư", "Hiệu trưởng"),
    (
        "canbo_truong",
        "Tao Thị Lan",
        Role.UNIT_CLERK,
        0,
        "Trường Tiểu học Bình Lư",
        "Giáo viên, phụ trách TĐKT",
    ),
    ("hieutruong2", "Bùi Quang Hải", Role.UNIT_HEAD, 0, "Trường THCS thị trấn Tam Đường", "Hiệu trưởng"),
    (
        "truongkhoi_xa",
        "Phạm Xuân Nam",
        Role.BLOC_HEAD,
        0,
        "Trường THCS thị trấn Tam Đường",
        "Phó Hiệu trưởng, Trưởng khối",
    ),
]


def communes_2026() -> list[Unit]:
    """The two new communes of the 2026 world (after `reform_2025`), in COMMUNES_2026 order."""
    return [Unit.objects.get(name=c["name"], valid_from=REFORM_DAY) for c in COMMUNES_2026]


def reform_2025(*, stdout, today: date) -> list[Unit]:
    """Apply the 1/7/2025 reform to the district built by `load` (once; idempotent).

    Each new commune is made by the reorganisation service (people and sub-units move, history
    stays with the former units); the former communes are then kept under their successor (so
    the successor's jurisdiction sees their register), the district and its offices end on
    30/06/2025 and the district's role grants end that day. The province gets its Sở Nội vụ.
    """
    if reform_done():
        return communes_2026()
    admin = get_user_model().objects.get(username="admin")
    province = Unit.objects.get(name=PROVINCE, parent__isnull=True)
    district = Unit.objects.get(name=DISTRICT)
    _unit(HOME_AFFAIRS, kind=K.SPECIALIST_OFFICE, level=province.level, parent=province)
    old = {u.name: u for u in Unit.objects.filter(parent=district, kind=K.PEOPLES_COMMITTEE)}
    new_units = []
    for spec in COMMUNES_2026:
        sources = [old["Ủy ban nhân dân " + n[0].lower() + n[1:]] for n in spec["from"]]
        new = reorganisation.reorganisation_apply(
            by=admin, sources=sources, target_name=spec["name"], parent=province, effective=REFORM_DAY
        )
        new.short_name = spec["short_name"]
        new.save(update_fields=["short_name", "search_key", "updated_at"])
        for former in sources:
            former.refresh_from_db()
            former.parent = new  # history kept under its successor
            former.save()
        for school in Unit.objects.filter(name__in=spec["schools"], kind=K.SCHOOL):
            school.parent = new  # schools have no sub-units
            school.save()
        new_units.append(new)
    ended = date(2025, 6, 30)
    Unit.objects.filter(path__startswith=district.path, valid_to__isnull=True).update(valid_to=ended)
    RoleGrant.objects.filter(unit__path__startswith=district.path, valid_to__isnull=True).update(
        valid_to=ended
    )
    for former in Unit.objects.filter(successor__in=new_units):
        RoleGrant.objects.filter(unit=former, valid_to__isnull=True).update(valid_to=ended)
    stdout.write(f"  units: sắp xếp ngày 01/7/2025 → {', '.join(u.name for u in new_units)} (minh họa)")
    return new_units


def load_2026(*, stdout, today: date) -> dict:
    """This year's units, blocs, people and logins of the 2026 world (idempotent)."""
    province = Unit.objects.get(name=PROVINCE, parent__isnull=True)
    communes = communes_2026()
    commune_level = communes[0].level
    offices, villages, schools = {}, {}, {}
    for i, (spec, commune) in enumerate(zip(COMMUNES_2026, communes, strict=True)):
        offices[i] = {
            name: _unit(name, kind=kind, level=commune_level, parent=commune, valid_from=REFORM_DAY)
            for name, kind in COMMUNE_OFFICES_2026
        }
        for v in spec["villages"]:
            _unit(v, kind=K.VILLAGE, level=commune_level, parent=commune)
        villages[i] = list(Unit.objects.filter(parent=commune, kind=K.VILLAGE).order_by("name"))
        schools[i] = list(Unit.objects.filter(parent=commune, kind=K.SCHOOL).order_by("name"))
        _blocs_2026(commune, offices[i], schools[i], villages[i], today.year)
    workplaces = [u for i in offices for u in [*offices[i].values(), *schools[i]]]
    generate_people(workplaces, count=90, seed=2026)
    _users_2026(province, communes, offices)
    stdout.write(
        f"  units 2026: {', '.join(c.name for c in communes)} (minh họa); "
        f"{Unit.objects.count()} đơn vị, {Person.objects.count()} cá nhân"
    )
    return {"province": province, "communes": communes, "offices": offices, "schools": schools}


def _blocs_2026(commune: Unit, offices: dict, schools: list, villages: list, year: int) -> list[Bloc]:
    """A bloc of the commune's offices and schools and a cluster of its villages, for `year`."""
    place = commune.name.removeprefix("Ủy ban nhân dân ")
    head_school = next((s for s in schools if s.name.startswith("Trường THCS")), schools[0])
    specs = [
        (
            f"Khối các cơ quan, trường học {place}",
            Bloc.Kind.BLOC,
            [*offices.values(), *schools],
            head_school,
            offices[COMMUNE_OFFICE],
        ),
        (f"Cụm thi đua các thôn, bản {place}", Bloc.Kind.CLUSTER, villages, villages[0], villages[-1]),
    ]
    blocs = []
    for name, kind, members, head, deputy in specs:
        bloc, _ = Bloc.objects.get_or_create(
            organiser=commune, year=year, name=name, defaults={"kind": kind, "head": head, "deputy": deputy}
        )
        have = set(bloc.memberships.values_list("unit_id", flat=True))
        BlocMembership.objects.bulk_create(
            [BlocMembership(bloc=bloc, unit=u) for u in members if u.pk not in have]
        )
        blocs.append(bloc)
    return blocs


def _user(username: str, full_name: str):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _users_2026(province: Unit, communes: list[Unit], offices: dict) -> None:
    for username, full_name, role, idx, unit_name, position in DEMO_USERS_2026:
        if idx is None:
            unit, workplace = province, Unit.objects.get(parent=province, name=HOME_AFFAIRS)
        else:
            commune = communes[idx]
            unit = Unit.objects.get(parent=commune, name=unit_name) if unit_name else commune
            workplace = unit if unit_name else offices[idx][COMMUNE_OFFICE]
        user = _user(username, full_name)
        RoleGrant.objects.get_or_create(user=user, unit=unit, role=role, valid_from=REFORM_DAY)
        Person.objects.get_or_create(
            user=user,
            defaults={
                "full_name": full_name,
                "unit": workplace,
                "position": position,
                "is_leader": is_leader_position(position),
                "ethnicity": "Kinh",
                "gender": Person.Gender.FEMALE if " Thị " in full_name else Person.Gender.MALE,
            },
        )
