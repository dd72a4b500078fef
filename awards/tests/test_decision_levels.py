"""Issue 13 item 4: the register's "Cấp quyết định" as a level (pure mapping, data migration)."""

import pytest

from awards.decision_levels import level_from_issuer


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Chủ tịch UBND huyện Tam Đường", "district"),
        ("chu tich ubnd huyen tam duong", "district"),
        ("Chủ tịch UBND xã Bình Lư", "commune"),
        ("UBND thị trấn Tam Đường", "commune"),
        ("Chủ tịch UBND phường Tân Phong, tỉnh Lai Châu", "commune"),
        ("UBND thị xã Mường Lay", "district"),
        ("Chủ tịch UBND tỉnh Lai Châu", "province"),
        ("Giám đốc Sở Nội vụ", "province"),
        ("Thủ tướng Chính phủ", "national"),
        ("Chủ tịch nước", "national"),
        ("Ủy ban nhân dân thành phố Lai Châu", None),
        ("", None),
    ],
)
def test_level_read_from_the_text_offices_write(text, level):
    assert level_from_issuer(text) == level
