"""Reading our PDFs back three times faster: pypdf builds each font's Unicode map anew for every page
(and every form the page draws) whose text it extracts, though the pages of a document share their
fonts. Here the map is built once per font object of an open document and kept on that object, so that
it goes with the document (a table of its own would keep every document read alive to the end of the
run, since the map refers back to the document); the text extracted is the same, character for
character. The hook is pypdf 7's ``Font.from_font_resource``; with a pypdf that has none (``pypdf>=4`` is
accepted), texts are read as pypdf reads them."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

try:
    from pypdf.generic._font import Font
except ImportError:  # a pypdf without it
    Font = None

BUILT = "_font_built_once"
_build = Font.from_font_resource.__func__ if Font is not None else None  # type: ignore[attr-defined]


def _from_font_resource(cls: type, resource: Any) -> Any:
    font = getattr(resource, BUILT, None)
    if font is None:
        font = _build(cls, resource)
        with suppress(AttributeError):  # an object that takes no attribute: built each time, as pypdf does
            setattr(resource, BUILT, font)
    return font


def install() -> None:
    """Once per test process, before any PDF is read."""
    if Font is not None:
        Font.from_font_resource = classmethod(_from_font_resource)  # type: ignore[method-assign]
