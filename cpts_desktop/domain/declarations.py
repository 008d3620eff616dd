"""Déclarations en préfecture (loi du 1er juillet 1901, article 5): which form a change is declared on,
what it changes, and the three months allowed after the decision."""

from __future__ import annotations

from datetime import date

from cpts_desktop.domain.enums import LabelledEnum
from cpts_desktop.domain.grants import add_months

DECLARATION_DELAY_MONTHS = 3


class DeclarationForm(LabelledEnum):
    """The CERFA a change is declared on: directors on one, everything else on the other."""

    DIRECTORS = "13971", "CERFA 13971 – changement de dirigeants"
    MODIFICATION = "13972", "CERFA 13972 – modification de l’association"


class ChangeSubject(LabelledEnum):
    """What a decision changed, as the préfecture's forms name it."""

    DIRECTORS = "dirigeants", "Dirigeants"
    TITLE = "titre", "Titre"
    PURPOSE = "objet", "Objet"
    SEAT = "siege", "Siège social"
    MANAGEMENT_ADDRESS = "adresse_gestion", "Adresse de gestion"
    STATUTES = "statuts", "Statuts"
    DISSOLUTION = "dissolution", "Dissolution"

    @property
    def form(self) -> DeclarationForm:
        return DeclarationForm.DIRECTORS if self is ChangeSubject.DIRECTORS else DeclarationForm.MODIFICATION


class DeclarationStatus(LabelledEnum):
    """Where a declaration stands, read from its dates: filed closes the reminder, the récépissé proves it."""

    TO_FILE = "a_deposer", "À déposer"
    FILED = "deposee", "Déposée"
    RECEIVED = "recepisse", "Récépissé reçu"


def status_of(date_depot: date | None, recepisse_date: date | None) -> DeclarationStatus:
    if recepisse_date is not None:
        return DeclarationStatus.RECEIVED
    return DeclarationStatus.FILED if date_depot is not None else DeclarationStatus.TO_FILE


def deadline(decision: date) -> date:
    """The last day to declare a change decided on ``decision``."""
    return add_months(decision, DECLARATION_DELAY_MONTHS)
