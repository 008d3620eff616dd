"""``cpts pdf …``: every document the application prints."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from cpts_desktop.cli.common import database_of, date_argument, year_argument
from cpts_desktop.domain.enums import BoardRole, StatutesKind, StatutesStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.i18n import plural
from cpts_desktop.pdf.aci import aci_summary_pdf
from cpts_desktop.pdf.governance import board_pdf, officers_pdf, statutes_pdf
from cpts_desktop.pdf.grants import financial_report_pdf, grant_sheet_pdf, grants_report_pdf
from cpts_desktop.pdf.indemnities import indemnities_summary_pdf, statement_pdf
from cpts_desktop.pdf.meetings import attendance_sheet_pdf, convocations_pdf, convocations_zip, minutes_pdf
from cpts_desktop.pdf.membership import attestation_pdf, membership_form_pdf, receipt_pdf
from cpts_desktop.pdf.registers import members_list_pdf, reminders_pdf
from cpts_desktop.services import documents, finance_documents, financial_reports, indemnities
from cpts_desktop.services.association import letterhead, signatories
from cpts_desktop.services.board import colleges, current_board
from cpts_desktop.services.statutes import list_versions, rendered_articles


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("pdf", help="documents PDF")
    sub = parser.add_subparsers(dest="document", metavar="DOCUMENT", required=True)

    def add(name: str, help_text: str, handler: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        command: argparse.ArgumentParser = sub.add_parser(name, help=help_text)
        command.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER.pdf")
        command.set_defaults(handler=handler)
        return command

    form = add("membership-form", "bulletin d’adhésion, vierge ou pré-rempli", run_form)
    form.add_argument("--member", type=int, metavar="ID")
    form.add_argument("--year", type=year_argument, metavar="ANNÉE")
    receipt = add("receipt", "reçu de cotisation", run_receipt)
    receipt.add_argument("--payment", type=int, required=True, metavar="ID")
    attestation = add("attestation", "attestation d’adhésion", run_attestation)
    attestation.add_argument("--member", type=int, required=True, metavar="ID")
    attestation.add_argument("--year", type=year_argument, metavar="ANNÉE")
    listing = add("members-list", "liste des adhérents", run_list)
    listing.add_argument("--by", choices=("college", "profession"), default="college")
    listing.add_argument("--year", type=year_argument, metavar="ANNÉE")
    reminders = add("reminders", "lettres de relance des cotisations non réglées", run_reminders)
    reminders.add_argument("--year", type=year_argument, required=True, metavar="ANNÉE")
    statutes = add("statutes", "statuts (ou règlement intérieur) certifiés conformes", run_statutes)
    statutes.add_argument("--version", type=int, metavar="N", help="numéro de version (par défaut celle en vigueur)")
    statutes.add_argument("--internal-rules", action="store_true", help="le règlement intérieur plutôt que les statuts")
    add("board", "composition du conseil d’administration", run_board)
    conv = add("convocations", "convocations personnelles (et pouvoirs pour une AG)", run_convocations)
    conv.add_argument("--meeting", type=int, required=True, metavar="ID")
    conv.add_argument("--zip", type=Path, metavar="FICHIER.zip", help="en plus, un PDF par destinataire")
    sheet = add("attendance-sheet", "feuille d’émargement", run_attendance_sheet)
    sheet.add_argument("--meeting", type=int, required=True, metavar="ID")
    minutes = add("minutes", "procès-verbal", run_minutes)
    minutes.add_argument("--meeting", type=int, required=True, metavar="ID")
    add("officers", "liste des dirigeants (préfecture, banque)", run_officers)
    grant = add("grant", "fiche de suivi d’une subvention", run_grant)
    grant.add_argument("--id", type=int, required=True, metavar="ID")
    report = add("grants-report", "rapport du trésorier sur les subventions de l’année (AG)", run_grants_report)
    report.add_argument("--year", type=year_argument, required=True, metavar="ANNÉE")
    financial = add("financial-report", "compte rendu financier (CERFA n° 15059*02)", run_financial_report)
    financial.add_argument("--grant", type=int, required=True, metavar="ID")
    financial.add_argument("--year", type=year_argument, metavar="ANNÉE", help="exercice (par défaut le dernier clos)")
    aci = add("aci-summary", "synthèse ACI d’une année du contrat", run_aci_summary)
    aci.add_argument("--year", type=year_argument, required=True, metavar="ANNÉE")
    aci.add_argument("--grant", type=int, metavar="ID", help="le contrat, s’il y en a plusieurs")
    statement = add("indemnities", "relevé d’indemnisation d’un professionnel", run_statement)
    statement.add_argument("--member", type=int, required=True, metavar="ID")
    statement.add_argument("--from", dest="start", type=date_argument, required=True, metavar="DATE")
    statement.add_argument("--to", dest="end", type=date_argument, required=True, metavar="DATE")
    recap = add("indemnities-summary", "récapitulatif des indemnisations pour le trésorier", run_indemnities_summary)
    recap.add_argument("--from", dest="start", type=date_argument, required=True, metavar="DATE")
    recap.add_argument("--to", dest="end", type=date_argument, required=True, metavar="DATE")


def _done(path: Path) -> int:
    print(f"Document enregistré : {path}")
    return 0


def run_form(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        data = documents.membership_form(database, args.year or date.today().year, args.member)
    return _done(membership_form_pdf(data, args.output))


def run_receipt(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        data = documents.receipt(database, args.payment)
    return _done(receipt_pdf(data, args.output))


def run_attestation(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        data = documents.attestation(database, args.member, args.year or date.today().year)
    return _done(attestation_pdf(data, args.output))


def run_list(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        data = documents.members_list(database, args.year or date.today().year, args.by)
    return _done(members_list_pdf(data, args.output))


def run_reminders(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        data = documents.reminders(database, args.year)
    path = reminders_pdf(data, args.output)
    print(plural(len(data.letters), "{count} lettre de relance.", "{count} lettres de relance."))
    return _done(path)


def run_statutes(args: argparse.Namespace) -> int:
    kind = StatutesKind.INTERNAL_RULES if args.internal_rules else StatutesKind.STATUTES
    with database_of(args) as database:
        versions = list_versions(database, kind)
        if args.version is not None:
            chosen = next((v for v in versions if v.numero == args.version), None)
        else:
            adopted = [v for v in versions if v.statut is not StatutesStatus.DRAFT]
            candidates = adopted or versions
            chosen = candidates[-1] if candidates else None
        if chosen is None:
            raise CptsError(f"{kind.label} : aucune version" + (f" n° {args.version}." if args.version else "."))
        articles = rendered_articles(database, chosen.id)
        head = letterhead(database)
        president, secretary = signatories(database, BoardRole.PRESIDENT, BoardRole.SECRETARY)
    return _done(statutes_pdf(head, chosen, articles, president, secretary, args.output))


def run_board(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        path = board_pdf(letterhead(database), current_board(database), colleges(database), args.output)
    return _done(path)


def run_officers(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        (president,) = signatories(database, BoardRole.PRESIDENT)
        path = officers_pdf(letterhead(database), current_board(database), president, args.output)
    return _done(path)


def run_convocations(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        papers = documents.meeting_papers(database, args.meeting)
    path = convocations_pdf(papers, args.output)
    if args.zip:
        convocations_zip(papers, args.zip)
        print(f"Un PDF par destinataire : {args.zip}")
    print(plural(len(papers.convened), "{count} convocation.", "{count} convocations."))
    return _done(path)


def run_attendance_sheet(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        papers = documents.meeting_papers(database, args.meeting)
    return _done(attendance_sheet_pdf(papers, args.output))


def run_minutes(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        papers = documents.meeting_papers(database, args.meeting)
    return _done(minutes_pdf(papers, args.output))


def run_grant(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        papers = finance_documents.grant_papers(database, args.id)
    return _done(grant_sheet_pdf(papers, args.output))


def run_grants_report(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        report = finance_documents.grants_report(database, args.year)
    return _done(grants_report_pdf(report, args.output))


def run_financial_report(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        papers = financial_reports.financial_report(database, args.grant, args.year)
    return _done(financial_report_pdf(papers, args.output))


def run_aci_summary(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        papers = finance_documents.aci_papers(database, args.year, args.grant)
    return _done(aci_summary_pdf(papers, args.output))


def run_statement(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        papers = finance_documents.statement(database, args.member, args.start, args.end)
    return _done(statement_pdf(papers, args.output))


def run_indemnities_summary(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        totals = indemnities.totals(database, args.start, args.end)
        head = letterhead(database)
    return _done(indemnities_summary_pdf(totals, args.start, args.end, head, args.output))
