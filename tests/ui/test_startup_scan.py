"""Start-up: modules imported after Qt are not read back from their source files."""

from __future__ import annotations

import sys

import cpts_desktop.ui  # noqa: F401 - what the application imports before its window
from cpts_desktop.domain import text


def test_qt_does_not_read_the_source_of_each_module_imported():
    feature = sys.modules["shibokensupport.feature"]
    # the stock answer reads the module's source and finds « PySide6 » in it (this file names it)
    assert feature._mod_uses_pyside(sys.modules[__name__]) is False
    assert feature._mod_uses_pyside(text) is False
