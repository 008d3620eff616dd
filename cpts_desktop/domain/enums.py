"""Closed lists of the domain. Values are stored in the database; labels are what the user reads."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Self


class LabelledEnum(StrEnum):
    """An enum whose members carry a French label for display."""

    label: str

    if TYPE_CHECKING:
        # Members are declared as (value, label); once the class is built, ``Kind("value")`` is the
        # ordinary lookup by value, which is the only call a type checker should see.
        def __new__(cls, value: str) -> Self: ...

    else:

        def __new__(cls, value: str, label: str) -> LabelledEnum:
            member = str.__new__(cls, value)
            member._value_ = value
            member.label = label
            return member


class MemberKind(LabelledEnum):
    PERSON = "personne", "Professionnel de santé"
    STRUCTURE = "structure", "Structure"


class Civility(LabelledEnum):
    MADAME = "Mme", "Madame"
    MONSIEUR = "M.", "Monsieur"


class MemberStatus(LabelledEnum):
    ACTIVE = "actif", "Actif"
    RESIGNED = "demissionnaire", "Démissionnaire"
    STRUCK_OFF = "radie", "Radié"
    DECEASED = "decede", "Décédé"


class PracticeMode(LabelledEnum):
    LIBERAL = "liberal", "Libéral"
    SALARIED = "salarie", "Salarié"
    MIXED = "mixte", "Mixte"


class StructureType(LabelledEnum):
    MSP = "msp", "Maison de santé pluriprofessionnelle"
    HEALTH_CENTRE = "centre_sante", "Centre de santé"
    EHPAD = "ehpad", "EHPAD"
    SSIAD = "ssiad", "SSIAD"
    HOSPITAL = "etablissement_sante", "Établissement de santé"
    # an établissement de santé of its own kind, not a home-care service like the SSIAD
    HOME_HOSPITALISATION = "had", "Hospitalisation à domicile (HAD)"
    LABORATORY = "laboratoire", "Laboratoire de biologie médicale"
    PHARMACY = "pharmacie", "Pharmacie"
    USERS_ASSOCIATION = "association_usagers", "Association d’usagers"
    OTHER = "autre", "Autre structure"


class PaymentMethod(LabelledEnum):
    CHEQUE = "cheque", "Chèque"
    TRANSFER = "virement", "Virement"
    CASH = "especes", "Espèces"
    CARD = "carte", "Carte bancaire"
    DIRECT_DEBIT = "prelevement", "Prélèvement"
    ONLINE = "en_ligne", "Plateforme en ligne"
    HELLOASSO = "helloasso", "HelloAsso"


class BoardRole(LabelledEnum):
    PRESIDENT = "president", "Président"
    VICE_PRESIDENT = "vice_president", "Vice-président"
    SECRETARY = "secretaire", "Secrétaire"
    DEPUTY_SECRETARY = "secretaire_adjoint", "Secrétaire adjoint"
    TREASURER = "tresorier", "Trésorier"
    DEPUTY_TREASURER = "tresorier_adjoint", "Trésorier adjoint"
    DIRECTOR = "administrateur", "Administrateur"


class StatutesKind(LabelledEnum):
    STATUTES = "statuts", "Statuts"
    INTERNAL_RULES = "reglement_interieur", "Règlement intérieur"


class MeetingType(LabelledEnum):
    ORDINARY_GENERAL = "ago", "Assemblée générale ordinaire"
    EXTRAORDINARY_GENERAL = "age", "Assemblée générale extraordinaire"
    BOARD = "ca", "Conseil d’administration"
    BUREAU = "bureau", "Bureau"
    OTHER = "autre", "Autre réunion"


class MeetingStatus(LabelledEnum):
    PLANNED = "prevue", "Prévue"
    CONVENED = "convoquee", "Convoquée"
    HELD = "tenue", "Tenue"
    MINUTES_APPROVED = "pv_approuve", "PV approuvé"


class AttendanceStatus(LabelledEnum):
    PRESENT = "present", "Présent"
    REPRESENTED = "represente", "Représenté"
    EXCUSED = "excuse", "Excusé"
    ABSENT = "absent", "Absent"


class Majority(LabelledEnum):
    SIMPLE = "simple", "Majorité simple"
    ABSOLUTE = "absolue", "Majorité absolue"
    TWO_THIRDS = "deux_tiers", "Majorité des deux tiers"


class StatutesStatus(LabelledEnum):
    DRAFT = "projet", "Projet"
    ADOPTED = "adoptee", "Adoptée"
    DECLARED = "declaree", "Déclarée en préfecture"


class FunderType(LabelledEnum):
    ARS = "ars", "ARS (FIR)"
    REGION = "region", "Conseil régional"
    CPAM = "cpam", "CPAM / Assurance Maladie (ACI)"
    DEPARTMENT = "departement", "Conseil départemental"
    MUNICIPALITY = "commune", "Commune / intercommunalité"
    URPS = "urps", "URPS"
    FOUNDATION = "fondation", "Fondation"
    OTHER = "autre", "Autre financeur"


class GrantNature(LabelledEnum):
    START_UP = "amorcage", "Amorçage / rédaction du projet de santé"
    OPERATING = "fonctionnement", "Fonctionnement"
    PROJECT = "projet", "Projet / action"
    ACI = "aci", "ACI"


class GrantStatus(LabelledEnum):
    PREPARING = "preparation", "En préparation"
    REQUESTED = "demandee", "Demandée"
    AWARDED = "accordee", "Accordée"
    REFUSED = "refusee", "Refusée"
    SETTLED = "soldee", "Soldée"


class ExpenseCategory(LabelledEnum):
    STAFF = "personnel", "Personnel"
    SERVICES = "prestations", "Prestations"
    MEETINGS = "frais_reunion", "Frais de réunion"
    COMPENSATION = "indemnisation", "Indemnisation des professionnels"
    EQUIPMENT = "materiel", "Matériel et logiciels"
    COMMUNICATION = "communication", "Communication"
    OTHER = "autre", "Autre"


class ObligationKind(LabelledEnum):
    FINANCIAL_REPORT = "compte_rendu_financier", "Compte rendu financier"
    ACTIVITY_REPORT = "rapport_activite", "Rapport d’activité"
    INDICATORS = "indicateurs", "Rapport d’indicateurs"
    OTHER = "autre", "Autre obligation"


class AuditAction(LabelledEnum):
    CREATE = "creation", "Création"
    UPDATE = "modification", "Modification"
    DELETE = "suppression", "Suppression"


class MinutesStatus(LabelledEnum):
    DRAFT = "brouillon", "Brouillon"
    APPROVED = "approuve", "Approuvé"
    SIGNED = "signe", "Signé"


class ResolutionLink(LabelledEnum):
    NONE = "aucun", "Aucun effet particulier"
    STATUTES = "statuts", "Adoption d’une version des statuts"
    ELECTION = "election", "Élection d’administrateurs"
    ACCOUNTS = "comptes", "Approbation des comptes"


class ConvocationChannel(LabelledEnum):
    MAIL = "courrier", "Courrier"
    EMAIL = "email", "Courrier électronique"
    HAND = "main_propre", "Remise en main propre"


class AciMission(LabelledEnum):
    """The lines of the ACI contract: the structure's operating part, then the six missions."""

    OPERATING = "fonctionnement", "Fonctionnement de la CPTS"
    ACCESS = "acces_soins", "Mission 1 : accès aux soins"
    PATHWAYS = "parcours", "Mission 2 : parcours pluriprofessionnels"
    PREVENTION = "prevention", "Mission 3 : prévention"
    CRISES = "crises", "Mission 4 : réponse aux crises sanitaires graves"
    QUALITY = "qualite", "Mission 5 : qualité et pertinence des soins"
    SUPPORT = "accompagnement", "Mission 6 : accompagnement des professionnels"

    @property
    def mandatory(self) -> bool:
        return self not in (AciMission.QUALITY, AciMission.SUPPORT)


class IndicatorMode(LabelledEnum):
    PROPORTIONAL = "proportionnel", "Proportionnel à l’atteinte"
    THRESHOLD = "tout_ou_rien", "Tout ou rien (cible atteinte)"


class ActionStatus(LabelledEnum):
    PLANNED = "prevue", "Prévue"
    RUNNING = "en_cours", "En cours"
    DONE = "realisee", "Réalisée"
    DROPPED = "abandonnee", "Abandonnée"


class MailKind(LabelledEnum):
    """What an e-mail carries: each kind has its own editable template and its own proof."""

    CONVOCATION = "convocation", "Convocation"
    REMINDER = "relance", "Relance de cotisation"
    RECEIPT = "recu", "Reçu de cotisation"
    ATTESTATION = "attestation", "Attestation d’adhésion"
    FREE = "libre", "Message libre"
    TEST = "essai", "Message d’essai"


class MailStatus(LabelledEnum):
    """Where a queued message stands; « en cours » is the one in flight (sent again after a crash)."""

    QUEUED = "en_attente", "En attente"
    SENDING = "en_cours", "En cours d’envoi"
    SENT = "envoye", "Envoyé"
    FAILED = "echec", "Échec"
    CANCELLED = "annule", "Annulé"


class MailSecurity(LabelledEnum):
    STARTTLS = "starttls", "STARTTLS"
    TLS = "ssl", "SSL/TLS"
    NONE = "aucune", "Aucune (relais local)"
