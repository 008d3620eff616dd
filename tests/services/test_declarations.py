"""Déclarations en préfecture: opened by the decisions, papers, filing, récépissé, registre spécial."""

from datetime import date, datetime, time, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from cpts_desktop.domain.declarations import ChangeSubject, DeclarationForm, DeclarationStatus, deadline
from cpts_desktop.domain.enums import AttendanceStatus, BoardRole, MeetingType, ResolutionLink
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.grammar import function_label
from cpts_desktop.i18n import format_date
from cpts_desktop.pdf.declarations import dossier_pdf, register_pdf
from cpts_desktop.services import board, declarations, meetings
from cpts_desktop.services.association import association_profile, letterhead, update_association
from cpts_desktop.services.database import open_database
from cpts_desktop.services.members import list_rows
from cpts_desktop.store import migrate
from cpts_desktop.store.engine import make_engine

DECIDED = date.today() - timedelta(days=20)


def _text(path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


def _ca_election(database) -> tuple[int, list[int]]:
    """A CA that co-opts two members not on the board: the meeting and who was elected."""
    meeting = meetings.create_meeting(
        database,
        MeetingType.BOARD,
        datetime.combine(DECIDED, time(19)),
        agenda=["Élection"],
    )
    convened = [r.member_id for r in meetings.recipients(database, meeting) if r.included]
    meetings.set_attendances(database, meeting, convened, AttendanceStatus.PRESENT)
    item = meetings.get_meeting(database, meeting).agenda[0]
    resolution = meetings.add_resolution(database, item.id, "Cooptation.", ResolutionLink.ELECTION)
    assert meetings.record_vote(database, resolution, len(convened), 0, 0)
    sitting = {m.member_id for m in board.current_board(database, DECIDED)}
    elected = [r.id for r in list_rows(database, DECIDED.year) if r.statut.value == "actif" and r.id not in sitting][:2]
    meetings.elect(database, resolution, elected)
    return meeting, elected


def _complete(database, member_ids: list[int]) -> None:
    """Domicile and nationalité, which the préfecture asks of every director."""
    for mandate in board.current_board(database, DECIDED):
        if mandate.member_id in member_ids and mandate.missing:
            declaration = board.Declaration("3 rue des Lilas", "26400", "Crest", "française")
            board.save_declaration(database, mandate.id, mandate.version, mandate.member_version, declaration)


def test_a_ca_election_opens_a_declaration_filed_then_proven(demo_database, tmp_path):
    meeting, elected = _ca_election(demo_database)
    (opened,) = [d for d in declarations.reminders(demo_database) if d.formulaire is DeclarationForm.DIRECTORS]
    assert opened.date_decision == DECIDED and opened.date_limite == deadline(DECIDED)
    assert deadline(date(2026, 11, 30)) == date(2027, 2, 28) and deadline(date(2027, 3, 20)) == date(2027, 6, 20)
    assert opened.instance == f"Conseil d’administration du {format_date(DECIDED)}"
    assert opened.status is DeclarationStatus.TO_FILE and len(opened.changes) == 2
    assert all(c.objet is ChangeSubject.DIRECTORS and c.libelle.startswith("Entrée : ") for c in opened.changes)

    # while a director lacks what the préfecture asks, the dossier prints each gap, to complete by hand
    papers = declarations.papers(demo_database, opened.id)
    assert papers.gaps and all("nationalité" in gap for gap in papers.gaps)
    draft = _text(dossier_pdf(papers, tmp_path / "draft.pdf"))
    assert "À compléter avant le dépôt" in draft and "à compléter" in draft
    assert all(gap.split(" (")[0] in draft for gap in papers.gaps)
    _complete(demo_database, elected)
    assert declarations.papers(demo_database, opened.id).gaps == []
    path = dossier_pdf(declarations.papers(demo_database, opened.id), tmp_path / "dossier.pdf")
    text = _text(path)
    assert "13971" in text and "Liste des dirigeants" in text and "Changements de dirigeants" in text
    for mandate in board.current_board(demo_database, DECIDED):
        assert mandate.nom in text

    with pytest.raises(ValidationError, match="futur"):
        declarations.file_declaration(demo_database, opened.id, date.today() + timedelta(days=1))
    declarations.file_declaration(demo_database, opened.id, DECIDED + timedelta(days=10))
    assert opened.id not in {d.id for d in declarations.reminders(demo_database)}
    scan = tmp_path / "recepisse.pdf"
    scan.write_bytes(b"%PDF-1.4 fictif")
    declarations.record_receipt(demo_database, opened.id, "W261234567-2", DECIDED + timedelta(days=12), scan)
    proven = declarations.get_declaration(demo_database, opened.id)
    assert proven.status is DeclarationStatus.RECEIVED and proven.recepisse_numero == "W261234567-2"
    assert declarations.scan(demo_database, opened.id) == ("recepisse.pdf", b"%PDF-1.4 fictif")
    with pytest.raises(CptsError, match="registre"):
        declarations.delete_declaration(demo_database, opened.id)

    register = register_pdf(letterhead(demo_database), declarations.register(demo_database), tmp_path / "r.pdf")
    text = _text(register)
    assert "Registre spécial" in text and "W261234567-2" in text and "Entrée" in text


def test_a_treasurer_replaced_by_hand_is_one_declaration(demo_database):
    sitting = board.current_board(demo_database, DECIDED)
    treasurer = next(m for m in sitting if m.role is BoardRole.TREASURER)
    board.end_mandate(demo_database, treasurer.id, DECIDED - timedelta(days=1))
    successor = next(m for m in sitting if m.role is BoardRole.DIRECTOR)
    board.add_mandate(demo_database, successor.member_id, BoardRole.TREASURER, DECIDED)
    (row,) = [d for d in declarations.reminders(demo_database) if d.formulaire is DeclarationForm.DIRECTORS]
    assert row.date_decision == DECIDED and row.instance == ""
    assert [c.libelle for c in row.changes] == [
        f"Entrée : {successor.name}, {function_label(BoardRole.TREASURER, successor.civilite).lower()}",
        f"Départ : {treasurer.name}, {treasurer.function.lower()}",
    ]


def test_a_new_title_or_siege_opens_a_modification_and_a_return_closes_it(demo_database):
    profile = association_profile(demo_database)
    former = str(profile.values["nom"])
    update_association(demo_database, {"nom": "CPTS des Trois Rivières"}, profile.version)
    (opened,) = [d for d in declarations.reminders(demo_database) if d.formulaire is DeclarationForm.MODIFICATION]
    assert [(c.objet, c.ancien, c.nouveau) for c in opened.changes] == [
        (ChangeSubject.TITLE, former, "CPTS des Trois Rivières")
    ]
    update_association(demo_database, {"commune": "Saillans"})
    subjects = [c.objet for c in declarations.get_declaration(demo_database, opened.id).changes]
    assert subjects == [ChangeSubject.TITLE, ChangeSubject.SEAT]
    update_association(demo_database, {"nom": former})
    subjects = [c.objet for c in declarations.get_declaration(demo_database, opened.id).changes]
    assert subjects == [ChangeSubject.SEAT]
    added = declarations.record_change(demo_database, ChangeSubject.MANAGEMENT_ADDRESS, date.today(), "", "BP 12")
    assert added == opened.id
    with pytest.raises(CptsError, match="mandats"):
        declarations.record_change(demo_database, ChangeSubject.DIRECTORS, date.today())
    declarations.set_decision(demo_database, opened.id, date(2026, 11, 30))  # the AGE that voted it
    assert declarations.get_declaration(demo_database, opened.id).date_limite == date(2027, 2, 28)


# the rules a statutes version carried in revision 0016, as the application wrote them
RULES = {
    **{"delai_convocation_ag_jours": 15, "delai_convocation_ca_jours": 8, "quorum_ago_num": 0, "quorum_ago_den": 1},
    **{"quorum_age_num": 1, "quorum_age_den": 2, "majorite_ago": "'simple'", "majorite_age": "'deux_tiers'"},
    **{"vote_a_jour_requis": 1, "pouvoirs_max": 2, "duree_mandat_ans": 3},
}


def test_an_existing_base_keeps_its_statutes_reminder_as_declarations(tmp_path):
    """Statutes adopted before this version: declared ones become filed declarations, the others open."""
    engine = make_engine(f"sqlite:///{tmp_path / 'ancienne.sqlite'}")
    migrate.upgrade(engine, "0016")
    columns = "kind, numero, statut, titre, date_adoption, date_declaration_prefecture, " + ", ".join(RULES)
    with engine.begin() as connection:
        for values in (
            "'statuts', 1, 'declaree', 'v1', '2021-03-01', '2021-03-15'",
            "'statuts', 2, 'adoptee', 'v2', '2026-10-01', NULL",
            "'reglement_interieur', 1, 'adoptee', 'ri', '2026-10-01', NULL",
        ):
            rules = ", ".join(map(str, RULES.values()))
            connection.execute(text(f"INSERT INTO statutes_versions ({columns}) VALUES ({values}, {rules})"))
    migrate.upgrade(engine)
    engine.dispose()
    database = open_database(str(tmp_path / "ancienne.sqlite"))
    try:
        rows = declarations.register(database)
    finally:
        database.close()
    assert [(r.date_decision, r.date_limite, r.date_depot, r.changes[0].libelle) for r in rows] == [
        (date(2021, 3, 1), date(2021, 6, 1), date(2021, 3, 15), "Nouveaux statuts (version 1)"),
        (date(2026, 10, 1), date(2027, 1, 1), None, "Nouveaux statuts (version 2)"),
    ]
