"""Excel grid of a unit's year-end ratings: same columns as the grid page, read through the one
import scaffold (`core.importing`), saved through `rating_sheet_save` (all or nothing)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from awards.models import TaskRating
from core.importing import CellError, ImportPreview, ImportRow, cell_text, header_key, parse_cccd, parse_date
from core.search import fold_diacritics
from units.models import Unit

COLUMNS = ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Chức vụ", "Xếp loại"]
REQUIRED = ["Họ và tên", "Xếp loại"]
ALIASES = {
    "Họ và tên": ["Họ tên"],
    "Số CCCD": ["CCCD", "Số căn cước"],
    "Xếp loại": [
        "Xếp loại mức độ hoàn thành nhiệm vụ",
        "Mức độ hoàn thành nhiệm vụ",
        "Kết quả xếp loại",
        "Kết quả đánh giá, xếp loại",
    ],
}
# Spellings offices use for the four levels (folded by header_key), besides the full labels.
RATING_SPELLINGS = {
    "htxsnv": TaskRating.Rating.EXCELLENT,
    "hoan thanh xuat sac": TaskRating.Rating.EXCELLENT,
    "xuat sac": TaskRating.Rating.EXCELLENT,
    "httnv": TaskRating.Rating.GOOD,
    "hoan thanh tot": TaskRating.Rating.GOOD,
    "tot": TaskRating.Rating.GOOD,
    "htnv": TaskRating.Rating.COMPLETED,
    "hoan thanh": TaskRating.Rating.COMPLETED,
    "khtnv": TaskRating.Rating.NOT_COMPLETED,
    "khong hoan thanh": TaskRating.Rating.NOT_COMPLETED,
    **{header_key(label): value for value, label in TaskRating.Rating.choices},
}


def rating_from_text(text: str) -> str:
    """ "Hoàn thành tốt nhiệm vụ", "HTTNV", "tốt" … -> "good". Raises CellError naming the choices."""
    value = RATING_SPELLINGS.get(header_key(text))
    if value is None:
        raise CellError(
            _("Xếp loại “%(v)s” không hợp lệ (ghi một trong: %(c)s).")
            % {"v": text, "c": "; ".join(str(label) for label in TaskRating.Rating.labels)}
        )
    return value


def rating_import_preview(*, unit: Unit, people, raw_rows: list[tuple[int, dict]]) -> ImportPreview:
    """Validate a rating grid for `unit` (people: its staff). Each row's values: person_id,
    person_name, rating ("" when the cell is blank: that person is left as is). Writes nothing."""
    by_cccd = {p.cccd: p for p in people if p.cccd}
    by_name: dict[str, list] = {}
    for p in people:
        by_name.setdefault(p.search_key, []).append(p)
    rows = [ImportRow(number=n, raw={k: cell_text(v) for k, v in raw.items()}) for n, raw in raw_rows]
    seen: dict[int, int] = {}
    for row in rows:
        raw, v = row.raw, row.values
        name = raw.get("Họ và tên", "")
        person = None
        if raw.get("Số CCCD"):
            try:
                person = by_cccd.get(parse_cccd(raw["Số CCCD"]))
            except CellError as exc:
                row.errors.append(exc.message)
                continue
            if person is None:
                row.errors.append(
                    _("Số CCCD %(c)s không phải của người nào ở %(u)s.")
                    % {"c": raw["Số CCCD"], "u": unit.name}
                )
                continue
            if name and fold_diacritics(name) != person.search_key:
                row.errors.append(
                    _("Số CCCD %(c)s là của “%(p)s”, không phải “%(n)s”.")
                    % {"c": raw["Số CCCD"], "p": person.full_name, "n": name}
                )
                continue
        elif not name:
            row.errors.append(_("Thiếu “Họ và tên”."))
            continue
        else:
            found = by_name.get(fold_diacritics(name), [])
            if len(found) > 1 and raw.get("Ngày sinh"):
                try:
                    born = parse_date(raw["Ngày sinh"], label="Ngày sinh")
                except CellError as exc:
                    row.errors.append(exc.message)
                    continue
                found = [p for p in found if p.date_of_birth == born]
            if not found:
                row.errors.append(
                    _("Không có “%(n)s” trong danh sách của %(u)s.") % {"n": name, "u": unit.name}
                )
                continue
            if len(found) > 1:
                row.errors.append(
                    _("Có %(k)s người tên “%(n)s” ở %(u)s; hãy ghi Số CCCD hoặc Ngày sinh.")
                    % {"k": len(found), "n": name, "u": unit.name}
                )
                continue
            person = found[0]
        if person.pk in seen:
            row.errors.append(
                _("“%(n)s” đã có ở dòng %(r)s.") % {"n": person.full_name, "r": seen[person.pk]}
            )
            continue
        seen[person.pk] = row.number
        v["person_id"], v["person_name"] = person.pk, person.full_name
        v["rating"] = ""
        if raw.get("Xếp loại"):
            try:
                v["rating"] = rating_from_text(raw["Xếp loại"])
            except CellError as exc:
                row.errors.append(exc.message)
        else:
            row.notes.append(_("Để trống: giữ nguyên xếp loại hiện có."))
    return ImportPreview(rows=rows)


def rating_template_rows(people) -> list[list]:
    """The downloadable grid: one row per person, with the current rating label if any."""
    labels = dict(TaskRating.Rating.choices)
    return [
        [i, p.full_name, p.date_of_birth, p.cccd or "", p.position, str(labels.get(p.rating, ""))]
        for i, p in enumerate(people, start=1)
    ]
