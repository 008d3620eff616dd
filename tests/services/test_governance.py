from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pytest

from cpts_desktop.domain.enums import BoardRole, Civility, Majority, StatutesKind, StatutesStatus
from cpts_desktop.domain.errors import CptsError, InvalidFields
from cpts_desktop.domain.statutes import Article
from cpts_desktop.i18n import format_date
from cpts_desktop.services import declarations, statutes
from cpts_desktop.services.association import association_profile, update_association
from cpts_desktop.services.board import (
    Declaration,
    OfficersIncomplete,
    Representative,
    add_mandate,
    board_warnings,
    current_board,
    declarable_board,
    end_mandate,
    save_college,
    save_declaration,
)
from cpts_desktop.services.errors import StaleRecord
from cpts_desktop.services.members import list_rows
from cpts_desktop.services.territory import import_communes, save_commune, territory


def test_statutes_life_cycle_and_parameters_in_force(database):
    assert statutes.governance_parameters(database).source.startswith("valeurs usuelles")
    first = statutes.create_from_template(database)
    with pytest.raises(CptsError, match="existent déjà"):
        statutes.create_from_template(database)
    statutes.adopt(database, first, date(2021, 3, 1))
    statutes.declare(database, first, date(2021, 3, 20))
    draft = statutes.new_draft(database)
    assert statutes.new_draft(database) == draft  # one draft at a time
    detail = statutes.get_version(database, draft)
    articles = detail.articles + [Article("17", "Médiation", "Tout différend est d’abord soumis au bureau.")]
    parameters = replace(detail.parameters, pouvoirs_max=4, quorum_ago=Fraction(1, 4), majorite_age=Majority.ABSOLUTE)
    statutes.save_draft(database, draft, detail.version, articles, parameters)
    with pytest.raises(CptsError, match="ne se modifie plus"):
        statutes.save_draft(database, first, 1, articles, parameters)
    changes = statutes.compare_versions(database, first, draft)
    # each version reads with its own rules: the new quorum, pouvoirs and majority show as changed words
    assert [(c.kind, c.new.titre) for c in changes if c.kind != "inchangé"] == [
        ("modifié", "Assemblée générale ordinaire"),
        ("modifié", "Assemblée générale extraordinaire"),
        ("ajouté", "Médiation"),
    ]
    added = " ".join(text for change in changes for op, text in change.segments if op == "+")
    assert "le quart au moins" in added and "4" in added and "absolue" in added and "{" not in added

    statutes.adopt(database, draft, date(2026, 10, 1))
    before = statutes.governance_parameters(database, date(2026, 9, 30))
    after = statutes.governance_parameters(database, date(2026, 10, 2))
    assert before.pouvoirs_max == 2 and after.pouvoirs_max == 4
    assert after.quorum_ago == Fraction(1, 4) and after.majorite_age is Majority.ABSOLUTE
    assert after.source == "Statuts – version 2"

    reminders = declarations.reminders(database)
    assert [(r.date_limite, r.days_left(date(2026, 11, 24))) for r in reminders] == [(date(2027, 1, 1), 38)]
    statutes.declare(database, draft, date(2026, 11, 24))
    assert declarations.reminders(database) == []
    assert declarations.get_declaration(database, reminders[0].id).date_depot == date(2026, 11, 24)
    assert statutes.get_version(database, draft).summary.statut is StatutesStatus.DECLARED


def test_rendered_articles_use_the_association(demo_database):
    version = statutes.list_versions(demo_database, StatutesKind.STATUTES)[-1]
    text = " ".join(a.texte for a in statutes.rendered_articles(demo_database, version.id))
    assert "« CPTS du Pays des Trois Vallons » et pour sigle « CPTS 3V »" in text
    assert "au moins 21 jours avant" in text and "plus de 3 pouvoirs" in text


def test_board_warnings(database, demo_database):
    assert board_warnings(database, date(2026, 11, 24)) == [
        "Bureau : le poste de président est vacant.",
        "Bureau : le poste de secrétaire est vacant.",
        "Bureau : le poste de trésorier est vacant.",
    ]
    today = date.today()
    warnings = board_warnings(demo_database, today)
    assert len(warnings) == 1 and warnings[0].startswith("Fin de mandat le ")
    board = current_board(demo_database, today)
    president = next(m for m in board if m.role is BoardRole.PRESIDENT)
    end_mandate(demo_database, president.id, today - timedelta(days=5))
    warnings = board_warnings(demo_database, today)
    assert "Bureau : le poste de président est vacant." in warnings
    expired = f"Mandat expiré le {format_date(today - timedelta(days=5))} : "
    assert any(w.startswith(expired) for w in warnings), warnings  # « 25 novembre 2026 », as a sentence says it
    with pytest.raises(CptsError, match="déjà occupé"):
        add_mandate(demo_database, president.member_id, BoardRole.SECRETARY, today)


def test_college_over_its_seats(demo_database):
    from cpts_desktop.services.board import colleges

    users = next(c for c in colleges(demo_database) if c.nom == "Usagers et partenaires")
    save_college(demo_database, users.nom, 0, users.description, users.id)
    assert "Le collège « Usagers et partenaires » compte 1 administrateurs pour 0 sièges." in board_warnings(
        demo_database
    )


def test_communes_import_and_tier(database, tmp_path: Path):
    path = tmp_path / "communes.csv"
    path.write_text(
        "Code INSEE;Nom;Population;Code postal\n39300;Champvent;30000;39300\n"
        "39301;Les Vignes;10000;\n2A004;Ajaccio-le-Petit;x;\n",
        encoding="cp1252",
    )
    report = import_communes(database, path)
    assert (report.created, report.updated) == (2, 0)
    assert report.rejected == [(4, "Population : « x » n’est pas un nombre d’habitants.")]
    land = territory(database)
    assert land.population == 40000 and land.taille.number == 2
    save_commune(database, "39302", "Bourg-Neuf", 40000)
    assert territory(database).taille.number == 3
    with pytest.raises(CptsError, match="déjà dans le territoire"):
        save_commune(database, "39300", "Autre", 1)


def test_association_identity_is_validated(database):
    with pytest.raises(InvalidFields) as invalid:
        update_association(database, {"nom": "CPTS Test", "rna": "W12", "iban": "FR00", "email": "contact@"})
    assert set(invalid.value.by_field()) == {"rna", "iban", "email"}
    profile = update_association(database, {"nom": "CPTS Test", "rna": "w392004187", "exercice_start_month": "7"})
    assert profile.values["rna"] == "W392004187" and profile.values["exercice_start_month"] == 7
    assert association_profile(database).values["nom"] == "CPTS Test"


def test_members_per_commune_follow_the_territory(demo_database):
    land = territory(demo_database)
    assert sum(c.members for c in land.communes) == len(list_rows(demo_database, 2026))


def test_a_mandate_without_a_member_is_refused_in_french(database):
    """The mandate form of an empty register has no member to choose."""
    with pytest.raises(CptsError, match="choisissez un adhérent"):
        add_mandate(database, None, BoardRole.DIRECTOR, date(2026, 6, 1))
    assert current_board(database) == []


def test_declaration_saved_on_member_and_mandate_and_a_stale_edit_refused(demo_database):
    """Loi 1901 art. 5: domicile and nationalité on the member, a structure's representative on its mandate."""
    board = current_board(demo_database)
    structure = next(m for m in board if m.is_structure)
    person = Representative(Civility.MADAME, " Anne ", "Martin", "directrice")
    declaration = Declaration("3 rue des Lilas", "39570", "Montvallon", "française", person)
    save_declaration(demo_database, structure.id, structure.version, structure.member_version, declaration)
    saved = next(m for m in current_board(demo_database) if m.id == structure.id)
    assert saved.declaration.representative == replace(person, prenom="Anne")
    assert saved.adresse == "3 rue des Lilas, 39570 Montvallon" and saved.missing == ()
    assert saved.declared_name == f"{structure.nom}, représentée par Mme Anne Martin, directrice"
    with pytest.raises(StaleRecord, match="modifiée entre-temps"):
        save_declaration(demo_database, structure.id, structure.version, structure.member_version, declaration)


def test_declaration_fields_are_checked_and_a_person_has_no_representative(demo_database):
    director = next(m for m in current_board(demo_database) if not m.is_structure)
    wrong = Declaration("1 rue Haute", "3957", "Montvallon", "x" * 61, Representative(nom="Ignoré"))
    with pytest.raises(InvalidFields) as invalid:
        save_declaration(demo_database, director.id, director.version, director.member_version, wrong)
    assert "Nationalité : 61 caractères, 60 au plus." in str(invalid.value)
    right = replace(wrong, code_postal="39570", nationalite="belge")
    save_declaration(demo_database, director.id, director.version, director.member_version, right)
    saved = next(m for m in current_board(demo_database) if m.id == director.id)
    assert saved.declaration.nationalite == "belge" and saved.declaration.representative == Representative()


def test_an_empty_or_incomplete_board_cannot_be_declared(database, demo_database):
    with pytest.raises(OfficersIncomplete, match="Aucun dirigeant en fonction au 24 novembre 2026"):
        declarable_board(current_board(database), date(2026, 11, 24))
    board = current_board(demo_database)
    structure = next(m for m in board if m.is_structure)
    blank = Declaration(structure.declaration.adresse, structure.declaration.code_postal, structure.declaration.commune)
    save_declaration(demo_database, structure.id, structure.version, structure.member_version, blank)
    with pytest.raises(OfficersIncomplete) as refusal:
        declarable_board(current_board(demo_database), date.today())
    assert f"{structure.nom} (administrateur) – représentant, nationalité" in str(refusal.value)


def test_anonymising_a_structure_erases_its_representative_and_a_nationality(demo_database):
    from cpts_desktop.domain.enums import MemberStatus
    from cpts_desktop.services.audit import entries
    from cpts_desktop.services.gdpr import anonymise
    from cpts_desktop.services.members import get_member, update_member

    structure = next(m for m in current_board(demo_database) if m.is_structure)
    record = get_member(demo_database, structure.member_id)
    update_member(demo_database, record.id, record.version, replace(record.data, statut=MemberStatus.RESIGNED))
    anonymise(demo_database, structure.member_id)
    erased = next(m for m in current_board(demo_database) if m.id == structure.id)
    assert erased.declaration.representative == Representative() and erased.declaration.nationalite == ""
    assert structure.declaration.representative.nom not in " ".join(e.summary for e in entries(demo_database))
