"""What the treasurer's documents print, gathered in one call each so the GUI and ``cpts pdf`` share it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cpts_desktop.domain.enums import BoardRole
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services import aci, grants, indemnities
from cpts_desktop.services.association import Letterhead, Signatory, letterhead, letterhead_of, signatories, signatory
from cpts_desktop.services.members import get_member
from cpts_desktop.store.engine import Database


@dataclass(frozen=True)
class GrantPapers:
    detail: grants.GrantDetail
    head: Letterhead
    president: Signatory


@dataclass(frozen=True)
class GrantsReport:
    summary: grants.Summary
    rows: list[grants.GrantYear]
    deadlines: list[grants.Deadline]
    aci_years: list[aci.AciYearSummary]
    head: Letterhead
    treasurer: Signatory


@dataclass(frozen=True)
class AciPapers:
    year: aci.AciYearSummary
    funder: str
    head: Letterhead


@dataclass(frozen=True)
class Statement:
    member: str
    rows: list[indemnities.TimeRow]
    start: date
    end: date
    head: Letterhead
    treasurer: Signatory
    year: indemnities.YearTotal  # the calendar year of ``end``: indemnités and rémunérations against the PASS


def grant_papers(database: Database, grant_id: int, today: date | None = None) -> GrantPapers:
    """The grant's sheet, its letterhead and signatory, read in one snapshot."""
    with database.snapshot() as session:
        return GrantPapers(
            grants.grant_detail_in(session, grant_id, today),
            letterhead_of(session),
            signatory(session, BoardRole.PRESIDENT),
        )


def grants_report(database: Database, year: int, today: date | None = None) -> GrantsReport:
    """The year's report on every grant, read in one snapshot so its totals and lines agree."""
    with database.snapshot() as session:
        return GrantsReport(
            grants.summary_in(session, year, today), grants.grant_years_in(session, year, today),
            grants.deadlines_in(session, 60, today), aci.contract_years_in(session, annee=year),
            letterhead_of(session), signatory(session, BoardRole.TREASURER),
        )  # fmt: skip


def aci_papers(database: Database, year: int, grant_id: int | None = None) -> AciPapers:
    """The contract year ``year`` of ``grant_id`` (without it, of the latest contract that has that year)."""
    with database.snapshot() as session:
        found = aci.contract_years_in(session, grant_id, year)
        if not found:
            raise CptsError(f"Aucune année {year} de contrat ACI n’est enregistrée (Financements > ACI).")
        chosen = found[-1]
        funder = grants.grant_row_in(session, chosen.grant_id).funder
        return AciPapers(chosen, funder, letterhead_of(session))


def statement(database: Database, member_id: int, start: date, end: date) -> Statement:
    (treasurer,) = signatories(database, BoardRole.TREASURER)
    data = get_member(database, member_id).data
    name = " ".join(p for p in (data.civilite.label if data.civilite else "", data.prenom, data.nom) if p)
    rows = indemnities.time_rows(database, start, end, member_id)
    year = indemnities.year_total(database, member_id, end.year)
    return Statement(name, rows, start, end, letterhead(database), treasurer, year)
