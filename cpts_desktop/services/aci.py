"""The ACI contract with the Assurance Maladie: the versioned amounts table (accord, avenants, the CPTS's
own contract), the simulator, and each contract year with its missions, indicators and payments."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpts_desktop.config import reference_rows, resource
from cpts_desktop.domain.enums import AciMission, GrantNature, IndicatorMode
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.grants import (
    VARIABLE_CONDITIONS,
    AciVersionStatus,
    IndicatorResult,
    conditional_variable_earned,
    variable_earned,
)
from cpts_desktop.domain.territory import AciTaille, load_tailles, taille_numbered
from cpts_desktop.domain.text import search_key
from cpts_desktop.i18n import format_date
from cpts_desktop.services.errors import NotFound
from cpts_desktop.services.territory import aci_taille, territory
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import AciAccord, AciAmount, AciIndicator, AciYear, AciYearMission, Grant

ZERO = Decimal("0.00")
MISSION_ORDER = list(AciMission)


# ---------------------------------------------------------------- the amounts table
SHIPPED_NOTE = "Version fournie avec l’application : remplacez les montants par ceux de votre contrat."


@dataclass(frozen=True)
class AccordRow:
    """A version of the amounts table: when it starts, how far it can be trusted, where it comes from,
    and which CPTS it concerns (by the signature date of their contract)."""

    id: int
    nom: str
    en_vigueur_le: date
    notes: str | None
    statut: AciVersionStatus = AciVersionStatus.OWN
    source: str | None = None
    signe_avant: date | None = None

    @property
    def condition(self) -> str | None:
        """« CPTS ayant signé leur contrat avant le 31 décembre 2021 », or None when it concerns all."""
        if self.signe_avant is None:
            return None
        return f"CPTS ayant signé leur contrat avant le {format_date(self.signe_avant)}"

    def applies_to(self, signed_on: date | None) -> bool:
        """Whether a CPTS whose contract was signed on ``signed_on`` (unknown: None) gets this version."""
        return self.signe_avant is None or signed_on is None or signed_on < self.signe_avant

    @property
    def description(self) -> str:
        """What every maximum shown says about the version it comes from."""
        text = f"« {self.nom} », en vigueur le {format_date(self.en_vigueur_le)} – {self.statut.label}"
        return text + (f" – concerne les {self.condition}" if self.condition else "")


@dataclass(frozen=True)
class AmountRow:
    taille: int
    mission: AciMission
    part_fixe: Decimal
    part_variable: Decimal

    @property
    def total(self) -> Decimal:
        return self.part_fixe + self.part_variable

    @property
    def variable_condition(self) -> str | None:
        """The condition its variable part waits for (« crise sanitaire reconnue par l’ARS »), if any."""
        return VARIABLE_CONDITIONS.get(self.mission) if self.part_variable else None


@dataclass(frozen=True)
class Version:
    accord: AccordRow
    lines: list[AmountRow]

    def total(self, taille: int) -> Decimal:
        return sum((r.total for r in self.lines if r.taille == taille), ZERO)


def _money(text: str) -> Decimal:
    return Decimal(text).quantize(ZERO)


def shipped_versions() -> list[Version]:
    """The versions shipped in ``resources/aci_versions.csv`` and ``aci_amounts.csv`` (no base needed)."""
    return list(_shipped())


@functools.cache
def _shipped() -> tuple[Version, ...]:
    """Read once per process: every opening of a base compares them with the base's."""
    lines: dict[str, list[AmountRow]] = {}
    for r in reference_rows("aci_amounts.csv"):
        lines.setdefault(r["accord"], []).append(
            AmountRow(int(r["taille"]), AciMission(r["mission"]), _money(r["part_fixe"]), _money(r["part_variable"]))
        )
    versions = []
    for number, r in enumerate(reference_rows("aci_versions.csv"), start=1):
        accord = AccordRow(
            number, r["accord"], date.fromisoformat(r["en_vigueur_le"]), SHIPPED_NOTE, AciVersionStatus(r["statut"]),
            r["source"].strip() or None, date.fromisoformat(r["signe_avant"]) if r["signe_avant"].strip() else None,
        )  # fmt: skip
        versions.append(Version(accord, _sorted(lines.get(accord.nom, []))))
    return tuple(versions)


def load_example_table(session: Session) -> None:
    """Add to the base each shipped version it lacks (by name): a new base gets them all, an existing
    base the versions of a newer release; versions already there, edited or not, are left as they are."""
    existing = set(session.scalars(select(AciAccord.nom)))
    for version in shipped_versions():
        a = version.accord
        if a.nom in existing:
            continue
        accord = AciAccord(
            nom=a.nom, en_vigueur_le=a.en_vigueur_le, notes=a.notes, statut=a.statut, source=a.source,
            signe_avant=a.signe_avant,
        )  # fmt: skip
        session.add(accord)
        for line in version.lines:
            session.add(AciAmount(accord=accord, taille=line.taille, mission=line.mission, part_fixe=line.part_fixe,
                                  part_variable=line.part_variable))  # fmt: skip


def _accord_row(a: AciAccord) -> AccordRow:
    return AccordRow(a.id, a.nom, a.en_vigueur_le, a.notes, a.statut, a.source, a.signe_avant)


def _sorted(rows: list[AmountRow]) -> list[AmountRow]:
    return sorted(rows, key=lambda r: (r.taille, MISSION_ORDER.index(r.mission)))


def accords(database: Database) -> list[AccordRow]:
    with database.snapshot() as session:
        return [
            _accord_row(a)
            for a in session.scalars(select(AciAccord).order_by(AciAccord.en_vigueur_le.desc(), AciAccord.id.desc()))
        ]


def _versions_in(session: Session) -> list[Version]:
    """Every version of the base with its amounts, in two queries (the table is small)."""
    lines: dict[int, list[AmountRow]] = {}
    for a in session.scalars(select(AciAmount)):
        lines.setdefault(a.accord_id, []).append(AmountRow(a.taille, a.mission, a.part_fixe, a.part_variable))
    return [Version(_accord_row(a), _sorted(lines.get(a.id, []))) for a in session.scalars(select(AciAccord))]


def versions(database: Database | None) -> list[Version]:
    """The base's versions, or the shipped ones when there is no base yet."""
    if database is None:
        return shipped_versions()
    with database.snapshot() as session:
        return _versions_in(session)


def version_for(
    found: list[Version], taille: int, on: date, signed_on: date | None = None
) -> tuple[Version, str | None]:
    """The version in force on ``on`` for a CPTS of ``taille`` (the latest that has amounts for that taille
    and concerns a contract signed on ``signed_on``), with a French warning when the choice needs one."""
    having = [v for v in found if any(r.taille == taille for r in v.lines)]
    if not having:
        raise NotFound(f"Aucun barème ACI n’a de montants pour la taille {taille} : ajoutez-les dans Financements > "
                       "ACI > Barème.")  # fmt: skip

    def order(v: Version) -> tuple[date, int]:
        return v.accord.en_vigueur_le, v.accord.id

    started = sorted((v for v in having if v.accord.en_vigueur_le <= on), key=order)
    fitting = [v for v in started if v.accord.applies_to(signed_on)]
    if not fitting:
        first = min(having, key=order)
        return first, (f"Aucun barème de taille {taille} n’est en vigueur le {format_date(on)} pour ce contrat : "
                       f"montants de « {first.accord.nom} ».")  # fmt: skip
    chosen = fitting[-1]
    later = [v for v in started if order(v) > order(chosen)]
    if not later or signed_on is None:
        return chosen, None
    return chosen, (
        f"« {later[-1].accord.nom} » ne concerne que les {later[-1].accord.condition} : pour un contrat signé le "
        f"{format_date(signed_on)}, ces montants sont ceux de la version précédente, sans doute dépassés ; "
        "saisissez ceux de votre contrat (Barème > Nouvelle version)."
    )


def amounts(database: Database, accord_id: int) -> list[AmountRow]:
    with database.snapshot() as session:
        rows = session.scalars(select(AciAmount).where(AciAmount.accord_id == accord_id))
        return _sorted([AmountRow(a.taille, a.mission, a.part_fixe, a.part_variable) for a in rows])


def add_accord(
    database: Database,
    nom: str,
    in_force: date,
    copy_from: int | None = None,
    notes: str = "",
    source: str = "",
    signed_before: date | None = None,
) -> int:
    """A new version of the amounts (an avenant, the CPTS's own contract), starting as a copy of another;
    it is the treasurer's (status « saisi par la CPTS »)."""
    nom = " ".join(nom.split())
    if not nom:
        raise ValidationError("nom", "Nom du barème : obligatoire (ex. « Avenant 2 – contrat signé »).")
    with database.sessions.begin() as session:
        if session.scalars(select(AciAccord).where(AciAccord.nom == nom)).first():
            raise ValidationError("nom", f"Un barème « {nom} » existe déjà.")
        accord = AciAccord(
            nom=nom, en_vigueur_le=in_force, notes=notes.strip() or None, statut=AciVersionStatus.OWN,
            source=source.strip() or None, signe_avant=signed_before,
        )  # fmt: skip
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


def letter_of_intent_aid(taille: int) -> Decimal | None:
    """The aid a CPTS of ``taille`` may get at the lettre d'intention stage, before the contract."""
    rows = {int(r["taille"]): _money(r["montant"]) for r in reference_rows("aci_lettre_intention.csv")}
    return rows.get(taille)


def tailles() -> list[AciTaille]:
    return load_tailles(resource("aci_tailles.csv"))


@dataclass(frozen=True)
class Simulation:
    """The yearly maximum of one taille on one date, line by line, with the version it comes from."""

    taille: AciTaille
    version: AccordRow
    lines: list[AmountRow]
    on: date
    warning: str | None
    letter_of_intent: Decimal | None

    @property
    def accord(self) -> str:
        return self.version.nom

    @property
    def fixed(self) -> Decimal:
        return sum((r.part_fixe for r in self.lines), ZERO)

    @property
    def variable(self) -> Decimal:
        return sum((r.part_variable for r in self.lines), ZERO)

    @property
    def conditional_variable(self) -> Decimal:
        """The part of the variable that waits for a condition (the crisis the ARS recognises)."""
        return sum((r.part_variable for r in self.lines if r.variable_condition), ZERO)

    @property
    def max_total(self) -> Decimal:
        return self.fixed + self.variable


def simulate(
    database: Database | None,
    population: int | None,
    missions: list[AciMission] | None = None,
    on: date | None = None,
    signed_on: date | None = None,
    taille: int | None = None,
) -> Simulation:
    """The yearly maximum for a territory of ``population`` (or the taille numbered ``taille``) signing
    ``missions`` (all of them when None; the operating part is always due), under the version in force on
    ``on`` (today by default) for a contract signed on ``signed_on``; without a base, the shipped versions."""
    if taille is not None:
        size = taille_numbered(taille, tailles())
    elif population is not None:
        size = aci_taille(population)
    else:
        raise ValidationError("population", "Indiquez la population du territoire ou la taille de la CPTS.")
    day = on or date.today()
    version, warning = version_for(versions(database), size.number, day, signed_on)
    chosen = set(missions) | {AciMission.OPERATING} if missions else set(AciMission)
    lines = [r for r in version.lines if r.taille == size.number and r.mission in chosen]
    return Simulation(size, version.accord, lines, day, warning, letter_of_intent_aid(size.number))


def maxima(database: Database | None, on: date | None = None, signed_on: date | None = None) -> list[Simulation]:
    """The yearly maximum of every taille on ``on``: each the sum of the version in force for it."""
    found = versions(database)
    day = on or date.today()
    result = []
    for size in tailles():
        version, warning = version_for(found, size.number, day, signed_on)
        lines = [r for r in version.lines if r.taille == size.number]
        result.append(Simulation(size, version.accord, lines, day, warning, letter_of_intent_aid(size.number)))
    return result


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
    condition_met_on: date | None = None

    @property
    def variable_condition(self) -> str | None:
        """« crise sanitaire reconnue par l’ARS » for the crises mission: its variable part waits for it."""
        return VARIABLE_CONDITIONS.get(self.mission)

    @property
    def variable_earned(self) -> Decimal:
        results = [i.result for i in self.indicators]
        if self.variable_condition:
            return conditional_variable_earned(self.part_variable, results, self.condition_met_on)
        return variable_earned(self.part_variable, results)

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
    accord_status: AciVersionStatus | None = None

    @property
    def fixed(self) -> Decimal:
        return sum((m.part_fixe for m in self.missions), ZERO)

    @property
    def variable_max(self) -> Decimal:
        return sum((m.part_variable for m in self.missions), ZERO)

    @property
    def conditional_line(self) -> MissionLine | None:
        """The signed mission whose variable part waits for a condition (the crisis the ARS recognises)."""
        return next((m for m in self.missions if m.variable_condition and m.part_variable), None)

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
    """A contract year: the taille from the territory's population (or ``population``), the version in force
    on 1 January for a contract signed when the grant was, the operating part and the signed missions
    with their amounts copied from it."""
    taille = aci_taille(population if population is not None else territory(database).population)
    with database.sessions.begin() as session:
        grant = session.get(Grant, grant_id)
        if grant is None:
            raise NotFound(f"La subvention n° {grant_id} n’existe pas.")
        if grant.nature is not GrantNature.ACI:
            raise ValidationError("grant", "Cette subvention n’est pas un contrat ACI.")
        if session.scalars(select(AciYear).where(AciYear.grant_id == grant_id, AciYear.annee == annee)).first():
            raise ValidationError("annee", f"L’année {annee} de ce contrat existe déjà.")
        version, _ = version_for(_versions_in(session), taille.number, date(annee, 1, 1), grant.date_signature)
        table = {a.mission: a for a in version.lines if a.taille == taille.number}
        year = AciYear(grant_id=grant_id, annee=annee, taille=taille.number, accord_id=version.accord.id, verse=ZERO)
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


def set_condition_met(database: Database, year_id: int, met_on: date | None) -> None:
    """Record (or, with None, withdraw) the date the ARS recognised a crisis sanitaire for this contract
    year: from then the crises mission's variable part is due."""
    with database.sessions.begin() as session:
        year = session.get(AciYear, year_id)
        if year is None:
            raise NotFound("Cette année du contrat n’existe plus.")
        line = session.scalars(
            select(AciYearMission).where(
                AciYearMission.aci_year_id == year_id, AciYearMission.mission.in_(list(VARIABLE_CONDITIONS))
            )
        ).first()
        if line is None:
            raise ValidationError(
                "mission",
                f"L’année {year.annee} n’a pas la mission « {AciMission.CRISES.label} » : rien à reconnaître.",
            )
        line.condition_remplie_le = met_on


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
    query = select(AciYear, AciAccord.nom, AciAccord.statut).outerjoin(AciAccord).order_by(AciYear.annee, AciYear.id)
    if year_id is not None:
        query = query.where(AciYear.id == year_id)
    if grant_id is not None:
        query = query.where(AciYear.grant_id == grant_id)
    if annee is not None:
        query = query.where(AciYear.annee == annee)
    years = session.execute(query).all()
    ids = [y.id for y, _, _ in years]
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
            MissionLine(m.id, m.mission, m.part_fixe, m.part_variable, indicators.get(m.id, []), m.condition_remplie_le)
        )
    return [
        AciYearSummary(y.id, y.version, y.grant_id, y.annee, y.taille, nom, y.verse, by_year.get(y.id, []), status)
        for y, nom, status in years
    ]


def contract_year(database: Database, year_id: int) -> AciYearSummary:
    found = contract_years(database, year_id=year_id)
    if not found:
        raise NotFound("Cette année du contrat n’existe plus.")
    return found[0]
