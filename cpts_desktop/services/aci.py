"""The ACI contract with the Assurance Maladie: the versioned amounts table (accord, avenants, the CPTS's
own contract), the simulator, and each contract year with its missions, indicators and payments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpts_desktop.config import reference_rows
from cpts_desktop.domain.enums import AciMission, GrantNature, IndicatorMode
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.grants import IndicatorResult, variable_earned
from cpts_desktop.domain.territory import AciTaille
from cpts_desktop.domain.text import search_key
from cpts_desktop.services.errors import NotFound
from cpts_desktop.services.territory import aci_taille, territory
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import AciAccord, AciAmount, AciIndicator, AciYear, AciYearMission, Grant

ZERO = Decimal("0.00")
MISSION_ORDER = list(AciMission)


# ---------------------------------------------------------------- the amounts table
def load_example_table(session: Session) -> None:
    """Fill the table from ``resources/aci_amounts.csv`` when the base has none (a new base)."""
    if session.scalars(select(AciAccord.id)).first() is not None:
        return
    rows = reference_rows("aci_amounts.csv")
    accords: dict[str, AciAccord] = {}
    for row in rows:
        accord = accords.get(row["accord"])
        if accord is None:
            accord = AciAccord(
                nom=row["accord"],
                en_vigueur_le=date.fromisoformat(row["en_vigueur_le"]),
                notes="Exemple fourni avec l’application : remplacez les montants par ceux de votre contrat.",
            )
            accords[row["accord"]] = accord
            session.add(accord)
        session.add(
            AciAmount(
                accord=accord,
                taille=int(row["taille"]),
                mission=AciMission(row["mission"]),
                part_fixe=Decimal(row["part_fixe"]),
                part_variable=Decimal(row["part_variable"]),
            )
        )


@dataclass(frozen=True)
class AccordRow:
    id: int
    nom: str
    en_vigueur_le: date
    notes: str | None


@dataclass(frozen=True)
class AmountRow:
    taille: int
    mission: AciMission
    part_fixe: Decimal
    part_variable: Decimal

    @property
    def total(self) -> Decimal:
        return self.part_fixe + self.part_variable


def accords(database: Database) -> list[AccordRow]:
    with database.snapshot() as session:
        return [
            AccordRow(a.id, a.nom, a.en_vigueur_le, a.notes)
            for a in session.scalars(select(AciAccord).order_by(AciAccord.en_vigueur_le.desc(), AciAccord.id.desc()))
        ]


def _accord_in_force(session: Session, on: date) -> AciAccord:
    """The latest accord in force on ``on`` (the oldest one when ``on`` precedes them all)."""
    found = (
        session.scalars(
            select(AciAccord)
            .where(AciAccord.en_vigueur_le <= on)
            .order_by(AciAccord.en_vigueur_le.desc(), AciAccord.id.desc())
        ).first()
        or session.scalars(select(AciAccord).order_by(AciAccord.en_vigueur_le)).first()
    )
    if found is None:
        raise NotFound("Aucun barème ACI n’est enregistré : ajoutez-en un dans Financements > ACI.")
    return found


def amounts(database: Database, accord_id: int) -> list[AmountRow]:
    with database.snapshot() as session:
        rows = session.scalars(select(AciAmount).where(AciAmount.accord_id == accord_id))
        found = [AmountRow(a.taille, a.mission, a.part_fixe, a.part_variable) for a in rows]
    return sorted(found, key=lambda r: (r.taille, MISSION_ORDER.index(r.mission)))


def add_accord(database: Database, nom: str, in_force: date, copy_from: int | None = None, notes: str = "") -> int:
    """A new version of the amounts (an avenant, the CPTS's own contract), starting as a copy of another."""
    nom = " ".join(nom.split())
    if not nom:
        raise ValidationError("nom", "Nom du barème : obligatoire (ex. « Avenant 2 – contrat signé »).")
    with database.sessions.begin() as session:
        if session.scalars(select(AciAccord).where(AciAccord.nom == nom)).first():
            raise ValidationError("nom", f"Un barème « {nom} » existe déjà.")
        accord = AciAccord(nom=nom, en_vigueur_le=in_force, notes=notes.strip() or None)
        session.add(accord)
        if copy_from is not None:
            for a in session.scalars(select(AciAmount).where(AciAmount.accord_id == copy_from)):
                session.add(
                    AciAmount(
                        accord=accord,
                        taille=a.taille,
                        mission=a.mission,
                        part_fixe=a.part_fixe,
                        part_variable=a.part_variable,
                    )
                )
        session.flush()
        return accord.id


def set_amount(
    database: Database, accord_id: int, taille: int, mission: AciMission, fixed: Decimal, variable: Decimal
) -> None:
    if fixed < 0 or variable < 0:
        raise ValidationError("montant", "Montants ACI : ils ne peuvent pas être négatifs.")
    if not 1 <= taille <= 9:
        raise ValidationError("taille", f"Taille : « {taille} » n’est pas une taille de CPTS (1 à 4).")
    with database.sessions.begin() as session:
        if session.get(AciAccord, accord_id) is None:
            raise NotFound("Ce barème n’existe plus.")
        line = session.scalars(
            select(AciAmount).where(
                AciAmount.accord_id == accord_id, AciAmount.taille == taille, AciAmount.mission == mission
            )
        ).first() or AciAmount(accord_id=accord_id, taille=taille, mission=mission)
        line.part_fixe, line.part_variable = fixed, variable
        session.add(line)


# ---------------------------------------------------------------- simulator
def parse_missions(text: str) -> list[AciMission]:
    """« 1,2,prevention », « accès aux soins ; qualité » → missions (numbers 1 to 6, keys or labels)."""
    found: list[AciMission] = []
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        key = search_key(part)
        mission = next(
            (
                m
                for m in AciMission
                if key in (m.value, search_key(m.value), str(MISSION_ORDER.index(m)))
                or (len(key) > 3 and key in search_key(m.label))
            ),
            None,
        )
        if mission is None:
            raise ValidationError(
                "missions",
                f"Mission « {part} » inconnue : indiquez 1 à 6 ou acces_soins, parcours, prevention, crises, "
                "qualite, accompagnement.",
            )
        if mission not in found:
            found.append(mission)
    return found


@dataclass(frozen=True)
class Simulation:
    taille: AciTaille
    accord: str
    lines: list[AmountRow]

    @property
    def fixed(self) -> Decimal:
        return sum((r.part_fixe for r in self.lines), ZERO)

    @property
    def variable(self) -> Decimal:
        return sum((r.part_variable for r in self.lines), ZERO)

    @property
    def max_total(self) -> Decimal:
        return self.fixed + self.variable


def simulate(
    database: Database, population: int, missions: list[AciMission] | None = None, on: date | None = None
) -> Simulation:
    """The yearly maximum for a territory of ``population`` signing ``missions`` (all of them when None;
    the operating part is always due), under the table in force on ``on``."""
    with database.snapshot() as session:
        accord = _accord_in_force(session, on or date.today())
        name, accord_id = accord.nom, accord.id
    return _simulation(population, missions, name, amounts(database, accord_id))


def simulate_example(population: int, missions: list[AciMission] | None = None) -> Simulation:
    """The same, from the example table shipped with the application (no base needed)."""
    rows = reference_rows("aci_amounts.csv")
    table = [
        AmountRow(int(r["taille"]), AciMission(r["mission"]), Decimal(r["part_fixe"]), Decimal(r["part_variable"]))
        for r in rows
    ]
    return _simulation(population, missions, rows[0]["accord"], table)


def _simulation(population: int, missions: list[AciMission] | None, accord: str, table: list[AmountRow]) -> Simulation:
    taille = aci_taille(population)
    chosen = set(missions) | {AciMission.OPERATING} if missions else set(AciMission)
    lines = [r for r in table if r.taille == taille.number and r.mission in chosen]
    return Simulation(taille, accord, sorted(lines, key=lambda r: MISSION_ORDER.index(r.mission)))


# ---------------------------------------------------------------- contract years
@dataclass(frozen=True)
class IndicatorRow:
    id: int
    libelle: str
    cible: Decimal
    realise: Decimal | None
    poids: Decimal
    mode: IndicatorMode

    @property
    def result(self) -> IndicatorResult:
        return IndicatorResult(self.cible, self.realise, self.poids, self.mode)


@dataclass(frozen=True)
class MissionLine:
    id: int
    mission: AciMission
    part_fixe: Decimal
    part_variable: Decimal
    indicators: list[IndicatorRow]

    @property
    def variable_earned(self) -> Decimal:
        return variable_earned(self.part_variable, (i.result for i in self.indicators))

    @property
    def earned(self) -> Decimal:
        return self.part_fixe + self.variable_earned


@dataclass(frozen=True)
class AciYearSummary:
    id: int
    version: int
    grant_id: int
    annee: int
    taille: int
    accord: str | None
    verse: Decimal
    missions: list[MissionLine]

    @property
    def fixed(self) -> Decimal:
        return sum((m.part_fixe for m in self.missions), ZERO)

    @property
    def variable_max(self) -> Decimal:
        return sum((m.part_variable for m in self.missions), ZERO)

    @property
    def variable_earned(self) -> Decimal:
        return sum((m.variable_earned for m in self.missions), ZERO)

    @property
    def expected(self) -> Decimal:
        """What the year brings: the fixed parts and the variable part the indicators earn."""
        return self.fixed + self.variable_earned

    @property
    def balance(self) -> Decimal:
        return self.expected - self.verse


def open_year(
    database: Database, grant_id: int, annee: int, missions: list[AciMission], population: int | None = None
) -> int:
    """A contract year: the taille from the territory's population (or ``population``), the table in force
    on 1 January, the operating part and the signed missions with their amounts copied from it."""
    taille = aci_taille(population if population is not None else territory(database).population)
    with database.sessions.begin() as session:
        grant = session.get(Grant, grant_id)
        if grant is None:
            raise NotFound(f"La subvention n° {grant_id} n’existe pas.")
        if grant.nature is not GrantNature.ACI:
            raise ValidationError("grant", "Cette subvention n’est pas un contrat ACI.")
        if session.scalars(select(AciYear).where(AciYear.grant_id == grant_id, AciYear.annee == annee)).first():
            raise ValidationError("annee", f"L’année {annee} de ce contrat existe déjà.")
        accord = _accord_in_force(session, date(annee, 1, 1))
        table = {
            a.mission: a
            for a in session.scalars(
                select(AciAmount).where(AciAmount.accord_id == accord.id, AciAmount.taille == taille.number)
            )
        }
        year = AciYear(grant_id=grant_id, annee=annee, taille=taille.number, accord_id=accord.id, verse=ZERO)
        session.add(year)
        session.flush()
        for mission in [AciMission.OPERATING, *[m for m in missions if m is not AciMission.OPERATING]]:
            amount = table.get(mission)
            session.add(
                AciYearMission(
                    aci_year_id=year.id,
                    mission=mission,
                    part_fixe=amount.part_fixe if amount else ZERO,
                    part_variable=amount.part_variable if amount else ZERO,
                )
            )
        return year.id


def add_indicator(
    database: Database,
    year_mission_id: int,
    libelle: str,
    target: Decimal,
    achieved: Decimal | None = None,
    weight: Decimal = Decimal(1),
    mode: IndicatorMode = IndicatorMode.PROPORTIONAL,
) -> int:
    libelle = " ".join(libelle.split())
    if not libelle:
        raise ValidationError("libelle", "Indicateur : donnez-lui un libellé.")
    if target <= 0:
        raise ValidationError("cible", "Cible de l’indicateur : elle doit être positive.")
    if weight <= 0:
        raise ValidationError("poids", "Poids de l’indicateur : il doit être positif.")
    with database.sessions.begin() as session:
        if session.get(AciYearMission, year_mission_id) is None:
            raise NotFound("Cette mission n’existe plus dans l’année du contrat.")
        item = AciIndicator(
            year_mission_id=year_mission_id, libelle=libelle, cible=target, realise=achieved, poids=weight, mode=mode
        )
        session.add(item)
        session.flush()
        return item.id


def set_achieved(database: Database, indicator_id: int, achieved: Decimal | None) -> None:
    if achieved is not None and achieved < 0:
        raise ValidationError("realise", "Valeur atteinte : elle ne peut pas être négative.")
    with database.sessions.begin() as session:
        item = session.get(AciIndicator, indicator_id)
        if item is None:
            raise NotFound("Cet indicateur n’existe plus.")
        item.realise = achieved


def set_paid(database: Database, year_id: int, paid: Decimal) -> None:
    """What the CPAM has paid for this contract year so far (advance and balances)."""
    if paid < 0:
        raise ValidationError("verse", "Montant versé : il ne peut pas être négatif.")
    with database.sessions.begin() as session:
        year = session.get(AciYear, year_id)
        if year is None:
            raise NotFound("Cette année du contrat n’existe plus.")
        year.verse = paid


def set_mission_amounts(database: Database, year_mission_id: int, fixed: Decimal, variable: Decimal) -> None:
    """The amounts of the signed contract when they differ from the table."""
    if fixed < 0 or variable < 0:
        raise ValidationError("montant", "Montants ACI : ils ne peuvent pas être négatifs.")
    with database.sessions.begin() as session:
        line = session.get(AciYearMission, year_mission_id)
        if line is None:
            raise NotFound("Cette mission n’existe plus dans l’année du contrat.")
        line.part_fixe, line.part_variable = fixed, variable


def contract_years(
    database: Database, grant_id: int | None = None, annee: int | None = None, year_id: int | None = None
) -> list[AciYearSummary]:
    """The contract years (of one grant, of one calendar year, or one year by id) with missions and
    indicators, in four queries."""
    with database.snapshot() as session:
        return contract_years_in(session, grant_id, annee, year_id)


def contract_years_in(
    session: Session, grant_id: int | None = None, annee: int | None = None, year_id: int | None = None
) -> list[AciYearSummary]:
    """``contract_years`` inside the caller's ``session``."""
    query = select(AciYear, AciAccord.nom).outerjoin(AciAccord).order_by(AciYear.annee, AciYear.id)
    if year_id is not None:
        query = query.where(AciYear.id == year_id)
    if grant_id is not None:
        query = query.where(AciYear.grant_id == grant_id)
    if annee is not None:
        query = query.where(AciYear.annee == annee)
    years = session.execute(query).all()
    ids = [y.id for y, _ in years]
    lines = list(session.scalars(select(AciYearMission).where(AciYearMission.aci_year_id.in_(ids))))
    indicators: dict[int, list[IndicatorRow]] = {}
    for i in session.scalars(
        select(AciIndicator).where(AciIndicator.year_mission_id.in_([m.id for m in lines])).order_by(AciIndicator.id)
    ):
        indicators.setdefault(i.year_mission_id, []).append(
            IndicatorRow(i.id, i.libelle, i.cible, i.realise, i.poids, i.mode)
        )
    by_year: dict[int, list[MissionLine]] = {}
    for m in sorted(lines, key=lambda m: MISSION_ORDER.index(m.mission)):
        by_year.setdefault(m.aci_year_id, []).append(
            MissionLine(m.id, m.mission, m.part_fixe, m.part_variable, indicators.get(m.id, []))
        )
    return [
        AciYearSummary(y.id, y.version, y.grant_id, y.annee, y.taille, nom, y.verse, by_year.get(y.id, []))
        for y, nom in years
    ]


def contract_year(database: Database, year_id: int) -> AciYearSummary:
    found = contract_years(database, year_id=year_id)
    if not found:
        raise NotFound("Cette année du contrat n’existe plus.")
    return found[0]
