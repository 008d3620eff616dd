"""The secretary builds the territory from INSEE's populations légales of a whole file, ticking two
communes in the searchable list, then attaches La Poste's postcodes; a damaged file is refused."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QFileDialog, QLineEdit, QListView, QMessageBox

from cpts_desktop.services.territory import territory
from cpts_desktop.ui.governance.commune_choice import CommuneChoiceDialog
from cpts_desktop.ui.main_window import MainWindow
from tests.services.test_communes_files import LA_POSTE, POPULATIONS_CSV
from tests.ui.conftest import activate
from tests.ui.person import click, go_to, open_tab, opened, type_text


def populations_file(folder: Path) -> Path:
    """The real rows, then 300 fictional communes of two départements: too many to take them all."""
    lines = [POPULATIONS_CSV.rstrip("\n")]
    lines += [
        f"84;Auvergne-Rhône-Alpes;{d};{d}{n:03d};Villefictive-{n};{100 + n};3;{103 + n}"
        for d in ("26", "07")
        for n in range(1, 151)
    ]
    path = folder / "donnees_communes_2021.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def tick_first(qtbot, dialog: CommuneChoiceDialog, search: str) -> None:
    """Type in the search box, then click the check box of the first commune shown."""
    field = dialog.findChild(QLineEdit)
    field.clear()
    type_text(qtbot, field, search)
    view = dialog.findChild(QListView)
    rect = view.visualRect(view.model().index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=rect.topLeft() + QPoint(9, rect.height() // 2))


def test_territory_from_official_files(qtbot, settings, db_path, tmp_path, monkeypatch, synchronous_jobs):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_location(str(db_path))
    window.show()
    activate(qtbot, window)
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, title, text, *a: said.append((title, text)))
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text, *a: said.append((title, text)))
    go_to(qtbot, window, "Statuts & conseil")
    tab = open_tab(qtbot, window.governance_page.tabs, "Territoire")

    # 1. populations légales: 303 communes, two ticked
    path = populations_file(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    click(qtbot, tab, "Importer un fichier…")
    dialog = opened(tab, CommuneChoiceDialog)
    assert "304 communes, populations légales 2021" in dialog.intro.text()
    tick_first(qtbot, dialog, "grenoble")
    tick_first(qtbot, dialog, "échirolles")
    assert dialog.count.text() == "2 communes cochées, 193\u202f519 habitants (population municipale)"
    dialog.findChild(QLineEdit).clear()
    only = dialog.findChild(QCheckBox)  # « Seulement les communes cochées », clicked on its box
    qtbot.mouseClick(only, Qt.LeftButton, pos=QPoint(8, only.height() // 2))
    shown = dialog.findChild(QListView).model()
    assert [shown.index(r, 0).data() for r in range(shown.rowCount())] == [
        "38151  Échirolles (38) – 37\u202f130 habitants",
        "38185  Grenoble (38) – 156\u202f389 habitants",
    ]
    click(qtbot, dialog, "Importer")
    assert said[-1][0] == "Communes importées" and "2 communes ajoutées" in said[-1][1]
    assert "Population retenue : population municipale 2021." in said[-1][1]
    assert [tab.communes.data(tab.communes.index(r, 1)) for r in range(2)] == ["Échirolles", "Grenoble"]
    assert tab.communes.data(tab.communes.index(0, 4)) == "municipale 2021"
    assert (
        "2 communes, 193\u202f519 habitants (population municipale 2021) : CPTS de taille 4" in tab.taille_label.text()
    )

    # 2. La Poste's postcodes, attached to those two communes without a question
    poste = tmp_path / "019HexaSmal.csv"
    poste.write_bytes(LA_POSTE.encode("iso-8859-1"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(poste), ""))
    click(qtbot, tab, "Importer un fichier…")
    assert "Codes postaux de 2 communes enregistrés." in said[-1][1]
    assert tab.communes.data(tab.communes.index(1, 2)) == "38000, 38100"

    # 3. a damaged workbook: refused in French, nothing changed
    broken = tmp_path / "ensemble.xlsx"
    broken.write_bytes(b"PK\x03\x04 pas un classeur")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(broken), ""))
    click(qtbot, tab, "Importer un fichier…")
    assert said[-1][0] == "Erreur" and "n’est pas un classeur Excel lisible" in said[-1][1]
    land = territory(window.database)
    assert [(c.code_insee, c.population, c.codes_postaux) for c in land.communes] == [
        ("38151", 37130, ("38130",)),
        ("38185", 156389, ("38000", "38100")),
    ]
