"""The demo CPTS's money: an ARS start-up grant spent and justified, a Conseil régional grant with a
report due soon, an ACI contract in its second year with indicators partly reached, expenses, the
projet de santé's actions and professionals' indemnities. All figures are fictional."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from cpts_desktop.domain.cerfa import ResourceKind
from cpts_desktop.domain.enums import (
    AciMission,
    ActionStatus,
    BoardRole,
    ExpenseCategory,
    FunderType,
    GrantNature,
    GrantStatus,
    ObligationKind,
)
from cpts_desktop.services import aci, financial_reports, grants, indemnities, projects
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Mandate, Member

D = Decimal


def load_finance_demo(database: Database, today: date) -> None:
    if grants.grant_rows(database):
        return
    y = today.year
    board = _board(database, today)
    _start_up_grant(database, y)
    region = _region_grant(database, today)
    contract = _aci_contract(database, today)
    _actions(database, board, region, contract, y)
    _indemnities(database, board, contract, today)


def _board(database: Database, today: date) -> list[int]:
    with database.snapshot() as session:
        return list(
            session.scalars(
                select(Member.id)
                .join(Mandate, Mandate.member_id == Member.id)
                .where(Mandate.date_debut <= today, Mandate.role != BoardRole.PRESIDENT)
                .order_by(Mandate.id)
            )
        )


def _start_up_grant(database: Database, y: int) -> None:
    grant_id = grants.create_grant(
        database,
        grants.GrantData(
            "ARS Bourgogne-Franche-Comté", GrantNature.START_UP, "Rédaction du projet de santé", FunderType.ARS,
            f"FIR-{y - 2}-039-017", date(y - 2, 2, 10), date(y - 2, 1, 1), date(y - 2, 12, 31),
            D(15000), D(15000), GrantStatus.SETTLED, "Versement unique à la signature ; compte rendu financier dû.",
        ),
    )  # fmt: skip
    grants.add_installment(database, grant_id, date(y - 2, 3, 1), D(15000), "Versement unique")
    grants.add_disbursement(database, grant_id, D(15000), date(y - 2, 3, 4), "VIR ARS BFC FIR")
    for category, amount in ((ExpenseCategory.SERVICES, 9000), (ExpenseCategory.MEETINGS, 3500),
                             (ExpenseCategory.COMMUNICATION, 2500)):  # fmt: skip
        grants.set_budget(database, grant_id, category, D(amount))
    for day, label, spent, category, supplier in (
        (date(y - 2, 4, 12), "Accompagnement à la rédaction du projet de santé", "8640.00", ExpenseCategory.SERVICES,
         "Cabinet Horizon Santé (fictif)"),
        (date(y - 2, 5, 20), "Réunions de concertation des professionnels", "2310.40", ExpenseCategory.MEETINGS,
         "Traiteur du Val (fictif)"),
        (date(y - 2, 9, 30), "Soirée de présentation du projet de santé", "1549.60", ExpenseCategory.MEETINGS, ""),
        (date(y - 2, 10, 15), "Plaquettes et site internet", "2500.00", ExpenseCategory.COMMUNICATION,
         "Imprimerie des Lacs (fictif)"),
    ):  # fmt: skip
        grants.add_expense(database, grant_id, D(spent), day, category, label, supplier)
    report = grants.grant_detail(database, grant_id).obligations[0]
    grants.submit_obligation(database, report.id, date(y - 1, 5, 15))
    _start_up_report(database, grant_id, y - 2)


def _start_up_report(database: Database, grant_id: int, year: int) -> None:
    """The compte rendu financier sent for the start-up grant: bilan, annexe and the action's other resources."""
    report = financial_reports.report_input(database, grant_id, year)
    report.bilan_actions = (
        "Diagnostic territorial partagé avec les professionnels (avril à juin), six réunions de concertation "
        "par mission, rédaction du projet de santé avec un cabinet d’accompagnement, présentation publique "
        "en septembre et validation par l’assemblée générale en novembre."
    )
    report.bilan_public = "142 professionnels de santé de 38 communes (18 750 habitants) ; 96 ont participé."
    report.bilan_indicateurs = (
        "Projet de santé rédigé et validé par l’ARS ; 6 réunions tenues (objectif 6) ; 96 participants "
        "(objectif 80) ; 4 missions décrites avec leurs indicateurs."
    )
    report.annexe_ecarts = (
        "Les frais de réunion prévus ont été tenus ; les cotisations ont dépassé la prévision grâce aux adhésions "
        "reçues après la présentation publique."
    )
    report.annexe_charges_indirectes = (
        "Quote-part des frais de fonctionnement (assurance, téléphone, tenue du compte) au prorata du temps "
        "consacré à la rédaction du projet de santé : 40 %."
    )
    report.lines = [
        financial_reports.ExtraLine(ResourceKind.INDIRECT, "Quote-part des frais de fonctionnement", D(1000), D(1200)),
        financial_reports.ExtraLine(ResourceKind.DUES, "", D(1500), D(1740)),
        financial_reports.ExtraLine(ResourceKind.VOLUNTEER, "Temps bénévole des professionnels aux réunions",
                                    D(4000), D(5250)),
    ]  # fmt: skip
    financial_reports.save_report_input(database, report)


def _region_grant(database: Database, today: date) -> int:
    y = today.year
    grant_id = grants.create_grant(
        database,
        grants.GrantData(
            "Conseil régional Bourgogne-Franche-Comté", GrantNature.PROJECT, "Équipement de la maison des soins non "
            "programmés", FunderType.REGION, f"REG-{y}-SANTE-112", date(y, 2, 3), date(y, 1, 1), date(y, 12, 31),
            D(24000), D(20000), GrantStatus.AWARDED,
        ),
    )  # fmt: skip
    grants.add_installment(database, grant_id, date(y, 3, 1), D(10000), "Avance de 50 %")
    grants.add_installment(database, grant_id, date(y + 1, 3, 1), D(10000), "Solde sur justificatifs")
    grants.add_disbursement(database, grant_id, D(10000), date(y, 3, 12), "VIR REGION BFC")
    for category, amount in ((ExpenseCategory.EQUIPMENT, 14000), (ExpenseCategory.COMMUNICATION, 3000),
                             (ExpenseCategory.MEETINGS, 3000)):  # fmt: skip
        grants.set_budget(database, grant_id, category, D(amount))
    grants.add_expense(database, grant_id, D("6480.00"), date(y, 4, 8), ExpenseCategory.EQUIPMENT,
                       "Matériel de télésurveillance", "Médi-Équip (fictif)", "F-2291")  # fmt: skip
    grants.add_expense(database, grant_id, D("1250.90"), date(y, 5, 2), ExpenseCategory.COMMUNICATION,
                       "Signalétique de la maison des soins non programmés", "Imprimerie des Lacs")  # fmt: skip
    grants.add_obligation(database, grant_id, ObligationKind.ACTIVITY_REPORT, today + timedelta(days=20),
                          "Rapport d’activité intermédiaire")  # fmt: skip
    return grant_id


def _aci_contract(database: Database, today: date) -> int:
    y = today.year
    signed = date(y - 1, 3, 15)
    grant_id = grants.create_grant(
        database,
        grants.GrantData(
            "CPAM du Jura", GrantNature.ACI, "Contrat ACI CPTS", FunderType.CPAM, f"ACI-CPTS-39-{y - 1}", signed,
            signed, date(y + 4, 3, 14), None, None, GrantStatus.AWARDED, "Contrat tripartite CPTS / CPAM / ARS, 5 ans.",
        ),
    )  # fmt: skip
    signed_missions = [AciMission.ACCESS, AciMission.PATHWAYS, AciMission.PREVENTION, AciMission.CRISES,
                       AciMission.SUPPORT]  # fmt: skip
    indicators = {
        AciMission.ACCESS: [("Patients en ALD sans médecin traitant ayant trouvé un médecin", D(300), D(1)),
                            ("Soins non programmés : créneaux ouverts par semaine", D(40), D(1))],
        AciMission.PATHWAYS: [("Protocoles pluriprofessionnels mis en œuvre", D(3), D(1))],
        AciMission.PREVENTION: [("Actions de prévention menées (dépistage, vaccination)", D(4), D(1))],
        AciMission.CRISES: [("Plan de réponse aux crises sanitaires rédigé et testé", D(1), D(1))],
        AciMission.SUPPORT: [("Professionnels accompagnés à l’installation", D(6), D(1))],
    }  # fmt: skip
    achieved = {0: (D(1), D("0.8")), 1: (D("0.55"), None)}  # last year measured; this year under way
    awarded = D(0)
    for index, year in enumerate((y - 1, y)):
        year_id = aci.open_year(database, grant_id, year, signed_missions)
        summary = aci.contract_year(database, year_id)
        for line in summary.missions:
            for position, (label, target, weight) in enumerate(indicators.get(line.mission, [])):
                share = achieved[index][position % 2]
                if share is None and line.mission is not AciMission.ACCESS:
                    share = D("0.5")
                value = (target * share).quantize(D(1)) if share is not None else None
                aci.add_indicator(database, line.id, label, target, value, weight)
        fixed = summary.fixed
        awarded += summary.fixed + summary.variable_max
        paid = (fixed * D("0.75")).quantize(D("0.01"))
        if index == 0:
            paid = aci.contract_year(database, year_id).expected
        aci.set_paid(database, year_id, paid)
        grants.add_disbursement(database, grant_id, paid, date(year, 4, 15), f"VIR CPAM ACI {year}")
    data = grants.grant_rows(database, grant_id=grant_id)[0]
    update = grants.GrantData(data.funder, GrantNature.ACI, data.objet, data.funder_type, data.convention_reference,
                              data.date_signature, data.periode_debut, data.periode_fin, None, awarded, data.statut,
                              data.conditions)  # fmt: skip
    grants.update_grant(database, grant_id, data.version, update)
    month = date(signed.year, signed.month, 28)
    while month <= today:
        grants.add_expense(database, grant_id, D("4215.30"), month, ExpenseCategory.STAFF,
                           f"Coordinatrice – salaire chargé {month:%m/%Y}")  # fmt: skip
        month = date(month.year + month.month // 12, month.month % 12 + 1, 28)
    grants.add_expense(database, grant_id, D("420.00"), date(y, 2, 14), ExpenseCategory.EQUIPMENT,
                       "Logiciel de coordination – abonnement annuel")  # fmt: skip
    grants.add_obligation(database, grant_id, ObligationKind.INDICATORS, date(y + 1, 2, 28),
                          f"Indicateurs ACI {y} à transmettre à la CPAM")  # fmt: skip
    return grant_id


def _actions(database: Database, board: list[int], region: int, contract: int, y: int) -> None:
    for index, (title, mission, status, grants_ids, indicator_text) in enumerate(
        (
            ("Maison des soins non programmés", AciMission.ACCESS, ActionStatus.RUNNING, [region, contract],
             "Créneaux ouverts par semaine ; passages évités aux urgences"),
            ("Parcours insuffisance cardiaque", AciMission.PATHWAYS, ActionStatus.RUNNING, [contract],
             "Patients inclus ; réhospitalisations à 30 jours"),
            ("Octobre rose : dépistage du cancer du sein", AciMission.PREVENTION, ActionStatus.DONE, [contract],
             "Femmes sensibilisées ; mammographies réalisées"),
            ("Plan de gestion de crise sanitaire", AciMission.CRISES, ActionStatus.PLANNED, [contract],
             "Plan rédigé ; exercice réalisé"),
            ("Accueil des internes et nouveaux installés", AciMission.SUPPORT, ActionStatus.RUNNING, [],
             "Professionnels accompagnés"),
        )
    ):  # fmt: skip
        pilot = board[index % len(board)] if board else None
        projects.save_action(
            database,
            projects.ActionData(title, mission, status, pilot, date(y - 1, 9, 1), date(y + 1, 6, 30), indicator_text,
                                grant_ids=grants_ids),
        )  # fmt: skip


def _indemnities(database: Database, board: list[int], contract: int, today: date) -> None:
    group = indemnities.save_rate(database, "Groupe de travail", D(60))
    pilot = indemnities.save_rate(database, "Pilotage d’action", D(75))
    start = date(today.year, 1, 1)
    for index, member_id in enumerate(board[:4]):
        for month in (2, 4, 6, 9):
            day = date(today.year, month, 5 + index)
            if day > today:
                continue
            rate = pilot if month == 6 else group
            hours = D("2.5") if month != 6 else D("1.5")
            indemnities.add_time(database, member_id, day, rate, hours, "Réunion du groupe de travail", contract)
    for member_id in board[:2]:
        end = date(today.year, 6, 30) if today > date(today.year, 6, 30) else today
        if indemnities.time_rows(database, start, end, member_id, unpaid_only=True):
            indemnities.pay(database, member_id, start, end, min(end + timedelta(days=10), today))
