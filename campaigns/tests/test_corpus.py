"""The regression corpus (campaigns/tests/corpus): the importer keeps at least 90 % of the fields
the texts state and 85 % of their numeric targets right, and invents nothing."""

from campaigns.corpus import score_corpus


def test_corpus_accuracy_and_no_invented_value():
    score = score_corpus()
    assert score.documents >= 14
    assert score.field_accuracy >= 0.90, score.misses
    assert score.target_accuracy >= 0.85, score.misses
    assert score.fields_invented == 0, score.misses
    assert score.targets_invented == 0, score.misses


def test_corpus_spans_issuers_levels_and_years():
    import json

    from campaigns.corpus import CORPUS_DIR

    expected = json.loads((CORPUS_DIR / "expected.json").read_text(encoding="utf-8"))
    years = {int(e["fields"]["date"][:4]) for e in expected.values() if e["fields"]["date"]}
    assert min(years) <= 2021
    assert max(years) >= 2026
    assert any(e["fields"]["is_launch_document"] is False for e in expected.values())
    assert sum(e["origin"] == "real" for e in expected.values()) >= 5


def test_corpus_subjects_are_the_same_from_txt_docx_and_pdf():
    """Kind 1 of issue 14: a document gave different subjects as .txt/.docx and as .pdf."""
    import json

    from campaigns.corpus import CORPUS_DIR
    from campaigns.extraction import extract_text
    from campaigns.parsing import parse_launch_document
    from campaigns.tests.variants import to_docx, to_pdf

    expected = json.loads((CORPUS_DIR / "expected.json").read_text(encoding="utf-8"))
    differ = []
    for name in sorted(expected):
        text = (CORPUS_DIR / name).read_text(encoding="utf-8")
        want = parse_launch_document(text)["subject"]
        for kind, data in (("docx", to_docx(text)), ("pdf", to_pdf(text))):
            got = parse_launch_document(extract_text(f"a.{kind}", data))["subject"]
            if got != want:
                differ.append((name, kind, want, got))
    assert differ == []
