"""Other association tools' exports, each in its real layout, encoding and separator (fictional people)."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from cpts_desktop.domain.enums import Civility, MemberStatus, PaymentMethod
from cpts_desktop.services.imports import _column_synonyms, import_members, preview
from cpts_desktop.services.tool_exports import header_score, match_columns, surname_first
from cpts_desktop.store.models import Member, Payment
from tests.cli.test_cli import cpts
from tests.services.spreadsheet_files import rpps


def write(path: Path, headers: list[str], rows: list[list[str]], encoding: str, delimiter: str, **extra) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, **extra)
        writer.writerows([headers, *rows])
    return path


def members(database) -> dict[str, Member]:
    with database.sessions() as session:
        return {m.nom: m for m in session.scalars(select(Member))}


def payments(database) -> list[Payment]:
    with database.sessions() as session:
        return list(session.scalars(select(Payment).order_by(Payment.numero_recu)))


GALETTE = [
    "Titre", "Nom", "Prénom", "Pseudo", "Société", "Adresse", "Code postal", "Ville", "Pays", "Téléphone", "GSM",
    "Courriel", "Date de naissance", "Statut", "Date de création", "Date d'échéance",
]  # fmt: skip


def test_galette_statuses_functions_and_phones(database, tmp_path: Path):
    rows = [
        ["Mme", "Brossard", "Hélène", "hbro", "", "3 rue des Tilleuls", "39570", "Montvallon", "France",
         "03 84 11 22 33", "06 11 22 33 44", "helene.brossard@example.org", "12/04/1975", "Membre actif",
         "15/01/2024", "15/01/2027"],
        ["M.", "Quéré", "Yannick", "", "Cabinet des Saules", "", "39570", "Montvallon", "France", "",
         "06 22 33 44 55", "y.quere@example.org", "", "Président", "2023-09-02", ""],
        ["Mme", "Ferrand", "Odile", "", "", "", "39000", "Lons-le-Saunier", "France", "03 84 22 33 44", "",
         "", "", "Trésorière", "01/02/2024", ""],
        ["M.", "Galloy", "Rémi", "", "", "", "39000", "Lons-le-Saunier", "France", "", "", "", "",
         "Membre bienfaiteur", "01/02/2024", ""],
        ["Mme", "Vernet", "Léa", "", "", "", "39000", "Lons-le-Saunier", "France", "", "", "", "", "Non-membre",
         "03/03/2024", ""],
    ]  # fmt: skip
    path = write(tmp_path / "galette_adherents.csv", GALETTE, rows, "utf-8", ",", quoting=csv.QUOTE_ALL)
    report = import_members(database, path)
    assert (report.created, report.rejected) == (5, [])
    found = members(database)
    assert {n: m.statut for n, m in found.items()} == {
        "Brossard": MemberStatus.ACTIVE,
        "Quéré": MemberStatus.ACTIVE,
        "Ferrand": MemberStatus.ACTIVE,
        "Galloy": MemberStatus.ACTIVE,
        "Vernet": MemberStatus.RESIGNED,
    }
    assert found["Brossard"].telephone == "03 84 11 22 33" and "GSM : 06 11 22 33 44" in found["Brossard"].notes
    assert found["Quéré"].telephone == "06 22 33 44 55" and found["Quéré"].structure_exercice == "Cabinet des Saules"
    assert found["Brossard"].civilite is Civility.MADAME
    assert found["Quéré"].date_adhesion.isoformat() == "2023-09-02"
    assert set(report.unknown_columns) == {"Pseudo", "Pays", "Date de naissance", "Date d'échéance"}
    [board] = [n for n in report.notes() if "bureau" in n]
    assert "« Président »" in board and "« Trésorière »" in board and "Statut" in board


def test_paheko_full_names_in_either_order(database, tmp_path: Path):
    headers = ["Numéro", "Nom & prénom", "Adresse E-Mail", "Adresse postale", "Code postal", "Ville", "Téléphone",
               "Date d'inscription", "Catégorie"]  # fmt: skip
    rows = [
        ["1", "Élise Garnier", "elise.garnier@example.org", "", "39570", "Montvallon", "", "15/09/2024", "Membres"],
        ["2", "Perrin Claire", "c.perrin@example.org", "", "39570", "Montvallon", "", "16/09/2024", "Membres"],
        ["3", "ROUSSEL Thibault", "", "", "39000", "Lons-le-Saunier", "", "2024-09-17", "Membres"],
        ["4", "Anne-Sophie Vasseur", "", "", "39000", "Lons-le-Saunier", "", "18/09/2024", "Bureau"],
        ["5", "Jean-Marc de la Fontaine", "", "", "39000", "Lons-le-Saunier", "", "18/09/2024", "Membres"],
        ["6", "Martin Thomas", "", "", "39000", "Lons-le-Saunier", "", "18/09/2024", "Membres"],
    ]
    path = write(tmp_path / "export_membres.csv", headers, rows, "utf-8", ";")
    report = import_members(database, path)
    assert (report.created, report.rejected) == (6, [])
    names = {(m.nom, m.prenom) for m in members(database).values()}
    assert names == {
        ("Garnier", "Élise"),
        ("Perrin", "Claire"),
        ("ROUSSEL", "Thibault"),
        ("Vasseur", "Anne-Sophie"),
        ("de la Fontaine", "Jean-Marc"),
        ("Martin", "Thomas"),  # both first names: the column's order (« Nom & prénom ») decides
    }
    assert members(database)["Garnier"].date_adhesion.isoformat() == "2024-09-15"
    assert report.unknown_columns == ["Numéro", "Catégorie"]


HELLOASSO = [
    "Référence commande", "Date de la commande", "Statut de la commande", "Nom adhérent", "Prénom adhérent",
    "Nom payeur", "Prénom payeur", "Email payeur", "Moyen de paiement", "Tarif", "Montant du tarif", "Code Promo",
    "Email", "Téléphone", "Profession", "Numéro RPPS", "Code Postal", "Ville",
]  # fmt: skip


def helloasso_file(tmp_path: Path) -> Path:
    rows = [
        ["58211", "15/01/2027 10:32", "Validé", "Delorme", "Agathe", "Delorme", "Agathe", "agathe.payeur@example.org",
         "Carte bancaire", "Professionnel de santé", "30,00", "", "agathe.delorme@example.org", "0611223344",
         "Infirmière", rpps(41), "39570", "Montvallon"],
        ["58230", "16/01/2027 18:05", "Validé", "Masson", "Hugo", "Masson", "Sophie", "sophie.m@example.org",
         "Carte bancaire", "Professionnel de santé", "30,00", "", "hugo.masson@example.org", "", "Médecin",
         rpps(42), "39000", "Lons-le-Saunier"],
        ["58230", "16/01/2027 18:05", "Validé", "Masson", "Sophie", "Masson", "Sophie", "sophie.m@example.org",
         "Carte bancaire", "Professionnel de santé", "30,00", "", "", "", "Kinésithérapeute", rpps(43), "39000",
         "Lons-le-Saunier"],
        ["58302", "20/01/2027 09:00", "Annulé", "Texier", "Paul", "Texier", "Paul", "paul.texier@example.org",
         "Carte bancaire", "Professionnel de santé", "30,00", "", "paul.texier@example.org", "", "Pharmacien",
         rpps(44), "39000", "Lons-le-Saunier"],
        ["61007", "08/01/2028 11:15", "Validé", "Delorme", "Agathe", "Delorme", "Agathe", "agathe.payeur@example.org",
         "Carte bancaire", "Professionnel de santé", "30,00", "", "agathe.delorme@example.org", "0611223344",
         "Infirmière", rpps(41), "39570", "Montvallon"],  # her renewal the next year, in the same export
    ]  # fmt: skip
    return write(tmp_path / "export-adhesions.csv", HELLOASSO, rows, "utf-8-sig", ";")


def test_helloasso_orders_become_payments_once(database, tmp_path: Path):
    path = helloasso_file(tmp_path)
    assert any("HelloAsso" in n for n in preview(path).notes())
    report = import_members(database, path)
    assert (report.created, report.unchanged, report.rejected, report.payments_created) == (4, 1, [], 4)
    assert "Ligne 6 : Agathe Delorme, déjà ligne 2, autre commande." in report.notes()
    with database.sessions() as session:
        found = {m.prenom: m for m in session.scalars(select(Member))}
    assert found["Agathe"].email == "agathe.delorme@example.org"  # the member's, not the payer's
    assert found["Sophie"].email is None and found["Paul"].statut is MemberStatus.ACTIVE
    assert found["Hugo"].profession_code == "10"
    paid = payments(database)
    assert [(p.numero_recu, p.reference, p.montant, p.mode) for p in paid] == [
        ("2027-0001", "58211", Decimal("30.00"), PaymentMethod.HELLOASSO),
        ("2027-0002", "58230", Decimal("30.00"), PaymentMethod.HELLOASSO),
        ("2027-0003", "58230", Decimal("30.00"), PaymentMethod.HELLOASSO),
        ("2028-0001", "61007", Decimal("30.00"), PaymentMethod.HELLOASSO),
    ]
    assert {p.member_id for p in paid} == {found[n].id for n in ("Agathe", "Hugo", "Sophie")}
    assert paid[0].member_id == paid[3].member_id
    assert paid[0].date_paiement.isoformat() == "2027-01-15"
    assert any(n.startswith("4 paiements") and "HelloAsso" in n for n in report.notes())
    again = import_members(database, path)
    assert (again.created, again.unchanged, again.payments_created) == (0, 5, 0)
    assert len(payments(database)) == 4


DOLIBARR = [
    "Réf.", "Civilité", "Nom", "Prénom", "Société", "Adresse", "Code postal", "Ville", "Pays", "Tél pro.",
    "Tél perso.", "Tél portable", "Email", "Date de naissance", "Nature", "Type", "Statut", "Date fin adhésion", "",
]  # fmt: skip


def dolibarr_file(tmp_path: Path) -> Path:
    people = [
        ("MR", "Lemaître", "Grégoire", "", "", "06 33 44 55 66", "1"),
        ("MME", "Bouvier", "Maëlle", "03 84 44 55 66", "", "", "1"),
        ("MME", "Thévenin", "Agnès", "", "03 84 55 66 77", "", "0"),
        ("MR", "Carré", "Noël", "", "", "", "-1"),
        ("MR", "Jacquot", "Loïc", "", "", "", "-2"),
    ]
    rows = [
        [f"ADH{n}", civ, nom, prenom, "", "", "39570", "Montvallon", "France", pro, perso, mobile,
         f"adh{n}@example.org", "", "Physique", "Membre actif", statut, "31/12/2026", ""]
        for n, (civ, nom, prenom, pro, perso, mobile, statut) in enumerate(people, start=1)
    ]  # fmt: skip
    return write(tmp_path / "export_adherents.csv", DOLIBARR, rows, "iso-8859-1", ",")


def test_dolibarr_codes_trailing_comma_and_latin1(database, tmp_path: Path):
    report = import_members(database, dolibarr_file(tmp_path))
    assert (report.created, report.rejected) == (5, [])
    found = members(database)
    assert {n: m.statut for n, m in found.items()} == {
        "Lemaître": MemberStatus.ACTIVE,
        "Bouvier": MemberStatus.ACTIVE,
        "Thévenin": MemberStatus.RESIGNED,  # 0: résilié
        "Carré": MemberStatus.RESIGNED,  # -1: brouillon, not a member in good standing
        "Jacquot": MemberStatus.STRUCK_OFF,  # -2: exclu
    }
    assert [found[n].telephone for n in ("Lemaître", "Bouvier", "Thévenin")] == [
        "06 33 44 55 66",
        "03 84 44 55 66",
        "03 84 55 66 77",
    ]
    assert found["Bouvier"].civilite is Civility.MADAME and found["Carré"].civilite is Civility.MONSIEUR


def test_assoconnect_unknown_values_said_once(database, tmp_path: Path):
    headers = ["Civilité", "Nom", "Prénom", "E-mail", "Téléphone mobile", "Adresse", "Code postal", "Ville",
               "Date d'adhésion", "Statut de l'adhésion"]  # fmt: skip
    rows = [
        ["Madame", "Aubry", "Solène", "solene.aubry@example.org", "06 44 55 66 77", "", "39570", "Montvallon",
         "01/09/2025", "Validée"],
        ["Monsieur", "Hamon", "Gildas", "", "", "", "39570", "Montvallon", "01/09/2025", "À renouveler"],
        ["Monsieur", "Pichon", "Bastien", "", "", "", "39570", "Montvallon", "02/09/2025", "À renouveler"],
        ["Madame", "Renaud", "Inès", "", "", "", "39570", "Montvallon", "03/09/2022", "Expirée"],
    ]  # fmt: skip
    path = write(tmp_path / "contacts.csv", headers, rows, "utf-8-sig", ";")
    assert any("« À renouveler »" in n for n in preview(path).notes())
    report = import_members(database, path)
    assert (report.created, report.rejected) == (4, [])
    found = members(database)
    assert found["Aubry"].telephone == "06 44 55 66 77" and found["Renaud"].statut is MemberStatus.RESIGNED
    assert found["Hamon"].statut is MemberStatus.ACTIVE  # unknown value: the default, said once
    [said] = [n for n in report.notes() if "À renouveler" in n]
    assert "« Statut de l'adhésion »" in said and "2 lignes" in said


def test_headers_member_over_payer_exact_over_prefix():
    synonyms_of = _column_synonyms()
    assert header_score("Statut de la commande", synonyms_of) == ("paiement_statut", 3)
    assert header_score("Moyen de paiement", synonyms_of) is None
    assert header_score("Téléphone d'urgence", synonyms_of) is None
    columns, unknown = match_columns(["Email payeur", "Nom payeur", "Nom adhérent", "Email"], synonyms_of)
    assert columns == {3: "email", 2: "nom"} and unknown == ["Email payeur", "Nom payeur"]
    assert match_columns(["Nom", "Email payeur"], synonyms_of)[0] == {0: "nom", 1: "email"}
    assert surname_first("Marie Dupont", True) is False and surname_first("Dupont Marie", False) is True
    assert surname_first("DUPONT Marie", False) is False  # capitals decide, not the list


def test_cli_imports_a_dolibarr_export(db_path: Path, tmp_path: Path):
    path = dolibarr_file(tmp_path)
    result = cpts("--db", str(db_path), "members", "import", str(path))
    assert result.returncode == 0, result.stderr
    assert "5 créés" in result.stdout and "0 refus" in result.stdout
    again = json.loads(cpts("--db", str(db_path), "members", "import", str(path), "--json").stdout)
    assert (again["created"], again["unchanged"], again["payments_created"]) == (0, 5, 0)
