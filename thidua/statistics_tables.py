"""The statistics tables' definitions — data, not code (issue 16 item 5).

⚠ UNCONFIRMED FORM. The tables follow the shape of the Ministry of Home Affairs' statistical
tables on emulation and commendation (biểu thống kê thi đua, khen thưởng of the Home Affairs
sector's statistical reporting regime: rows by award kind or level, columns by collective /
individual / of whom women, over years). The current official form (the Bộ Nội vụ circular on
the sector's statistical reporting and its annex of forms) was not available to us, so its exact
row and column list, codes and titles are NOT confirmed. That is why the tables are defined here
as data: when the form is confirmed, edit this list (no code change) — `thidua/statistics.py`
computes any table described this way.

A table is a dict:

- ``code``: a short identifier (shown as "Biểu số …", used in URLs and file names).
- ``title``: the table's title as printed.
- ``rows``: the row dimension — one of :data:`DIMENSIONS`' keys ("award_kind", "decision_level",
  "year", "unit_kind", "award_category", "award_level", "subject", "gender").
- ``columns``: a list of columns, each ``{"label": str, "where": {dimension: value, …}}``: the
  cell counts the register entries of the row that match every ``where`` pair (``{}`` = all).
  A column may instead be ``{"each": dimension}``: one column per value of that dimension in
  the chosen span (used for "one column per year").
- ``total_row``: add a "Tổng số" row summing each column.

Every cell counts award register entries in force (not annulled) in the user's jurisdiction
(optionally one unit's subtree) whose achievement year lies in the chosen span.
"""

from __future__ import annotations

#: Row/column dimensions the tables may use and the register field each reads.
DIMENSIONS = {
    "award_kind": "danh hiệu, hình thức (danh mục)",
    "award_category": "loại (danh hiệu thi đua / hình thức khen thưởng)",
    "award_level": "cấp khen theo danh mục",
    "decision_level": "cấp quyết định",
    "year": "năm thành tích",
    "unit_kind": "loại đơn vị",
    "subject": "đối tượng (cá nhân / tập thể / hộ gia đình)",
    "gender": "giới tính (cá nhân)",
}

_BY_SUBJECT = [
    {"label": "Tổng số", "where": {}},
    {"label": "Tập thể", "where": {"subject": "collective"}},
    {"label": "Cá nhân", "where": {"subject": "individual"}},
    {"label": "Trong đó: nữ", "where": {"subject": "individual", "gender": "female"}},
    {"label": "Hộ gia đình", "where": {"subject": "household"}},
]

#: The tables offered on the statistics page, in order.
TABLES = [
    {
        "code": "TK01",
        "title": "Số lượng danh hiệu thi đua, hình thức khen thưởng theo đối tượng",
        "rows": "award_kind",
        "columns": _BY_SUBJECT,
        "total_row": True,
    },
    {
        "code": "TK02",
        "title": "Số lượng khen thưởng theo cấp quyết định và đối tượng",
        "rows": "decision_level",
        "columns": _BY_SUBJECT,
        "total_row": True,
    },
    {
        "code": "TK03",
        "title": "Số lượng danh hiệu thi đua, hình thức khen thưởng qua các năm",
        "rows": "award_kind",
        "columns": [{"each": "year"}, {"label": "Tổng số", "where": {}}],
        "total_row": True,
    },
    {
        "code": "TK04",
        "title": "Số lượng khen thưởng theo loại đơn vị",
        "rows": "unit_kind",
        "columns": [
            {"label": "Tổng số", "where": {}},
            {"label": "Danh hiệu thi đua", "where": {"award_category": "title"}},
            {"label": "Hình thức khen thưởng", "where": {"award_category": "form"}},
            {"label": "Tập thể", "where": {"subject": "collective"}},
            {"label": "Cá nhân", "where": {"subject": "individual"}},
            {"label": "Trong đó: nữ", "where": {"subject": "individual", "gender": "female"}},
        ],
        "total_row": True,
    },
    {
        "code": "TK05",
        "title": "Số lượng cá nhân được khen thưởng theo giới tính qua các năm",
        "rows": "year",
        "columns": [
            {"label": "Cá nhân", "where": {"subject": "individual"}},
            {"label": "Nam", "where": {"subject": "individual", "gender": "male"}},
            {"label": "Nữ", "where": {"subject": "individual", "gender": "female"}},
        ],
        "total_row": True,
    },
    {
        "code": "TK06",
        "title": "Số lượng khen thưởng theo cấp khen và năm",
        "rows": "award_level",
        "columns": [{"each": "year"}, {"label": "Tổng số", "where": {}}],
        "total_row": True,
    },
]
