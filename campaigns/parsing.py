"""Launch-document parser: plain text of a Chỉ thị / Kế hoạch / Phát động / Công văn / Hướng dẫn
-> a JSON-able dict that pre-fills a campaign draft for human review.

Pure functions, no ORM. The rule everywhere: a field the document does not state is None (or an
empty list); nothing is guessed. The text may come from a .txt, a .docx or a PDF text layer, so
the parser copes with hard line breaks in the middle of sentences, stray spaces, Markdown-style
``**bold**`` markers and two-column headers whose lines got interleaved.

Target direction (``Target.direction``) mapping, decided from the keyword nearest before the
figure (a leading "giảm" / "duy trì" / "giữ vững" wins over a weak "trên" / "từ" / "khoảng"):

=========  ==========================================================================
reach      đạt, đạt trở lên, tối thiểu, ít nhất, trên, vượt, tăng, khoảng, "từ N trở lên";
           also a bare figure inside a targets section ("Trồng rừng mới 1.100 ha")
at_most    dưới, không quá, không vượt quá, tối đa, "N trở xuống"
reduce     giảm (including "giảm ... từ 5% trở lên")
keep       duy trì, giữ vững, giữ ổn định
=========  ==========================================================================

A range "từ 3 - 4%" gives the lower bound (the upper one for an at_most target). Outside a
section whose heading names "chỉ tiêu", a figure is a target only when a direction keyword stands
at most three words before it, so "20 năm thành lập" or "05 nội dung" never become targets.

Other choices:

- ``subject`` is the trích yếu as written, including a leading "V/v" or "Về việc".
- ``issuer`` comes from the header; without a header only from the signing capacity
  ("TM. ỦY BAN NHÂN DÂN") plus the level the body names ("Ủy ban nhân dân huyện ...") and the
  place of issue (ND 30/2020: a local body's place of issue is its own unit's name); else None.
- ``date`` only when day, month and year are all written; ``year`` from the place-date line.
- ``award_forms`` lists the award forms of the 2022 law (Huân chương ..., Huy chương, Kỷ niệm
  chương, Giải thưởng ..., Bằng khen, Giấy khen); emulation titles such as Cờ thi đua are not forms.
- ``movements`` are quoted names introduced by "phong trào", "thi đua" or "cuộc vận động" (and
  the quoted names listed right after them); a quoted "chủ đề", "mô hình" or "điển hình" is not.
- ``recipients``: the "Kính gửi" addressees and the "Nơi nhận" list ("Như trên" expands to the
  addressees; "Lưu ..." and notes such as "(b/c)" are dropped).
- ``report_deadlines`` need "báo cáo" in the same sentence; each item is {day, month, year,
  recurring}: ``year`` is set only for a one-off deadline that names it ("trước ngày 15/8/2025").
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from typing import NotRequired, TypedDict

from core.formats import parse_vn_decimal

# --------------------------------------------------------------------------- result types


class TargetData(TypedDict):
    name: str
    value: int | float
    unit: str
    direction: str  # "reach" | "at_most" | "reduce" | "keep"
    group: NotRequired[str]  # "economic" | "social" | "environmental" | "other", from the heading


class DeadlineData(TypedDict):
    day: int
    month: int | None  # None for "trước ngày 20 hàng tháng"
    year: NotRequired[int]  # present only for a one-off deadline that names its year
    recurring: str | None  # "yearly" | "quarterly" | "monthly" | None


class LaunchDocumentData(TypedDict):
    doc_type: str | None  # one of DOC_TYPES, or of NON_LAUNCH_TYPES (then ``warnings`` says so)
    is_launch_document: bool | None  # False for a Quyết định, Tờ trình, Báo cáo...; None if unknown
    warnings: list[str]  # Vietnamese sentences for the review screen
    number: str | None
    symbol: str | None
    issuer: str | None
    place: str | None
    date: str | None  # ISO "YYYY-MM-DD", only when day, month and year are all written
    year: int | None
    campaign_year: int | None  # "năm 2024" in the subject, else the year of issue
    subject: str | None
    theme: str | None
    period_start: str | None
    period_end: str | None
    report_deadlines: list[DeadlineData]
    targets: list[TargetData]
    award_forms: list[str]
    movements: list[str]
    signer_name: str | None
    signer_title: str | None
    signing_capacity: str | None
    recipients: list[str]
    addressees: list[str]  # the "Kính gửi" addressees alone
    distribution: list[str]  # the "Nơi nhận" list alone ("Như trên" kept as written, "Lưu" dropped)


DOC_TYPES = ("chi_thi", "ke_hoach", "phat_dong", "cong_van", "huong_dan")
# Documents that do not launch a campaign; recognised so that the user is told (issue 14, kind 6).
NON_LAUNCH_TYPES = {
    "quyet_dinh": "Quyết định",
    "to_trinh": "Tờ trình",
    "bao_cao": "Báo cáo",
    "thong_bao": "Thông báo",
    "nghi_quyet": "Nghị quyết",
    "bien_ban": "Biên bản",
    "giay_moi": "Giấy mời",
    "cong_dien": "Công điện",
}
_NON_LAUNCH_HINTS = {
    "to_trinh": "văn bản đề nghị, thường là đề nghị khen thưởng",
    "bao_cao": "báo cáo sơ kết, tổng kết",
    "quyet_dinh": "quyết định khen thưởng, thành lập hay ban hành",
}

# --------------------------------------------------------------------------- vocabulary

_TITLE_WORDS = {
    "CHỈ THỊ": "chi_thi",
    "KẾ HOẠCH": "ke_hoach",
    "PHÁT ĐỘNG": "phat_dong",
    "THƯ PHÁT ĐỘNG": "phat_dong",
    "LỜI KÊU GỌI": "phat_dong",
    "CÔNG VĂN": "cong_van",
    "HƯỚNG DẪN": "huong_dan",
    "QUYẾT ĐỊNH": "quyet_dinh",
    "TỜ TRÌNH": "to_trinh",
    "BÁO CÁO": "bao_cao",
    "THÔNG BÁO": "thong_bao",
    "NGHỊ QUYẾT": "nghi_quyet",
    "BIÊN BẢN": "bien_ban",
    "GIẤY MỜI": "giay_moi",
    "CÔNG ĐIỆN": "cong_dien",
}
# First segment of the symbol ("CT-UBND", "KH/ĐTN") -> type. A công văn's symbol has no type code.
_SYMBOL_CODES = {
    "CT": "chi_thi",
    "KH": "ke_hoach",
    "PĐ": "phat_dong",
    "PD": "phat_dong",
    "HD": "huong_dan",
    "HĐ": "huong_dan",
    "QĐ": "quyet_dinh",
    "TTr": "to_trinh",
    "BC": "bao_cao",
    "TB": "thong_bao",
    "NQ": "nghi_quyet",
    "BB": "bien_ban",
    "GM": "giay_moi",
    "CĐ": "cong_dien",
}

_ADMIN_LEVELS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "xã", "quận", "phường")
_BODY_STARTS = (
    "ỦY BAN",
    "UỶ BAN",
    "UBND",
    "HỘI ĐỒNG",
    "HĐND",
    "SỞ ",
    "PHÒNG ",
    "BAN ",
    "BỘ ",
    "CỤC ",
    "CHI CỤC",
    "TỔNG CỤC",
    "VĂN PHÒNG",
    "TRUNG TÂM",
    "TRƯỜNG ",
    "CÔNG AN",
    "BỘ CHỈ HUY",
    "BAN CHỈ HUY",
    "TỈNH ỦY",
    "TỈNH UỶ",
    "HUYỆN ỦY",
    "HUYỆN UỶ",
    "THÀNH ỦY",
    "THÀNH UỶ",
    "ĐẢNG ỦY",
    "ĐẢNG UỶ",
    "MẶT TRẬN",
    "ỦY BAN MẶT TRẬN",
    "LIÊN ĐOÀN",
    "HỘI ",
    "ĐOÀN ",
    "BCH ",
    "BTV ",
    "BAN CHẤP HÀNH",
    "BAN THƯỜNG VỤ",
    "ĐẢNG BỘ",
    "CHI BỘ",
    "CHI ĐOÀN",
    "LIÊN ĐỘI",
    "CHI ĐỘI",
    "CÔNG ĐOÀN",
    "THỦ TƯỚNG",
    "CHÍNH PHỦ",
    "CHỦ TỊCH NƯỚC",
    "QUỐC HỘI",
    "HỌC VIỆN",
    "ĐẠI HỌC",
    "TỔNG LIÊN ĐOÀN",
    "THÀNH ĐOÀN",
    "TỈNH ĐOÀN",
    "HUYỆN ĐOÀN",
    "QUÂN ĐOÀN",
    "ĐẢNG ĐOÀN",
    "BỘ ĐỘI",
    "BỆNH VIỆN",
    "MẦM NON",
    "TRƯỜNG",
)
# A committee line that names its organisation on the next header line ("BAN CHẤP HÀNH TRUNG ƯƠNG"
# / "ĐOÀN TNCS HỒ CHÍ MINH") is joined to it instead of being replaced by it.
_COMMITTEE_ONLY = re.compile(r"^(?:BAN CHẤP HÀNH|BCH|BAN THƯỜNG VỤ|BTV)(?:\s+TRUNG\s+ƯƠNG)?$")
_ABBREVIATIONS = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "BCH": "Ban Chấp hành",
    "BTV": "Ban Thường vụ",
}
_SIGNER_TITLES = (
    "PHÓ CHỦ TỊCH THƯỜNG TRỰC",
    "PHÓ CHỦ TỊCH",
    "CHỦ TỊCH",
    "PHÓ TỔNG GIÁM ĐỐC",
    "TỔNG GIÁM ĐỐC",
    "PHÓ GIÁM ĐỐC",
    "GIÁM ĐỐC",
    "PHÓ TRƯỞNG BAN",
    "TRƯỞNG BAN",
    "PHÓ TRƯỞNG PHÒNG",
    "TRƯỞNG PHÒNG",
    "PHÓ CHÁNH VĂN PHÒNG",
    "CHÁNH VĂN PHÒNG",
    "PHÓ BÍ THƯ",
    "BÍ THƯ",
    "PHÓ HIỆU TRƯỞNG",
    "HIỆU TRƯỞNG",
    "PHÓ CỤC TRƯỞNG",
    "CỤC TRƯỞNG",
    "THỦ TRƯỞNG",
)
_SIGNER_TITLE_WORDS = re.compile(
    r"CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG|BÍ THƯ|CHÁNH|ỦY VIÊN|UỶ VIÊN|THƯỜNG TRỰC|CHỈ HUY|CHỦ NHIỆM|TỔNG BIÊN TẬP"
    r"|PHỤ TRÁCH|TỔNG THƯ KÝ|THƯ KÝ|CHÍNH ỦY|TƯ LỆNH|VIỆN TRƯỞNG|KẾ TOÁN|ĐOÀN TRƯỞNG|TỔNG PHỤ TRÁCH"
)
_ANNEX_HEADING = re.compile(r"^(?:DANH SÁCH|PHỤ LỤC|BIỂU|MẪU|BẢNG|KÈM THEO|TỔNG HỢP)\b")
# "TM.", "KT.", "TL.", "TUQ.", "Q." (ND 30/2020) and the Party's "T/M", "K/T", "T/L" (no dot)
_CAPACITY = re.compile(r"(?<![\w./])((?:TM|KT|TL|TUQ|Q)(?=\s*\.)|T/M|K/T|T/L)\s*\.?\s*(?=\S)")


def _capacity_text(kind: str, rest: str) -> str:
    return f"{kind} {rest}" if "/" in kind else f"{kind}. {rest}"


# Award forms of the 2022 law (law.md §5). Emulation titles (Lao động tiên tiến, Cờ thi đua, ...)
# are not award forms and are not listed here.
_AWARD_FORMS = [
    (
        re.compile(
            r"\bhuân chương\s+(sao vàng|hồ chí minh|độc lập|quân công|lao động|chiến công|bảo vệ tổ quốc"
            r"|đại đoàn kết dân tộc|dũng cảm|hữu nghị)(?:\s+hạng\s+(nhất|nhì|ba))?\b",
            re.I,
        ),
        "Huân chương",
    ),
    (re.compile(r"\bhuy chương\b", re.I), "Huy chương"),
    (re.compile(r"\bkỷ niệm chương\b", re.I), "Kỷ niệm chương"),
    (re.compile(r"\bgiải thưởng hồ chí minh\b", re.I), "Giải thưởng Hồ Chí Minh"),
    (re.compile(r"\bgiải thưởng nhà nước\b", re.I), "Giải thưởng Nhà nước"),
    (re.compile(r"\bbằng khen\b", re.I), "Bằng khen"),
    (re.compile(r"\bgiấy khen\b", re.I), "Giấy khen"),
]

_ORDER_NAMES = {
    name.lower(): name
    for name in (
        "Sao vàng", "Hồ Chí Minh", "Độc lập", "Quân công", "Lao động", "Chiến công", "Bảo vệ Tổ quốc",
        "Đại đoàn kết dân tộc", "Dũng cảm", "Hữu nghị",
    )
}  # fmt: skip

# --------------------------------------------------------------------------- numbers

_NUMBER = r"(?<![\d/.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\d/]|[.,]\d)"

# Units of measure; the first group keeps the unit word in a target's name ("02 trường" ->
# "Xây dựng thêm trường ..."), the second is a measure ("1.100 ha" -> "Trồng rừng mới").
_COUNT_UNITS = (
    "hợp tác xã",
    "doanh nghiệp",
    "công trình",
    "dự án",
    "sản phẩm OCOP",
    "sản phẩm",
    "mô hình",
    "giường bệnh",
    "học sinh",
    "sinh viên",
    "giáo viên",
    "lao động",
    "hội viên",
    "đoàn viên",
    "đảng viên",
    "đội viên",
    "thanh niên",
    "cán bộ",
    "công chức",
    "viên chức",
    "hồ sơ",
    "thủ tục",
    "chi bộ",
    "chi hội",
    "chi đoàn",
    "tổ chức cơ sở đảng",
    "cơ sở",
    "câu lạc bộ",
    "gia đình",
    "hộ gia đình",
    "phòng học",
    "lớp học",
    "căn nhà",
    "ngôi nhà",
    "nhà",
    "sáng kiến",
    "đề tài",
    "phần việc",
    "việc làm",
    "tuyến đường",
    "tin bài",
    "cuộc",
    "lớp",
    "đơn vị máu",
    "trường",
    "người",
    "thôn",
    "tổ dân phố",
    "bản",
    "hộ",
    "xã",
    "phường",
    "cây",
)
_MEASURE_UNITS = (
    "nghìn tỷ đồng",
    "tỷ đồng",
    "tỷ VNĐ",
    "tỷ USD",
    "triệu VNĐ",
    "triệu đồng",
    "nghìn đồng",
    "ngàn đồng",
    "triệu USD",
    "nghìn USD",
    "USD",
    "đồng",
    "tỷ",
    "nghìn lượt",
    "lượt khách",
    "lượt người",
    "lượt",
    "nghìn tấn",
    "tấn",
    "tạ/ha",
    "ha",
    "km",
    "m2",
    "m3",
    "%",
    "‰",
)
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(_COUNT_UNITS + _MEASURE_UNITS, key=len, reverse=True))
_MEASUREMENT = re.compile(_NUMBER + r"\s*(" + _UNIT_ALT + r")((?:/\w+)*)(?=$|[\s,;.:)\]])")

_DIRECTIONS = [
    (r"không vượt quá|không quá|tối đa|thấp hơn|dưới", "at_most", False),
    (r"giảm", "reduce", True),
    (r"duy trì|giữ vững|giữ ổn định", "keep", True),
    (r"không dưới|không thấp hơn|không ít hơn|đạt|tối thiểu|ít nhất|vượt", "reach", False),
    (r"tăng(?!\s+(?:trưởng|cường|thêm))", "reach", False),
    (r"trên|khoảng", "reach", None),  # weak: never overrides a leading giảm/duy trì
]
_DIRECTION_RE = re.compile(
    r"(?<!\w)(" + "|".join(p for p, _d, _s in _DIRECTIONS) + r")(?!\w)",
    re.I,
)


def parse_vn_number(text: str) -> Decimal:
    """Parse a figure as written in a Vietnamese document, with an optional unit sign.

    "3.130,5" -> 3130.5; "84,770" -> 84.77; "8.920" -> 8920; "9%" -> 9; "0,45‰" -> 0.45;
    "01" -> 1. Raises ValueError when the text is not a number.
    """
    raw = (text or "").strip().rstrip("%‰").strip()
    return parse_vn_decimal(raw)


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# --------------------------------------------------------------------------- text helpers

_MOTTO = re.compile(
    r"CỘNG\s+H(?:OÀ|ÒA)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA(?:\s+VIỆT(?:\s+NAM)?)?|^\s*(?:VIỆT\s+)?NAM\s*$"
    r"|Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc",
    re.I,
)
_BULLET = re.compile(r"^[-–•+*]\s*")
# "I.", "1.", "1.2.", "a)" and the list numbering "(1)", "(12)", "1)" (groups 3-4: list items)
_HEADING_NUM = re.compile(
    r"^(?:([IVXLC]+)\.|(\d{1,2}(?:\.\d{1,2})*)\.(?=\s)|([a-zđ])\)|(\(\d{1,2}\)|\d{1,2}\)))\s*"
)


# Look-alike letters that PDF text layers and old fonts write for Vietnamese ones: "ƣ/Ƣ" (U+01A3/
# U+01A2, "oi" with a hook) for "ư/Ư" is a common font-encoding artefact; "Ð" (U+00D0, eth) for "Đ".
_LOOKALIKES = str.maketrans({"\u01a3": "ư", "\u01a2": "Ư", "\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ"})


def normalize_pdf_letters(text: str) -> str:
    """Replace look-alike letters that PDF text layers write; NFC after.

    "ƣ/Ƣ" -> "ư/Ư", "Ð" -> "Đ" everywhere; inside a word also the legacy-font (.VnTime) pair
    "μ" -> "à" and "−" (minus sign) -> "ư" ("đoμn viên", "đ−ợc" -> "đoàn viên", "được")."""
    text = (text or "").translate(_LOOKALIKES)
    text = re.sub(r"(?<=[^\W\d_])μ", "à", text)
    text = re.sub(r"(?<=[^\W\d_])\u2212(?=[^\W\d_])", "ư", text)
    return unicodedata.normalize("NFC", text)


def _clean(text: str) -> list[str]:
    """NFC, drop emphasis markers and table pipes, squeeze spaces; return stripped lines."""
    text = normalize_pdf_letters(unicodedata.normalize("NFC", text or ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    for ch in ("\u00a0", "\u2007", "\u202f", "\t"):
        text = text.replace(ch, " ")
    for ch in ("\ufeff", "\u200b", "\u00ad"):
        text = text.replace(ch, "")
    text = re.sub(r"\*+", "", text)
    text = text.replace("|", "\n")
    # Side-by-side columns kept apart by runs of spaces (pdftotext -layout): one line each.
    text = re.sub(r"(?<=\S) {3,}(?=\S)", "\n", text)
    text = re.sub(r" {2,}", " ", text)
    lines = [line.strip() for line in text.split("\n")]
    # a line holding only a page number ("2", "- 3 -") is a page footer/header, not content
    return ["" if re.fullmatch(r"[-–]?\s*\d{1,3}\s*[-–]?", line) else line for line in lines]


def _flat(lines: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(lines)).strip()


def _is_upper(s: str) -> bool:
    letters = [ch for ch in s if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _is_name(line: str) -> bool:
    """A person's name: 2-6 words, each Capitalised, no digits or punctuation."""
    words = line.split()
    if not 2 <= len(words) <= 6 or any(ch.isdigit() for ch in line):
        return False
    return all(w.isalpha() and w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words)


def _strip_quotes(s: str) -> str:
    return s.strip().strip("“”\"'").strip()


def _squeeze(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _cap_first(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


_FIELD_BODIES = (
    "chi cục",
    "tổng cục",
    "trung tâm",
    "văn phòng",
    "hội đồng",
    "sở",
    "phòng",
    "bộ",
    "cục",
    "ban",
)


def _is_acronym(word: str) -> bool:
    """'TĐKT', 'MTTQ', 'GD&ĐT', 'THPT': capitals without a vowel stay as written."""
    bare = unicodedata.normalize("NFD", word.replace("Đ", "D"))
    return word.isupper() and not any(ch in "AEIOUY" for ch in bare)


def _title_case_body(upper: str) -> str:
    """Header capitals to the written form of an agency's name.

    'ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN' -> 'Ủy ban nhân dân tỉnh Điện Biên';
    'SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH' -> 'Sở Văn hóa, Thể thao và Du lịch' (each field capitalised).
    """
    words: list[str] = []
    for word in _squeeze(upper).split(" "):
        words.extend(_ABBREVIATIONS[word].split(" ") if word in _ABBREVIATIONS else [word])
    lowered = " ".join(words).lower()
    field = next((f for f in _FIELD_BODIES if lowered.startswith(f + " ")), None)
    if field and lowered[len(field) :].strip().startswith("nhân dân"):
        field = None
    out: list[str] = []
    proper = False
    capitalise_next = False
    i = 0
    while i < len(words):
        word, low = words[i], words[i].lower()
        two = f"{low} {words[i + 1].lower()}" if i + 1 < len(words) else ""
        if two in _ADMIN_LEVELS or low in _ADMIN_LEVELS:
            level = two if two in _ADMIN_LEVELS else low
            out.extend(level.split(" "))
            i += len(level.split(" "))
            proper, capitalise_next = True, False
            continue
        school = next(
            (
                lv
                for lv in _SCHOOL_LEVELS
                if " ".join(x.lower() for x in words[i : i + len(lv.split())]) == lv
            ),
            None,
        )
        if school and out and out[-1].lower() == "trường":
            out.extend(_cap_first(school).split(" "))  # "Trường Tiểu học Sơn Bình"
            i += len(school.split(" "))
            proper = True
            continue
        if _is_acronym(word):
            out.append(word)
            proper = proper or (bool(out[:-1]) and len(word) >= 2)  # "Phòng GD&ĐT Tam Đường", "TH Sơn Bình"
        elif proper or capitalise_next:
            out.append(word[:1] + word[1:].lower())
        else:
            out.append(low)
        capitalise_next = False
        if field and (len(out) == len(field.split(" ")) or low in ("và", "-") or word.endswith(",")):
            capitalise_next = True
        i += 1
    text = _cap_first(" ".join(out))
    for phrase in _PROPER_PHRASES:
        text = re.sub(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", phrase, text, flags=re.I)
    # the Party and the Youth Union are written with a capital: "Đảng ủy xã", "Ban Chấp hành Đoàn xã"
    text = re.sub(r"(?<!\w)đảng(?!\w)", "Đảng", text)
    text = re.sub(
        r"(?<!\w)đoàn(?= (?:TNCS|thanh niên|" + "|".join(_ADMIN_LEVELS) + r"|trường|khối)(?!\w))",
        "Đoàn",
        text,
    )
    text = re.sub(r"(?<!\w)đội(?= thiếu niên)", "Đội", text)
    return text


_SCHOOL_LEVELS = (
    "phổ thông dân tộc bán trú",
    "phổ thông dân tộc nội trú",
    "trung học phổ thông",
    "trung học cơ sở",
    "tiểu học",
    "mầm non",
)
_PROPER_PHRASES = (
    "Mặt trận Tổ quốc Việt Nam",
    "Việt Nam",
    "Hồ Chí Minh",
    "Công an nhân dân",
    "Quân đội nhân dân",
    "Chính phủ",
    "Quốc hội",
    "Trung ương",
    "Tiền phong",
)


# --------------------------------------------------------------------------- dates

_DATE_PATTERNS = [
    re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"),
    re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:năm|/)\s*(\d{4})", re.I),
]
_DATE_ANY = r"(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s*(?:năm|/)\s*\d{4})"


def _parse_date(text: str) -> str | None:
    for pattern in _DATE_PATTERNS:
        m = pattern.search(text)
        if m:
            try:
                return date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
            except ValueError:
                return None
    return None


def _glued_tail(token: str) -> str | None:
    """'19/CTĐiện' -> 'Điện' (capitals, then a Capitalised word, as a PDF tool glues two columns)."""
    if "/" not in token and "-" not in token:
        return None
    if re.fullmatch(r"[A-ZĐ]{1,4}[a-z]", re.split(r"[-/]", token)[-1]):
        return None  # "15/CT-TTg", "33/TTr-UBND": a symbol piece, nothing glued
    for i in range(len(token) - 2, 0, -1):
        tail = token[i:]
        if tail[0].isupper() and tail[1:].isalpha() and tail[1:].islower() and token[i - 1].isupper():
            return tail
    return None


_PLACE_DATE = re.compile(
    r",\s*ngày\s*(\d{1,2})?\s*(?:tháng\s*(\d{1,2})?\s*năm\s*(\d{4})|/\s*(\d{1,2})\s*/\s*(\d{4}))", re.I
)


def _place_and_date(flat: str) -> tuple[str | None, str | None, int | None]:
    for m in _PLACE_DATE.finditer(flat):
        before = flat[max(0, m.start() - 60) : m.start()].split()
        words: list[str] = []
        for token in reversed(before):
            glued = _glued_tail(token)
            if glued:
                words.insert(0, glued)  # "19/CTĐiện": the left column's symbol glued to the place
                break
            if token in ("TP.", "TX.", "TT.") or (
                token[:1].isupper() and token.replace(".", "").isalpha() and not _is_upper(token)
            ):
                words.insert(0, token)
                if len(words) == 5:
                    break
            else:
                break
        if not words:
            continue
        place = " ".join(words)
        day = m.group(1)
        month = m.group(2) or m.group(4)
        year = m.group(3) or m.group(5)
        iso = None
        if day and month and year:
            try:
                iso = date(int(year), int(month), int(day)).isoformat()
            except ValueError:
                iso = None
        return place, iso, int(year) if year else None
    return None, None, None


# --------------------------------------------------------------------------- header


_NUMBER_SYMBOL = (
    r"\bSố\s*{colon}\s*(\d+[a-z]?)?\s*/\s*([A-ZĐ][A-ZĐ0-9]*[a-z]?(?:\s*[-–.]\s*[A-ZĐ0-9][A-ZĐ0-9a-z]*)*)"
)
# Party, Youth Union and mass-organisation numbering: "Số: 12-KH/ĐTN", "Số 45-CT/ĐU",
# "Số: 225 - KH/TWĐTN-CTTN" (the number joined to the symbol by a hyphen, the issuer after a slash).
_PARTY_NUMBER_SYMBOL = (
    r"\bSố\s*{colon}\s*(\d+[a-z]?)?\s*[-–]\s*([A-ZĐ][A-ZĐ0-9]*[a-z]?\s*/\s*[A-ZĐ][A-ZĐ0-9]*"
    r"(?:\s*[-–/.]\s*[A-ZĐ0-9][A-ZĐ0-9a-z]*)*)"
)


def _number_symbol(flat: str, head: str) -> tuple[str | None, str | None]:
    """'Số: 2458/UBND-NC' -> ('2458', 'UBND-NC'); 'Số: /CT-UBND' -> (None, 'CT-UBND');
    'Số: 12-KH/ĐTN' -> ('12', 'KH/ĐTN') (Party and mass-organisation numbering, ND 30/2020 does not
    apply to them; their rules write the number and the type code joined by a hyphen).

    Without a colon ('Số 12/CT-UBND', 'Số 45-CT/ĐU') only in the header, so that a cited
    'Số 19/CT-TTg' in the body is not taken; an incoming-mail stamp 'Số 6473 Ngày ...' has no slash
    and never matches."""
    candidates = []
    for pattern in (_NUMBER_SYMBOL, _PARTY_NUMBER_SYMBOL):
        m = re.search(pattern.format(colon=":"), head) or re.search(pattern.format(colon=""), head)
        if m:
            candidates.append(m)
    if not candidates:
        for pattern in (_NUMBER_SYMBOL, _PARTY_NUMBER_SYMBOL):
            m = re.search(pattern.format(colon=":"), flat)
            if m:
                candidates.append(m)
    if not candidates:
        return None, None
    m = min(candidates, key=lambda c: c.start())
    symbol = re.sub(r"\s+", "", m.group(2)).replace("–", "-")
    return m.group(1), symbol


def _title_index(lines: list[str]) -> tuple[int | None, str | None, str | None]:
    """The line holding the document type word: (index, doc_type, rest of the line or None).

    "KẾ HOẠCH" alone, or "KẾ HOẠCH Tổ chức …" with the subject on the same line (web pages and some
    Word exports); the type word must be in capitals, so a sentence "Kế hoạch số …" is not taken."""
    words = sorted(_TITLE_WORDS, key=len, reverse=True)
    inline = re.compile(r"^(" + "|".join(re.escape(w) for w in words) + r")\s*:?\s+(\S.*)$")
    for i, line in enumerate(lines[:60]):
        squeezed = _squeeze(line).rstrip(":")
        key = squeezed.upper() if _is_upper(line) else None
        if key in _TITLE_WORDS:
            return i, _TITLE_WORDS[key], None
        m = inline.match(squeezed)
        if m and not re.match(r"(?:số|năm|của|này|đã|được)\b", m.group(2), re.I):
            return i, _TITLE_WORDS[m.group(1)], m.group(2)
    return None, None, None


_SUBJECT_STOP = re.compile(
    r"^(?:(?:Kính gửi|Căn cứ|Thực hiện|Triển khai|Để|Nhằm|Hưởng ứng|Trên cơ sở|Nơi nhận|Độc lập)\b"
    r"|Số\s*:|Năm\s+\d{4}\b|CỘNG\s|[IVX]+\.\s|\d+\.\s)"
)
_CONTINUE_AFTER = {
    "của", "và", "về", "cho", "với", "các", "những", "trong", "tại", "theo", "ngày", "năm", "số",
    "huyện", "tỉnh", "xã", "phố", "phường", "quận", "trấn", "thị", "niệm", "mừng", "thành", "lập",
}  # fmt: skip


# Capitals that follow a capitals subject but are not part of it: the deciding authority of a
# Quyết định ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"), a section heading, the word "QUYẾT ĐỊNH:".
_CAPS_SUBJECT_STOP = re.compile(
    r"^(?:CHỦ TỊCH|BỘ TRƯỞNG|GIÁM ĐỐC|THỦ TƯỚNG|TRƯỞNG BAN|HIỆU TRƯỞNG|BAN CHẤP HÀNH|BAN THƯỜNG VỤ"
    r"|QUYẾT ĐỊNH|KÍNH GỬI|PHẦN|CHƯƠNG|[IVX]+\.|\d+\.|[-_=*─]{3,})"
)


# A capitals line that carries on a capitals subject even after a blank line: the period or the
# year ("NĂM HỌC 2024 – 2025", "GIAI ĐOẠN 2020-2025", "NĂM 2020"), a joining word, a bracket.
_CAPS_CONTINUATION = re.compile(
    r"^(?:NĂM\b|GIAI ĐOẠN\b|NHIỆM KỲ\b|TRONG\b|VÀ\b|CỦA\b|CHO\b|TẠI\b|ĐẾN\b|VỀ\b|\(|\d)"
)


def _subject(lines: list[str], start: int, first: str | None = None) -> str | None:
    """The trích yếu from lines[start:] (``first`` replaces lines[start] when the subject shares
    the type word's line). Written in capitals or not, wrapped over several lines, with blank lines
    inside it (Word-to-text exports); it ends at a full stop, a paragraph that opens the body
    ("Căn cứ", "Thực hiện", "Kính gửi", a numbered heading) or a line that does not continue it."""
    lines = list(lines)
    if first is not None and start < len(lines):
        lines[start] = first
    parts: list[str] = []
    caps = False
    i = start
    pending_blank = False
    while i < len(lines) and len(parts) < 6:
        line = lines[i]
        if not line or re.fullmatch(r"[-_=*─.]{2,}", line):
            if parts:
                pending_blank = True
            i += 1
            continue
        if parts:
            prev = parts[-1]
            if caps:
                # a capitals subject continues on capitals lines only, never after a blank line
                # unless the line before ends with a joining word
                last_prev = prev.split()[-1].lower() if prev.split() else ""
                if not _is_upper(line) or _CAPS_SUBJECT_STOP.match(line) or _MOTTO.search(line):
                    break
                if pending_blank and not (last_prev in _CONTINUE_AFTER or _CAPS_CONTINUATION.match(line)):
                    break
                if prev.endswith((".", ":", ";")):
                    break
            else:
                if _SUBJECT_STOP.match(line) or _is_upper(line) or prev.endswith((".", ":", ";")):
                    break
                if _PLACE_DATE.search(line) and not line[:1].islower():
                    break
                if line[:1].isupper() and (re.search(r"(?:19|20)\d\d\)?[”\"]?$", prev) or len(line) > 160):
                    break  # "… năm 2026" closes a subject; a long capitalised line opens the body
                first_ch = line[:1]
                words = line.split()
                last_prev = prev.split()[-1] if prev.split() else ""
                # a proper name broken across lines: "... huyện Tam" / "Đường (21/9/2002-21/9/2022)"
                proper = words[0][:1].isupper() and (
                    last_prev[:1].isupper() or (len(words) >= 2 and words[1][:1].isupper())
                )
                last_prev = last_prev.lower()
                if prev.endswith(("-", "/")) and prev[-2:-1].isalnum():
                    parts[-1] = prev + "\u0000"  # a symbol broken at its hyphen: "19/CT-" / "TTg"
                elif not (
                    first_ch.islower()
                    or first_ch.isdigit()
                    or first_ch in '(–-“"'
                    or proper
                    or last_prev in _CONTINUE_AFTER
                ):
                    break
                if pending_blank and not (first_ch.islower() or last_prev in _CONTINUE_AFTER):
                    break
        else:
            if _CAPS_SUBJECT_STOP.match(line):
                return None
            if _SUBJECT_STOP.match(line):
                # "Hưởng ứng phong trào …", "Triển khai thực hiện Chỉ thị …" can be a subject; the
                # body's first paragraph ("Căn cứ …;", "Thực hiện …, UBND xã ban hành … như sau:") not
                opener = re.match(r"(?:Thực hiện|Triển khai|Hưởng ứng|Để|Nhằm)\b", line)
                paragraph = _flat(lines[i : i + 4])
                if not opener or re.search(r"[:;]\s*$|như sau", line) or len(line) > 200:
                    return None
                if re.search(r"như sau\s*:", paragraph[:300]):
                    return None
            caps = _is_upper(line)
        pending_blank = False
        # The right-hand column may sit on the same line: cut at "Place, ngày ..." or the motto.
        cut = _MOTTO.search(line)
        if cut:
            line = line[: cut.start()]
        pd = _PLACE_DATE.search(line)
        if pd:
            place, _d, _y = _place_and_date(line)
            line = line[: pd.start()]
            if place and line.endswith(place):
                line = line[: -len(place)]
        if not line.strip():
            break
        parts.append(line.strip())
        i += 1
        if sum(len(p) for p in parts) > 400:
            break
    text = _squeeze(" ".join(parts).replace("\u0000 ", "")).rstrip(" .;:")
    return text or None


def _issuer_from_header(lines: list[str], stop: int) -> str | None:
    zone = []
    for line in lines[: min(stop, 30)]:
        line = _MOTTO.sub("\n", line)
        for piece in line.split("\n"):
            piece = re.sub(r"[-_=─]{3,}", "", piece).strip()
            if piece:
                zone.append(piece)
    parts: list[str] = []
    for piece in zone:
        if not _is_upper(piece):
            if parts:
                break
            continue
        starts_body = piece.upper().startswith(_BODY_STARTS)
        starts_level = piece.lower().startswith(_ADMIN_LEVELS)
        if not parts:
            if starts_body:
                parts.append(piece)
            continue
        if starts_level or _COMMITTEE_ONLY.match(_squeeze(" ".join(parts))):
            parts.append(piece)
        elif starts_body:
            parent = _squeeze(" ".join(parts))
            parts = [piece]  # the parent agency sits above the issuing body; keep the latter
            # a council or steering committee of the body above takes that body's unit name:
            # "UBND XÃ VẠN THẮNG" / "HỘI ĐỒNG TĐ–KT" -> "Hội đồng TĐ–KT xã Vạn Thắng"
            unit = re.search(r"(?<!\w)(?:" + "|".join(_ADMIN_LEVELS).upper() + r")\s+\S.*$", parent)
            if (
                unit
                and _COUNCIL.match(piece)
                and not any(f" {lv.upper()} " in f" {piece} " for lv in _ADMIN_LEVELS)
                and "TRUNG ƯƠNG" not in piece
            ):
                parts.append(unit.group(0))
        # any other capitals (a wrapped piece of the right-hand column) are skipped
    if not parts:
        return None
    return _title_case_body(" ".join(parts))


_COUNCIL = re.compile(r"^(?:HỘI ĐỒNG|BAN CHỈ ĐẠO|BAN TỔ CHỨC|BAN THI ĐUA|TIỂU BAN)\b")


def _issuer_from_text(flat: str, capacity: str | None, place: str | None) -> str | None:
    """Issuer when the header is missing: only from the signing capacity ("TM. ỦY BAN NHÂN DÂN")
    plus the administrative level and place the text itself names."""
    if not capacity:
        return None
    m = _CAPACITY.match(capacity)
    body_upper = capacity[m.end() :].strip() if m else ""
    if not body_upper or m.group(1) not in ("TM", "T/M"):
        return None
    body = _title_case_body(body_upper)
    if any(f" {lv} " in f" {body.lower()} " for lv in _ADMIN_LEVELS):
        return body  # the capacity already names the place
    if not place:
        return None
    variants = [re.escape(body)]
    for abbr, full in _ABBREVIATIONS.items():
        if full.lower() == body.lower():
            variants.append(abbr)
    body_re = "(?:" + "|".join(variants) + ")"
    levels = "|".join(_ADMIN_LEVELS)
    explicit = re.search(body_re + r"\s+(" + levels + r")\s+" + re.escape(place) + r"(?!\w)", flat, re.I)
    if explicit:
        return f"{body} {explicit.group(1).lower()} {place}"
    # "<body> <level>" mentions (e.g. "Chủ tịch Ủy ban nhân dân huyện phát động"); by ND 30/2020
    # the place of issue of a local body is the name of its own administrative unit.
    counts: dict[str, int] = {}
    for mm in re.finditer(body_re + r"\s+(" + levels + r")(?!\w)", flat, re.I):
        level = mm.group(1).lower()
        counts[level] = counts.get(level, 0) + 1
    if not counts:
        return None
    level = max(counts, key=lambda k: counts[k])
    if list(counts.values()).count(counts[level]) > 1:
        return None  # "huyện" as often as "tỉnh": the text does not say which
    return f"{body} {level} {place}"


# --------------------------------------------------------------------------- signer, recipients


def _signer(lines: list[str]) -> tuple[str | None, str | None, str | None]:
    start = max(0, len(lines) - 80)
    cap_idx = None
    cap_text = None
    for i in range(len(lines) - 1, start - 1, -1):
        m = _CAPACITY.search(lines[i])
        if m and _is_upper(lines[i][m.start() :]):
            cap_idx, cap_text = i, lines[i][m.start() :]
            break
    title = None
    search_from = start
    capacity = None
    if cap_idx is not None:
        m = _CAPACITY.match(cap_text)
        rest = _squeeze(cap_text[m.end() :])
        capacity = _capacity_text(m.group(1), rest)
        for t in _SIGNER_TITLES:
            if m.group(1) in ("TM", "T/M") and rest.endswith(" " + t):
                capacity = _capacity_text(m.group(1), rest[: -len(t)].strip())
                title = t
                break
        search_from = cap_idx + 1
        if title is None:
            for j in range(cap_idx + 1, min(cap_idx + 12, len(lines))):
                line = lines[j]
                if _is_upper(line) and not _BULLET.match(line):
                    # only an office ("PHÓ CHỦ TỊCH", "BÍ THƯ"); an annex heading ("DANH SÁCH …",
                    # "PHỤ LỤC") or a table title that follows the capacity is not the signer's title
                    if _SIGNER_TITLE_WORDS.search(line) and not _ANNEX_HEADING.match(line):
                        title = _squeeze(line)
                        search_from = j + 1
                    break
    else:
        for j in range(len(lines) - 1, start - 1, -1):
            if _squeeze(lines[j]) in _SIGNER_TITLES:
                title = _squeeze(lines[j])
                search_from = j + 1
                break
        if title is None:
            return None, None, None
    name = None
    for j in range(search_from, min(search_from + 15, len(lines))):
        line = re.sub(r"\((?:đã ký|ký|ký, ghi rõ họ tên)[^)]*\)", "", lines[j], flags=re.I).strip()
        if _is_name(line):
            name = line
            break
    return name, title, capacity


_REPORT_NOTE = re.compile(
    r"\s*\((?:để\s+)?(?:b/c|b/cáo|báo cáo|t/h|th/h|thực hiện|p/h|phối hợp|chỉ đạo|đ/b|biết)\)\s*", re.I
)


def _collect_items(lines: list[str], start: int, stop_on_plain: bool) -> list[str]:
    """Dash-list items from lines[start:], joining wrapped continuation lines."""
    items: list[str] = []
    i = start
    while i < len(lines):
        line = lines[i]
        if not line:
            following = next((x for x in lines[i + 1 :] if x), "")
            if items and not _BULLET.match(following):  # a page break may sit inside the list
                break
            i += 1
            continue
        if _CAPACITY.match(line) or (_is_upper(line) and not _BULLET.match(line)) or _is_name(line):
            i += 1  # a signer-column line interleaved with the list
            continue
        if re.fullmatch(r"\(?\s*(?:b/c|đã ký)\s*\)?", line, re.I):
            i += 1
            continue
        if _BULLET.match(line):
            items.append(_BULLET.sub("", line))
        elif items and not items[-1].rstrip().endswith((";", ".")):
            items[-1] += " " + line
        elif stop_on_plain:
            break
        else:
            i += 1
            continue
        if re.match(r"lưu\b", items[-1], re.I):
            break
        i += 1
    out: list[str] = []
    for raw in items:
        for piece in re.split(r";\s*", raw):
            piece = _REPORT_NOTE.sub(" ", piece)
            piece = _squeeze(piece).strip(" .;,")
            if piece and not re.match(r"lưu\b", piece, re.I):
                out.append(piece)
    return out


def _recipients(lines: list[str]) -> list[str]:
    """Kính gửi addressees and the Nơi nhận list merged ("Như trên" expands to the addressees)."""
    addressees, listed = _addressees_and_distribution(lines)
    result: list[str] = []
    for item in listed:
        if re.fullmatch(r"như\s+trên", item, re.I) and addressees:
            result.extend(addressees)
        else:
            result.append(item)
    if addressees and not any(re.fullmatch(r"như\s+trên", x, re.I) for x in listed):
        result = addressees + result
    return _unique(result)


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for item in items:
        if item.lower() not in seen:
            seen.add(item.lower())
            unique.append(item)
    return unique


def _addressees_and_distribution(lines: list[str]) -> tuple[list[str], list[str]]:
    """(the "Kính gửi" addressees, the "Nơi nhận" list as written without "Lưu …")."""
    addressees: list[str] = []
    for i, line in enumerate(lines[:80]):
        m = re.match(r"Kính\s+gửi\s*:?\s*(.*)$", line, re.I)
        if m:
            rest = m.group(1).strip()
            if rest and not _BULLET.match(rest):
                addressees = [_squeeze(rest).strip(" .;,")]
            else:
                addressees = _collect_items([rest, *lines[i + 1 :]] if rest else lines[i + 1 :], 0, True)
            break
    listed: list[str] = []
    for i in range(len(lines) - 1, -1, -1):
        m = re.match(r"Nơi\s+nhận\s*:?\s*(.*)$", lines[i], re.I)
        if m:
            rest = m.group(1).strip()
            if rest and not _CAPACITY.match(rest):
                # "Nơi nhận: - A; - B; ..." flattened onto one line
                pieces = [p for p in re.split(r"(?:^|\s)[-–•+]\s+", rest) if p.strip()]
                listed = _collect_items([f"- {p}" for p in pieces] + lines[i + 1 :], 0, False)
            else:
                listed = _collect_items(lines, i + 1, False)
            break
    return _unique(addressees), _unique(listed)


# --------------------------------------------------------------------------- body fields

_QUOTED = re.compile(r"[“\"]([^“”\"]{2,400})[”\"]")


def _theme(flat: str) -> str | None:
    for m in re.finditer(r"chủ đề(?:\s+[^\s“”\":;,.]+){0,3}?\s*:?\s*[“\"]([^“”\"]{5,400})[”\"]", flat, re.I):
        clause_start = max(flat.rfind(";", 0, m.start()), flat.rfind(". ", 0, m.start()), m.start() - 200)
        before = flat[clause_start : m.start()]
        after = flat[m.end() : m.end() + 60].lower()
        if re.search(r"đại hội", before, re.I):
            continue  # the theme of a congress, quoted for reference
        if re.match(r"\s*(?:được\s+)?(?:phát động\s+)?(?:tại|của)\s", after):
            continue
        return _squeeze(_strip_quotes(m.group(1)))
    return None


_MOVEMENT_LEAD = re.compile(
    r"(?:phong trào(?:\s+thi đua)?|cuộc vận động|thi đua)(?:\s+(?:đặc biệt|lớn|cao điểm))?\s*:?\s*$"
    r"|(?:phong trào|cuộc vận động)[^“”\";.]{0,80}?\b(?:như|gồm)\s*:\s*(?:(?:phong trào|thi đua)\s+)?$",
    re.I,
)


def _movements(flat: str) -> list[str]:
    found: list[str] = []
    prev_end = None
    prev_is_movement = False
    for m in _QUOTED.finditer(flat):
        gap = flat[prev_end : m.start()] if prev_end is not None else ""
        tail = flat[max(0, m.start() - 120) : m.start()]
        is_movement = False
        if re.search(r"chủ đề[^“”\";.]{0,20}$", tail, re.I) or re.search(
            r"\b(?:mô hình|điển hình)\s*$", tail, re.I
        ):
            is_movement = False
        elif _MOVEMENT_LEAD.search(tail) or (
            prev_is_movement and re.fullmatch(r"\s*(?:[,;]|và|,\s*và)\s*", gap)
        ):
            is_movement = True
        if is_movement:
            name = _squeeze(m.group(1)).strip(" ,;.")
            if name and name.lower() not in {x.lower() for x in found}:
                found.append(name)
        prev_end = m.end()
        prev_is_movement = is_movement
    return found


def _award_forms(flat: str) -> list[str]:
    hits: list[tuple[int, str]] = []
    for pattern, label in _AWARD_FORMS:
        for m in pattern.finditer(flat):
            text = label
            if label == "Huân chương" and m.group(1):
                text = f"Huân chương {_ORDER_NAMES[m.group(1).lower()]}"
                if m.group(2):
                    text += f" hạng {m.group(2).capitalize()}"
            hits.append((m.start(), text))
    out: list[str] = []
    for _pos, text in sorted(hits):
        if text not in out:
            out.append(text)
    return out


def _period(flat: str) -> tuple[str | None, str | None]:
    pattern = re.compile(
        r"(?<!\w)từ\s+(nay|ngày\s+("
        + _DATE_ANY
        + r")|ngày\s+[^,.;]{0,50}?)\s+(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?("
        + _DATE_ANY
        + r")",
        re.I,
    )
    candidates = []
    for m in pattern.finditer(flat):
        context = flat[max(0, m.start() - 250) : m.start()].lower()
        score = 2 if "thời gian" in context else (1 if m.group(1).lower() == "nay" else 0)
        candidates.append((score, m))
    if not candidates:
        return None, None
    best = max(candidates, key=lambda c: (c[0], -c[1].start()))
    score, m = best
    if score == 0 and not re.match(r"ngày\s+(?:phát động|ban hành|ký)", m.group(1), re.I):
        return None, None
    start = _parse_date(m.group(2)) if m.group(2) else None
    return start, _parse_date(m.group(3))


_RECURRING = {"năm": "yearly", "quý": "quarterly", "tháng": "monthly"}


def _report_deadlines(flat: str) -> list[DeadlineData]:
    pattern = re.compile(
        r"(?:trước|chậm nhất(?:\s+(?:là|vào))?|hạn chót|không muộn hơn)\s+ngày\s+(\d{1,2})"
        r"(?:\s*(?:tháng\s*|/\s*)(\d{1,2}))?(?:\s*(?:năm\s*|/\s*)(\d{4}))?"
        r"(?:\s*(?:của\s+)?(?:hàng|hằng)\s+(năm|quý|tháng))?",
        re.I,
    )
    out: list[DeadlineData] = []
    for m in pattern.finditer(flat):
        sentence_start = max(flat.rfind(". ", 0, m.start()), 0)
        sentence_end = flat.find(". ", m.end())
        sentence = flat[sentence_start : sentence_end if sentence_end != -1 else len(flat)]
        if not re.search(r"báo cáo", sentence, re.I):
            continue
        day, month, year = int(m.group(1)), m.group(2), m.group(3)
        recurring = _RECURRING.get((m.group(4) or "").lower())
        if month is None and recurring != "monthly":
            continue
        # The documented shape is {day, month, recurring}; "year" is added only when stated.
        item: DeadlineData = {"day": day, "month": int(month) if month else None, "recurring": recurring}
        if year:
            item["year"] = int(year)
        if not (1 <= day <= 31 and (item["month"] is None or 1 <= item["month"] <= 12)):
            continue
        if item not in out:
            out.append(item)
    return out


# --------------------------------------------------------------------------- targets


def _logical_paragraphs(lines: list[str]) -> list[str]:
    """Re-join lines broken in the middle of a sentence (PDF text, hard wraps)."""
    paras: list[str] = []
    for line in lines:
        if not line:
            paras.append("")
            continue
        starts_new = (
            not paras
            or not paras[-1]
            or _BULLET.match(line)
            or _HEADING_NUM.match(line)
            or paras[-1].endswith((".", ":", ";", "!", "?"))
            or _is_upper(line)
            or _is_upper(paras[-1])
        )
        if starts_new:
            paras.append(line)
        else:
            paras[-1] += " " + line
    return [p for p in paras if p]


def _heading_level(para: str) -> int | None:
    m = _HEADING_NUM.match(para)
    if m:
        if m.group(1):
            return 0
        if m.group(2):
            return m.group(2).count(".") + 1
        return 9
    if _is_upper(para) and len(para) < 120:
        return 0
    return None


# A plain line that opens a list of targets: "Các chỉ tiêu chủ yếu (nhiệm kỳ 2020-2025)",
# "- Mục tiêu cụ thể:" (no numbering, so no heading level of its own)
_TARGET_LIST_HEAD = re.compile(r"^(?:[-–•+]\s*)?(?:các\s+)?(?:nhóm\s+)?(?:chỉ tiêu|mục tiêu cụ thể)\b", re.I)


def _target_regions(paras: list[str]) -> list[tuple[int, int]]:
    regions = []
    i = 0
    while i < len(paras):
        para = paras[i]
        level = _heading_level(para)
        if (
            level is None
            and len(para) < 150
            and _TARGET_LIST_HEAD.match(para)
            and not _MEASUREMENT.search(para)
        ):
            # an informal heading: the list runs to the next section heading ("III. …", "3. Nhiệm vụ");
            # "4. Duy trì xã đạt chuẩn …." is an item without a figure, not a heading
            j = i + 1
            while j < len(paras):
                lv = _heading_level(paras[j])
                if (
                    lv is not None
                    and lv <= 1
                    and not _MEASUREMENT.search(paras[j])
                    and (lv == 0 or not paras[j].endswith("."))
                ):
                    break
                j += 1
            regions.append((i, j))
            i = j
        elif (
            level is not None and re.search(r"chỉ tiêu|mục tiêu cụ thể", para[:120], re.I) and len(para) < 400
        ):
            j = i + 1
            while j < len(paras):
                lv = _heading_level(paras[j])
                if lv is not None and lv <= level and not re.search(r"chỉ tiêu", paras[j][:120], re.I):
                    break
                j += 1
            regions.append((i, j))
            i = j
        else:
            i += 1
    return regions


def _sentences(para: str) -> list[str]:
    """Split at ";" and at ". " before a capital letter (decimals use a comma, so "3.130" stays)."""
    out: list[str] = []
    for piece in re.split(r";\s*", para):
        chunks = re.split(r"\.(?:\s+|$)", piece)
        current = chunks[0]
        for chunk in chunks[1:]:
            if chunk[:1].isupper():
                out.append(current)
                current = chunk
            elif chunk:
                current += ". " + chunk
        out.append(current)
    return out


def _split_clauses(para: str) -> list[str]:
    para = _BULLET.sub("", para)
    para = _HEADING_NUM.sub("", para) if re.search(r"\d", para) else para
    clauses = []
    for part in _sentences(para):
        part = part.strip()
        if not part:
            continue
        # split "A đạt 16,5 triệu USD, tăng 9,3%" after each figure followed by ", " or " và "
        pieces = []
        pos = 0
        for m in _MEASUREMENT.finditer(part):
            if m.start() < pos:
                continue
            sep = re.compile(r",\s+|\s+và\s+").search(part, m.end())
            balanced = sep is not None and part.count("(", 0, sep.start()) == part.count(")", 0, sep.start())
            if balanced and _MEASUREMENT.search(part, sep.end()):  # never split inside a parenthesis
                pieces.append(part[pos : sep.start()])
                pos = sep.end()
        pieces.append(part[pos:])
        clauses.extend(p.strip() for p in pieces if p.strip())
    return clauses


_ASPIRE = re.compile(
    r"^(?:.*[\s,:])?(?:phấn đấu|phân đấu|mục tiêu(?:\s+là)?|chỉ tiêu(?:\s+là)?)\s*"
    r"(?:(?:đến\s+)?(?:hết\s+)?năm\s+\d{4}\s*,?\s*)?:?\s*(?=\S|$)",
    re.I,
)
_LEAD_FILLER = re.compile(r"^(?:phấn đấu|phân đấu|mục tiêu|chỉ tiêu)\s*:?\s*", re.I)
_TRAIL_FILLER = re.compile(r"\s*(?:từ|ở mức|mức|xuống còn|xuống|còn|lên|là|:)\s*$", re.I)


# A count of a noun outside the unit list, made a target by "ít nhất/tối thiểu N …" or "N … trở lên":
# "có ít nhất 05 tiết học tốt", "kết nạp 30 thanh niên ưu tú trở lên". The unit is the noun (1-2 words).
_WORD = r"[a-zà-ỹđ]+"
_COUNTED = re.compile(
    r"(?:(?<!\w)(ít nhất|tối thiểu|không quá|tối đa)\s+(\d{1,5})\s+("
    + _WORD
    + r"(?:\s+"
    + _WORD
    + r")?)(?!\w)"
    r"|(?<![\d.,])(\d{1,5})\s+(" + _WORD + r"(?:\s+" + _WORD + r"){0,2})\s+trở\s+lên\b)"
)


def _counted_target(clause: str, in_region: bool) -> TargetData | None:
    """A target counted in a noun the unit list lacks; only inside a targets section or after
    "phấn đấu" (``in_region``), never from a bare figure."""
    if not in_region:
        return None
    m = _COUNTED.search(clause)
    if not m:
        return None
    if m.group(1):
        marker, number, unit = m.group(1).lower(), m.group(2), m.group(3)
    else:
        marker, number, unit = "trở lên", m.group(4), m.group(5)
    direction = "at_most" if marker in ("không quá", "tối đa") else "reach"
    if unit.split()[0] in ("năm", "tháng", "ngày", "giờ", "lần", "nội", "điểm"):
        return None  # a duration, a count of times or of points is not a countable output
    before = _LEAD_FILLER.sub("", clause[: m.start()].strip()).strip(" ,:-")
    before = _ASPIRE.sub("", before) if _ASPIRE.search(before) else before
    after = re.sub(r"\s*trở\s+lên\b.*$", "", clause[m.end() :], flags=re.I).strip(" ,.;:")
    before = re.sub(r"\s*(?:ít nhất|tối thiểu|không quá|tối đa)\s*$", "", before, flags=re.I)
    name = _squeeze(f"{before} {unit} {after}" if direction == "reach" else before).strip(" ,:;.-")
    if not name:
        return None
    return {"name": _cap_first(name), "value": int(number), "unit": unit, "direction": direction}


def _clause_target(
    clause: str, in_region: bool, previous: TargetData | None, lead: str | None, loose: bool = True
):
    m = _MEASUREMENT.search(clause)
    if not m:
        return _counted_target(clause, in_region), lead
    try:
        value = parse_vn_number(m.group(1))
    except ValueError:
        return None, lead
    unit = m.group(2) + m.group(3)
    before = clause[: m.start()]
    after = clause[m.end() :]
    # "… phấn đấu 95% hồ sơ …", "mục tiêu là …": what stands before it is a lead-in, not the name
    aspire = _ASPIRE.search(before)
    if aspire:
        before = before[aspire.end() :]
        if loose and len(re.sub(r"\([^)]*\)", "", before).split()) <= 3:
            in_region = True  # the figure right after the verb: "phấn đấu 95%", "phấn đấu có thêm 01 xã"
        # "phấn đấu đạt tốc độ tăng … 11%", "phấn đấu giảm tỷ lệ hộ nghèo 0,58%": verb, name, figure
        led = re.match(r"(đạt|giảm|duy trì|giữ vững|giữ ổn định)\s+(.{3,150}?)\s*$", before.strip(), re.I)
        if loose and led and not _MEASUREMENT.search(led.group(2)):
            verb, name = led.group(1).lower(), _TRAIL_FILLER.sub("", led.group(2)).strip(" ,:-")
            direction = _direction_of(verb)
            if direction != "reach":
                name = f"{verb} {name}"  # "Giảm tỷ lệ hộ nghèo", "Duy trì …" keep their verb
            if re.match(r"\s*trở\s+xuống", after, re.I):
                direction = "at_most"
            if name:
                return (
                    {
                        "name": _cap_first(name),
                        "value": _json_number(value),
                        "unit": unit,
                        "direction": direction,
                    },
                    lead,
                )
    at_least_after = re.match(r"\s*trở\s+lên\b", after, re.I)
    if at_least_after:
        after = after[at_least_after.end() :]
        in_region = in_region or loose
    # "nâng tỷ lệ che phủ rừng lên 52,5%": the name stands between "nâng" and "lên"
    lift = re.search(r"(?<!\w)nâng(?:\s+cao)?\s+(.{3,150}?)\s+lên(?:\s+(?:mức|đạt|thành))?\s*$", before, re.I)
    if lift and not _MEASUREMENT.search(lift.group(1)):
        name = _squeeze(lift.group(1)).strip(" ,:-")
        return (
            {"name": _cap_first(name), "value": _json_number(value), "unit": unit, "direction": "reach"},
            lead,
        )
    # the figure first: "100% chi bộ đạt trong sạch vững mạnh", "95% hồ sơ … được giải quyết trực tuyến"
    if in_region and not before.strip(" ,:-–") and after.strip(" ,.;:") and m.group(2) not in _COUNT_UNITS:
        rest = re.split(r"\s+(?:so với|trở lên|trở xuống)\b", after, flags=re.I)[0].strip(" ,.;:")
        if rest and rest[:1].isalpha() and not _MEASUREMENT.search(rest):
            direction = "at_most" if re.match(r"\s*trở\s+xuống", after, re.I) else "reach"
            if re.match(r"(?:không|chưa)\b", rest, re.I):
                return None, lead
            return (
                {
                    "name": _cap_first(_squeeze(rest)),
                    "value": _json_number(value),
                    "unit": unit,
                    "direction": direction,
                },
                lead,
            )
    keywords = list(_DIRECTION_RE.finditer(before))
    direction = None
    kw = None
    if keywords:
        kw = keywords[-1]
        direction = _direction_of(kw.group(1))
        strong = [k for k in keywords if _direction_strength(k.group(1)) is True]
        if _direction_strength(kw.group(1)) is None and strong:
            kw = strong[0]
            direction = _direction_of(kw.group(1))
    if kw is None:
        if not in_region:
            return None, lead
        direction = "reach"
    elif not in_region:
        between = before[kw.end() :]
        between = re.sub(r"\([^)]*\)", "", between)
        if len(between.split()) > 3 and direction in ("reach", "at_most"):
            return None, lead
    if re.match(r"\s*trở\s+xuống", after, re.I):
        direction = "at_most"
    # a range "từ 3 - 4%": the lower bound, or the upper one for an "at most" target
    rng = re.search(r"(?<![\d/.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*[-–]\s*$", before)
    if rng:
        if direction != "at_most":
            value = parse_vn_number(rng.group(1))
        before = before[: rng.start()]
    if kw is not None and _keyword_chain_start(keywords, kw, before) is not kw:
        chain_start = _keyword_chain_start(keywords, kw, before)
        before = (
            before[: chain_start.start()] + " " * (kw.start() - chain_start.start()) + before[kw.start() :]
        )
    paren = ""
    if kw is not None:
        between = before[kw.end() :]
        pm = re.search(r"\(([^)]*)\)\s*$", between)
        if pm:
            paren = f" ({pm.group(1).strip()})"
            before = before[: kw.end()] + between[: pm.start()]
    # the name
    if kw is not None:
        head = _LEAD_FILLER.sub("", before[: kw.start()].strip()).strip(" ,:-")
        if head and len(head.split()) == 1 and _TRAIL_FILLER.sub("", before[kw.end() :]).strip(" ,:-"):
            # "Mức giảm tỷ lệ hộ nghèo 1,5%", "Tốc độ tăng trưởng…": one word alone is no name
            name = _TRAIL_FILLER.sub("", before.strip()).strip(" ,:-")
        elif head:
            name = head
        else:
            name = _LEAD_FILLER.sub("", before.strip())
            name = _TRAIL_FILLER.sub("", name).strip(" ,:-")
            if name.lower() == kw.group(1).lower():
                rest = after.strip(" ,.;")
                if rest and not rest.lower().startswith(("trở lên", "trở xuống", "so với")):
                    name = f"{name} {rest}"  # "duy trì 100% thôn đạt chuẩn văn hóa"
                elif previous:
                    name = f"{previous['name']} {kw.group(1).lower()}"  # "..., tăng 9,3%"
        # a keyword-led name such as "giảm tỷ lệ hộ nghèo" keeps its verb
    else:
        head = _LEAD_FILLER.sub("", before.strip()).strip(" ,:-")
        if unit in _COUNT_UNITS:
            name = _squeeze(f"{head} {unit}{after}") if head else _squeeze(f"{unit}{after}")
            if not head and lead:
                name = f"{lead} {name}"
            if head:
                lead = head
        else:
            name = head
            rest = re.split(r"[;,]|\s+(?:so với|trở lên|trở xuống)\b", after)[0].strip(" .:")
            if (
                head
                and len(head.split()) <= 2
                and rest[:1].islower()
                and not _DIRECTION_RE.match(rest)
                and not _MEASUREMENT.search(rest)
            ):
                # "Vận động 85% hộ hội viên đăng ký …": the verb alone is no name
                name = f"{head} {re.split(r'[;]', after)[0].strip(' .:')}"
    name = _squeeze(name + paren).strip(" ,:;.-")
    # "Năm 2025 phấn đấu: GRDP ..." -> "GRDP"; the lead-in before a colon is not the indicator
    name = _LEAD_FILLER.sub("", name.rpartition(": ")[2]).strip()
    # "Giữ vững 19/19 tiêu chí, tỷ lệ xã đạt chuẩn giữ vững" -> the last clause is the indicator
    if ", " in name and kw is not None and kw.start() > 0:
        earlier, _sep, last = name.rpartition(", ")
        if _DIRECTION_RE.search(earlier) and last:
            name = last
    if not name:
        return None, lead
    target: TargetData = {
        "name": name,
        "value": _json_number(value),
        "unit": unit,
        "direction": direction,
    }
    return target, lead


def _keyword_chain_start(keywords, kw, before: str):
    """In "đạt trên 45" or "giảm xuống dưới 3" the name ends before the first keyword of the chain."""
    idx = keywords.index(kw)
    while idx > 0:
        gap = before[keywords[idx - 1].end() : keywords[idx].start()]
        if not re.fullmatch(r"\s*(?:xuống|lên|ở mức|mức)?\s*", gap, re.I):
            break
        idx -= 1
    return keywords[idx]


def _direction_of(word: str) -> str:
    word = word.lower()
    for pattern, direction, _strong in _DIRECTIONS:
        if re.fullmatch(pattern, word):
            return direction
    return "reach"


def _direction_strength(word: str) -> bool | None:
    word = word.lower()
    for pattern, _direction, strong in _DIRECTIONS:
        if re.fullmatch(pattern, word):
            return strong
    return False


def _targets(lines: list[str]) -> list[TargetData]:
    paras = _logical_paragraphs(lines)
    regions = _target_regions(paras)
    in_region = set()
    for a, b in regions:
        in_region.update(range(a, b))
    out: list[TargetData] = []
    group: str | None = None
    for idx, para in enumerate(paras):
        if re.match(r"nơi nhận", para, re.I):
            break
        region = idx in in_region
        heading_group = _group_of_heading(para)
        if heading_group:
            group = heading_group
            if _heading_level(para) is not None or len(para) < 80:
                continue
        elif _heading_level(para) is not None and _heading_level(para) <= 1 and not _MEASUREMENT.search(para):
            group = None  # a new section that names no group
        labelled = _labelled_target(para) if region else None
        if labelled is not None:
            if group:
                labelled["group"] = group
            out.append(labelled)
            continue
        previous: TargetData | None = None
        lead: str | None = None
        group_prefix = None
        colon = re.match(r"^[-–•+]?\s*(?:\(\d{1,2}\)\s*|\d{1,2}\)\s*)?([^:;]{3,120}):\s+(?=\S)", para)
        if colon and not re.search(r"chỉ tiêu", colon.group(1), re.I) and region:
            group_prefix = colon.group(1).strip()
        aspiring = False
        for clause in _split_clauses(para):
            # a document with a "chỉ tiêu" section states its targets there; "phấn đấu" elsewhere
            # repeats them, so only a document without such a section is read loosely
            target, lead = _clause_target(
                clause, region or (aspiring and not regions), previous, lead, loose=not regions
            )
            if _ASPIRE.search(clause):
                aspiring = True  # "phấn đấu A; B; C": the clauses after it are targets too
            if target is None:
                continue
            if group_prefix and not target["name"].startswith(group_prefix):
                target["name"] = f"{group_prefix}: {target['name']}"
            target["name"] = _cap_first(target["name"])
            if group:
                target["group"] = group
            out.append(target)
            previous = target
    return out


_DIRECTION_BEFORE = re.compile(
    r"(?:(?:từ|trên|dưới|không quá|không vượt quá|tối đa|không dưới|tối thiểu|ít nhất|đạt|khoảng)\s+)*", re.I
)
_COUNT_OF_TOTAL = re.compile(r"(\d{1,5})\s*/\s*(\d{1,5})\s+(" + _UNIT_ALT + r")(?=$|[\s,;.:)])")


def _labelled_target(para: str) -> TargetData | None:
    """A numbered or bulleted "label: value" line of a targets list: "(3) Tỷ lệ …: 10% trở lên",
    "2. Thu nhập bình quân: 45 triệu đồng/năm", "- Số thôn đạt chuẩn: 04/09 thôn".

    The name is the label before the colon (numbering and "phấn đấu" dropped); the value side must
    hold one figure with its unit, optionally led by "từ/trên/dưới/không quá" and followed by
    "trở lên/trở xuống", and no other figure (a breakdown ", trong đó …" after it is left out).
    "04/09 thôn" gives 4 "thôn"; "09/04" gives nothing. A "giảm"
    in the label keeps the direction "reduce". Returns None for any other line.
    """
    body = _BULLET.sub("", para)
    body = _HEADING_NUM.sub("", body, count=1).strip()
    for colon in reversed(list(re.finditer(r"\s*:\s+", body))):
        label, value_side = body[: colon.start()], body[colon.end() :]
        lead = _DIRECTION_BEFORE.match(value_side)
        rest = value_side[lead.end() :]
        m = re.match(_NUMBER + r"\s*(" + _UNIT_ALT + r")((?:/\w+)*)(?=$|[\s,;.:)\]])", rest)
        if m:
            value, unit, tail = parse_vn_number(m.group(1)), m.group(2) + m.group(3), rest[m.end() :]
        else:
            m = _COUNT_OF_TOTAL.match(rest)
            if not m or int(m.group(1)) > int(m.group(2)):
                continue
            value, unit, tail = Decimal(int(m.group(1))), m.group(3), rest[m.end() :]
        after = re.match(r"\s*(trở\s+lên|trở\s+xuống)?", tail, re.I)
        tail = tail[after.end() :]
        breakdown = re.match(r"\s*[,;(]\s*(?:trong đó|bao gồm|gồm)\b", tail, re.I)
        if not breakdown and (re.search(r"\d", tail) or len(tail.split()) > 8):
            return None  # more figures after the first: not a plain "label: value" line
        label = re.sub(r"\s*\(theo\b[^)]*\)\s*$", "", label, flags=re.I)
        name = _squeeze(_LEAD_FILLER.sub("", label.strip())).strip(" ,:;.-")
        if not name or len(name) > 200 or _MEASUREMENT.search(name) or not name[:1].isalpha():
            return None
        before_words = lead.group(0).lower()
        at_most = re.search(r"dưới|không quá|không vượt quá|tối đa", before_words) or (
            after.group(1) and "xuống" in after.group(1).lower()
        )
        label_kw = [_direction_of(k.group(1)) for k in _DIRECTION_RE.finditer(name)]
        if at_most:
            direction = "at_most"
        elif "reduce" in label_kw:
            direction = "reduce"
        elif "keep" in label_kw:
            direction = "keep"
        else:
            direction = "reach"
        return {"name": _cap_first(name), "value": _json_number(value), "unit": unit, "direction": direction}
    return None


_GROUP_HEADINGS = (
    (re.compile(r"môi trường", re.I), "environmental"),
    (re.compile(r"văn hóa|văn hoá|xã hội|giáo dục|y tế", re.I), "social"),
    (re.compile(r"kinh tế", re.I), "economic"),
    (re.compile(r"quốc phòng|an ninh|xây dựng (?:Đảng|chính quyền|hệ thống chính trị)", re.I), "other"),
)


def _group_of_heading(para: str) -> str | None:
    """The target group a heading names: "a) Về kinh tế:" -> "economic", "b) Văn hóa - xã hội" ->
    "social", "c) Môi trường" -> "environmental"; None for a paragraph that is not such a heading."""
    head = _HEADING_NUM.match(para)
    body = para[head.end() :] if head else _BULLET.sub("", para)
    body = re.sub(r"^(?:các\s+)?(?:chỉ tiêu|nhóm chỉ tiêu|lĩnh vực)?\s*(?:về\s+)?", "", body, flags=re.I)
    short = (
        len(body) <= 60 and not _MEASUREMENT.search(body) and (head or body.endswith(":") or _is_upper(body))
    )
    if not short:
        return None
    if re.match(r"(?:kinh tế\s*[-–]\s*xã hội)", body, re.I):
        return None  # "kinh tế - xã hội" names no single group
    for pattern, group in _GROUP_HEADINGS:
        if pattern.match(body.strip(" :")) or (len(body) <= 40 and pattern.search(body)):
            return group
    return None


# --------------------------------------------------------------------------- entry point


def parse_launch_document(text: str) -> LaunchDocumentData:
    """Read the fields a campaign draft needs from a launch document's plain text.

    ``text``: the document's plain text (any line breaks). Returns a LaunchDocumentData dict; a
    field the text does not state is None or an empty list. A document of another kind (Quyết
    định, Tờ trình, Báo cáo…) is still read, with ``is_launch_document`` False and a warning."""
    lines = _clean(text)
    flat = _flat(lines)

    title_idx, doc_type, inline_subject = _title_index(lines)
    number, symbol = _number_symbol(flat, _flat(lines[: title_idx if title_idx is not None else 15]))
    place, iso_date, year = _place_and_date(flat)

    subject = None
    if title_idx is not None:
        if inline_subject:
            subject = _subject(lines, title_idx, first=inline_subject)
        else:
            subject = _subject(lines, title_idx + 1)
    if subject is None:
        for i, line in enumerate(lines[:40]):
            m = re.match(r"(?:V/v|Về việc)\b", line, re.I)
            if m:
                subject = _subject(lines, i)
                break
    symbol_type = _SYMBOL_CODES.get(re.split(r"[-./]", symbol)[0]) if symbol else None
    if doc_type is None and symbol_type:
        doc_type = symbol_type
    elif (
        doc_type in DOC_TYPES
        and symbol_type in NON_LAUNCH_TYPES
        and title_idx is not None
        and not re.search(r"ban hành", " ".join(lines[: title_idx + 1]), re.I)
    ):
        doc_type = symbol_type  # the heading word is a plan quoted inside a decision
    if doc_type is None and (
        re.search(r"(?:^|\s)V/v\s", " ".join(lines[:40])) or re.search(r"Kính\s+gửi", " ".join(lines[:60]))
    ):
        doc_type = "cong_van"

    # the header zone ends at "Số:" or at the type line, whichever comes first
    header_stop = title_idx if title_idx is not None else 30
    for i, line in enumerate(lines[:40]):
        if re.search(r"\bSố\s*:?\s*\d*\s*[-/]", line) or re.match(r"(?:V/v|Về việc)\b", line, re.I):
            header_stop = min(header_stop, i)
            break
    signer_name, signer_title, capacity = _signer(lines)
    issuer = _issuer_from_header(lines, header_stop) or _issuer_from_text(flat, capacity, place)
    addressees, distribution = _addressees_and_distribution(lines)

    warnings: list[str] = []
    is_launch = None
    if doc_type in NON_LAUNCH_TYPES:
        is_launch = False
        label = NON_LAUNCH_TYPES[doc_type]
        hint = _NON_LAUNCH_HINTS.get(doc_type)
        label = f"{label} ({hint})" if hint else label
        warnings.append(
            f"Văn bản này là {label}, không phải văn bản phát động thi đua (chỉ thị, kế hoạch, "
            "thư phát động, hướng dẫn hay công văn phát động). Hãy kiểm tra lại tệp trước khi tạo phong trào."
        )
    elif doc_type in DOC_TYPES:
        is_launch = True

    period_start, period_end = _period(flat)
    return {
        "doc_type": doc_type,
        "is_launch_document": is_launch,
        "warnings": warnings,
        "number": number,
        "symbol": symbol,
        "issuer": issuer,
        "place": place,
        "date": iso_date,
        "year": year,
        "campaign_year": _campaign_year(subject) or year,
        "subject": subject,
        "theme": _theme(flat),
        "period_start": period_start,
        "period_end": period_end,
        "report_deadlines": _report_deadlines(flat),
        "targets": _targets(lines),
        "award_forms": _award_forms(flat),
        "movements": _movements(flat),
        "signer_name": signer_name,
        "signer_title": signer_title,
        "signing_capacity": capacity,
        "recipients": _recipients(lines),
        "addressees": addressees,
        "distribution": distribution,
    }


def _campaign_year(subject: str | None) -> int | None:
    """'… năm 2024' in the subject (not 'năm học 2024-2025', not 'giai đoạn 2021-2025')."""
    years = re.findall(r"(?<!\w)năm\s+(20\d\d)(?![\d\-–])", subject or "", re.I)
    return int(years[-1]) if len(set(years)) == 1 else None


def campaign_title_from_subject(subject: str | None) -> str:
    """A campaign title from a document's subject line: "Về việc phát động…" -> "Phát động…"."""
    text = (subject or "").strip()
    text = re.sub(r"^(?:về\s+việc|v/v)\s*[:.]?\s*", "", text, flags=re.I)
    if _is_upper(text):
        # "TỔ CHỨC PHONG TRÀO … NĂM 2026" -> "Tổ chức phong trào … năm 2026" (acronyms and the
        # proper names the parser knows keep their capitals)
        words = [w if _is_acronym(w) else w.lower() for w in text.split()]
        text = " ".join(words)
        for phrase in _PROPER_PHRASES:
            text = re.sub(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", phrase, text, flags=re.I)
    return text[:1].upper() + text[1:]


_SPAN_FIELDS = (
    ("subject", "Trích yếu"),
    ("issuer", "Cơ quan ban hành"),
    ("signing_capacity", "Thẩm quyền ký"),
    ("signer_title", "Chức vụ người ký"),
    ("signer_name", "Người ký"),
    ("theme", "Chủ đề"),
)


def _loose_pattern(value: str) -> re.Pattern | None:
    """A pattern that finds ``value`` in the source whatever its line breaks and letter case."""
    words = [w for w in re.split(r"\s+", value.replace("\u0000", "")) if w]
    if not words:
        return None
    return re.compile(r"(?<!\w)" + r"[\s*]+".join(re.escape(w) for w in words) + r"(?!\w)", re.I)


def field_spans(text: str, parsed: LaunchDocumentData | dict) -> list[tuple[int, int, str]]:
    """Where each extracted field stands in ``text``: sorted, non-overlapping (start, end, label)
    character spans, for highlighting the source beside the review. A value the text does not
    hold verbatim (a title-cased issuer, an expanded abbreviation) is looked up case-insensitively
    and else left out; target names are found by their first words, their figures as written."""
    text = text or ""
    spans: list[tuple[int, int, str]] = []

    def add(pattern: re.Pattern | None, label: str) -> None:
        if pattern is None:
            return
        m = pattern.search(text)
        if m and m.end() > m.start():
            spans.append((m.start(), m.end(), label))

    if parsed.get("symbol"):
        number = parsed.get("number") or ""
        add(
            re.compile(r"Số\s*:?\s*" + re.escape(number) + r"\s*[-/–]?\s*" + re.escape(parsed["symbol"])),
            "Số, ký hiệu",
        )
    add(re.compile(r"[^\n,]{2,40},\s*ngày[^\n]{0,30}?năm\s*\d{4}", re.I), "Địa danh, ngày")
    for key, label in _SPAN_FIELDS:
        if parsed.get(key):
            add(_loose_pattern(parsed[key]), label)
    for target in parsed.get("targets") or []:
        words = target["name"].split(":")[-1].split()
        for size in (5, 3, 2):
            pattern = _loose_pattern(" ".join(words[:size]))
            if pattern and pattern.search(text):
                add(pattern, "Chỉ tiêu")
                break
    spans.sort()
    out: list[tuple[int, int, str]] = []
    for span in spans:
        if out and span[0] < out[-1][1]:
            continue
        out.append(span)
    return out


# --- Content parts (issue 11 item 5): the body of a launch document in its numbered parts ------
_ROMAN_PART = re.compile(r"^([IVXLC]+)\s*[.:]\s*(\S.*)$")
_ARABIC_PART = re.compile(r"^(\d{1,2})\s*\.\s+(\S.*)$")
_BODY_END = re.compile(r"^(?:Nơi\s+nhận|(?:TM|KT|Q|TL|TUQ)\.\s)", re.I)
_EMPHASIS = re.compile(r"\*{1,2}([^*\n]+?)\*{1,2}")
PART_HEADING_MAX_CHARS = 160  # a numbered line longer than this is a paragraph, not a part heading


def _heading_like(line: str) -> bool:
    """A numbered line that reads as a heading: short, or not ended like a sentence."""
    return len(line) <= PART_HEADING_MAX_CHARS or (
        len(line) <= 2 * PART_HEADING_MAX_CHARS and not line.endswith((".", ";", ",", ":"))
    )


def _roman_value(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, ch in enumerate(numeral):
        v = values[ch]
        total += -v if i + 1 < len(numeral) and values[numeral[i + 1]] > v else v
    return total


def content_parts(text: str) -> list[tuple[str, str]]:
    """The content parts of a launch document's plain text, in order: [(heading, body)].

    Parts are the first level of ND 30/2020 numbering: "I.", "II.", … (or, in a document without
    Roman parts, "1.", "2.", … on short heading lines). The legal bases ("Căn cứ …" paragraphs)
    before the first part come first with an empty heading (the preamble). A body keeps its
    lines (sub-items "1.", "a)" included), one paragraph a line; it ends at "Nơi nhận" or the
    signature block. Returns [] when the text has no numbered parts.
    """
    lines = [_EMPHASIS.sub(r"\1", line).replace("**", "").strip() for line in (text or "").splitlines()]
    end = next((i for i, line in enumerate(lines) if _BODY_END.match(line)), len(lines))
    lines = lines[:end]

    def headings(pattern, value, short: bool) -> list[int]:
        found, expected = [], 1
        for i, line in enumerate(lines):
            m = pattern.match(line)
            if m and value(m.group(1)) == expected and (not short or _heading_like(line)):
                found.append(i)
                expected += 1
        return found

    starts = headings(_ROMAN_PART, _roman_value, short=False)
    if len(starts) < 2:
        starts = headings(_ARABIC_PART, int, short=True)
    if len(starts) < 2:
        return []
    parts: list[tuple[str, str]] = []
    bases_at = next((i for i, line in enumerate(lines[: starts[0]]) if line.startswith("Căn cứ")), None)
    if bases_at is not None:
        preamble = [line for line in lines[bases_at : starts[0]] if line]
        parts.append(("", "\n".join(preamble)))
    for n, start in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
        body = [line for line in lines[start + 1 : stop] if line]
        parts.append((" ".join(lines[start].split()), "\n".join(body)))
    return parts
