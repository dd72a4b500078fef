from core.search import fold_diacritics, normalize_text


def test_fold_removes_tones_and_maps_d_bar():
    assert fold_diacritics("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold_diacritics("  Lò   Thị HƯƠNG ") == "lo thi huong"
    assert fold_diacritics("Sùng Lữ Páo") == "sung lu pao"
    assert fold_diacritics("đường") == "duong"


def test_fold_handles_decomposed_input():
    decomposed = "Nguye\u0302\u0303n"  # "Nguyễn" typed as NFD
    assert fold_diacritics(decomposed) == "nguyen"
    assert normalize_text(decomposed) == "Nguyễn"


def test_fold_of_empty_is_empty():
    assert fold_diacritics(None) == ""
    assert fold_diacritics("") == ""
