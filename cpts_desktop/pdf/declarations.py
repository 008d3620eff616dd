"""The dossier of a déclaration en préfecture (what is filed, the modifications, the liste des dirigeants,
the statuts certifiés conformes) and the registre spécial printed from the declarations."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer

from cpts_desktop.domain.declarations import ChangeSubject, DeclarationForm
from cpts_desktop.domain.grammar import a
from cpts_desktop.i18n import format_date, format_date_short, plural
from cpts_desktop.pdf.governance import officers_story, statutes_story
from cpts_desktop.pdf.membership import signature_block
from cpts_desktop.pdf.style import build, data_table, escape, styles
from cpts_desktop.services.association import Letterhead
from cpts_desktop.services.declarations import DeclarationRow, Papers
from cpts_desktop.services.documents import check_identity

FORM_TITLES = {
    DeclarationForm.DIRECTORS: "CERFA n° 13971*03 – déclaration de changement dans la liste des dirigeants",
    DeclarationForm.MODIFICATION: "CERFA n° 13972 – déclaration de modification (titre, objet, siège, statuts…)",
}


def dossier_pdf(papers: Papers, path: Path, today: date | None = None) -> Path:
    """One PDF to print or to upload piece by piece: the summary of what is filed, the modifications
    (13972) or the changes of directors with the liste des dirigeants (13971), the certified statutes."""
    day = today or date.today()
    head = check_identity(papers.head)
    declaration = papers.declaration
    story = _summary(papers, day)
    story += [PageBreak(), *_modifications(papers, day)]
    if declaration.formulaire is DeclarationForm.DIRECTORS:
        decided = declaration.date_decision
        officers = officers_story(head, papers.board, papers.president, decided, day, gaps_allowed=True)
        story += [PageBreak(), *officers]
    if papers.statutes is not None:
        version, articles = papers.statutes
        story += [PageBreak(), *statutes_story(head, version, articles, papers.president, papers.secretary, day)]
    title = f"Déclaration en préfecture – décision du {format_date_short(declaration.date_decision)}"
    return build(path, story, head, title)


def _pieces(papers: Papers) -> list[str]:
    """The pieces of the dossier, in their order."""
    declaration = papers.declaration
    pieces = [f"le formulaire {FORM_TITLES[declaration.formulaire]}, rempli et signé"]
    pieces.append(
        "le relevé des changements de dirigeants"
        if declaration.formulaire is DeclarationForm.DIRECTORS
        else "le relevé des modifications décidées"
    )
    if declaration.formulaire is DeclarationForm.DIRECTORS:
        pieces.append("la liste des dirigeants (loi du 1er juillet 1901, article 5)")
    if papers.statutes is not None:
        pieces.append("les statuts certifiés conformes, signés par deux dirigeants")
    pieces.append(f"le procès-verbal de la décision ({declaration.decision.lower()}), sur demande de la préfecture")
    return pieces


def _summary(papers: Papers, day: date) -> list:
    s = styles()
    declaration, head = papers.declaration, papers.head
    rows = [
        ["Formulaire", FORM_TITLES[declaration.formulaire]],
        ["Décision", declaration.decision],
        ["À déposer avant le", format_date(declaration.date_limite)],
        ["État", _state(declaration)],
    ]
    story: list = [
        Paragraph("Déclaration en préfecture", s["title"]),
        Paragraph(
            "Changements à déclarer dans les trois mois de la décision (loi du 1er juillet 1901, article 5), "
            "au greffe des associations du siège ou par le service de déclaration en ligne des associations.",
            s["subtitle"],
        ),
        data_table(
            [["Association", head.nom + (f" (RNA {head.rna})" if head.rna else "")], *rows], [45 * mm, 125 * mm], s
        ),
        Paragraph("Pièces du dossier", s["heading"]),
    ]
    story += [Paragraph(f"{index}. {escape(text)}", s["body"]) for index, text in enumerate(_pieces(papers), 1)]
    gaps = papers.gaps
    if gaps:
        story.append(Paragraph("À compléter avant le dépôt", s["heading"]))
        story.append(
            Paragraph(
                "La préfecture demande de chaque dirigeant sa profession, son domicile et sa nationalité "
                "(et pour une structure la personne qui la représente) : complétez-les dans Statuts & conseil › "
                "Conseil et bureau › Modifier le mandat…, ou à la main sur la liste des dirigeants.",
                s["body"],
            )
        )
        story += [Paragraph(f"– {escape(gap)}", s["body"]) for gap in gaps]
    story.append(Spacer(0, 4 * mm))
    story.append(
        Paragraph(
            "Le récépissé délivré par la préfecture (numéro et date) s’enregistre ensuite dans Statuts & conseil › "
            "Déclarations : il prouve la déclaration et figure au registre spécial.",
            s["small"],
        )
    )
    return story


def _state(declaration: DeclarationRow) -> str:
    if declaration.recepisse_date:
        return f"récépissé n° {declaration.recepisse_numero} du {format_date(declaration.recepisse_date)}"
    if declaration.date_depot:
        return f"déposée le {format_date(declaration.date_depot)}, récépissé attendu"
    return "à déposer"


def _modifications(papers: Papers, day: date) -> list:
    """What changed, the former and the new text, the date of the decision; signed by the président."""
    s = styles()
    declaration, head = papers.declaration, papers.head
    directors = declaration.formulaire is DeclarationForm.DIRECTORS
    title = "Changements de dirigeants" if directors else "Modifications déclarées"
    story: list = [
        Paragraph(title, s["title"]),
        Paragraph(escape(declaration.decision), s["subtitle"]),
    ]
    if directors:
        rows = [["Changement"], *[[c.libelle] for c in declaration.changes]]
        story.append(data_table(rows, [170 * mm], s))
    else:
        rows = [["Objet", "Ancienne rédaction", "Nouvelle rédaction"]]
        rows += [[c.libelle, c.ancien or "—", c.nouveau or _new_text(c.objet)] for c in declaration.changes]
        story.append(data_table(rows, [40 * mm, 65 * mm, 65 * mm], s))
    if papers.articles_changed:
        changed = plural(len(papers.articles_changed), "Article changé", "Articles changés")
        story.append(Paragraph(f"{changed} par les nouveaux statuts", s["heading"]))
        story += [Paragraph(escape(line), s["body"]) for line in papers.articles_changed]
    place = f"Fait {a(head.commune)}, le {format_date(day)}" if head.commune else f"Le {format_date(day)}"
    story += [
        Spacer(0, 8 * mm),
        signature_block(place, [(papers.president.role, papers.president.name)], s),
    ]
    return story


def _new_text(subject: ChangeSubject) -> str:
    return "voir les statuts certifiés conformes joints" if subject is ChangeSubject.STATUTES else "—"


# n°, décision, changements, dépôt, récépissé: the A4 text width (170 mm)
REGISTER_WIDTHS = [10 * mm, 38 * mm, 62 * mm, 24 * mm, 36 * mm]


def register_pdf(head: Letterhead, declarations: list[DeclarationRow], path: Path, today: date | None = None) -> Path:
    """The registre spécial (optional since ordonnance 2015-904): each change of directors, of statutes or
    of siège with its decision, its filing and the préfecture's récépissé."""
    check_identity(head)
    s = styles()
    day = today or date.today()
    rows = [["N°", "Décision", "Changements", "Déposée le", "Récépissé"]]
    for number, declaration in enumerate(declarations, 1):
        rows.append(
            [
                str(number),
                declaration.decision,
                " ; ".join(_register_line(c.libelle, c.ancien, c.nouveau) for c in declaration.changes),
                format_date_short(declaration.date_depot) if declaration.date_depot else "à déposer",
                (
                    f"n° {declaration.recepisse_numero} du {format_date_short(declaration.recepisse_date)}"
                    if declaration.recepisse_date
                    else "—"
                ),
            ]
        )
    story: list = [
        Paragraph("Registre spécial", s["title"]),
        Paragraph(
            "Modifications de l’association et changements de ses dirigeants, avec les dates des récépissés "
            f"de la préfecture (loi du 1er juillet 1901, article 5) – arrêté au {format_date(day)}",
            s["subtitle"],
        ),
    ]
    if declarations:
        story.append(data_table(rows, REGISTER_WIDTHS, s, numeric=(0,)))
    else:
        story.append(Paragraph("Aucune déclaration enregistrée.", s["body"]))
    return build(path, story, head, "Registre spécial")


def _register_line(libelle: str, ancien: str, nouveau: str) -> str:
    if ancien and nouveau:
        return f"{libelle} : « {ancien} » → « {nouveau} »"
    return libelle
