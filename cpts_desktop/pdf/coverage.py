"""« Couverture du territoire » (how many of the territory's professionals are members, per profession)
and the invitation letters to the non-members, each with the RGPD information their data calls for."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from cpts_desktop.i18n import format_date, format_number, plural
from cpts_desktop.pdf.mailmerge import MergeParagraphs
from cpts_desktop.pdf.style import build, build_letters, data_table, escape, letter_opening, styles
from cpts_desktop.services.association import Letterhead
from cpts_desktop.services.coverage import Coverage, CoverageLine, Invitations, Invitee, ListSummary, format_rate

COVERAGE_TITLE = "Couverture du territoire"
INVITATIONS_TITLE = "Invitations à adhérer"


def _source(extract: ListSummary) -> str:
    if extract.extract_date is None:
        return "aucun extrait de l’Annuaire Santé chargé"
    return f"source : {escape(extract.source)}, extrait du {format_date(extract.extract_date)}"


def coverage_pdf(report: Coverage, path: Path, today: date | None = None) -> Path:
    """The table per profession, its totals, and what each figure means."""
    s = styles()
    extract = report.extract
    story: list[Flowable] = [
        Paragraph(COVERAGE_TITLE, s["title"]),
        Paragraph(
            f"État au {format_date(today or date.today())} – {_source(extract)} – "
            + plural(extract.communes, "{count} commune", "{count} communes"),
            s["subtitle"],
        ),
    ]
    if not report.lines:
        story.append(
            Paragraph(
                "Aucun professionnel du territoire n’est encore connu : chargez l’extrait de l’Annuaire Santé "
                "(Statuts & conseil › Couverture, ou « cpts coverage import »).",
                s["body"],
            )
        )
        return build(path, story, report.head, COVERAGE_TITLE)
    rows = [["Profession", "Professionnels du territoire", "Dont adhérents", "Taux", "Adhérents hors liste"]]
    rows += [_row(line) for line in [*report.lines, report.total]]
    widths = [62 * mm, 32 * mm, 26 * mm, 22 * mm, 28 * mm]
    story += [data_table(rows, widths, s, (1, 2, 3, 4), total=True), Spacer(0, 6 * mm)]
    story += [Paragraph("Définitions", s["heading"]), *_definitions(extract, s)]
    return build(path, story, report.head, COVERAGE_TITLE)


def _row(line: CoverageLine) -> list[str]:
    return [
        line.label,
        format_number(line.professionals),
        format_number(line.members),
        format_rate(line.rate),
        format_number(line.outside),
    ]


def _definitions(extract: ListSummary, s: dict) -> list[Flowable]:
    day = f" du {format_date(extract.extract_date)}" if extract.extract_date else ""
    texts = [
        f"<b>Professionnels du territoire</b> : les personnes que l’extrait{day} de l’Annuaire Santé (données "
        "publiques de l’Agence du numérique en santé) montre exerçant dans une commune du territoire, chacune "
        "comptée une fois quel que soit le nombre de ses lieux d’exercice, dans sa profession (code national).",
        "<b>Dont adhérents</b> : parmi elles, les adhérents actifs de l’association, reconnus par leur numéro "
        "RPPS ou ADELI.",
        "<b>Taux</b> : adhérents ÷ professionnels du territoire de la profession.",
        "<b>Adhérents hors liste</b> : adhérents actifs de la profession absents de l’extrait pour le territoire "
        "(exercice hors du territoire, numéro RPPS ou ADELI non renseigné ou différent) ; ils ne comptent pas "
        "dans le taux.",
        "Les structures (maisons et centres de santé, pharmacies, laboratoires, EHPAD, établissements…) ne "
        "figurent pas dans cet extrait, qui ne recense que des personnes : elles ne sont pas comptées ici.",
    ]
    spaced = ParagraphStyle("definition", parent=s["body"], spaceAfter=4)
    return [Paragraph(text, spaced) for text in texts]


def invitations_pdf(data: Invitations, path: Path, today: date | None = None) -> Path:
    """One letter per professional to invite, each numbered from its own first page."""
    s = styles()
    if not data.letters:
        text = "Aucun professionnel à inviter : tous ceux de la liste sont adhérents ou ont refusé d’être contactés."
        return build(path, [Paragraph(text, s["body"])], data.head, INVITATIONS_TITLE)
    paragraph = MergeParagraphs()
    day = today or date.today()
    letters = (_letter(data, person, s, day, paragraph) for person in data.letters)
    return build_letters(path, letters, data.head, INVITATIONS_TITLE)


def _letter(data: Invitations, person: Invitee, s: dict, day: date, paragraph: MergeParagraphs) -> list[Flowable]:
    head = data.head
    subject = "invitation à adhérer à l’association"
    return [
        *letter_opening(head, person.address_lines, person.salutation, subject, day, s, paragraph),
        paragraph(
            f"L’association {escape(head.nom)} est la communauté professionnelle territoriale de santé (CPTS) "
            "du territoire où vous exercez. Elle réunit les professionnels de santé de ville, libéraux et "
            "salariés, et les structures du territoire pour mieux organiser ensemble l’accès aux soins, les "
            "parcours des patients et la prévention.",
            s["body"],
        ),
        Spacer(0, 3 * mm),
        paragraph(
            f"En tant que {escape(person.profession.lower())}, votre regard nous est précieux : nous serions "
            "heureux de vous compter parmi nos adhérents. L’adhésion vous donne voix à l’assemblée générale "
            "et vous permet de prendre part aux projets qui vous concernent.",
            s["body"],
        ),
        Spacer(0, 3 * mm),
        paragraph(f"Pour adhérer ou en savoir plus : {escape(_contact(head))}.", s["body"]),
        Spacer(0, 3 * mm),
        paragraph(
            "Nous vous prions d’agréer l’expression de nos salutations distinguées.",
            s["body"],
        ),
        Spacer(0, 8 * mm),
        paragraph(f"<b>{escape(data.president.role)}</b><br/>{escape(data.president.name or '')}", s["right"]),
        Spacer(0, 10 * mm),
        paragraph(_privacy(data, head), s["small"]),
    ]


def _contact(head: Letterhead) -> str:
    parts = [head.email, head.telephone, " ".join(p for p in (head.adresse, head.town) if p)]
    return ", ".join(p for p in parts if p) or "répondez à ce courrier"


def _privacy(data: Invitations, head: Letterhead) -> str:
    day = f" (extrait du {format_date(data.extract.extract_date)})" if data.extract.extract_date else ""
    return (
        f"<b>Vos données</b> – Vos nom, profession et adresse d’exercice proviennent de l’Annuaire Santé{day}, "
        "données publiques sur les professionnels de santé diffusées par l’Agence du numérique en santé. "
        f"L’association {escape(head.nom)} les utilise, au titre de son intérêt légitime, pour mesurer sa "
        "représentativité et vous inviter à la rejoindre ; elles ne sont ni cédées ni utilisées à d’autres "
        "fins, et sont remplacées à chaque nouvel extrait. Vous pouvez vous opposer à tout moment à recevoir "
        f"ces courriers, ou demander l’accès à ces données, en écrivant à l’association ({escape(_contact(head))}) : "
        "votre opposition est enregistrée et respectée pour tous les envois suivants. Vous pouvez aussi "
        "adresser une réclamation à la CNIL (www.cnil.fr)."
    )
