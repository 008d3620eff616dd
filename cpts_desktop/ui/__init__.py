"""The Qt interface: main window, one page per section, dialogs. Only ``app.py`` imports it."""

from __future__ import annotations

import sys

import PySide6.QtCore  # noqa: F401 - loads the import hook that ``_skip_source_scan`` answers for


def _skip_source_scan() -> None:
    """PySide6 reads the source of every module imported after it (about 280 at start-up, a tenth of a
    second before the window is usable) to see whether it names « PySide6 »: only modules using its
    optional ``__feature__`` switches (snake_case, true_property) need that, and none of ours does. The
    answer is « no » at once, as it already is in the installed bundle, which ships no source files."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and hasattr(feature, "_mod_uses_pyside"):
        feature._mod_uses_pyside = lambda _module: False


_skip_source_scan()
