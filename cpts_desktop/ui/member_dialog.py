"""The member form: a French message under a field once the user has left it (or asked to save),
an « unsaved changes » prompt, and the member's cotisation history with its documents.

The form scrolls inside the card and the buttons stay below it, so that « Enregistrer » is on screen
on a 1366×768 laptop, messages shown or not.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.enums import Civility, MemberKind, MemberStatus, PracticeMode, StructureType
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.members import FIELD_LABELS, InvalidMember, MemberData, clean_member
from cpts_desktop.domain.validators import clean_date
from cpts_desktop.i18n import _, format_date_short, format_datetime_short, format_money
from cpts_desktop.services import documents
from cpts_desktop.services.association import letterhead
from cpts_desktop.services.cotisations import PaymentLine, cancel_payment, member_payments
from cpts_desktop.services.errors import StaleRecord
from cpts_desktop.services.gdpr import anonymise, member_file
from cpts_desktop.services.mail import proof
from cpts_desktop.services.members import (
    FormChoices,
    create_member,
    form_choices,
    get_member,
    list_rows,
    update_member,
)
from cpts_desktop.store.engine import Database
from cpts_desktop.ui import screen_fit
from cpts_desktop.ui.combo import enum_data
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.payment_dialog import PaymentDialog
from cpts_desktop.ui.pdf_preview import preview_document
from cpts_desktop.ui.signals import on
from cpts_desktop.ui.styles import ERROR_STYLE
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons, tab_widget

TEXT_FIELDS = (
    "nom",
    "prenom",
    "specialite",
    "rpps",
    "adeli",
    "structure_exercice",
    "finess",
    "siret",
    "adresse",
    "code_postal",
    "commune",
    "telephone",
    "email",
)
DATE_FIELDS = ("date_adhesion", "date_sortie", "rgpd_consentement")
PERSON_ONLY = (
    "civilite",
    "titre",
    "prenom",
    "profession_code",
    "specialite",
    "rpps",
    "adeli",
    "mode_exercice",
    "structure_exercice",
)
STRUCTURE_ONLY = ("structure_type", "finess", "siret", "representant_id")
COMBO_FIELDS = (
    "civilite",
    "profession_code",
    "mode_exercice",
    "structure_type",
    "representant_id",
    "college_id",
    "statut",
    "categorie_cotisation",
)
ENUM_FIELDS = {
    "civilite": Civility,
    "mode_exercice": PracticeMode,
    "structure_type": StructureType,
    "statut": MemberStatus,
}


class MemberDialog(QDialog):
    """Create (``member_id`` None) or edit a member; emits ``saved`` with the member's id."""

    saved = Signal(int)

    def __init__(self, database: Database, member_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.member_id = member_id
        self.version: int | None = None
        self.year = date.today().year
        self.choices: FormChoices = form_choices(database, self.year, member_id)
        self.widgets: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.rows: dict[str, tuple[QLabel, QWidget]] = {}
        self.touched: set[str] = set()  # fields whose message may show: left by the user, or all on save
        self.setWindowTitle(_("Nouvel adhérent") if member_id is None else _("Fiche adhérent"))
        # 760 high on a big screen; on a laptop, room for the title bar and a margin below the taskbar's edge
        self.resize(720, min(760, screen_fit.room(self).height() - 48))

        self.tabs = tab_widget()
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QScrollArea.NoFrame)
        self.form_scroll.setWidget(self._build_form())
        self.tabs.addTab(self.form_scroll, _("Fiche"))
        self.payments = RowsModel(
            [
                (_("Exercice"), lambda p: p.annee),
                (_("Date"), lambda p: format_date_short(p.date_paiement)),
                (_("Montant"), lambda p: format_money(p.montant)),
                (_("Mode"), lambda p: p.mode.label),
                (_("Référence"), lambda p: p.reference),
                (_("Reçu"), lambda p: p.numero_recu),
                ("", lambda p: "annulé" if p.annulee else ("annulation" if p.annule_id else "")),
            ],
            numeric=(2,),
        )
        self.history_tab = self._build_history()
        self.tabs.addTab(self.history_tab, _("Cotisations"))
        self.messages = RowsModel(
            [
                (_("Date"), lambda m: format_datetime_short(m.envoye_le or m.cree_le)),
                (_("Nature"), lambda m: m.nature.label),
                (_("Objet"), lambda m: m.objet),
                (_("Adresse"), lambda m: m.destinataire),
                (_("Statut"), lambda m: m.statut.label),
            ]
        )
        self.messages_tab = self._build_messages()
        self.tabs.addTab(self.messages_tab, _("Messages"))

        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.Save)
        self.save_button.setText(_("Enregistrer"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(_("Fermer"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

        if member_id is not None:
            self._load()
        else:
            self.history_tab.setEnabled(False)
            self.messages_tab.setEnabled(False)
            self.widgets["nom"].setFocus()  # a new member starts with the name
        self.saved_state = self.current_data()
        self.validate()

    # ----- building
    def _build_form(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        kind_box = QWidget()
        kind_row = QHBoxLayout(kind_box)
        kind_row.setContentsMargins(0, 0, 0, 0)
        self.person_radio = QRadioButton(MemberKind.PERSON.label)
        self.structure_radio = QRadioButton(MemberKind.STRUCTURE.label)
        self.person_radio.setChecked(True)
        group = QButtonGroup(self)
        for radio in (self.person_radio, self.structure_radio):
            group.addButton(radio)
            kind_row.addWidget(radio)
            on(radio.toggled, self._kind_changed)
        kind_row.addStretch(1)
        form.addRow(_("Type :"), kind_box)

        self._combo(form, "civilite", [(None, "")] + [(c, c.label) for c in Civility])
        self._title(form)
        self._line(form, "nom")
        self._line(form, "prenom")
        self._combo(form, "profession_code", [(None, "")] + list(self.choices.professions))
        self._line(form, "specialite", _("ex. médecine générale"))
        self._line(form, "rpps", _("11 chiffres"))
        self._line(form, "adeli", _("9 chiffres, si pas encore de RPPS"))
        self._combo(form, "mode_exercice", [(None, "")] + [(m, m.label) for m in PracticeMode])
        self._line(form, "structure_exercice", _("cabinet, MSP…"))
        self._combo(form, "structure_type", [(t, t.label) for t in StructureType])
        self._line(form, "finess", _("9 caractères"))
        self._line(form, "siret", _("14 chiffres"))
        self._combo(form, "representant_id", [(None, _("(aucun)"))])
        self._line(form, "adresse")
        self._line(form, "code_postal")
        self._line(form, "commune")
        self._line(form, "telephone", _("06 12 34 56 78"))
        self._line(form, "email")
        self._combo(form, "college_id", [(None, _("(aucun)"))] + list(self.choices.colleges))
        self._combo(
            form,
            "categorie_cotisation",
            [(None, _("(selon le type d’adhérent)"))] + [(c, c) for c in self.choices.categories],
        )
        for name in DATE_FIELDS:
            self._line(form, name, _("jj/mm/aaaa"))
        self._combo(form, "statut", [(s, s.label) for s in MemberStatus])
        notes = QPlainTextEdit()
        notes.setFixedHeight(60)
        notes.textChanged.connect(self.validate)
        self.widgets["notes"] = notes
        form.addRow(FIELD_LABELS["notes"] + " :", notes)
        self._kind_changed()
        return page

    def _add_row(self, form: QFormLayout, name: str, widget: QWidget) -> None:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        label = QLabel(FIELD_LABELS[name] + " :")
        form.addRow(label, box)
        self.widgets[name] = widget
        self.error_labels[name] = error
        self.rows[name] = (label, box)

    def _line(self, form: QFormLayout, name: str, placeholder: str = "") -> None:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(self.validate)
        edit.editingFinished.connect(lambda name=name: self.touch(name))
        self._add_row(form, name, edit)

    def _combo(self, form: QFormLayout, name: str, items: list[tuple[object, str]]) -> None:
        combo = QComboBox()
        for value, label in items:
            combo.addItem(label, value)
        combo.currentIndexChanged.connect(self.validate)
        combo.activated.connect(lambda _index, name=name: self.touch(name))
        self._add_row(form, name, combo)

    def _title(self, form: QFormLayout) -> None:
        """« Dr », « Pr », « Me » or another title typed in; printed before the name in letters."""
        combo = QComboBox()
        combo.setEditable(True)
        combo.addItems(["", "Dr", "Pr", "Me"])
        combo.editTextChanged.connect(self.validate)
        combo.activated.connect(lambda _index: self.touch("titre"))
        self._add_row(form, "titre", combo)

    def _build_history(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.payments_view = QTableView()
        self.payments_view.setModel(self.payments)
        self.payments_view.setSelectionBehavior(QTableView.SelectRows)
        self.payments_view.setSelectionMode(QTableView.SingleSelection)
        self.payments_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.payments_view.horizontalHeader().setStretchLastSection(True)
        self.payments_view.verticalHeader().hide()
        layout.addWidget(self.payments_view, 1)
        layout.addLayout(
            buttons(
                (_("Nouveau paiement…"), self.new_payment),
                (_("Annuler le paiement…"), self.cancel_selected_payment),
                (_("Reçu (PDF)"), self.preview_receipt),
                (_("Attestation (PDF)"), self.preview_attestation),
                (_("Reçu par e-mail…"), self.email_receipt),
                (_("Attestation par e-mail…"), self.email_attestation),
                (_("Bulletin pré-rempli (PDF)"), self.preview_form),
                (_("Données RGPD (PDF)"), self.preview_gdpr),
                (_("Anonymiser…"), self.anonymise),
            )
        )
        return page

    def _build_messages(self) -> QWidget:
        """The e-mails sent (or waiting) to this member: the proof of what was sent and when."""
        page = QWidget()
        layout = QVBoxLayout(page)
        view = QTableView()
        view.setModel(self.messages)
        view.setSelectionBehavior(QTableView.SelectRows)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        view.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        view.verticalHeader().hide()
        layout.addWidget(view, 1)
        return page

    # ----- values
    @property
    def kind(self) -> MemberKind:
        return MemberKind.STRUCTURE if self.structure_radio.isChecked() else MemberKind.PERSON

    def _kind_changed(self) -> None:
        structure = self.kind is MemberKind.STRUCTURE
        for name in PERSON_ONLY:
            for widget in self.rows[name]:
                widget.setVisible(not structure)
        for name in STRUCTURE_ONLY:
            for widget in self.rows[name]:
                widget.setVisible(structure)
        self.rows["nom"][0].setText(_("Raison sociale :") if structure else FIELD_LABELS["nom"] + " :")
        if structure:
            self._fill_representatives()
        self.validate()

    def _fill_representatives(self) -> None:
        """The persons of the register, offered as the structure's représentant (filled once, when needed)."""
        combo: QComboBox = self.widgets["representant_id"]
        if combo.count() > 1:
            return
        for row in list_rows(self.database, self.year):
            if row.kind is MemberKind.PERSON and row.id != self.member_id:
                combo.addItem(
                    " ".join(p for p in (row.nom, row.prenom) if p)
                    + (f" – {row.profession}" if row.profession else ""),
                    row.id,
                )

    def field(self, name: str) -> QWidget:
        return self.widgets[name]

    def current_data(self) -> tuple[MemberData, dict[str, str]]:
        """The form's values, and the errors of fields that cannot even be read (dates)."""
        values: dict[str, object] = {}
        errors: dict[str, str] = {}
        for name in TEXT_FIELDS:
            values[name] = self.widgets[name].text()
        for name in DATE_FIELDS:
            text = self.widgets[name].text().strip()
            values[name] = None
            if text:
                try:
                    values[name] = clean_date(text, FIELD_LABELS[name])
                except ValidationError as error:
                    errors[name] = error.message
        for name in COMBO_FIELDS:
            kind = ENUM_FIELDS.get(name)
            values[name] = enum_data(self.widgets[name], kind) if kind else self.widgets[name].currentData()
        values["titre"] = self.widgets["titre"].currentText()
        values["notes"] = self.widgets["notes"].toPlainText()
        kind = self.kind
        hidden = STRUCTURE_ONLY if kind is MemberKind.PERSON else PERSON_ONLY
        for name in hidden:
            values[name] = None
        return MemberData(kind=kind, **values), errors  # type: ignore[arg-type]

    def touch(self, name: str) -> None:
        """The user left ``name``: from now on its message shows, and follows what is typed."""
        self.touched.add(name)
        self.validate()

    def errors(self) -> dict[str, str]:
        data, errors = self.current_data()
        try:
            clean_member(data)
        except InvalidMember as invalid:
            errors = {**invalid.by_field(), **errors}
        return errors

    def validate(self) -> bool:
        """Show the messages of the fields the user has left; True when the whole form is valid."""
        if not hasattr(self, "save_button"):
            return False
        errors = self.errors()
        for name, label in self.error_labels.items():
            message = errors.get(name, "")
            label.setText(message)
            label.setVisible(bool(message) and name in self.touched)
        return not errors

    def show_all_errors(self) -> bool:
        """On « Enregistrer »: every message shows, and the first wrong field gets the keyboard."""
        self.touched.update(self.error_labels)
        if self.validate():
            return True
        wrong = next(name for name in self.error_labels if self.error_labels[name].text())
        self.tabs.setCurrentWidget(self.form_scroll)
        self.form_scroll.ensureWidgetVisible(self.rows[wrong][1])
        self.widgets[wrong].setFocus()
        return False

    @property
    def dirty(self) -> bool:
        return self.current_data() != self.saved_state

    def _load(self) -> None:
        record = get_member(self.database, self.member_id)
        self.version = record.version
        data = record.data
        self.setWindowTitle(_("Fiche adhérent – {name}").format(name=data.display_name))
        (self.structure_radio if data.kind is MemberKind.STRUCTURE else self.person_radio).setChecked(True)
        for name in TEXT_FIELDS:
            self.widgets[name].setText(getattr(data, name) or "")
        for name in DATE_FIELDS:
            value = getattr(data, name)
            self.widgets[name].setText(format_date_short(value) if value else "")
        for name in COMBO_FIELDS:
            combo: QComboBox = self.widgets[name]
            index = combo.findData(getattr(data, name))
            combo.setCurrentIndex(max(index, 0))
        self.widgets["titre"].setEditText(data.titre or "")
        self.widgets["notes"].setPlainText(data.notes or "")
        self.refresh_payments()
        self.refresh_messages()

    def refresh_payments(self) -> None:
        if self.member_id is not None:
            self.payments.set_rows(member_payments(self.database, self.member_id))

    def refresh_messages(self) -> None:
        if self.member_id is not None:
            self.messages.set_rows(proof.member_messages(self.database, self.member_id))

    # ----- saving and closing
    def save(self) -> bool:
        if not self.show_all_errors():
            return False
        data, _errors = self.current_data()
        try:
            if self.member_id is None:
                self.member_id = create_member(self.database, data)
                self.version = 1
                self.history_tab.setEnabled(True)
            else:
                self.version = update_member(self.database, self.member_id, self.version or 0, data)
        except StaleRecord as error:
            answer = QMessageBox.question(
                self, _("Fiche modifiée entre-temps"), error.message + "\n\n" + _("Recharger la fiche ?")
            )
            if answer == QMessageBox.Yes:
                self._load()
                self.saved_state = self.current_data()
            return False
        except CptsError as error:
            show_error(self, error.message, _("Enregistrement impossible"))
            return False
        self.saved_state = self.current_data()
        self.saved.emit(self.member_id)
        self.setWindowTitle(_("Fiche adhérent – {name}").format(name=data.display_name))
        return True

    def reject(self) -> None:
        if self.dirty:
            answer = QMessageBox.question(
                self,
                _("Modifications non enregistrées"),
                _("La fiche a été modifiée. Enregistrer les modifications ?"),
                QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel,
                QMessageBox.Save,
            )
            if answer == QMessageBox.Cancel or (answer == QMessageBox.Save and not self.save()):
                return
        super().reject()

    # ----- cotisations
    def selected_payment(self) -> PaymentLine | None:
        rows = self.payments_view.selectionModel().selectedRows()
        return self.payments.row(rows[0].row()) if rows else None

    def new_payment(self) -> PaymentDialog | None:
        if self.member_id is None:
            return None
        dialog = PaymentDialog(self.database, self.member_id, self)
        dialog.saved.connect(lambda line: self._payments_changed(line.id))
        dialog.open()
        return dialog

    def _payments_changed(self, selected_id: int | None = None) -> None:
        """Re-read the history; the payment just recorded is selected, ready for its receipt."""
        self.refresh_payments()
        for row, line in enumerate(self.payments.rows):
            if line.id == selected_id:
                self.payments_view.selectRow(row)
                self.payments_view.scrollTo(self.payments.index(row, 0))
        if self.member_id is not None:
            self.saved.emit(self.member_id)

    def cancel_selected_payment(self) -> None:
        line = self.selected_payment()
        if line is None or line.annule_id or line.annulee:
            show_error(self, _("Choisissez dans la liste un paiement qui n’est pas déjà annulé."))
            return
        question = _(
            "Annuler le paiement {number} de {amount} ? Une écriture inverse sera enregistrée ; le reçu reste numéroté."
        )
        if (
            QMessageBox.question(
                self,
                _("Annuler un paiement"),
                question.format(number=line.numero_recu, amount=format_money(line.montant)),
            )
            != QMessageBox.Yes
        ):
            return
        try:
            cancel_payment(self.database, line.id, date.today())
        except CptsError as error:
            show_error(self, error.message)
            return
        self._payments_changed()

    def preview_receipt(self) -> None:
        from cpts_desktop.pdf.membership import receipt_pdf

        line = self.selected_payment()
        if line is None or not line.numero_recu:
            show_error(self, _("Choisissez dans la liste le paiement dont vous voulez le reçu."))
            return
        preview_document(
            self, f"recu-{line.numero_recu}.pdf", lambda p: receipt_pdf(documents.receipt(self.database, line.id), p)
        )

    def preview_attestation(self) -> None:
        from cpts_desktop.pdf.membership import attestation_pdf

        if self.member_id is not None:
            member_id = self.member_id
            preview_document(
                self,
                f"attestation-{member_id}.pdf",
                lambda p: attestation_pdf(documents.attestation(self.database, member_id, self.year), p),
            )

    def email_receipt(self) -> QWidget | None:
        from cpts_desktop.ui.mail import recipes

        line = self.selected_payment()
        if line is None or not line.numero_recu:
            show_error(self, _("Choisissez dans la liste le paiement dont vous voulez envoyer le reçu."))
            return None
        return self._email(recipes.receipt(self.database, line.id))

    def email_attestation(self) -> QWidget | None:
        from cpts_desktop.ui.mail import recipes

        if self.member_id is None:
            return None
        return self._email(recipes.attestation(self.database, self.member_id, self.year))

    def _email(self, recipe: object) -> QWidget:
        """The send dialog; once the outbox has sent, the « Messages » tab shows it."""
        from cpts_desktop.ui.mail.send_dialog import open_send_dialog

        dialog = open_send_dialog(self, self.database, recipe)  # type: ignore[arg-type]
        dialog.queued.connect(lambda window: window.sent.connect(self.refresh_messages, Qt.UniqueConnection))
        return dialog

    def preview_form(self) -> None:
        from cpts_desktop.pdf.membership import membership_form_pdf

        if self.member_id is not None:
            member_id = self.member_id
            preview_document(
                self,
                f"bulletin-{member_id}.pdf",
                lambda p: membership_form_pdf(documents.membership_form(self.database, self.year, member_id), p),
            )

    def preview_gdpr(self) -> None:
        """Everything held about the member, for their right of access (the JSON is in ``cpts members gdpr-export``)."""
        from cpts_desktop.pdf.gdpr import member_file_pdf

        if self.member_id is not None:
            member_id, database = self.member_id, self.database
            preview_document(
                self,
                f"donnees-adherent-{member_id}.pdf",
                lambda p: member_file_pdf(letterhead(database), member_file(database, member_id), p),
            )

    def anonymise(self) -> bool:
        if self.member_id is None:
            return False
        question = _(
            "Effacer définitivement l’identité de cet adhérent (nom, coordonnées, identifiants) ? "
            "Ses paiements, reçus et votes sont conservés sous « Anonyme »."
        )
        if QMessageBox.question(self, _("Anonymiser"), question) != QMessageBox.Yes:
            return False
        try:
            anonymise(self.database, self.member_id)
        except CptsError as error:
            show_error(self, error.message)
            return False
        self._load()
        self.saved_state = self.current_data()
        self.saved.emit(self.member_id)
        return True
