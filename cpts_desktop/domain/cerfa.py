"""The tableau de synthèse of the compte rendu financier (CERFA n° 15059*02): charges by nature (60 to 68),
produits by type of resource (70, 74 by funder, 75, 76, 78), contributions volontaires (86 = 87), and the
line that makes the two totals equal, as the form requires. Pure arithmetic: the service gathers the
figures, the PDF draws them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from cpts_desktop.domain.enums import LabelledEnum

ZERO = Decimal("0.00")

# The lines « charges directes affectées à l’action » of the form, in its order.
CHARGE_NATURES = {
    "60": "Achats (prestations de services, matières et fournitures)",
    "61": "Services extérieurs (locations, entretien, assurance, documentation)",
    "62": "Autres services extérieurs (honoraires, publicité, déplacements, missions, services bancaires)",
    "63": "Impôts et taxes",
    "64": "Charges de personnel (rémunérations, charges sociales)",
    "65": "Autres charges de gestion courante",
    "66": "Charges financières",
    "67": "Charges exceptionnelles",
    "68": "Dotations aux amortissements, provisions et engagements à réaliser sur ressources affectées",
}


class ResourceKind(LabelledEnum):
    """A line the treasurer adds beside the grant: another resource, indirect charges, or contributions
    volontaires en nature (counted both as 86 emplois and 87 contributions)."""

    SALES = "70", "70 – Ventes, prestations de services"
    STATE = "74-etat", "74 – État"
    REGION = "74-region", "74 – Région(s)"
    DEPARTMENT = "74-departement", "74 – Département(s)"
    EPCI = "74-epci", "74 – Intercommunalité(s) : EPCI"
    MUNICIPALITY = "74-commune", "74 – Commune(s)"
    SOCIAL = "74-organismes-sociaux", "74 – Organismes sociaux"
    EUROPE = "74-fonds-europeens", "74 – Fonds européens"
    ASP = "74-asp", "74 – Agence de services et de paiement (emplois aidés)"
    PUBLIC_OTHER = "74-autres-publics", "74 – Autres établissements publics"
    PRIVATE = "74-aides-privees", "74 – Aides privées (fondations, mécénat d’entreprise)"
    DUES = "756", "756 – Cotisations des adhérents"
    GIFTS = "754", "754 – Dons manuels, legs"
    OTHER_INCOME = "75", "75 – Autres produits de gestion courante"
    FINANCIAL = "76", "76 – Produits financiers"
    RESERVES = "78", "78 – Reprises sur amortissements et provisions"
    CARRIED = "789", "789 – Report de ressources non utilisées d’exercices antérieurs"
    INDIRECT = "charges-indirectes", "Charges indirectes affectées à l’action"
    VOLUNTEER = "contributions", "Contributions volontaires en nature (86 / 87)"

    @property
    def code(self) -> str:
        """The form's account number: « 74 », « 756 »…"""
        return self.value.split("-")[0] if self.value[0].isdigit() else ""

    @property
    def is_charge(self) -> bool:
        return self is ResourceKind.INDIRECT

    @property
    def is_grant(self) -> bool:
        return self.value.startswith("74")


@dataclass(frozen=True)
class Line:
    """One line of the tableau: its account, label, prévisionnel (None: not entered) and réalisé."""

    code: str
    label: str
    prevu: Decimal | None
    realise: Decimal

    @property
    def ecart(self) -> Decimal | None:
        return None if self.prevu is None else self.realise - self.prevu

    @property
    def ecart_percent(self) -> Decimal | None:
        """The écart as a share of the prévisionnel, one decimal (None without a prévisionnel)."""
        if not self.prevu:
            return None
        return ((self.realise - self.prevu) * 100 / self.prevu).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Synthesis:
    """Charges and produits of the action; ``excess`` (charges side) or ``shortfall`` (produits side) make
    the totals equal in each column; ``contributions`` is both the 86 and the 87 line."""

    charges: list[Line]
    produits: list[Line]
    excess: Line
    shortfall: Line
    contributions: Line
    forecast: bool  # a prévisionnel was entered somewhere: its column is drawn with totals

    @property
    def total_charges(self) -> Line:
        return _total("Total des charges", [*self.charges, self.excess])

    @property
    def total_produits(self) -> Line:
        return _total("Total des produits", [*self.produits, self.shortfall])

    @property
    def grand_total(self) -> Line:
        """Total including the contributions volontaires, the same on both sides."""
        return _total("Total", [self.total_charges, self.contributions])


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), ZERO)


def _total(label: str, lines: list[Line]) -> Line:
    forecast = any(line.prevu is not None for line in lines)
    return Line(
        "", label, _sum(line.prevu for line in lines) if forecast else None, _sum(line.realise for line in lines)
    )


def synthesis(charges: list[Line], produits: list[Line], contributions: Line) -> Synthesis:
    """The tableau balanced column by column: resources beyond the charges are an excédent to carry over
    (« engagements à réaliser »), charges beyond the resources an insuffisance met by the association's
    own funds."""
    forecast = any(line.prevu is not None for line in (*charges, *produits, contributions))
    spent, raised = _sum(c.realise for c in charges), _sum(p.realise for p in produits)
    planned = _sum(c.prevu for c in charges), _sum(p.prevu for p in produits)
    excess = Line(
        "689",
        "Excédent : ressources non employées, à reporter (engagements à réaliser)",
        max(planned[1] - planned[0], ZERO) if forecast else None,
        max(raised - spent, ZERO),
    )
    shortfall = Line(
        "",
        "Insuffisance : part financée sur les fonds propres de l’association",
        max(planned[0] - planned[1], ZERO) if forecast else None,
        max(spent - raised, ZERO),
    )
    return Synthesis(charges, produits, excess, shortfall, contributions, forecast)


@dataclass(frozen=True)
class Mapping:
    """Where an expense category and a funder type go in the form (``resources/compte_rendu_financier.csv``)."""

    natures: dict[str, str]  # expense category value → « 64 »
    accounts: dict[str, str]  # expense category value → « 641 / 645 »
    funders: dict[str, ResourceKind]  # funder type value → its 74 line


def read_mapping(rows: Iterable[dict[str, str]]) -> Mapping:
    natures, accounts, funders = {}, {}, {}
    for row in rows:
        value, target = row["valeur"].strip(), row["rubrique"].strip()
        if row["source"].strip() == "categorie":
            if target not in CHARGE_NATURES:
                raise ValueError(f"Nature de charges inconnue : {target}")
            natures[value], accounts[value] = target, (row.get("compte") or "").strip()
        else:
            funders[value] = ResourceKind(target)
    return Mapping(natures, accounts, funders)
