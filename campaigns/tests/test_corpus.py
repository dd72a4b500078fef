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
