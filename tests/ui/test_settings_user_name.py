"""Paramètres › Ce poste: the name a person types there signs their changes in the journal."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel

from cpts_desktop.domain.enums import MemberKind
from cpts_desktop.domain.members import MemberData
from cpts_desktop.services.audit import saved_user_name
from cpts_desktop.services.database import open_database
from cpts_desktop.services.members import create_member
from cpts_desktop.ui.pages.settings import USER_NAME_KEY, SettingsPage
from tests.ui.conftest import activate


@pytest.fixture
def workstation(monkeypatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("CPTS_USER", raising=False)
    monkeypatch.setenv("CPTS_DATA_DIR", str(tmp_path / "poste"))
    return tmp_path / "poste"


def _label_of(page: SettingsPage, field) -> str:  # noqa: ANN001 - a field of the form
    form = field.parentWidget().layout()
    assert isinstance(form, QFormLayout)
    label = form.labelForField(field)
    return label.text() if isinstance(label, QLabel) else ""


def test_the_name_typed_in_settings_signs_the_journal(qtbot, settings, db_path, workstation):
    settings.setValue(USER_NAME_KEY, "Ancien Nom")  # kept by an earlier version in the Qt settings
    database = open_database(str(db_path))
    page = SettingsPage(settings)
    qtbot.addWidget(page)
    page.set_database(database)
    page.show()
    activate(qtbot, page)
    field = page.user_name
    assert _label_of(page, field) == "Votre nom (journal des modifications) :"
    assert field.text() == "Ancien Nom" and settings.value(USER_NAME_KEY) is None  # taken over
    assert "rgpd_information.txt" in page.gdpr_text.text() and "copiez-le" in page.gdpr_text.text()

    qtbot.mouseClick(field, Qt.LeftButton)
    field.selectAll()
    qtbot.keyClicks(field, "Claire  Martin")
    qtbot.keyClick(field, Qt.Key_Return)

    assert saved_user_name() == "Claire Martin"
    create_member(database, MemberData(kind=MemberKind.PERSON, nom="Ferrand", prenom="Zoé"))
    page.set_database(database)  # the journal is read again when the page is shown
    who = {page.journal.index(row, 1).data() for row in range(page.journal.rowCount())}
    assert who == {"Claire Martin"}
    database.close()
