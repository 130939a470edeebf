"""Message catalog: every word a person reads, in English and Chinese.

The catalog is split by concern under ``pacesetter/catalog/`` (one module per
part of the product, each a ``MESSAGES = {key: (en, zh)}`` dict) and merged here,
so a module adds its words without touching anybody else's file.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

LANGUAGES = ("en", "zh")


@cache
def catalog() -> dict[str, tuple[str, str]]:
    """All messages, merged from every catalog module; a key defined twice is a bug."""
    from pacesetter import catalog as pkg

    merged: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        for key, pair in module.MESSAGES.items():
            if key in merged:
                raise RuntimeError(f"message key {key!r} defined twice (catalog.{info.name})")
            merged[key] = pair
    return merged


def t(key: str, lang: str = "en", /, **params: object) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in."""
    en, zh = catalog()[key]
    text = zh if lang == "zh" else en
    return text.format(**params) if params else text

