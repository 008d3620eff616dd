"""Subventions: the list of grants with their figures, and for the one selected its schedule, disbursements,
expenses, budget by category, justifications and attached documents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.enums import ExpenseCategory, FunderType, GrantNature, GrantStatus, ObligationKind
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.i18n import _, format_date_short, format_money, format_number, plural
from cpts_desktop.services import finance_documents, grants
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.combo import enum_data
from cpts_desktop.ui.finance.fields import (
    attempt,
    confirm,
    date_field,
    enum_combo,
    money_field,
    read_amount,
    read_date,
    read_enum,
)
from cpts_desktop.ui.finance.financial_report_dialog import FinancialReportDialog
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.pdf_preview import preview_document
from cpts_desktop.ui.styles import ERROR_COLOUR
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons, labelled, selected, tab_widget, table


def _period(row: grants.GrantRow) -> str:
    return " – ".join(format_date_short(d) for d in (row.periode_debut, row.periode_fin) if d)


def _late(count: int) -> str:
    """« – 1 versement en retard », « – 2 versements en retard », nothing when none is."""
    if not count:
        return ""
    return " – " + plural(count, _("{count} versement en retard"), _("{count} versements en retard"))


def _awarded_when_typed(status: QComboBox, amount: str) -> None:
    if amount.strip() and enum_data(status, GrantStatus) in (GrantStatus.PREPARING, GrantStatus.REQUESTED):
        status.setCurrentIndex(status.findData(GrantStatus.AWARDED.value))


def _status(row: grants.GrantRow) -> str:
    late = _late(row.late_installments)
    return row.statut.label + late


GRANT_COLUMNS = [
    (_("Subvention"), lambda r: r.label),
    (_("Statut"), _status),
    (_("Période"), _period),
    (_("Accordé"), lambda r: format_money(r.awarded)),
    (_("Reçu"), lambda r: format_money(r.received)),
    (_("Dépensé"), lambda r: format_money(r.spent)),
    (_("Reste à dépenser"), lambda r: format_money(r.remaining)),
    (_("Consommé"), lambda r: f"{format_number(r.consumption, 1)} %" if r.consumption is not None else ""),
]


class GrantsTab(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database: Database | None = None
        layout = QVBoxLayout(self)
        self.year = QComboBox()
        self.year.currentIndexChanged.connect(self.reload)
        row = buttons(
            (_("Nouvelle subvention…"), self.new_grant),
            (_("Modifier…"), self.edit_grant),
            (_("Supprimer"), self.delete_grant),
            (_("Fiche de suivi (PDF)"), self.print_sheet),
            (_("Compte rendu financier…"), self.financial_report),
            (_("Financeurs…"), self.edit_funder),
        )
        row.addWidget(labelled(_("Année :"), self.year))
        layout.addLayout(row)
        self.model = RowsModel(GRANT_COLUMNS, numeric=(3, 4, 5, 6, 7))
        self.view = table(self.model, stretch=0)
        self.view.selectionModel().selectionChanged.connect(self.show_detail)
        self.empty = QLabel(_("Aucune subvention : « Nouvelle subvention… » enregistre la première."))
        splitter = QSplitter(Qt.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.empty)
        top_layout.addWidget(self.view)
        splitter.addWidget(top)
        self.detail = tab_widget()
        splitter.addWidget(self.detail)
        splitter.setSizes([260, 300])
        layout.addWidget(splitter, 1)
        self._build_detail()

    # ---------------------------------------------------------------- list
    def set_database(self, database: Database | None) -> None:
        self.database = database
        current = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem(_("Toutes"), None)
        for y in grants.exercices(database) if database else []:
            self.year.addItem(str(y), y)
        self.year.setCurrentIndex(max(self.year.findData(current), 0))
        self.year.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        chosen = self.current()
        rows = grants.grant_rows(self.database, self.year.currentData()) if self.database else []
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        ids = [r.id for r in rows]
        if chosen is not None and chosen.id in ids:
            self.view.selectRow(ids.index(chosen.id))
        elif rows:
            self.view.selectRow(0)
        self.show_detail()

    def current(self) -> grants.GrantRow | None:
        return selected(self.view, self.model)  # type: ignore[return-value]

    def select(self, grant_id: int) -> None:
        ids = [r.id for r in self.model.rows]
        if grant_id in ids:
            self.view.selectRow(ids.index(grant_id))

    def _after_change(self, grant_id: int | None = None) -> None:
        self.reload()
        if grant_id is not None:
            self.select(grant_id)
        self.changed.emit()

    # ---------------------------------------------------------------- grant form
    def _grant_form(self, row: grants.GrantRow | None) -> FormDialog:
        funder = QComboBox()
        funder.setEditable(True)
        for f in grants.funders(self.database):
            funder.addItem(f.nom, f.type.value)
        funder.setCurrentText(row.funder if row else "")
        funder_type = enum_combo(FunderType, row.funder_type if row else FunderType.ARS)
        funder.currentIndexChanged.connect(
            lambda i: funder_type.setCurrentIndex(max(funder_type.findData(funder.itemData(i)), 0))
        )
        objet = QLineEdit(row.objet if row else "")
        nature = enum_combo(GrantNature, row.nature if row else GrantNature.OPERATING)
        status = enum_combo(GrantStatus, row.statut if row else GrantStatus.REQUESTED)
        reference = QLineEdit(row.convention_reference or "" if row else "")
        signed = date_field(row.date_signature if row else None)
        start = date_field(row.periode_debut if row else None)
        end = date_field(row.periode_fin if row else None)
        requested = money_field(row.montant_demande if row else None)
        awarded = money_field(row.montant_accorde if row else None)
        if row is None:  # an amount typed as awarded means the grant is: « Demandée » would count it nowhere
            awarded.textEdited.connect(lambda text: _awarded_when_typed(status, text))
        conditions = QPlainTextEdit(row.conditions or "" if row else "")
        conditions.setFixedHeight(60)

        def save() -> int:
            data = grants.GrantData(
                funder=funder.currentText(),
                funder_type=read_enum(funder_type, FunderType),
                nature=read_enum(nature, GrantNature),
                objet=objet.text(),
                convention_reference=reference.text(),
                date_signature=read_date(signed, _("Date de signature"), optional=True),
                periode_debut=read_date(start, _("Début de période"), optional=True),
                periode_fin=read_date(end, _("Fin de période"), optional=True),
                montant_demande=read_amount(requested, _("Montant demandé"), optional=True),
                montant_accorde=read_amount(awarded, _("Montant accordé"), optional=True),
                statut=read_enum(status, GrantStatus),
                conditions=conditions.toPlainText(),
            )
            if row is None:
                return grants.create_grant(self.database, data)
            grants.update_grant(self.database, row.id, row.version, data)
            return row.id

        fields = [
            (_("Financeur :"), funder),
            (_("Type de financeur :"), funder_type),
            (_("Objet :"), objet),
            (_("Nature :"), nature),
            (_("Statut :"), status),
            (_("Référence de la convention :"), reference),
            (_("Signée le :"), signed),
            (_("Début de période :"), start),
            (_("Fin de période :"), end),
            (_("Montant demandé :"), requested),
            (_("Montant accordé :"), awarded),
            (_("Conditions :"), conditions),
        ]
        title = _("Nouvelle subvention") if row is None else _("Subvention n° {id}").format(id=row.id)
        dialog = FormDialog(title, fields, save, self)
        dialog.setMinimumWidth(480)
        return dialog

    def new_grant(self) -> None:
        if self.database is None:
            return
        dialog = self._grant_form(None)
        self._open(dialog, lambda: dialog.result_value)  # type: ignore[arg-type, return-value]

    def edit_grant(self) -> None:
        row = self.current()
        if row is None or self.database is None:
            return
        self._open(self._grant_form(row), lambda: row.id)

    def delete_grant(self) -> None:
        row = self.current()
        if row is None or not confirm(self, _("Supprimer la subvention « {label} » ?").format(label=row.label)):
            return
        if attempt(self, lambda: grants.delete_grant(self.database, row.id)):
            self._after_change()

    def edit_funder(self) -> None:
        """The funder of the selected grant (or the first one): type and contact details."""
        if self.database is None:
            return
        known = grants.funders(self.database)
        if not known:
            return
        row = self.current()
        funder = next((f for f in known if row and f.id == row.funder_id), known[0])
        chooser = QComboBox()
        for f in known:
            chooser.addItem(f.nom, f.id)
        chooser.setCurrentIndex(chooser.findData(funder.id))
        name, kind = QLineEdit(), enum_combo(FunderType)
        contact, email, phone, address = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()

        def show(index: int) -> None:
            f = known[index]
            name.setText(f.nom)
            kind.setCurrentIndex(kind.findData(f.type.value))
            for edit, value in ((contact, f.contact_nom), (email, f.email), (phone, f.telephone), (address, f.adresse)):
                edit.setText(value or "")

        chooser.currentIndexChanged.connect(show)
        show(chooser.currentIndex())
        dialog = FormDialog(
            _("Financeurs"),
            [
                (_("Financeur :"), chooser),
                (_("Nom :"), name),
                (_("Type :"), kind),
                (_("Contact :"), contact),
                (_("Courriel :"), email),
                (_("Téléphone :"), phone),
                (_("Adresse :"), address),
            ],
            lambda: grants.save_funder(
                self.database,
                grants.FunderRow(
                    chooser.currentData(),
                    name.text(),
                    read_enum(kind, FunderType),
                    contact.text(),
                    email.text(),
                    phone.text(),
                    address.text(),
                ),
            ),  # fmt: skip
            self,
        )
        dialog.setMinimumWidth(460)
        self._open(dialog, lambda: row.id if row else None)

    def print_sheet(self) -> None:
        from cpts_desktop.pdf.grants import grant_sheet_pdf

        row = self.current()
        if row is not None:
            papers = finance_documents.grant_papers(self.database, row.id)
            preview_document(self, f"fiche-subvention-{row.id}.pdf", lambda path: grant_sheet_pdf(papers, path))

    def financial_report(self) -> None:
        """The CERFA n° 15059*02 of the selected grant: what the treasurer writes, then the PDF."""
        row = self.current()
        if row is None or self.database is None:
            return
        if row.statut not in (GrantStatus.AWARDED, GrantStatus.SETTLED):
            show_error(self, _("Un compte rendu financier ne se rédige que pour une subvention accordée."))
            return
        dialog = FinancialReportDialog(self.database, row, self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()

    # ---------------------------------------------------------------- detail
    def _build_detail(self) -> None:
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.lists: dict[str, tuple[RowsModel, object]] = {}
        specs = {
            "installments": (
                _("Échéancier"),
                [
                    (_("Date prévue"), lambda i: format_date_short(i.date_prevue)),
                    (_("Échéance"), lambda i: i.libelle or _("Versement")),
                    (_("Montant prévu"), lambda i: format_money(i.montant_prevu)),
                    (_("Couvert"), lambda i: format_money(i.covered)),
                    (_("État"), lambda i: _("reçu") if i.settled else (_("EN RETARD") if i.late else _("à venir"))),
                ],
                (2, 3),
                [(_("Ajouter une échéance…"), self.add_installment), (_("Supprimer"), self._remover("installment"))],
            ),
            "disbursements": (
                _("Versements reçus"),
                [
                    (_("Date"), lambda r: format_date_short(r.date_versement)),
                    (_("Référence bancaire"), lambda r: r.reference_bancaire or ""),
                    (_("Montant"), lambda r: format_money(r.montant)),
                ],
                (2,),
                [
                    (_("Enregistrer un versement…"), self.add_disbursement),
                    (_("Supprimer"), self._remover("disbursement")),
                ],
            ),
            "expenses": (
                _("Dépenses"),
                [
                    (_("Date"), lambda e: format_date_short(e.date_depense)),
                    (_("Libellé"), lambda e: e.libelle),
                    (_("Catégorie"), lambda e: e.categorie.label),
                    (_("Fournisseur"), lambda e: e.fournisseur or ""),
                    (_("Pièce"), lambda e: e.piece or ""),
                    (_("Montant"), lambda e: format_money(e.montant)),
                ],
                (5,),
                [(_("Ajouter une dépense…"), self.add_expense), (_("Supprimer"), self._remover("expense"))],
            ),
            "budget": (
                _("Budget"),
                [
                    (_("Catégorie"), lambda b: b.categorie.label),
                    (_("Prévisionnel"), lambda b: format_money(b.prevu)),
                    (_("Réalisé"), lambda b: format_money(b.realise)),
                    (_("Écart"), lambda b: format_money(b.ecart)),
                ],
                (1, 2, 3),
                [(_("Budget d’une catégorie…"), self.set_budget)],
            ),
            "obligations": (
                _("Justifications"),
                [
                    (_("Justification"), lambda o: o.title),
                    (_("Échéance"), lambda o: format_date_short(o.date_echeance)),
                    (_("Remise le"), lambda o: format_date_short(o.date_remise) if o.date_remise else _("à remettre")),
                ],
                (),
                [(_("Ajouter une justification…"), self.add_obligation), (_("Noter la remise…"), self.submit)],
            ),
            "documents": (
                _("Documents"),
                [(_("Document"), lambda d: d[1]), (_("Fichier"), lambda d: d[2])],
                (),
                [(_("Joindre un fichier…"), self.attach), (_("Ouvrir"), self.open_document)],
            ),
        }
        overview = QWidget()
        QVBoxLayout(overview).addWidget(self.summary)
        overview.layout().addStretch(1)
        self.detail.addTab(overview, _("Situation"))
        for key, (title, columns, numeric, actions) in specs.items():
            page = QWidget()
            page_layout = QVBoxLayout(page)
            model = RowsModel(columns, numeric=numeric)
            view = table(model, stretch=1)
            page_layout.addLayout(buttons(*actions))
            page_layout.addWidget(view)
            self.lists[key] = (model, view)
            self.detail.addTab(page, title)

    def show_detail(self) -> None:
        row = self.current()
        self.detail.setEnabled(row is not None)
        if row is None or self.database is None:
            self.summary.setText("")
            for model, _view in self.lists.values():
                model.set_rows([])
            return
        detail = grants.grant_detail(self.database, row.id)
        late = f" <b style='color:{ERROR_COLOUR}'>{_late(row.late_installments)}</b>" if row.late_installments else ""
        self.summary.setText(
            _(
                "<b>{label}</b> ({nature}, {status})<br/>Convention : {ref} ; période : {period}<br/><br/>"
                "Accordé : <b>{awarded}</b> – reçu : {received} – reste à recevoir : {to_receive}<br/>"
                "Dépensé : {spent} – reste à dépenser : <b>{remaining}</b> – consommation : {rate}{late}"
            ).format(
                label=escape(row.label),
                nature=row.nature.label,
                status=row.statut.label.lower(),
                ref=escape(row.convention_reference or _("sans référence")),
                period=_period(row) or _("non précisée"),
                awarded=format_money(row.awarded),
                received=format_money(row.received),
                to_receive=format_money(row.to_receive),
                spent=format_money(row.spent),
                remaining=format_money(row.remaining),
                rate=f"{format_number(row.consumption, 1)} %" if row.consumption is not None else "–",
                late=late if row.late_installments else "",
            )
        )
        for key, rows in (
            ("installments", detail.installments),
            ("disbursements", detail.disbursements),
            ("expenses", detail.expenses),
            ("budget", detail.budget),
            ("obligations", detail.obligations),
            ("documents", detail.documents),
        ):
            self.lists[key][0].set_rows(list(rows))

    def _picked(self, key: str) -> object | None:
        model, view = self.lists[key]
        return selected(view, model)  # type: ignore[arg-type]

    def _remover(self, kind: str):  # noqa: ANN202 - a slot
        key = {"installment": "installments", "disbursement": "disbursements", "expense": "expenses"}[kind]

        def remove() -> None:
            line = self._picked(key)
            if line is None or not confirm(self, _("Supprimer la ligne sélectionnée ? Le journal en garde la trace.")):
                return
            if attempt(self, lambda: grants.delete_money_line(self.database, kind, line.id)):
                self._after_change(self.current().id if self.current() else None)

        return remove

    def _open(self, dialog: FormDialog, grant_id: Callable[[], int | None]) -> None:
        """Opened, not run in a loop of its own: once saved, the list shows that grant again."""
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.setMinimumWidth(max(dialog.minimumWidth(), 440))  # room for a refusal on one or two lines
        dialog.accepted.connect(lambda: self._after_change(grant_id()))
        dialog.open()

    def _form(self, title: str, fields: list, save) -> None:  # noqa: ANN001 - a callable
        row = self.current()
        if row is not None:
            self._open(FormDialog(title, fields, lambda: save(row.id), self), lambda: row.id)

    def add_installment(self) -> None:
        day, amount, label = date_field(), money_field(), QLineEdit()
        self._form(
            _("Nouvelle échéance"),
            [(_("Date prévue :"), day), (_("Montant :"), amount), (_("Libellé :"), label)],
            lambda grant_id: grants.add_installment(
                self.database,
                grant_id,
                read_date(day, _("Date prévue")),
                read_amount(amount, _("Montant")),
                label.text(),
            ),
        )

    def add_disbursement(self) -> None:
        day, amount, reference = date_field(date.today()), money_field(), QLineEdit()
        self._form(
            _("Versement reçu"),
            [(_("Date :"), day), (_("Montant :"), amount), (_("Référence bancaire :"), reference)],
            lambda grant_id: grants.add_disbursement(
                self.database, grant_id, read_amount(amount, _("Montant")), read_date(day, _("Date")), reference.text()
            ),
        )

    def add_expense(self) -> None:
        day, amount, label = date_field(date.today()), money_field(), QLineEdit()
        category = enum_combo(ExpenseCategory)
        supplier, piece = QLineEdit(), QLineEdit()

        def save(grant_id: int) -> int:
            values = (
                self.database, grant_id, read_amount(amount, _("Montant")), read_date(day, _("Date")),
                read_enum(category, ExpenseCategory), label.text(), supplier.text(), piece.text(),
            )  # fmt: skip
            try:
                return grants.add_expense(*values)
            except grants.OutsidePeriod as refusal:
                question = refusal.message + " " + _("L’enregistrer quand même ?")
                if not confirm(QApplication.activeModalWidget() or self, question):
                    raise CptsError(_("Dépense non enregistrée : corrigez la date ou confirmez.")) from None
                return grants.add_expense(*values, outside_period_ok=True)

        self._form(
            _("Nouvelle dépense"),
            [
                (_("Date :"), day),
                (_("Libellé :"), label),
                (_("Catégorie :"), category),
                (_("Montant :"), amount),
                (_("Fournisseur :"), supplier),
                (_("N° de pièce :"), piece),
            ],
            save,
        )

    def set_budget(self) -> None:
        category, amount = enum_combo(ExpenseCategory), money_field()
        self._form(
            _("Budget prévisionnel"),
            [(_("Catégorie :"), category), (_("Montant prévu (0 pour l’effacer) :"), amount)],
            lambda grant_id: grants.set_budget(
                self.database, grant_id, read_enum(category, ExpenseCategory), read_amount(amount, _("Montant"))
            ),
        )

    def add_obligation(self) -> None:
        kind, due, label = enum_combo(ObligationKind), date_field(), QLineEdit()
        self._form(
            _("Justification due"),
            [(_("Type :"), kind), (_("À remettre le :"), due), (_("Libellé :"), label)],
            lambda grant_id: grants.add_obligation(
                self.database, grant_id, read_enum(kind, ObligationKind), read_date(due, _("Échéance")), label.text()
            ),
        )

    def submit(self) -> None:
        obligation = self._picked("obligations")
        if obligation is None:
            return
        day = date_field(date.today())
        self._form(
            _("Remise de la justification"),
            [(_("Remise le (vide : pas encore remise) :"), day)],
            lambda _grant_id: grants.submit_obligation(
                self.database, obligation.id, read_date(day, _("Date de remise"), optional=True)
            ),
        )

    def attach(self) -> None:
        row = self.current()
        if row is None:
            return
        path, _filter = QFileDialog.getOpenFileName(self, _("Joindre un document"), str(Path.home()))
        if path and attempt(self, lambda: grants.add_document(self.database, row.id, Path(path).stem, path)):
            self._after_change(row.id)

    def open_document(self) -> None:
        document = self._picked("documents")
        if document is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(document[2]))
