"""Reading our PDFs back three times faster: pypdf builds each font's Unicode map anew for every page
(and every form the page draws) whose text it extracts, though the pages of a document share their
fonts. Here the map is built once per font object of an open document, then forgotten with it; the text
extracted is the same, character for character."""

from __future__ import annotations

import weakref
from contextlib import suppress
from typing import Any

from pypdf.generic import _font

_built: dict[int, tuple[weakref.ref[Any], _font.Font]] = {}
_build = _font.Font.from_font_resource.__func__  # type: ignore[attr-defined]


def _from_font_resource(cls: type[_font.Font], resource: Any) -> _font.Font:
    key = id(resource)
    known = _built.get(key)
    if known is not None and known[0]() is resource:
        return known[1]
    font = _build(cls, resource)
    with suppress(TypeError):  # an object that cannot be weakly referenced: built each time, as pypdf does
        _built[key] = (weakref.ref(resource, lambda _gone, key=key: _built.pop(key, None)), font)
    return font


def install() -> None:
    """Once per test process, before any PDF is read."""
    _font.Font.from_font_resource = classmethod(_from_font_resource)  # type: ignore[method-assign]
