"""Versioned statutes and règlement intérieur: drafts, adoption, declaration, comparison, and the
governance parameters in force that the meetings module reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cpts_desktop.config import resource
from cpts_desktop.domain.enums import StatutesKind, StatutesStatus
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.grammar import number_form
from cpts_desktop.domain.statutes import (
    Article,
    ArticleChange,
    GovernanceParameters,
    TemplateUpgrade,
    check_exercice_start,
    colleges_clause,
    compare,
    parse_template,
    placeholders,
    render,
    upgrade_articles,
)
from cpts_desktop.i18n import format_date
from cpts_desktop.services import declarations
from cpts_desktop.services.errors import NotFound, StaleRecord
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Association, College, Commune, StatutesArticle, StatutesVersion

TEMPLATES = {StatutesKind.STATUTES: "statuts.txt", StatutesKind.INTERNAL_RULES: "reglement_interieur.txt"}
# the templates as they were before the current one, to tell an untouched article from a rewritten one
FORMER_TEMPLATES = {
    StatutesKind.STATUTES: "statuts_precedent.txt",
    StatutesKind.INTERNAL_RULES: "reglement_interieur_precedent.txt",
}


@dataclass(frozen=True)
class VersionSummary:
    id: int
    kind: StatutesKind
    numero: int
    titre: str
    statut: StatutesStatus
    date_adoption: date | None
    date_declaration: date | None

    @property
    def label(self) -> str:
        text = f"{self.kind.label} – version {self.numero} – {self.statut.label.lower()}"
        return text


@dataclass(frozen=True)
class VersionDetail:
    summary: VersionSummary
    version: int
    parameters: GovernanceParameters
    articles: list[Article]


def _summary(row: StatutesVersion) -> VersionSummary:
    return VersionSummary(
        row.id, row.kind, row.numero, row.titre, row.statut, row.date_adoption, row.date_declaration_prefecture
    )


def _parameters(row: StatutesVersion) -> GovernanceParameters:
    return GovernanceParameters(
        delai_convocation_ag_jours=row.delai_convocation_ag_jours,
        delai_convocation_ca_jours=row.delai_convocation_ca_jours,
        quorum_ago=Fraction(row.quorum_ago_num, row.quorum_ago_den or 1),
        quorum_age=Fraction(row.quorum_age_num, row.quorum_age_den or 1),
        majorite_ago=row.majorite_ago,
        majorite_age=row.majorite_age,
        pouvoirs_max=row.pouvoirs_max,
        duree_mandat_ans=row.duree_mandat_ans,
        vote_a_jour_requis=row.vote_a_jour_requis,
        quorum_ca=Fraction(row.quorum_ca_num, row.quorum_ca_den or 1),
        seconde_convocation_ago=row.seconde_convocation_ago,
        seconde_convocation_age=row.seconde_convocation_age,
        exercice_debut_jour=row.exercice_debut_jour,
        exercice_debut_mois=row.exercice_debut_mois,
        source=f"{row.kind.label} – version {row.numero}",
    )


def _set_parameters(row: StatutesVersion, parameters: GovernanceParameters) -> None:
    checks = (
        (parameters.delai_convocation_ag_jours, 1, 90, "Délai de convocation de l’AG"),
        (parameters.delai_convocation_ca_jours, 1, 90, "Délai de convocation du CA"),
        (parameters.pouvoirs_max, 0, 20, "Nombre de pouvoirs"),
        (parameters.duree_mandat_ans, 1, 9, "Durée des mandats"),
    )
    for value, low, high, label in checks:
        if not low <= value <= high:
            raise ValidationError(label, f"{label} : {value} n’est pas entre {low} et {high}.")
    quorums = (
        ("Quorum de l’AGO", parameters.quorum_ago),
        ("Quorum de l’AGE", parameters.quorum_age),
        ("Quorum du CA", parameters.quorum_ca),
    )
    for label, quorum in quorums:
        if not 0 <= quorum <= 1:
            raise ValidationError(label, f"{label} : une fraction entre 0 et 1 est attendue.")
    check_exercice_start(parameters.exercice_debut_jour, parameters.exercice_debut_mois)
    row.delai_convocation_ag_jours = parameters.delai_convocation_ag_jours
    row.delai_convocation_ca_jours = parameters.delai_convocation_ca_jours
    row.quorum_ago_num, row.quorum_ago_den = parameters.quorum_ago.numerator, parameters.quorum_ago.denominator
    row.quorum_age_num, row.quorum_age_den = parameters.quorum_age.numerator, parameters.quorum_age.denominator
    row.majorite_ago, row.majorite_age = parameters.majorite_ago, parameters.majorite_age
    row.pouvoirs_max = parameters.pouvoirs_max
    row.duree_mandat_ans = parameters.duree_mandat_ans
    row.vote_a_jour_requis = parameters.vote_a_jour_requis
    row.quorum_ca_num, row.quorum_ca_den = parameters.quorum_ca.numerator, parameters.quorum_ca.denominator
    row.seconde_convocation_ago = parameters.seconde_convocation_ago
    row.seconde_convocation_age = parameters.seconde_convocation_age
    row.exercice_debut_jour = parameters.exercice_debut_jour
    row.exercice_debut_mois = parameters.exercice_debut_mois


def _articles(session: Session, version_id: int) -> list[Article]:
    rows = session.scalars(
        select(StatutesArticle).where(StatutesArticle.statutes_version_id == version_id).order_by(StatutesArticle.ordre)
    )
    return [Article(a.numero, a.titre or "", a.texte) for a in rows]


def _replace_articles(session: Session, version_id: int, articles: list[Article]) -> None:
    session.execute(delete(StatutesArticle).where(StatutesArticle.statutes_version_id == version_id))
    for order, article in enumerate(articles, start=1):
        if not article.titre.strip() and not article.texte.strip():
            continue
        session.add(
            StatutesArticle(
                statutes_version_id=version_id,
                ordre=order,
                numero=article.numero.strip() or str(order),
                titre=article.titre.strip(),
                texte=article.texte.strip(),
            )
        )


def list_versions(database: Database, kind: StatutesKind | None = None) -> list[VersionSummary]:
    with database.snapshot() as session:
        query = select(StatutesVersion).order_by(StatutesVersion.kind, StatutesVersion.numero)
        if kind is not None:
            query = query.where(StatutesVersion.kind == kind)
        return [_summary(row) for row in session.scalars(query)]


def get_version(database: Database, version_id: int) -> VersionDetail:
    with database.snapshot() as session:
        return _version(session, version_id)


def _version(session: Session, version_id: int) -> VersionDetail:
    row = session.get(StatutesVersion, version_id)
    if row is None:
        raise NotFound(f"La version n° {version_id} des statuts n’existe pas.")
    return VersionDetail(_summary(row), row.version, _parameters(row), _articles(session, row.id))


def create_from_template(database: Database, kind: StatutesKind = StatutesKind.STATUTES) -> int:
    """Version 1, a draft written from our CPTS template (refused when versions already exist)."""
    with database.sessions.begin() as session:
        if session.scalars(select(StatutesVersion.id).where(StatutesVersion.kind == kind)).first() is not None:
            raise CptsError(f"{kind.label} : des versions existent déjà ; créez plutôt un nouveau projet.")
        row = StatutesVersion(kind=kind, numero=1, statut=StatutesStatus.DRAFT, titre=f"{kind.label} – projet")
        _set_parameters(row, GovernanceParameters())
        session.add(row)
        session.flush()
        _replace_articles(session, row.id, parse_template(resource("modeles", TEMPLATES[kind])))
        return row.id


def new_draft(database: Database, kind: StatutesKind = StatutesKind.STATUTES) -> int:
    """A new draft copied from the latest version; an existing draft is returned instead of a second one."""
    with database.sessions.begin() as session:
        latest = session.scalars(
            select(StatutesVersion).where(StatutesVersion.kind == kind).order_by(StatutesVersion.numero.desc())
        ).first()
        if latest is None:
            raise CptsError(f"{kind.label} : aucune version à reprendre ; partez du modèle.")
        if latest.statut is StatutesStatus.DRAFT:
            return latest.id
        row = StatutesVersion(
            kind=kind, numero=latest.numero + 1, statut=StatutesStatus.DRAFT, titre=f"{kind.label} – projet"
        )
        _set_parameters(row, _parameters(latest))
        session.add(row)
        session.flush()
        _replace_articles(session, row.id, upgrade_from_template(kind, _articles(session, latest.id)).articles)
        return row.id


def upgrade_from_template(kind: StatutesKind, articles: list[Article]) -> TemplateUpgrade:
    """A draft's articles brought to the current template; an adopted version is never passed here, its
    text being what was declared."""
    former = parse_template(resource("modeles", FORMER_TEMPLATES[kind]))
    return upgrade_articles(articles, former, parse_template(resource("modeles", TEMPLATES[kind])))


def save_draft(
    database: Database, version_id: int, version: int, articles: list[Article], parameters: GovernanceParameters
) -> int:
    """Save the articles and parameters of a draft; an adopted version is never rewritten."""
    with database.sessions.begin() as session:
        row = session.get(StatutesVersion, version_id)
        if row is None:
            raise NotFound(f"La version n° {version_id} n’existe plus.")
        if row.statut is not StatutesStatus.DRAFT:
            raise CptsError("Une version adoptée ne se modifie plus : créez un nouveau projet à partir d’elle.")
        if row.version != version:
            raise StaleRecord("Ce projet a été modifié entre-temps par un autre utilisateur : rechargez-le.")
        _set_parameters(row, parameters)
        _replace_articles(session, row.id, articles)
        row.titre = f"{row.kind.label} – projet"
        session.flush()
        return row.version


def adopt(database: Database, version_id: int, on: date, meeting_id: int | None = None) -> None:
    with database.sessions.begin() as session:
        adopt_in(session, version_id, on, meeting_id)


def adopt_in(session: Session, version_id: int, on: date, meeting_id: int | None = None) -> None:
    """Adopt a draft inside the caller's transaction (a vote that adopts it commits with it); new
    statutes open their déclaration en préfecture."""
    row = session.get(StatutesVersion, version_id)
    if row is None or row.statut is not StatutesStatus.DRAFT:
        raise CptsError("Seul un projet peut être adopté.")
    if on > date.today():
        raise ValidationError(
            "date_adoption",
            f"Date d’adoption : le {format_date(on)} est dans le futur ; des statuts ne s’adoptent "
            "qu’une fois l’assemblée tenue.",
        )
    row.statut, row.date_adoption, row.meeting_id = StatutesStatus.ADOPTED, on, meeting_id
    if row.kind is StatutesKind.STATUTES:
        row.titre = f"Statuts adoptés par l’assemblée générale extraordinaire du {format_date(on)}"
        declarations.statutes_adopted_in(session, row, meeting_id)
    else:
        row.titre = f"Règlement intérieur adopté par l’assemblée générale du {format_date(on)}"


def declare(database: Database, version_id: int, on: date) -> None:
    with database.sessions.begin() as session:
        row = session.get(StatutesVersion, version_id)
        if row is None or row.statut is not StatutesStatus.ADOPTED:
            raise CptsError("Seule une version adoptée peut être déclarée en préfecture.")
        if row.date_adoption and on < row.date_adoption:
            raise ValidationError("date_declaration", "Date de déclaration : antérieure à l’adoption.")
        if not declarations.file_statutes_in(session, version_id, on):
            row.statut, row.date_declaration_prefecture = StatutesStatus.DECLARED, on


def in_force(session: Session, kind: StatutesKind, on: date) -> StatutesVersion | None:
    return session.scalars(
        select(StatutesVersion)
        .where(
            StatutesVersion.kind == kind,
            StatutesVersion.statut != StatutesStatus.DRAFT,
            StatutesVersion.date_adoption <= on,
        )
        .order_by(StatutesVersion.date_adoption.desc(), StatutesVersion.numero.desc())
    ).first()


def governance_parameters(database: Database, on: date | None = None) -> GovernanceParameters:
    """The rules of the statutes in force on ``on`` (today by default), for convening, quorum and votes.

    Without adopted statutes, the usual values of a CPTS apply and ``source`` says so.
    """
    with database.snapshot() as session:
        return parameters_in(session, on)


def parameters_in(session: Session, on: date | None = None) -> GovernanceParameters:
    """``governance_parameters`` read in the caller's session, beside the rest of its snapshot."""
    row = in_force(session, StatutesKind.STATUTES, on or date.today())
    return _parameters(row) if row is not None else GovernanceParameters()


def compare_versions(database: Database, old_id: int, new_id: int) -> list[ArticleChange]:
    """Two versions compared as they read, each filled from its own rules: a change of quorum or of
    délai shows as the words it changes, and no « {champ} » is left for the reader."""
    with database.snapshot() as session:
        identity = _identity(session)
        return compare(_rendered(session, old_id, identity), _rendered(session, new_id, identity))


def rendered_articles(database: Database, version_id: int) -> list[Article]:
    """The articles with their « {…} » fields filled from the version's parameters and the association."""
    with database.snapshot() as session:
        return _rendered(session, version_id, _identity(session))


def _rendered(session: Session, version_id: int, identity: dict[str, str]) -> list[Article]:
    detail = _version(session, version_id)
    return render_articles(detail.articles, detail.parameters, identity)


def render_articles(
    articles: list[Article], parameters: GovernanceParameters, identity: dict[str, str]
) -> list[Article]:
    values = placeholders(parameters, identity)
    return [Article(a.numero, a.titre, render(a.texte, values)) for a in articles]


def identity_values(database: Database) -> dict[str, str]:
    """The association's fields of the template (name, siège, collèges…), for a preview of unsaved text."""
    with database.snapshot() as session:
        return _identity(session)


def _identity(session: Session) -> dict[str, str]:
    association = session.scalars(select(Association)).first()
    colleges = list(session.scalars(select(College).order_by(College.ordre, College.nom)))
    communes = session.scalars(select(Commune).order_by(Commune.nom))
    nom = association.nom if association else "[nom de l’association]"
    siege = (
        ", ".join(p for p in (association.adresse, association.code_postal, association.commune) if p)
        if association
        else ""
    )
    return {
        "nom": nom,
        "sigle_phrase": f" et pour sigle « {association.sigle} »" if association and association.sigle else "",
        "siege": siege or "[adresse du siège]",
        "colleges": "; ".join(f"{c.nom} ({_seats(c.sieges_ca)})" for c in colleges) or "[collèges à définir]",
        "colleges_ca": colleges_clause([(c.nom, c.sieges_ca) for c in colleges]),
        "communes": ", ".join(c.nom for c in communes) or "[communes à définir]",
    }


def _seats(count: int) -> str:
    return f"{count} {number_form(count, 'siège', 'sièges')}"
