"""Reading our PDFs back three times faster: pypdf builds each font's Unicode map anew for every page
(and every form the page draws) whose text it extracts, though the pages of a document share their
fonts. Here the map is built once per font object of an open document, then forgotten with it; the text
extracted is the same, character for character. The hook is pypdf 7's ``Font.from_font_resource``; with a
pypdf that has none (``pypdf>=4`` is accepted), texts are read as pypdf reads them."""

from __future__ import annotations

import weakref
from contextlib import suppress
from typing import Any

try:
    from pypdf.generic._font import Font
except ImportError:  # a pypdf without it
    Font = None

_built: dict[int, tuple[weakref.ref[Any], Any]] = {}
_build = Font.from_font_resource.__func__ if Font is not None else None  # type: ignore[attr-defined]


def _from_font_resource(cls: type, resource: Any) -> Any:
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
    if Font is not None:
        Font.from_font_resource = classmethod(_from_font_resource)  # type: ignore[method-assign]
