from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QPlainTextEdit

from cpts_desktop.domain.enums import GrantStatus
from cpts_desktop.services import grants
from tests.cli.test_governance_cli import pdf_text
from tests.ui.conftest import open_section

FINANCES = 4


def _fields(dialog) -> dict[str, object]:  # noqa: ANN001 - a FormDialog
    layout = dialog.layout()
    found = {}
    for row in range(layout.rowCount()):
        label = layout.itemAt(row, layout.ItemRole.LabelRole)
        field = layout.itemAt(row, layout.ItemRole.FieldRole)
        if label is not None and field is not None:
            found[label.widget().text()] = field.widget()
    return found


def test_overview_shows_funders_deadlines_and_chart(qtbot, settings, demo_path: Path, tmp_path: Path) -> None:
    window = open_section(qtbot, settings, demo_path, FINANCES)
    page = window.finances_page
    overview = page.overview
    funders = [row.funder for row in overview.funders.rows]
    assert "CPAM du Jura" in funders and "Conseil régional Bourgogne-Franche-Comté" in funders and "Total" in funders
    assert overview.deadlines.rows and overview.deadlines.rows[0].libelle == "Rapport d’activité intermédiaire"
    assert "1 dans les 30 jours" in overview.deadlines_title.text()
    assert overview.chart.chart().series()[0].count() == 3  # awarded, received, spent
    total = overview.funders.index(len(funders) - 1, 1).data()
    assert total.endswith("€") and "\u202f" in total
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        assert window.grab().save(str(tmp_path / f"finances-{index}.png"))


def test_new_grant_through_the_form_and_stale_edit(qtbot, settings, db_path: Path, errors) -> None:
    window = open_section(qtbot, settings, db_path, FINANCES)
    tab = window.finances_page.grants
    assert not tab.model.rows and not tab.empty.isHidden()  # an empty list says what to do
    dialog = tab._grant_form(None)
    fields = _fields(dialog)
    fields["Financeur :"].setCurrentText("Conseil départemental du Jura")
    fields["Objet :"].setText("Prévention bucco-dentaire")
    fields["Montant accordé :"].setText("12 500,50")
    fields["Début de période :"].setText("01/01/2026")
    fields["Fin de période :"].setText("31/12/2025")
    assert not dialog.save()
    assert "précède" in dialog.error.text()
    fields["Fin de période :"].setText("31/12/2026")
    fields["Statut :"].setCurrentIndex(fields["Statut :"].findData(GrantStatus.AWARDED.value))
    assert dialog.save()
    tab.reload()
    [row] = tab.model.rows
    assert (row.montant_accorde, row.funder, row.periode_fin) == (
        Decimal("12500.50"),
        "Conseil départemental du Jura",
        date(2026, 12, 31),
    )
    stale = tab._grant_form(row)
    grants.update_grant(
        tab.database, row.id, row.version, grants.GrantData("Autre", row.nature, montant_accorde=Decimal(1))
    )
    assert not stale.save()
    assert "modifiée entre-temps" in stale.error.text()
    assert isinstance(_fields(stale)["Conditions :"], QPlainTextEdit)


def test_simulator_follows_population_and_missions(qtbot, settings, db_path: Path) -> None:
    window = open_section(qtbot, settings, db_path, FINANCES)
    aci = window.finances_page.aci
    aci.population.setValue(18_750)
    assert "257 500,00" in aci.sim_result.text().replace("\u202f", " ")  # avenant 2, in force today
    for check in aci.sim_missions.values():
        check.setChecked(False)
    assert len(aci.sim_model.rows) == 1  # the operating part alone
    assert "Taille 1" in aci.sim_result.text()


def test_grant_sheet_and_financial_report_render(qtbot, settings, demo_path: Path, tmp_path: Path, monkeypatch) -> None:
    rendered: list[str] = []

    def render(_parent, name: str, draw) -> None:  # noqa: ANN001 - the preview's arguments
        path = draw(tmp_path / name)
        rendered.append(" ".join(pdf_text(path).split()))

    monkeypatch.setattr("cpts_desktop.ui.finance.grants_tab.preview_document", render)
    window = open_section(qtbot, settings, demo_path, FINANCES)
    tab = window.finances_page.grants
    labels = [r.label for r in tab.model.rows]
    tab.view.selectRow(next(i for i, label in enumerate(labels) if label.startswith("ARS")))
    tab.print_sheet()  # the compte rendu financier has its own journey: tests/ui/test_financial_report.py
    assert "Fiche de suivi de subvention" in rendered[0] and "ARS Bourgogne-Franche-Comté" in rendered[0]


def test_action_dialog_links_an_aci_indicator_and_grants(qtbot, settings, demo_path: Path, monkeypatch) -> None:
    from cpts_desktop.ui.form_dialog import FormDialog

    def fill_and_save(dialog) -> int:  # noqa: ANN001 - the action's form
        fields = _fields(dialog)
        fields["Intitulé :"].setText("Journée de dépistage du diabète")
        indicator = fields["Indicateur ACI servi :"]
        indicator.setCurrentIndex(indicator.count() - 1)
        funding = fields["Financée par :"]
        funding.item(0).setCheckState(Qt.Checked)
        return int(dialog.save())

    monkeypatch.setattr(FormDialog, "exec", fill_and_save)
    window = open_section(qtbot, settings, demo_path, FINANCES)
    tab = window.finances_page.actions
    before = len(tab.model.rows)
    tab.edit(None)
    assert len(tab.model.rows) == before + 1
    [row] = [r for r in tab.model.rows if r.titre == "Journée de dépistage du diabète"]
    assert row.aci_indicator and len(row.grant_ids) == 1


def test_tabs_keep_capital_accents_and_wide_tables_share_their_width(qtbot, settings, demo_path: Path) -> None:
    from cpts_desktop.ui.tabs import UnclippedText

    window = open_section(qtbot, settings, demo_path, FINANCES)
    page = window.finances_page
    assert isinstance(page.grants.detail.tabBar().style(), UnclippedText)  # « Échéancier », not « Echéancier »
    for other in (window.meetings_page.tabs, window.governance_page.tabs, page.tabs):  # every section's tabs
        assert isinstance(other.tabBar().style(), UnclippedText)
    overview = page.overview
    view = overview.funders_view
    overview.resize(1800, 700)
    qtbot.waitUntil(lambda: view.viewport().width() > 1600)
    widths = [view.columnWidth(c) for c in range(overview.funders.columnCount())]
    assert widths[0] < view.viewport().width() / 3  # the funders' names do not take it all
    assert min(widths[1:]) > view.sizeHintForColumn(1)  # amounts get their share of the room
    overview.resize(600, 700)
    qtbot.waitUntil(lambda: view.viewport().width() < 600)
    assert view.horizontalHeader().sectionResizeMode(0) == QHeaderView.Stretch  # names give way when narrow
