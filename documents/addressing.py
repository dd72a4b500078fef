"""Which units an issued document is addressed to (issue 10 item 3).

Documents cannot know every app's sources, so each app registers, for its source model, a
resolver giving the addressed units and, per unit, the lines that concern it (from its
``AppConfig.ready``). ``documents.services.document_store`` records the answer once, as
``DocumentAddressee`` rows, when the document is stored.
"""

from __future__ import annotations

from collections.abc import Callable

_RESOLVERS: dict[str, Callable] = {}


def register_addressee_resolver(model_label: str, resolver: Callable) -> None:
    """Register `resolver(source) -> list[(unit, [line, …])]` for sources of `model_label`
    ("app_label.modelname", lower case). Registering a label again replaces the resolver."""
    _RESOLVERS[model_label.lower()] = resolver


def addressees_for(source) -> list[tuple]:
    """The (unit, lines) a document about `source` is addressed to; [] for an unknown source."""
    if source is None:
        return []
    resolver = _RESOLVERS.get(source._meta.label_lower)
    return list(resolver(source)) if resolver else []
