"""A base made before the nomenclature was corrected: its members under a removed code (97) keep their
label, show and export it, cannot give it to anyone else, and are reported for correction."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from cpts_desktop.domain.enums import MemberKind
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.members import MemberData
from cpts_desktop.services import database as databases
from cpts_desktop.services import exports, members
from cpts_desktop.services.stats import statistics


def old_base(path: Path) -> int:
    """What a base of an earlier version holds: the profession 97 and a member under it."""
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "INSERT OR REPLACE INTO professions (code, libelle, auxiliaire_medical, synonymes) "
            "VALUES ('97', 'Conseiller en génétique', 0, 'conseillère en génétique')"
        )
        cursor = connection.execute(
            "INSERT INTO members (kind, nom, prenom, profession_code, statut, search_key, version) "
            "VALUES ('personne', 'Vasquez-Lindqvist', 'Aurélie', '97', 'actif', 'vasquez-lindqvist aurelie', 1)"
        )
    connection.close()
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def test_a_removed_code_is_kept_shown_exported_and_reported(db_path: Path, tmp_path: Path) -> None:
    member_id = old_base(db_path)
    database = databases.open_database(str(db_path))
    try:
        [row] = members.list_rows(database, 2026, member_id)
        assert row.profession == "Conseiller en génétique"
        export = tmp_path / "registre.csv"
        exports.export_members(database, export, [member_id])
        assert "Conseiller en génétique" in export.read_text(encoding="utf-8-sig")
        assert databases.retired_professions(database) == [
            databases.RetiredProfession("97", "Conseiller en génétique", 1)
        ]
        by_category = {c.label: c.count for c in statistics(database, 2026).by_category}
        assert by_category["Hors nomenclature (à corriger)"] == 1
    finally:
        database.close()


def test_a_removed_code_is_offered_to_no_one_else(db_path: Path) -> None:
    member_id = old_base(db_path)
    database = databases.open_database(str(db_path))
    try:
        codes = [code for code, _label in members.form_choices(database, 2026).professions]
        assert "97" not in codes and {"31", "72", "81", "86"} <= set(codes)
        own = dict(members.form_choices(database, 2026, member_id).professions)
        assert own["97"] == "Conseiller en génétique (retiré de la nomenclature)"
        newcomer = MemberData(kind=MemberKind.PERSON, nom="Okonkwo", prenom="Maëlle", profession_code="97")
        with pytest.raises(ValidationError, match="97 « Conseiller en génétique » a été retiré"):
            members.create_member(database, newcomer)

        record = members.get_member(database, member_id)
        renamed = dataclasses.replace(record.data, prenom="Aurélie-Anne")
        version = members.update_member(database, member_id, record.version, renamed)  # the code kept: saved
        corrected = dataclasses.replace(renamed, profession_code="93")
        version = members.update_member(database, member_id, version, corrected)
        assert databases.retired_professions(database) == []
        with pytest.raises(ValidationError, match="retiré de la nomenclature"):
            members.update_member(database, member_id, version, renamed)
    finally:
        database.close()
