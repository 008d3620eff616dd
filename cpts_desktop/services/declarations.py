"""Déclarations en préfecture: opened by the decisions that change the directors, the statutes, the
title, the objet or the siège, due three months later, closed by the filing, proven by the récépissé.

The decisions call the ``…_in`` functions inside their own transaction, so that a decision is never
recorded without its declaration. Changes of one CERFA decided the same day are one declaration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, undefer

from cpts_desktop.domain.declarations import (
    ChangeSubject,
    DeclarationForm,
    DeclarationStatus,
    deadline,
    status_of,
)
from cpts_desktop.domain.enums import StatutesStatus
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.statutes import Article
from cpts_desktop.i18n import format_date
from cpts_desktop.services.association import Letterhead, Signatory, letterhead_of, signatory
from cpts_desktop.services.board import MandateRow, board_gaps, board_in
from cpts_desktop.services.declaration_alerts import reminder_text_of, subjects_text
from cpts_desktop.services.errors import NotFound, StaleRecord
from cpts_desktop.services.failures import EnvironmentProblem, file_reason
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import (
    DeclarationChange,
    Meeting,
    PrefectureDeclaration,
    StatutesVersion,
)

if TYPE_CHECKING:
    from cpts_desktop.services.statutes import VersionSummary  # statutes opens declarations: not at run time

SCAN_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
SCAN_MAX_BYTES = 20 * 1024 * 1024
IDENTITY_SUBJECTS = {"nom": ChangeSubject.TITLE, "objet": ChangeSubject.PURPOSE, "siege": ChangeSubject.SEAT}
IDENTITY_LABELS = {
    ChangeSubject.TITLE: "Nouveau titre",
    ChangeSubject.PURPOSE: "Nouvel objet",
    ChangeSubject.SEAT: "Transfert du siège social",
}


@dataclass(frozen=True)
class ChangeLine:
    objet: ChangeSubject
    libelle: str
    ancien: str = ""
    nouveau: str = ""
    statutes_version_id: int | None = None


@dataclass(frozen=True)
class DeclarationRow:
    id: int
    formulaire: DeclarationForm
    date_decision: date
    instance: str
    date_limite: date
    date_depot: date | None
    recepisse_numero: str
    recepisse_date: date | None
    recepisse_nom_fichier: str
    changes: tuple[ChangeLine, ...]
    version: int

    @property
    def status(self) -> DeclarationStatus:
        return status_of(self.date_depot, self.recepisse_date)

    @property
    def subjects(self) -> str:
        """« Dirigeants », « Titre, Siège social »: what the declaration is about, in a few words."""
        return subjects_text(c.objet for c in self.changes)

    @property
    def decision(self) -> str:
        """« Assemblée générale ordinaire du 20 mars 2027 », or the bare date of a decision without meeting."""
        return self.instance or f"Décision du {format_date(self.date_decision)}"

    def days_left(self, today: date) -> int:
        return (self.date_limite - today).days

    def late(self, today: date) -> bool:
        return self.status is DeclarationStatus.TO_FILE and today > self.date_limite


@dataclass(frozen=True)
class Papers:
    """What a secretary takes to the préfecture (or uploads on the e-modification service)."""

    declaration: DeclarationRow
    head: Letterhead
    president: Signatory
    secretary: Signatory
    board: list[MandateRow]
    statutes: tuple[VersionSummary, list[Article]] | None
    articles_changed: tuple[str, ...] = ()

    @property
    def gaps(self) -> list[str]:
        """What the préfecture would find missing on the liste des dirigeants, to complete before filing."""
        return board_gaps(self.board)


# ---- opening, inside the decision's transaction ---------------------------------------------------


def _meeting_label(session: Session, meeting_id: int | None) -> str | None:
    meeting = session.get(Meeting, meeting_id) if meeting_id else None
    if meeting is None:
        return None
    return f"{meeting.type.label} du {format_date(meeting.date_heure.date())}"


def _open_for(
    session: Session, form: DeclarationForm, decided_on: date, meeting_id: int | None
) -> PrefectureDeclaration:
    """The declaration of that CERFA decided that day and not yet filed, else a new one."""
    found = session.scalars(
        select(PrefectureDeclaration)
        .where(
            PrefectureDeclaration.formulaire == form,
            PrefectureDeclaration.date_decision == decided_on,
            PrefectureDeclaration.date_depot.is_(None),
        )
        .order_by(PrefectureDeclaration.id)
    ).first()
    if found is None:
        found = PrefectureDeclaration(
            formulaire=form, date_decision=decided_on, date_limite=deadline(decided_on), meeting_id=meeting_id
        )
        session.add(found)
    if found.meeting_id is None and meeting_id is not None:
        found.meeting_id = meeting_id
    found.instance = found.instance or _meeting_label(session, found.meeting_id)
    session.flush()
    return found


def _lines(session: Session, declaration_id: int) -> list[DeclarationChange]:
    return list(
        session.scalars(
            select(DeclarationChange)
            .where(DeclarationChange.declaration_id == declaration_id)
            .order_by(DeclarationChange.ordre, DeclarationChange.id)
        )
    )


def _add_line(session: Session, declaration: PrefectureDeclaration, line: ChangeLine) -> None:
    order = session.scalar(
        select(func.coalesce(func.max(DeclarationChange.ordre), 0)).where(
            DeclarationChange.declaration_id == declaration.id
        )
    )
    session.add(
        DeclarationChange(
            declaration_id=declaration.id,
            ordre=(order or 0) + 1,
            objet=line.objet,
            libelle=line.libelle,
            ancien=line.ancien or None,
            nouveau=line.nouveau or None,
            statutes_version_id=line.statutes_version_id,
        )
    )
    session.flush()


def _drop_if_empty(session: Session, declaration: PrefectureDeclaration) -> None:
    session.flush()
    if not _lines(session, declaration.id):
        session.delete(declaration)
        session.flush()


def _member_line(mandate: MandateRow, verb: str) -> str:
    return f"{verb} : {mandate.name}, {mandate.function.lower()}"


def board_changed_in(session: Session, first_day: date, decided_on: date, meeting_id: int | None = None) -> int | None:
    """The directors in office on ``first_day`` compared with the day before: who joins, who leaves, who
    changes function. Re-read whole at each call, so that the bureau entered mandate by mandate makes one
    declaration; none when the liste des dirigeants stays the same (a board re-elected as it was)."""
    before = {(m.member_id, m.role): m for m in board_in(session, first_day - timedelta(days=1))}
    after = {(m.member_id, m.role): m for m in board_in(session, first_day)}
    entries = [_member_line(m, "Entrée") for key, m in after.items() if key not in before]
    exits = [_member_line(m, "Départ") for key, m in before.items() if key not in after]
    declaration = _open_for(session, DeclarationForm.DIRECTORS, decided_on, meeting_id)
    session.execute(
        delete(DeclarationChange).where(
            DeclarationChange.declaration_id == declaration.id, DeclarationChange.objet == ChangeSubject.DIRECTORS
        )
    )
    for text in entries + exits:
        _add_line(session, declaration, ChangeLine(ChangeSubject.DIRECTORS, text))
    _drop_if_empty(session, declaration)
    return declaration.id if entries or exits else None


def statutes_adopted_in(session: Session, version: StatutesVersion, meeting_id: int | None) -> int:
    """New statutes are declared with their certified copy (CERFA 13972)."""
    assert version.date_adoption is not None
    declaration = _open_for(session, DeclarationForm.MODIFICATION, version.date_adoption, meeting_id)
    declaration.instance = (
        declaration.instance or f"Assemblée générale extraordinaire du {format_date(version.date_adoption)}"
    )
    lines = _lines(session, declaration.id)
    if not any(line.statutes_version_id == version.id for line in lines):
        label = f"Nouveaux statuts (version {version.numero})"
        _add_line(session, declaration, ChangeLine(ChangeSubject.STATUTES, label, statutes_version_id=version.id))
    return declaration.id


def identity_changed_in(session: Session, before: dict[str, str], after: dict[str, str], on: date) -> int | None:
    """A new title, objet or siège (keys ``nom``, ``objet``, ``siege``): a CERFA 13972 line each, the
    former text kept from the first change of the day. A field filled for the first time is no change."""
    changed = {
        key: (before[key], after[key])
        for key in IDENTITY_SUBJECTS
        if before.get(key) and after.get(key, before[key]) != before[key]
    }
    if not changed:
        return None
    declaration = _open_for(session, DeclarationForm.MODIFICATION, on, None)
    lines = {line.objet: line for line in _lines(session, declaration.id)}
    for key, (former, new) in changed.items():
        subject = IDENTITY_SUBJECTS[key]
        line = lines.get(subject)
        if line is None:
            _add_line(session, declaration, ChangeLine(subject, IDENTITY_LABELS[subject], former, new))
        elif line.ancien == new:  # back to what it was: nothing to declare
            session.delete(line)
        else:
            line.nouveau = new
    _drop_if_empty(session, declaration)
    return declaration.id if session.get(PrefectureDeclaration, declaration.id) else None


def record_change(
    database: Database, subject: ChangeSubject, decided_on: date, ancien: str = "", nouveau: str = ""
) -> int:
    """A change the application does not see decided (adresse de gestion, dissolution, an objet voted
    by an AGE…), entered by hand; it joins the open declaration of its CERFA decided that day."""
    ancien, nouveau = ancien.strip(), nouveau.strip()
    if subject is ChangeSubject.DIRECTORS:
        raise CptsError(
            "Un changement de dirigeants s’enregistre par les mandats (Statuts & conseil › Conseil et bureau) : "
            "la déclaration s’ouvre d’elle-même."
        )
    if decided_on > date.today():
        raise ValidationError("date_decision", f"Date de la décision : le {format_date(decided_on)} est dans le futur.")
    if subject not in (ChangeSubject.DISSOLUTION, ChangeSubject.STATUTES) and not nouveau:
        raise ValidationError("nouveau", f"{subject.label} : la nouvelle rédaction est obligatoire.")
    with database.sessions.begin() as session:
        declaration = _open_for(session, subject.form, decided_on, None)
        _add_line(session, declaration, ChangeLine(subject, subject.label, ancien, nouveau))
        return declaration.id


# ---- reading -------------------------------------------------------------------------------------


def _row(session: Session, declaration: PrefectureDeclaration) -> DeclarationRow:
    changes = tuple(
        ChangeLine(c.objet, c.libelle, c.ancien or "", c.nouveau or "", c.statutes_version_id)
        for c in _lines(session, declaration.id)
    )
    return DeclarationRow(
        declaration.id,
        declaration.formulaire,
        declaration.date_decision,
        declaration.instance or "",
        declaration.date_limite,
        declaration.date_depot,
        declaration.recepisse_numero or "",
        declaration.recepisse_date,
        declaration.recepisse_nom_fichier or "",
        changes,
        declaration.version,
    )


def list_declarations(database: Database) -> list[DeclarationRow]:
    """Every declaration, the latest decision first."""
    with database.snapshot() as session:
        query = select(PrefectureDeclaration).order_by(
            PrefectureDeclaration.date_decision.desc(), PrefectureDeclaration.id.desc()
        )
        return [_row(session, d) for d in session.scalars(query)]


def _get(session: Session, declaration_id: int) -> PrefectureDeclaration:
    declaration = session.get(PrefectureDeclaration, declaration_id)
    if declaration is None:
        raise NotFound(f"La déclaration n° {declaration_id} n’existe pas.")
    return declaration


def get_declaration(database: Database, declaration_id: int) -> DeclarationRow:
    with database.snapshot() as session:
        return _row(session, _get(session, declaration_id))


def reminders(database: Database) -> list[DeclarationRow]:
    """The declarations not filed yet, the nearest deadline first."""
    rows = [d for d in list_declarations(database) if d.status is DeclarationStatus.TO_FILE]
    return sorted(rows, key=lambda d: d.date_limite)


def opened_by(database: Database, meeting_id: int) -> DeclarationRow | None:
    """The declaration a meeting's decisions opened and nobody filed yet (what to tell after an election)."""
    with database.snapshot() as session:
        found = session.scalars(
            select(PrefectureDeclaration).where(
                PrefectureDeclaration.meeting_id == meeting_id, PrefectureDeclaration.date_depot.is_(None)
            )
        ).first()
        return _row(session, found) if found is not None else None


def reminder_text(declaration: DeclarationRow, today: date) -> str:
    """« Déclaration en préfecture (dirigeants) décidée le 20 mars 2027 : à déposer avant le 20 juin 2027
    (12 jours restants). », worded by ``declaration_alerts`` as the dashboard words it."""
    return reminder_text_of(declaration.subjects, declaration.date_decision, declaration.date_limite, today)


def register(database: Database) -> list[DeclarationRow]:
    """The registre spécial's entries: every declaration in the order of the decisions."""
    return sorted(list_declarations(database), key=lambda d: (d.date_decision, d.id))


def papers(database: Database, declaration_id: int, today: date | None = None) -> Papers:
    """Everything the dossier prints, read in one snapshot: the board on the day of the decision for a
    change of directors, the statutes adopted for a change of statutes."""
    from cpts_desktop.domain.enums import BoardRole
    from cpts_desktop.services import statutes

    day = today or date.today()
    with database.snapshot() as session:
        declaration = _row(session, _get(session, declaration_id))
        board = (
            board_in(session, declaration.date_decision) if declaration.formulaire is DeclarationForm.DIRECTORS else []
        )
        version_id = next((c.statutes_version_id for c in declaration.changes if c.statutes_version_id), None)
        president = signatory(session, BoardRole.PRESIDENT, day)
        secretary = signatory(session, BoardRole.SECRETARY, day)
        head = letterhead_of(session)
    if version_id is None:
        return Papers(declaration, head, president, secretary, board, None)
    summary = statutes.get_version(database, version_id).summary
    adopted = (summary, statutes.rendered_articles(database, version_id))
    return Papers(declaration, head, president, secretary, board, adopted, _articles_changed(database, summary))


def _articles_changed(database: Database, version: VersionSummary) -> tuple[str, ...]:
    """« Article 3 – Siège social (modifié) » for each article new statutes change from the previous ones."""
    from cpts_desktop.services import statutes

    previous = [
        v for v in statutes.list_versions(database, version.kind) if v.numero < version.numero and v.date_adoption
    ]
    if not previous:
        return ()
    changes = statutes.compare_versions(database, previous[-1].id, version.id)
    lines = []
    for change in changes:
        article = change.new or change.old
        if article is not None and change.kind != "inchangé":
            lines.append(f"Article {article.numero} – {article.titre} ({change.kind})")
    return tuple(lines)


def scan(database: Database, declaration_id: int) -> tuple[str, bytes]:
    """The récépissé's scanned copy as it was attached: its file name and its bytes."""
    with database.snapshot() as session:
        declaration = session.scalars(
            select(PrefectureDeclaration)
            .options(undefer(PrefectureDeclaration.recepisse_fichier))
            .where(PrefectureDeclaration.id == declaration_id)
        ).first()
        if declaration is None:
            raise NotFound(f"La déclaration n° {declaration_id} n’existe pas.")
        if not declaration.recepisse_fichier:
            raise CptsError("Aucun récépissé numérisé n’est joint à cette déclaration.")
        return declaration.recepisse_nom_fichier or "recepisse.pdf", declaration.recepisse_fichier


def save_scan(database: Database, declaration_id: int, target: Path) -> Path:
    """The scanned récépissé written to ``target`` (a file the user chose), or a French refusal."""
    _name, content = scan(database, declaration_id)
    try:
        target.write_bytes(content)
    except OSError as error:
        raise EnvironmentProblem(f"Impossible d’écrire « {target} » : {file_reason(error)}.") from error
    return target


# ---- filing and récépissé ------------------------------------------------------------------------


def _past_date(on: date, label: str, after: date, after_label: str) -> None:
    if on > date.today():
        raise ValidationError(label, f"{label} : le {format_date(on)} est dans le futur.")
    if on < after:
        raise ValidationError(label, f"{label} : le {format_date(on)} précède {after_label} ({format_date(after)}).")


def _checked(session: Session, declaration_id: int, version: int | None) -> PrefectureDeclaration:
    declaration = _get(session, declaration_id)
    if version is not None and declaration.version != version:
        raise StaleRecord("Cette déclaration a été modifiée entre-temps : rechargez-la.")
    return declaration


def _statutes_declared(session: Session, declaration: PrefectureDeclaration, on: date) -> None:
    """The statutes a filing carries are « déclarés en préfecture » from that day."""
    for line in _lines(session, declaration.id):
        version = session.get(StatutesVersion, line.statutes_version_id) if line.statutes_version_id else None
        if version is not None and version.statut is not StatutesStatus.DRAFT:
            version.statut, version.date_declaration_prefecture = StatutesStatus.DECLARED, on


def set_decision(database: Database, declaration_id: int, on: date, version: int | None = None) -> None:
    """The day the decision was really taken (a new title typed today may have been voted by an AGE
    last month): the deadline follows it. Refused once the declaration is filed."""
    with database.sessions.begin() as session:
        declaration = _checked(session, declaration_id, version)
        if declaration.date_depot is not None:
            raise CptsError("Cette déclaration est déposée : sa date de décision ne change plus.")
        if on > date.today():
            raise ValidationError(
                "Date de la décision", f"Date de la décision : le {format_date(on)} est dans le futur."
            )
        declaration.date_decision, declaration.date_limite = on, deadline(on)


def file_declaration(database: Database, declaration_id: int, on: date, version: int | None = None) -> None:
    """« Déposée le … »: closes the reminder."""
    with database.sessions.begin() as session:
        file_in(session, _checked(session, declaration_id, version), on)


def file_in(session: Session, declaration: PrefectureDeclaration, on: date) -> None:
    _past_date(on, "Date de dépôt", declaration.date_decision, "la décision")
    if declaration.recepisse_date is not None and on > declaration.recepisse_date:
        raise ValidationError("Date de dépôt", "Date de dépôt : postérieure à celle du récépissé.")
    declaration.date_depot = on
    _statutes_declared(session, declaration, on)


def file_statutes_in(session: Session, version_id: int, on: date) -> bool:
    """The declaration of a statutes version filed on ``on``; False when the base has none for it."""
    declaration = session.scalars(
        select(PrefectureDeclaration)
        .join(DeclarationChange, DeclarationChange.declaration_id == PrefectureDeclaration.id)
        .where(DeclarationChange.statutes_version_id == version_id)
    ).first()
    if declaration is None:
        return False
    file_in(session, declaration, on)
    return True


def _read_scan(path: Path) -> bytes:
    if path.suffix.lower() not in SCAN_SUFFIXES:
        raise ValidationError(
            "scan", f"Récépissé numérisé : « {path.name} » n’est ni un PDF ni une image (PNG, JPEG, TIFF)."
        )
    try:
        size = path.stat().st_size
        if size > SCAN_MAX_BYTES:
            raise ValidationError(
                "scan", f"Récépissé numérisé : « {path.name} » dépasse 20 Mo ; numérisez-le en plus basse résolution."
            )
        return path.read_bytes()
    except FileNotFoundError as error:
        raise ValidationError("scan", f"Récépissé numérisé : le fichier « {path} » n’existe pas.") from error
    except OSError as error:
        raise ValidationError(
            "scan", f"Récépissé numérisé : « {path} » ne peut pas être lu ({error.strerror})."
        ) from error


def record_receipt(
    database: Database,
    declaration_id: int,
    numero: str,
    on: date,
    scan_path: Path | None = None,
    version: int | None = None,
) -> None:
    """The préfecture's récépissé (number, date, scanned copy): it proves the declaration. A declaration
    not yet marked as filed is filed that day."""
    numero = " ".join(numero.split())
    if not numero:
        raise ValidationError("numero", "Numéro du récépissé : obligatoire.")
    if len(numero) > 50:
        raise ValidationError("numero", "Numéro du récépissé : 50 caractères au plus.")
    content = _read_scan(scan_path) if scan_path is not None else None
    with database.sessions.begin() as session:
        declaration = _checked(session, declaration_id, version)
        filed = declaration.date_depot or on
        _past_date(on, "Date du récépissé", max(filed, declaration.date_decision), "le dépôt")
        if declaration.date_depot is None:
            file_in(session, declaration, on)
        declaration.recepisse_numero, declaration.recepisse_date = numero, on
        if content is not None and scan_path is not None:
            declaration.recepisse_fichier, declaration.recepisse_nom_fichier = content, scan_path.name


def delete_declaration(database: Database, declaration_id: int) -> None:
    """A declaration opened for nothing (a typing error corrected, a change already declared otherwise);
    once filed it stays, as the registre keeps it."""
    with database.sessions.begin() as session:
        declaration = _get(session, declaration_id)
        if declaration.date_depot is not None:
            raise CptsError("Une déclaration déposée reste enregistrée : elle figure au registre spécial.")
        session.delete(declaration)
