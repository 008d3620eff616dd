"""Indemnisation des professionnels: hours recorded per member, the hourly rate of each activity, what
is due for a period, its payment (an expense of the funding grant), the rémunérations the CPTS paid,
each professional's year against the cap of art. D.1434-44, the statements and the summary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.i18n import _, format_date_short, format_money, format_number, plural
from cpts_desktop.services import finance_documents, grants, indemnities
from cpts_desktop.services.association import letterhead
from cpts_desktop.services.members import member_choices
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.finance.fields import attempt, confirm, date_field, money_field, read_amount, read_date
from cpts_desktop.ui.finance.member_combo import member_combo, read_member
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.pdf_preview import preview_document
from cpts_desktop.ui.signals import on
from cpts_desktop.ui.styles import WARNING_STYLE
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons, selected, table


class IndemnitiesTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database: Database | None = None
        layout = QVBoxLayout(self)
        period = QHBoxLayout()
        year = date.today().year
        self.start, self.end = date_field(date(year, 1, 1)), date_field(date(year, 12, 31))
        show = QPushButton(_("Afficher"))
        on(show.clicked, self.reload)
        for label, widget in ((_("Du"), self.start), (_("au"), self.end)):
            period.addWidget(QLabel(label))
            period.addWidget(widget)
        period.addWidget(show)
        period.addStretch(1)
        layout.addLayout(period)
        layout.addLayout(
            buttons(
                (_("Saisir des heures…"), self.add_time),
                (_("Saisir une rémunération…"), self.add_remuneration),
                (_("Taux horaires…"), self.edit_rate),
                (_("Payer les heures…"), self.pay),
                (_("Relevé (PDF)"), self.print_statement),
                (_("Récapitulatif (PDF)"), self.print_summary),
            )
        )
        self.rates_label = QLabel()
        self.rates_label.setWordWrap(True)
        layout.addWidget(self.rates_label)
        self.totals = RowsModel(
            [
                (_("Professionnel"), lambda t: t.member),
                (_("Heures"), lambda t: format_number(t.hours)),
                (_("Indemnités"), lambda t: format_money(t.amount)),
                (_("Versé"), lambda t: format_money(t.paid)),
                (_("Reste dû"), lambda t: format_money(t.due)),
                (_("Rémunérations"), lambda t: format_money(t.remunerations)),
                (_("Total de l’année"), lambda t: format_money(t.year_total)),
                (_("Sous le plafond"), lambda t: _("dépassé") if t.over_ceiling else format_money(t.remainder)),
            ],
            numeric=(1, 2, 3, 4, 5, 6, 7),
        )
        self.totals_view = table(self.totals, stretch=0)
        self.totals_view.selectionModel().selectionChanged.connect(self.show_entries)
        layout.addWidget(self.totals_view, 1)
        self.ceiling_label = QLabel()
        self.ceiling_label.setWordWrap(True)
        layout.addWidget(self.ceiling_label)
        details = QHBoxLayout()
        layout.addLayout(details, 1)
        self.entries = RowsModel(
            [
                (_("Date"), lambda r: format_date_short(r.jour)),
                (_("Activité"), lambda r: r.activite),
                (_("Objet"), lambda r: r.description),
                (_("Heures"), lambda r: format_number(r.heures)),
                (_("Montant"), lambda r: format_money(r.montant)),
                (_("Payé"), lambda r: _("oui") if r.paid else _("non")),
            ],
            numeric=(3, 4),
        )
        self.entries_view = table(self.entries, stretch=2)
        details.addLayout(self._column(_("Heures de la période"), self.entries_view, _("Supprimer la saisie"),
                                       self.delete_entry), 3)  # fmt: skip
        self.remunerations = RowsModel(
            [
                (_("Date"), lambda r: format_date_short(r.jour)),
                (_("Libellé"), lambda r: r.libelle),
                (_("Montant"), lambda r: format_money(r.montant)),
            ],
            numeric=(2,),
        )
        self.remunerations_view = table(self.remunerations, stretch=1)
        details.addLayout(self._column(_("Rémunérations de la période"), self.remunerations_view,
                                       _("Supprimer la rémunération"), self.delete_remuneration), 2)  # fmt: skip

    @staticmethod
    def _column(title: str, view: QWidget, action: str, slot: Callable[[], object]) -> QVBoxLayout:
        """A titled list with the button that acts on its selected row."""
        column = QVBoxLayout()
        column.addWidget(QLabel(f"<b>{title}</b>"))
        column.addWidget(view, 1)
        column.addLayout(buttons((action, slot)))
        return column

    def set_database(self, database: Database | None) -> None:
        self.database = database
        self.reload()

    def period(self) -> tuple[date, date] | None:
        try:
            return read_date(self.start, _("Début de période")), read_date(self.end, _("Fin de période"))
        except ValidationError as error:
            show_error(self, error.message)
            return None

    def reload(self) -> None:
        if self.database is None:
            self.totals.set_rows([])
            self.entries.set_rows([])
            return
        rates = indemnities.rates(self.database)
        self.rates_label.setText(
            _("Taux horaires : ") + " ; ".join(f"{r.activite} {format_money(r.taux_horaire)}" for r in rates)
            if rates
            else _("Aucun taux horaire : « Taux horaires… » en définit un par type d’activité.")
        )
        period = self.period()
        if period is None:
            return
        chosen = selected(self.totals_view, self.totals)
        rows = indemnities.totals(self.database, *period)
        self.totals.set_rows(sorted(rows, key=lambda t: t.member))
        self._show_ceiling(period[1].year)
        ids = [t.member_id for t in self.totals.rows]
        if chosen is not None and chosen.member_id in ids:
            self.totals_view.selectRow(ids.index(chosen.member_id))
        elif ids:
            self.totals_view.selectRow(0)
        self.show_entries()

    def _show_ceiling(self, year: int) -> None:
        """The cap of the year under the list, in orange with the count of professionals past it."""
        ceiling, known = indemnities.annual_ceiling(year)
        text = _("Plafond {year} par professionnel (PASS {known}) : {amount}. Rémunérations, total et reste sous le "
                 "plafond : toute l’année civile, indemnités et rémunérations comptées ensemble (art. D.1434-44 du "
                 "code de la santé publique).").format(
            year=year, known=known, amount=format_money(ceiling)
        )  # fmt: skip
        over = sum(1 for t in self.totals.rows if t.over_ceiling)
        if over:
            text += " " + plural(over, _("{count} professionnel au-delà du plafond."),
                                 _("{count} professionnels au-delà du plafond."))  # fmt: skip
        self.ceiling_label.setText(text)
        self.ceiling_label.setStyleSheet(f"{WARNING_STYLE} font-weight: bold;" if over else "")

    def show_entries(self) -> None:
        total = selected(self.totals_view, self.totals)
        period = self.period() if total is not None else None
        chosen = (*period, total.member_id) if total and period else None
        self.entries.set_rows(indemnities.time_rows(self.database, *chosen) if chosen else [])
        self.remunerations.set_rows(indemnities.remuneration_rows(self.database, *chosen) if chosen else [])

    def add_time(self) -> None:
        if self.database is None:
            return
        rates = indemnities.rates(self.database)
        if not rates:
            show_error(self, _("Définissez d’abord un taux horaire (« Taux horaires… »)."))
            return
        member = member_combo(member_choices(self.database))
        activity = QComboBox()
        for rate in rates:
            activity.addItem(f"{rate.activite} ({format_money(rate.taux_horaire)} / h)", rate.id)
        day, hours, description = date_field(date.today()), QLineEdit(), QLineEdit()
        funding = QComboBox()
        funding.addItem(_("(aucune)"), None)
        for grant in grants.grant_rows(self.database):
            funding.addItem(grant.label, grant.id)
        dialog = FormDialog(
            _("Heures consacrées à la CPTS"),
            [
                (_("Professionnel :"), member),
                (_("Activité :"), activity),
                (_("Date :"), day),
                (_("Heures (ex. 2,5) :"), hours),
                (_("Objet :"), description),
                (_("Financée par :"), funding),
            ],
            lambda: indemnities.add_time(
                self.database,
                read_member(member),
                read_date(day, _("Date")),
                activity.currentData(),
                read_amount(hours, _("Heures")),
                description.text(),
                funding.currentData(),
            ),  # fmt: skip
            self,
        )
        dialog.setMinimumWidth(480)
        if dialog.exec():
            self.reload()

    def add_remuneration(self) -> None:
        """A salary or rémunération already paid: recorded even past the cap, with a warning."""
        if self.database is None:
            return
        shown = selected(self.totals_view, self.totals)
        member = member_combo(member_choices(self.database), shown.member_id if shown else None)
        day, amount, label = date_field(date.today()), money_field(), QLineEdit()
        label.setPlaceholderText(_("ex. Salaire de coordination, mars"))
        dialog = FormDialog(
            _("Rémunération versée par la CPTS"),
            [
                (_("Professionnel :"), member),
                (_("Date du versement :"), day),
                (_("Montant :"), amount),
                (_("Libellé :"), label),
            ],
            lambda: indemnities.add_remuneration(
                self.database,
                read_member(member),
                read_date(day, _("Date du versement")),
                read_amount(amount, _("Montant")),
                label.text(),
            ),  # fmt: skip
            self,
        )
        dialog.setMinimumWidth(480)
        if not dialog.exec():
            return
        self.reload()
        saved = dialog.result_value
        if isinstance(saved, indemnities.RemunerationSaved) and saved.warning:
            QMessageBox.warning(self, _("Plafond annuel dépassé"), saved.warning)

    def delete_remuneration(self) -> None:
        row = selected(self.remunerations_view, self.remunerations)
        if row is None:
            return
        question = _("Supprimer la rémunération « {label} » de {amount} ?").format(
            label=row.libelle, amount=format_money(row.montant)
        )
        if confirm(self, question) and attempt(self, lambda: indemnities.delete_remuneration(self.database, row.id)):
            self.reload()

    def edit_rate(self) -> None:
        if self.database is None:
            return
        existing = QComboBox()
        existing.addItem(_("(nouveau type d’activité)"), None)
        for rate in indemnities.rates(self.database):
            existing.addItem(rate.activite, rate.id)
        name, hourly = QLineEdit(), money_field()
        dialog = FormDialog(
            _("Taux horaire"),
            [(_("Type d’activité :"), existing), (_("Nom :"), name), (_("Taux horaire :"), hourly)],
            lambda: indemnities.save_rate(
                self.database,
                name.text() or existing.currentText(),
                read_amount(hourly, _("Taux horaire")),
                existing.currentData(),
            ),  # fmt: skip
            self,
        )
        if dialog.exec():
            self.reload()

    def pay(self) -> None:
        total = selected(self.totals_view, self.totals)
        period = self.period()
        if total is None or period is None or total.due <= 0:
            return
        question = _("Payer {amount} à {member} pour la période ? Une dépense « Indemnisation des professionnels » "
                     "sera imputée à la subvention qui finance ces heures.").format(
            amount=format_money(total.due), member=total.member
        )  # fmt: skip
        if confirm(self, question) and attempt(
            self, lambda: indemnities.pay(self.database, total.member_id, *period, date.today())
        ):
            self.reload()

    def delete_entry(self) -> None:
        entry = selected(self.entries_view, self.entries)
        if entry is not None and attempt(self, lambda: indemnities.delete_time(self.database, entry.id)):
            self.reload()

    def print_statement(self) -> None:
        from cpts_desktop.pdf.indemnities import statement_pdf

        total = selected(self.totals_view, self.totals)
        period = self.period()
        if total is None or period is None:
            return
        papers = finance_documents.statement(self.database, total.member_id, *period)
        preview_document(self, f"releve-indemnisation-{total.member_id}.pdf", lambda p: statement_pdf(papers, p))

    def print_summary(self) -> None:
        from cpts_desktop.pdf.indemnities import indemnities_summary_pdf

        period = self.period()
        if period is None or self.database is None:
            return
        rows, head = indemnities.totals(self.database, *period), letterhead(self.database)
        preview_document(self, "indemnisations.pdf", lambda path: indemnities_summary_pdf(rows, *period, head, path))
