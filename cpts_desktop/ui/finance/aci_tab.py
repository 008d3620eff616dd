"""ACI: each year of the contract (missions, fixed and variable parts, indicators, what was paid), the
simulator, and the amounts table the treasurer keeps up to date when an avenant changes it."""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from decimal import Decimal
from html import escape

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.enums import AciMission, GrantNature, IndicatorMode
from cpts_desktop.i18n import _, format_date, format_date_short, format_money, format_number
from cpts_desktop.services import aci, finance_documents, grants
from cpts_desktop.services.errors import NotFound
from cpts_desktop.services.territory import territory
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.finance.fields import (
    date_field,
    enum_combo,
    money_field,
    read_amount,
    read_date,
    read_enum,
)
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.pdf_preview import preview_document
from cpts_desktop.ui.signals import on
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons, selected, tab_widget, table

MISSIONS = [m for m in AciMission if m is not AciMission.OPERATING]


def _mission_boxes(checked: bool = True) -> tuple[QWidget, dict[AciMission, QCheckBox]]:
    box = QWidget()
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    boxes = {}
    for index, mission in enumerate(MISSIONS):
        check = QCheckBox(mission.label + ("" if mission.mandatory else _(" (optionnelle)")))
        check.setChecked(checked)
        grid.addWidget(check, index // 2, index % 2)
        boxes[mission] = check
    return box, boxes


AMOUNT_COLUMNS = [
    (_("Mission"), lambda m: m.mission.label),
    (_("Part fixe"), lambda m: format_money(m.part_fixe)),
    (_("Part variable"), lambda m: format_money(m.part_variable)),
    (_("Total"), lambda m: format_money(m.part_fixe + m.part_variable)),
]


def _whole(amount: Decimal) -> str:
    """An amount a wrapping label never cuts in two (« 99 » on one line, « 750,00 € » on the next)."""
    return f"<nobr>{format_money(amount)}</nobr>"


class AciTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database: Database | None = None
        self.accord_rows: dict[int, aci.AccordRow] = {}
        self.tabs = tab_widget()
        self.tabs.addTab(self._contract(), _("Contrat"))
        self.tabs.addTab(self._simulator(), _("Simulateur"))
        self.tabs.addTab(self._table(), _("Barème"))
        QVBoxLayout(self).addWidget(self.tabs)

    def set_database(self, database: Database | None) -> None:
        self.database = database
        self.reload_contracts()
        if database is not None:
            land = territory(database)
            self.population.setValue(land.population or 18_750)
            self.taille.setValue(land.taille.number)
        self.reload_accords()
        if database is not None:  # the amounts shown first: those in force today for the territory's taille
            with suppress(NotFound):
                version, _warning = aci.version_for(aci.versions(database), self.taille.value(), date.today())
                self.accords.setCurrentIndex(max(self.accords.findData(version.accord.id), 0))
        self.simulate()

    # ---------------------------------------------------------------- contract years
    def _contract(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        self.contracts = QComboBox()
        self.contracts.currentIndexChanged.connect(self.reload_years)
        self.years = QComboBox()
        self.years.currentIndexChanged.connect(self.show_year)
        for label, widget in ((_("Contrat :"), self.contracts), (_("Année :"), self.years)):
            top.addWidget(QLabel(label))
            top.addWidget(widget)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addLayout(
            buttons(
                (_("Ouvrir une année…"), self.open_year),
                (_("Ajouter un indicateur…"), self.add_indicator),
                (_("Valeur atteinte…"), self.set_achieved),
                (_("Montants de la mission…"), self.set_mission_amounts),
                (_("Crise reconnue par l’ARS…"), self.set_crisis),
                (_("Montant versé…"), self.set_paid),
                (_("Synthèse ACI (PDF)"), self.print_summary),
            )
        )
        self.no_contract = QLabel(
            _("Aucun contrat ACI : créez dans « Subventions » une subvention de nature « ACI » (financeur : la CPAM).")
        )
        self.no_contract.setWordWrap(True)
        layout.addWidget(self.no_contract)
        self.missions = RowsModel(
            [
                (_("Mission"), lambda m: m.mission.label),
                (_("Part fixe"), lambda m: format_money(m.part_fixe)),
                (_("Variable maximale"), lambda m: format_money(m.part_variable)),
                (_("Variable obtenue"), lambda m: format_money(m.variable_earned)),
                (_("Total obtenu"), lambda m: format_money(m.earned)),
                (_("Indicateurs"), lambda m: len(m.indicators)),
            ],
            numeric=(1, 2, 3, 4, 5),
        )
        self.missions_view = table(self.missions, stretch=0)
        self.missions_view.selectionModel().selectionChanged.connect(self.show_indicators)
        layout.addWidget(self.missions_view, 3)
        self.year_totals = QLabel()
        self.year_totals.setWordWrap(True)
        layout.addWidget(self.year_totals)
        self.indicators = RowsModel(
            [
                (_("Indicateur"), lambda i: i.libelle),
                (_("Cible"), lambda i: format_number(i.cible)),
                (_("Atteint"), lambda i: format_number(i.realise) if i.realise is not None else _("non mesuré")),
                (_("Atteinte"), lambda i: f"{format_number(i.result.achievement * 100, 0)} %"),
                (_("Poids"), lambda i: format_number(i.poids)),
                (_("Mode"), lambda i: i.mode.label),
            ],
            numeric=(1, 2, 3, 4),
        )
        self.indicators_view = table(self.indicators, stretch=0)
        layout.addWidget(self.indicators_view, 2)
        return page

    def reload_contracts(self) -> None:
        current = self.contracts.currentData()
        self.contracts.blockSignals(True)
        self.contracts.clear()
        rows = [r for r in grants.grant_rows(self.database) if r.nature is GrantNature.ACI] if self.database else []
        for row in rows:
            self.contracts.addItem(row.label, row.id)
        self.contracts.setCurrentIndex(max(self.contracts.findData(current), 0))
        self.contracts.blockSignals(False)
        self.no_contract.setVisible(not rows)
        self.reload_years()

    def reload_years(self) -> None:
        current = self.years.currentData()
        self.years.blockSignals(True)
        self.years.clear()
        grant_id = self.contracts.currentData()
        self.year_rows = aci.contract_years(self.database, grant_id) if self.database and grant_id else []
        for year in self.year_rows:
            self.years.addItem(str(year.annee), year.id)
        index = self.years.findData(current)
        self.years.setCurrentIndex(index if index >= 0 else self.years.count() - 1)
        self.years.blockSignals(False)
        self.show_year()

    def current_year(self) -> aci.AciYearSummary | None:
        year_id = self.years.currentData()
        return next((y for y in self.year_rows if y.id == year_id), None)

    def show_year(self) -> None:
        year = self.current_year()
        chosen = selected(self.missions_view, self.missions)
        self.missions.set_rows(year.missions if year else [])
        if year is None:
            self.year_totals.setText("")
        else:
            self.year_totals.setText(
                _(
                    "Taille {taille} – barème : {accord}.<br/>Parts fixes {fixed} ; part variable obtenue {earned} sur "
                    "{maximum}. <b>Total attendu {expected}</b> ; versé {paid} ; <b>solde {balance}</b>.{crisis}"
                ).format(
                    taille=year.taille,
                    accord=escape(year.accord or "–"),
                    fixed=_whole(year.fixed),
                    earned=_whole(year.variable_earned),
                    maximum=_whole(year.variable_max),
                    expected=_whole(year.expected),
                    paid=_whole(year.verse),
                    balance=_whole(year.balance),
                    crisis=self._crisis_text(year),
                )
            )
            ids = [m.id for m in year.missions]
            if chosen is not None and chosen.id in ids:
                self.missions_view.selectRow(ids.index(chosen.id))
            elif ids:  # the first mission with indicators, whose table then shows
                measured = [i for i, m in enumerate(year.missions) if m.indicators]
                self.missions_view.selectRow(measured[0] if measured else 0)
        self.show_indicators()

    @staticmethod
    def _crisis_text(year: aci.AciYearSummary) -> str:
        """Where the crises mission's variable part stands: waiting for the ARS, or due since its date."""
        line = year.conditional_line
        if line is None:
            return ""
        if line.condition_met_on is None:
            return _("<br/>Mission 4 : part variable de {amount} due seulement si l’ARS reconnaît une crise "
                     "sanitaire (aucune reconnue : 0 € dû).").format(amount=_whole(line.part_variable))  # fmt: skip
        return _("<br/>Mission 4 : crise reconnue par l’ARS le {day} ; part variable due {earned}.").format(
            day=format_date(line.condition_met_on), earned=_whole(line.variable_earned)
        )

    def show_indicators(self) -> None:
        mission = selected(self.missions_view, self.missions)
        self.indicators.set_rows(list(mission.indicators) if mission else [])

    def _refresh(self) -> None:
        self.reload_years()

    def open_year(self) -> None:
        grant_id = self.contracts.currentData()
        if self.database is None or grant_id is None:
            return
        year = QSpinBox()
        year.setRange(2019, 2100)
        year.setValue(max([y.annee for y in self.year_rows], default=date.today().year - 1) + 1)
        population = QSpinBox()
        population.setRange(0, 10_000_000)
        population.setGroupSeparatorShown(True)
        population.setValue(territory(self.database).population)
        box, boxes = _mission_boxes()
        dialog = FormDialog(
            _("Nouvelle année du contrat"),
            [(_("Année :"), year), (_("Population du territoire :"), population), (_("Missions signées :"), box)],
            lambda: aci.open_year(
                self.database,
                grant_id,
                year.value(),
                [m for m, c in boxes.items() if c.isChecked()],
                population.value(),
            ),
            self,
        )
        if dialog.exec():
            self.reload_years()
            self.years.setCurrentIndex(self.years.findData(dialog.result_value))

    def _mission(self) -> aci.MissionLine | None:
        return selected(self.missions_view, self.missions)  # type: ignore[return-value]

    def add_indicator(self) -> None:
        mission = self._mission()
        if mission is None:
            return
        label, target, achieved = QLineEdit(), QLineEdit(), QLineEdit()
        weight = QLineEdit("1")
        mode = enum_combo(IndicatorMode)
        fields = [
            (_("Indicateur :"), label),
            (_("Cible :"), target),
            (_("Atteint (vide : pas encore mesuré) :"), achieved),
            (_("Poids dans la part variable :"), weight),
            (_("Calcul :"), mode),
        ]

        def save() -> int:
            return aci.add_indicator(
                self.database, mission.id, label.text(), read_amount(target, _("Cible")),
                read_amount(achieved, _("Atteint"), optional=True), read_amount(weight, _("Poids")),
                read_enum(mode, IndicatorMode),
            )  # fmt: skip

        if FormDialog(_("Indicateur – {mission}").format(mission=mission.mission.label), fields, save, self).exec():
            self._refresh()

    def set_achieved(self) -> None:
        indicator = selected(self.indicators_view, self.indicators)
        if indicator is None:
            return
        value = QLineEdit(format_number(indicator.realise) if indicator.realise is not None else "")
        dialog = FormDialog(
            _("Valeur atteinte"),
            [
                (indicator.libelle, QLabel(_("cible : {t}").format(t=format_number(indicator.cible)))),
                (_("Atteint :"), value),
            ],
            lambda: aci.set_achieved(self.database, indicator.id, read_amount(value, _("Atteint"), optional=True)),
            self,
        )
        if dialog.exec():
            self._refresh()

    def set_mission_amounts(self) -> None:
        mission = self._mission()
        if mission is None:
            return
        fixed, variable = money_field(mission.part_fixe), money_field(mission.part_variable)
        dialog = FormDialog(
            _("Montants du contrat – {mission}").format(mission=mission.mission.label),
            [(_("Part fixe :"), fixed), (_("Part variable maximale :"), variable)],
            lambda: aci.set_mission_amounts(
                self.database, mission.id, read_amount(fixed, _("Part fixe")), read_amount(variable, _("Part variable"))
            ),
            self,
        )
        if dialog.exec():
            self._refresh()

    @staticmethod
    def _wrapped(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        return label

    def set_crisis(self) -> None:
        year = self.current_year()
        line = next((m for m in year.missions if m.variable_condition), None) if year else None
        if year is None or line is None:
            return
        day = date_field(line.condition_met_on)
        dialog = FormDialog(
            _("Crise sanitaire – année {year}").format(year=year.annee),
            [
                (
                    _("Condition :"),
                    self._wrapped(
                        _("part variable de la mission 4 due seulement si l’ARS reconnaît une crise sanitaire grave.")
                    ),
                ),  # fmt: skip
                (_("Reconnue par l’ARS le (vide : aucune) :"), day),
            ],
            lambda: aci.set_condition_met(self.database, year.id, read_date(day, _("Date"), optional=True)),
            self,
        )
        if dialog.exec():
            self._refresh()

    def set_paid(self) -> None:
        year = self.current_year()
        if year is None:
            return
        paid = money_field(year.verse)
        dialog = FormDialog(
            _("Versé au titre de {year}").format(year=year.annee),
            [(_("Montant versé par la CPAM (avance et soldes) :"), paid)],
            lambda: aci.set_paid(self.database, year.id, read_amount(paid, _("Montant versé"))),
            self,
        )
        if dialog.exec():
            self._refresh()

    def print_summary(self) -> None:
        from cpts_desktop.pdf.aci import aci_summary_pdf

        year = self.current_year()
        if year is None or self.database is None:
            return
        papers = finance_documents.aci_papers(self.database, year.annee, year.grant_id)
        preview_document(self, f"synthese-aci-{year.annee}.pdf", lambda path: aci_summary_pdf(papers, path))

    # ---------------------------------------------------------------- simulator
    def _simulator(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        group = QGroupBox(_("Population et missions"))
        form = QVBoxLayout(group)
        row = QHBoxLayout()
        self.population = QSpinBox()
        self.population.setRange(0, 10_000_000)
        self.population.setGroupSeparatorShown(True)
        self.population.setValue(18_750)
        self.population.valueChanged.connect(self.simulate)
        row.addWidget(QLabel(_("Habitants du territoire :")))
        row.addWidget(self.population)
        self.sim_date = QDateEdit(QDate.currentDate())
        self.sim_date.setCalendarPopup(True)
        self.sim_date.setDisplayFormat("dd/MM/yyyy")
        self.sim_date.dateChanged.connect(self.simulate)
        row.addWidget(QLabel(_("Barème au :")))
        row.addWidget(self.sim_date)
        self.sim_signed = QCheckBox(_("Contrat signé le :"))
        self.sim_signed.setToolTip(_("Certaines versions ne concernent que les CPTS signataires avant une date."))
        on(self.sim_signed.toggled, self.simulate)
        self.sim_signed_on = QDateEdit(QDate(2021, 6, 1))
        self.sim_signed_on.setEnabled(False)
        on(self.sim_signed.toggled, lambda: self.sim_signed_on.setEnabled(self.sim_signed.isChecked()))
        self.sim_signed_on.setCalendarPopup(True)
        self.sim_signed_on.setDisplayFormat("dd/MM/yyyy")
        self.sim_signed_on.dateChanged.connect(self.simulate)
        row.addWidget(self.sim_signed)
        row.addWidget(self.sim_signed_on)
        row.addStretch(1)
        form.addLayout(row)
        box, self.sim_missions = _mission_boxes()
        for check in self.sim_missions.values():
            on(check.toggled, self.simulate)
        form.addWidget(box)
        layout.addWidget(group)
        self.sim_result = QLabel()
        self.sim_result.setWordWrap(True)
        layout.addWidget(self.sim_result)
        self.sim_model = RowsModel(AMOUNT_COLUMNS, numeric=(1, 2, 3))
        layout.addWidget(table(self.sim_model, stretch=0), 1)
        return page

    def simulate(self) -> None:
        if self.database is None:
            return
        missions = [m for m, check in self.sim_missions.items() if check.isChecked()]
        signed_on = self.sim_signed_on.date().toPython() if self.sim_signed.isChecked() else None
        result = aci.simulate(
            self.database, self.population.value(), missions or [AciMission.OPERATING],
            self.sim_date.date().toPython(), signed_on,
        )  # fmt: skip
        self.sim_model.set_rows(result.lines)
        self.sim_result.setText(self._simulation_text(result))

    @staticmethod
    def _simulation_text(result: aci.Simulation) -> str:
        """The maximum with the version it comes from (status, source, which CPTS it concerns), the part
        waiting for a crisis, the lettre d'intention aid, and a warning when the version needs one."""
        text = _(
            "Taille {taille} ({bounds}) – <b>maximum annuel au {day} : {total}</b> (parts fixes {fixed}, parts "
            "variables {variable})"
        ).format(
            taille=result.taille.number, bounds=result.taille.bounds, day=format_date_short(result.on),
            total=_whole(result.max_total), fixed=_whole(result.fixed), variable=_whole(result.variable),
        )  # fmt: skip
        if result.conditional_variable:
            text += _(", dont {amount} seulement si l’ARS reconnaît une crise sanitaire").format(
                amount=_whole(result.conditional_variable)
            )
        text += "<br/>" + _("Barème : {version}").format(version=escape(result.version.description))
        if result.version.source:
            text += "<br/><small>" + _("Source : {source}").format(source=escape(result.version.source)) + "</small>"
        if result.letter_of_intent is not None:
            text += "<br/>" + _("Avant le contrat, au stade de la lettre d’intention : aide de {amount}.").format(
                amount=_whole(result.letter_of_intent)
            )
        if result.warning:
            text += "<br/><b>" + _("Attention :") + "</b> " + escape(result.warning)
        return text

    # ---------------------------------------------------------------- amounts table
    def _table(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        note = QLabel(
            _(
                "Montants annuels par taille et par mission, par version (accord, avenant, votre contrat). Le maximum "
                "d’une taille à une date est la somme de la version en vigueur. Les versions fournies n’ont de "
                "montants nationaux vérifiés que pour le fonctionnement : remplacez la répartition par mission par "
                "celle de votre contrat, ou ajoutez une version (elle s’applique aux années ouvertes après sa date "
                "d’effet)."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        top = QHBoxLayout()
        self.accords = QComboBox()
        self.accords.currentIndexChanged.connect(self.show_amounts)
        self.taille = QSpinBox()
        self.taille.setRange(1, 4)
        self.taille.valueChanged.connect(self.show_amounts)
        for label, widget in ((_("Version :"), self.accords), (_("Taille :"), self.taille)):
            top.addWidget(QLabel(label))
            top.addWidget(widget)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addLayout(
            buttons((_("Modifier le montant…"), self.edit_amount), (_("Nouvelle version (avenant)…"), self.new_accord))
        )
        self.amounts_model = RowsModel(AMOUNT_COLUMNS, numeric=(1, 2, 3))
        self.amounts_view = table(self.amounts_model, stretch=0)
        layout.addWidget(self.amounts_view, 1)
        self.amounts_total = QLabel()
        self.amounts_total.setWordWrap(True)
        layout.addWidget(self.amounts_total)
        return page

    def reload_accords(self) -> None:
        current = self.accords.currentData()
        self.accords.blockSignals(True)
        self.accords.clear()
        self.accord_rows = {a.id: a for a in aci.accords(self.database)} if self.database else {}
        for accord in self.accord_rows.values():
            self.accords.addItem(f"{accord.nom} (en vigueur le {format_date_short(accord.en_vigueur_le)})", accord.id)
        self.accords.setCurrentIndex(max(self.accords.findData(current), 0))
        self.accords.blockSignals(False)
        self.show_amounts()

    def show_amounts(self) -> None:
        accord_id = self.accords.currentData()
        every = aci.amounts(self.database, accord_id) if self.database and accord_id else []
        rows = [r for r in every if r.taille == self.taille.value()]
        self.amounts_model.set_rows(rows)
        total = sum((r.total for r in rows), Decimal(0))
        text = _("Total de la taille {taille} : <b>{total}</b>").format(
            taille=self.taille.value(), total=format_money(total)
        )
        if every and not rows:
            covered = ", ".join(str(t) for t in sorted({r.taille for r in every}))
            text = _("Cette version n’a pas de montants pour la taille {taille} (tailles : {covered}).").format(
                taille=self.taille.value(), covered=covered
            )
        accord = self.accord_rows.get(accord_id)
        if accord is not None:
            text += self._version_text(accord)
        self.amounts_total.setText(text)

    @staticmethod
    def _version_text(accord: aci.AccordRow) -> str:
        """Status, the CPTS concerned and source of a version, under its amounts."""
        lines = [_("Statut : {status}").format(status=accord.statut.label)]
        if accord.condition:
            lines.append(_("Concerne les {who}").format(who=accord.condition))
        if accord.source:
            lines.append(_("Source : {source}").format(source=accord.source))
        return "".join("<br/>" + escape(line) for line in lines)

    def edit_amount(self) -> None:
        accord_id = self.accords.currentData()
        line = selected(self.amounts_view, self.amounts_model)
        if accord_id is None or line is None:
            return
        fixed, variable = money_field(line.part_fixe), money_field(line.part_variable)
        dialog = FormDialog(
            _("Taille {taille} – {mission}").format(taille=line.taille, mission=line.mission.label),
            [(_("Part fixe :"), fixed), (_("Part variable :"), variable)],
            lambda: aci.set_amount(
                self.database,
                accord_id,
                line.taille,
                line.mission,
                read_amount(fixed, _("Part fixe")),
                read_amount(variable, _("Part variable")),
            ),  # fmt: skip
            self,
        )
        if dialog.exec():
            self.show_amounts()
            self.simulate()

    def new_accord(self) -> None:
        if self.database is None:
            return
        name, start, origin, before = QLineEdit(), date_field(date.today()), QLineEdit(), date_field()
        origin.setPlaceholderText(_("ex. annexe financière du contrat signé le 12/05/2023"))
        for edit in (name, origin):
            edit.setMinimumWidth(360)
        source = self.accords.currentData()
        dialog = FormDialog(
            _("Nouvelle version du barème"),
            [
                (_("Nom (ex. « Avenant 3 – contrat signé ») :"), name),
                (_("En vigueur le :"), start),
                (_("Source des montants :"), origin),
                (_("Seulement pour les contrats signés avant le (facultatif) :"), before),
            ],
            lambda: aci.add_accord(
                self.database,
                name.text(),
                read_date(start, _("Date d’effet")),
                copy_from=source,
                source=origin.text(),
                signed_before=read_date(before, _("Signés avant le"), optional=True),
            ),  # fmt: skip
            self,
        )
        if dialog.exec():
            self.reload_accords()
            self.accords.setCurrentIndex(self.accords.findData(dialog.result_value))
            self.simulate()
