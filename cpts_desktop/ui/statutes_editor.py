"""Editing a draft of the statutes (articles and governance parameters), and comparing two versions."""

from __future__ import annotations

from fractions import Fraction
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.enums import Majority
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.grammar import number_form
from cpts_desktop.domain.statutes import (
    MONTHS,
    Article,
    ArticleChange,
    GovernanceParameters,
    check_exercice_start,
    fraction_words,
    placeholders,
    render,
)
from cpts_desktop.i18n import _, plural
from cpts_desktop.services import statutes
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.combo import enum_data
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.signals import on

# Three label + field pairs a row: four made the dialog wider than a 1366-px screen.
PARAMETER_COLUMNS = 3
QUORUMS = [Fraction(0), Fraction(1, 4), Fraction(1, 3), Fraction(1, 2), Fraction(2, 3)]


class StatutesEditor(QDialog):
    """Edits one draft; « Enregistrer » saves articles and parameters together. The « Aperçu » tab shows
    the article as it will print, filled with the rules being typed."""

    saved = Signal()

    def __init__(self, database: Database, version_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.version_id = version_id
        detail = statutes.get_version(database, version_id)
        self.kind = detail.summary.kind
        self.identity = statutes.identity_values(database)
        self.version = detail.version
        self.articles: list[Article] = list(detail.articles)
        self.current = -1
        self.setWindowTitle(_("{label} – modification du projet").format(label=detail.summary.kind.label))
        self.resize(1000, 680)

        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._select)
        buttons = QHBoxLayout()
        for text, slot in (
            (_("Ajouter"), self.add_article),
            (_("Supprimer"), self.remove_article),
            (_("Monter"), lambda: self.move(-1)),
            (_("Descendre"), lambda: self.move(1)),
        ):
            button = QPushButton(text)
            on(button.clicked, slot)
            buttons.addWidget(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.list, 1)
        left_layout.addLayout(buttons)

        self.numero = QLineEdit()
        self.titre = QLineEdit()
        self.texte = QPlainTextEdit()
        self.preview = QTextBrowser()
        self.text_tabs = QTabWidget()
        self.text_tabs.addTab(self.texte, _("Texte"))
        self.text_tabs.addTab(self.preview, _("Aperçu"))
        self.text_tabs.currentChanged.connect(self.update_preview)
        hint = QLabel(
            _(
                "Paragraphes séparés par une ligne vide. Les champs entre accolades, comme {pouvoirs_max}, "
                "sont remplacés par les règles ci-dessous et l’identité de l’association (onglet « Aperçu »)."
            )
        )
        hint.setWordWrap(True)
        fields = ", ".join("{" + name + "}" for name in sorted(placeholders(detail.parameters, self.identity)))
        hint.setToolTip(_("Champs disponibles : {fields}.").format(fields=fields))
        self.upgrade_note = QLabel()
        self.upgrade_note.setWordWrap(True)
        self.upgrade_note.hide()
        right = QWidget()
        form = QFormLayout(right)
        form.addRow(_("Numéro :"), self.numero)
        form.addRow(_("Titre :"), self.titre)
        form.addRow(self.text_tabs)
        form.addRow(hint)
        form.addRow(self.upgrade_note)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([300, 700])

        self.parameters_box = self._parameters(detail.parameters)
        box = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        box.button(QDialogButtonBox.Save).setText(_("Enregistrer le projet"))
        box.button(QDialogButtonBox.Cancel).setText(_("Annuler"))
        upgrade = box.addButton(_("Reprendre le modèle à jour"), QDialogButtonBox.ActionRole)
        upgrade.setToolTip(
            _(
                "Remplace les articles restés tels que l’ancien modèle les écrivait et ajoute les nouveaux ; "
                "les articles que vous avez réécrits sont gardés."
            )
        )
        on(upgrade.clicked, self.upgrade_from_template)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.parameters_box)
        layout.addWidget(box)
        self._refresh_list(0)

    # ----- parameters
    def _parameters(self, parameters: GovernanceParameters) -> QGroupBox:
        box = QGroupBox(_("Règles de fonctionnement"))
        form = QFormLayout(box)
        self.delay_ag = self._spin(1, 90, parameters.delai_convocation_ag_jours)
        self.delay_ca = self._spin(1, 90, parameters.delai_convocation_ca_jours)
        self.proxies = self._spin(0, 20, parameters.pouvoirs_max)
        self.mandate = self._spin(1, 9, parameters.duree_mandat_ans)
        self.quorum_ago = self._quorum(parameters.quorum_ago)
        self.quorum_age = self._quorum(parameters.quorum_age)
        self.majority_ago = self._majority(parameters.majorite_ago)
        self.majority_age = self._majority(parameters.majorite_age)
        self.quorum_ca = self._quorum(parameters.quorum_ca, _(" des administrateurs"))
        self.up_to_date = QCheckBox(_("Seuls les membres à jour de cotisation votent"))
        self.up_to_date.setChecked(parameters.vote_a_jour_requis)
        self.second_ago = QCheckBox(_("AGO : seconde convocation sans quorum"))
        self.second_ago.setChecked(parameters.seconde_convocation_ago)
        self.second_age = QCheckBox(_("AGE : seconde convocation sans quorum"))
        self.second_age.setChecked(parameters.seconde_convocation_age)
        self.exercice_day = self._spin(1, 31, parameters.exercice_debut_jour)
        self.exercice_month = QComboBox()
        for number, month in enumerate(MONTHS, start=1):
            self.exercice_month.addItem(month, number)
        self.exercice_month.setCurrentIndex(parameters.exercice_debut_mois - 1)
        exercice = QHBoxLayout()
        exercice.addWidget(QLabel(_("le")))
        exercice.addWidget(self.exercice_day)
        exercice.addWidget(self.exercice_month, 1)
        grid = QGridLayout()
        fields = (
            (_("Convocation AG (jours)"), self.delay_ag),
            (_("Convocation CA (jours)"), self.delay_ca),
            (_("Pouvoirs par membre"), self.proxies),
            (_("Mandat (ans)"), self.mandate),
            (_("Quorum AGO"), self.quorum_ago),
            (_("Majorité AGO"), self.majority_ago),
            (_("Quorum AGE"), self.quorum_age),
            (_("Majorité AGE"), self.majority_age),
            (_("Quorum CA"), self.quorum_ca),
            (_("Début de l’exercice"), exercice),
        )
        for index, (label, field) in enumerate(fields):
            row, column = divmod(index, PARAMETER_COLUMNS)
            grid.addWidget(QLabel(label), row, 2 * column)
            if isinstance(field, QHBoxLayout):
                grid.addLayout(field, row, 2 * column + 1)
            else:
                grid.addWidget(field, row, 2 * column + 1)
        for column in range(PARAMETER_COLUMNS):
            grid.setColumnStretch(2 * column + 1, 1)
        checks = QHBoxLayout()
        for check in (self.second_ago, self.second_age, self.up_to_date):
            checks.addWidget(check)
            on(check.toggled, self.update_preview)
        checks.addStretch(1)
        form.addRow(grid)
        form.addRow(checks)
        for spin in (self.delay_ag, self.delay_ca, self.proxies, self.mandate, self.exercice_day):
            spin.valueChanged.connect(self.update_preview)
        for combo in (
            self.quorum_ago,
            self.quorum_age,
            self.quorum_ca,
            self.majority_ago,
            self.majority_age,
            self.exercice_month,
        ):
            combo.currentIndexChanged.connect(self.update_preview)
        for combo in (self.quorum_ago, self.quorum_age):
            combo.currentIndexChanged.connect(self._second_calls)
        self._second_calls()
        return box

    def _second_calls(self) -> None:
        """A second convocation only means something for an assembly that has a quorum to miss."""
        self.second_ago.setEnabled(Fraction(self.quorum_ago.currentData()) > 0)
        self.second_age.setEnabled(Fraction(self.quorum_age.currentData()) > 0)

    @staticmethod
    def _spin(low: int, high: int, value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setValue(value)
        return spin

    @staticmethod
    def _quorum(value: Fraction, whom: str = _(" des membres")) -> QComboBox:
        combo = QComboBox()
        for fraction in sorted(set(QUORUMS) | {value}):
            # Qt cannot carry a Fraction: the combo holds its text (« 1/4 »).
            combo.addItem(_("aucun") if fraction == 0 else fraction_words(fraction) + whom, str(fraction))
        combo.setCurrentIndex(combo.findData(str(value)))
        return combo

    @staticmethod
    def _majority(value: Majority) -> QComboBox:
        combo = QComboBox()
        for majority in Majority:
            combo.addItem(majority.label, majority)
        combo.setCurrentIndex(combo.findData(value))
        return combo

    def parameters(self) -> GovernanceParameters:
        return GovernanceParameters(
            delai_convocation_ag_jours=self.delay_ag.value(),
            delai_convocation_ca_jours=self.delay_ca.value(),
            quorum_ago=Fraction(self.quorum_ago.currentData()),
            quorum_age=Fraction(self.quorum_age.currentData()),
            majorite_ago=enum_data(self.majority_ago, Majority),
            majorite_age=enum_data(self.majority_age, Majority),
            pouvoirs_max=self.proxies.value(),
            duree_mandat_ans=self.mandate.value(),
            vote_a_jour_requis=self.up_to_date.isChecked(),
            quorum_ca=Fraction(self.quorum_ca.currentData()),
            seconde_convocation_ago=self.second_ago.isChecked(),
            seconde_convocation_age=self.second_age.isChecked(),
            exercice_debut_jour=self.exercice_day.value(),
            exercice_debut_mois=self.exercice_month.currentData(),
        )

    def update_preview(self) -> None:
        """The current article as it will print; a day that does not exist every year is said instead."""
        if self.text_tabs.currentWidget() is not self.preview:
            return
        try:
            check_exercice_start(self.exercice_day.value(), self.exercice_month.currentData())
        except CptsError as error:
            self.preview.setPlainText(error.message)
            return
        text = render(self.texte.toPlainText(), placeholders(self.parameters(), self.identity))
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n") if p.strip())
        title = escape(self._label(Article(self.numero.text(), self.titre.text(), "")))
        self.preview.setHtml(f"<h3>{title}</h3>{paragraphs}")

    # ----- articles
    def _store_current(self) -> None:
        if 0 <= self.current < len(self.articles):
            self.articles[self.current] = Article(self.numero.text(), self.titre.text(), self.texte.toPlainText())
            item = self.list.item(self.current)
            if item is not None:
                item.setText(self._label(self.articles[self.current]))

    @staticmethod
    def _label(article: Article) -> str:
        return _("Article {numero} – {titre}").format(numero=article.numero, titre=article.titre)

    def _refresh_list(self, select: int) -> None:
        self.current = -1
        self.list.blockSignals(True)
        self.list.clear()
        for article in self.articles:
            self.list.addItem(self._label(article))
        self.list.blockSignals(False)
        if self.articles:
            self.list.setCurrentRow(max(0, min(select, len(self.articles) - 1)))

    def _select(self, row: int) -> None:
        self._store_current()
        self.current = row
        article = self.articles[row] if 0 <= row < len(self.articles) else Article("", "", "")
        self.numero.setText(article.numero)
        self.titre.setText(article.titre)
        self.texte.setPlainText(article.texte)
        self.update_preview()

    def edit_article(self, row: int, titre: str | None = None, texte: str | None = None) -> None:
        """Change an article as the user would in the fields (used by the tests too)."""
        self.list.setCurrentRow(row)
        if titre is not None:
            self.titre.setText(titre)
        if texte is not None:
            self.texte.setPlainText(texte)
        self._store_current()

    def add_article(self) -> None:
        self._store_current()
        self.articles.insert(self.current + 1, Article(str(len(self.articles) + 1), _("Nouvel article"), ""))
        self._refresh_list(self.current + 1)

    def remove_article(self) -> None:
        if 0 <= self.current < len(self.articles):
            index = self.current
            del self.articles[index]
            self._refresh_list(index)

    def move(self, step: int) -> None:
        self._store_current()
        index, target = self.current, self.current + step
        if 0 <= index < len(self.articles) and 0 <= target < len(self.articles):
            self.articles[index], self.articles[target] = self.articles[target], self.articles[index]
            self._refresh_list(target)

    def upgrade_from_template(self) -> None:
        """Brings the draft to the current template; what the association rewrote stays and is named."""
        self._store_current()
        upgrade = statutes.upgrade_from_template(self.kind, self.articles)
        before = {(a.titre, a.texte) for a in self.articles}
        changed = sum(1 for a in upgrade.articles if (a.titre, a.texte) not in before)
        self.articles = upgrade.articles
        self._refresh_list(max(self.current, 0))
        note = plural(
            changed,
            _("Modèle à jour repris : {count} article ajouté ou remplacé."),
            _("Modèle à jour repris : {count} articles ajoutés ou remplacés."),
        )
        if upgrade.kept:
            kept = number_form(
                len(upgrade.kept),
                _("Article gardé tel que vous l’aviez écrit, à relire : {titles}."),
                _("Articles gardés tels que vous les aviez écrits, à relire : {titles}."),
            )
            note += " " + kept.format(titles=", ".join(f"« {title} »" for title in upgrade.kept))
        self.upgrade_note.setText(note + " " + _("Enregistrez le projet pour le conserver."))
        self.upgrade_note.show()

    def save(self) -> bool:
        self._store_current()
        try:
            self.version = statutes.save_draft(
                self.database, self.version_id, self.version, self.articles, self.parameters()
            )
        except CptsError as error:
            show_error(self, error.message, _("Enregistrement impossible"))
            return False
        self.saved.emit()
        self.accept()
        return True


KIND_LABELS = {"ajouté": "Article ajouté", "supprimé": "Article supprimé", "modifié": "Article modifié"}


def comparison_html(changes: list[ArticleChange]) -> str:
    """The changed articles, deleted words struck through in red, added words underlined in green."""
    parts = []
    for change in changes:
        if change.kind == "inchangé":
            continue
        article = change.new or change.old
        parts.append(
            f"<h3>{escape(KIND_LABELS[change.kind])} : article {escape(article.numero)} – "
            f"{escape(article.titre)}</h3><p>"
        )
        for op, text in change.segments:
            html = escape(text).replace("\n\n", "</p><p>").replace("\n", "<br>")
            if op == "+":
                parts.append(
                    f'<span style="background:#dff3df; color:#145214; text-decoration: underline;">{html}</span> '
                )
            elif op == "-":
                parts.append(
                    f'<span style="background:#f8dada; color:#8a1010; text-decoration: line-through;">{html}</span> '
                )
            else:
                parts.append(html + " ")
        parts.append("</p>")
    return "".join(parts) or "<p>" + escape(_("Aucune différence entre les deux versions.")) + "</p>"


class ComparisonDialog(QDialog):
    def __init__(self, title: str, changes: list[ArticleChange], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(860, 680)
        self.changes = changes
        self.browser = QTextBrowser()
        self.browser.setHtml(comparison_html(changes))
        summary = {kind: sum(1 for c in changes if c.kind == kind) for kind in KIND_LABELS}
        label = QLabel(
            ", ".join(
                (
                    plural(summary["modifié"], _("{count} article modifié"), _("{count} articles modifiés")),
                    plural(summary["ajouté"], _("{count} ajouté"), _("{count} ajoutés")),
                    plural(summary["supprimé"], _("{count} supprimé"), _("{count} supprimés")),
                )
            )
            + "."
        )
        box = QDialogButtonBox(QDialogButtonBox.Close)
        box.button(QDialogButtonBox.Close).setText(_("Fermer"))
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.browser, 1)
        layout.addWidget(box)
