"""Accuracy of the launch-document importer over the regression corpus (issue 14).

The corpus is ``campaigns/tests/corpus``: text files and ``expected.json`` (see its README). A
field counts when the text states it (expected value not null): it is right when the importer
gives the same value (the subject compared without regard to case and spacing). A field the text
does not state must come out empty; a value there is *invented*. A target is right when value,
unit and direction are equal and the name is close to the expected one (difflib ratio >= 0.6, or
one contains the other); a target the importer gives that matches no expected one is invented.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from campaigns.extraction import extract_text
from campaigns.parsing import parse_launch_document

CORPUS_DIR = Path(__file__).parent / "tests" / "corpus"
SCORED_FIELDS = (
    "doc_type",
    "is_launch_document",
    "number",
    "symbol",
    "issuer",
    "place",
    "date",
    "subject",
    "signer_name",
)


@dataclass
class CorpusScore:
    """Counts over the corpus; ``misses`` lists (file, what, expected, got)."""

    documents: int = 0
    fields_present: int = 0
    fields_right: int = 0
    fields_invented: int = 0
    targets_expected: int = 0
    targets_right: int = 0
    targets_invented: int = 0
    misses: list[tuple[str, str, object, object]] = field(default_factory=list)

    @property
    def field_accuracy(self) -> float:
        return self.fields_right / self.fields_present if self.fields_present else 1.0

    @property
    def target_accuracy(self) -> float:
        return self.targets_right / self.targets_expected if self.targets_expected else 1.0


def _norm(value):
    return re.sub(r"\s+", " ", value).strip().lower() if isinstance(value, str) else value


def _same_field(name: str, expected, got) -> bool:
    if name in ("subject", "issuer"):
        return _norm(expected) == _norm(got)
    return expected == got


def _same_target(expected: dict, got: dict) -> bool:
    if (expected["value"], expected["unit"], expected["direction"]) != (
        got["value"],
        got["unit"],
        got["direction"],
    ):
        return False
    if expected.get("group") and got.get("group") != expected["group"]:
        return False
    a, b = _norm(expected["name"]), _norm(got["name"])
    return a in b or b in a or difflib.SequenceMatcher(None, a, b).ratio() >= 0.6


def score_corpus(directory: Path = CORPUS_DIR) -> CorpusScore:
    """Run the importer on every corpus file and count right, missed and invented values."""
    expected_all = json.loads((directory / "expected.json").read_text(encoding="utf-8"))
    score = CorpusScore()
    for name, expected in sorted(expected_all.items()):
        path = directory / name
        result = parse_launch_document(extract_text(path.name, path.read_bytes()))
        score.documents += 1
        for key in SCORED_FIELDS:
            want, got = expected["fields"].get(key), result.get(key)
            if want is None:
                if got not in (None, "", []):
                    score.fields_invented += 1
                    score.misses.append((name, f"{key} (invented)", want, got))
                continue
            score.fields_present += 1
            if _same_field(key, want, got):
                score.fields_right += 1
            else:
                score.misses.append((name, key, want, got))
        remaining = list(result["targets"])
        for want in expected["targets"]:
            score.targets_expected += 1
            match = next((t for t in remaining if _same_target(want, t)), None)
            if match is None:
                score.misses.append((name, "target", want, None))
                continue
            remaining.remove(match)
            score.targets_right += 1
        for extra in remaining:
            score.targets_invented += 1
            score.misses.append((name, "target (invented)", None, extra))
    return score
