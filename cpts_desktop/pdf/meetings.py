"""Meeting papers: convocations (one personal letter each, with a pouvoir form for an AG), the
feuille d’émargement, the procès-verbal and the register of procès-verbaux."""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from cpts_desktop.config import private_file, temp_dir
from cpts_desktop.domain.enums import MinutesStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.grammar import a, agreed
from cpts_desktop.domain.text import safe_filename, search_key
from cpts_desktop.i18n import format_date, format_date_short, format_datetime
from cpts_desktop.pdf.mailmerge import Mark, MergeParagraphs
from cpts_desktop.pdf.membership import signature_block
from cpts_desktop.pdf.stamps import stamp
from cpts_desktop.pdf.style import build, build_letters, data_table, escape, letter_opening, long_table, styles
from cpts_desktop.services.documents import MeetingPapers, MemberCard, check_meeting_held
from cpts_desktop.services.meetings import BODIES


class Progress(Mark):
    """An invisible mark that reports how many letters are drawn (and lets the caller cancel)."""

    def __init__(self, done: int, total: int, report: Callable[[int, int], bool] | None) -> None:
        super().__init__()
        self.done, self.total, self.report = done, total, report

    def draw(self) -> None:
        if self.report is not None and self.report(self.done, self.total) is False:
            raise InterruptedError("cancelled")


def _pouvoirs(count: int) -> str:
    return f"{count} pouvoir" if count < 2 else f"{count} pouvoirs"


# a mail-merge writes the meeting's date in every letter: Babel formats it once
_date = lru_cache(maxsize=16)(format_date)
_moment = lru_cache(maxsize=16)(format_datetime)


def _when(papers: MeetingPapers) -> str:
    return f"le {_moment(papers.meeting.date_heure)}"


def _letter(papers: MeetingPapers, member: MemberCard, s: dict, today: date, paragraph: MergeParagraphs) -> list:
    meeting = papers.meeting
    place = f", {escape(meeting.lieu)}" if meeting.lieu else ""
    kind = meeting.type.label.lower()
    items = (
        "".join(f"<br/>{item.ordre}. {escape(item.titre)}" for item in papers.agenda) or "<br/>(ordre du jour joint)"
    )
    story = [
        *letter_opening(
            papers.head,
            member.address_lines,
            member.salutation,
            f"convocation – {meeting.type.label}",
            today,
            s,
            paragraph,
        ),
        paragraph(
            f"J’ai le plaisir de vous convoquer à l’{kind} de l’association {escape(papers.head.nom)}, "
            f"qui se tiendra {_when(papers)}{place}."
            if papers.general
            else f"Vous êtes {agreed(member.civilite, 'convoqué', 'convoquée')} à la réunion "
            f"« {escape(meeting.titre)} », qui se tiendra {_when(papers)}{place}.",
            s["body"],
        ),
        Spacer(0, 3 * mm),
        paragraph(f"<b>Ordre du jour :</b>{items}", s["body"]),
        Spacer(0, 3 * mm),
    ]
    if papers.general:
        story.append(
            paragraph(
                f"Si vous ne pouvez pas être {agreed(member.civilite, 'présent', 'présente')}, vous pouvez vous "
                "faire représenter par un autre membre "
                "en lui remettant le pouvoir ci-joint ; chaque membre présent peut détenir au plus "
                f"{_pouvoirs(papers.parameters.pouvoirs_max)}.",
                s["body"],
            )
        )
    story += [
        Spacer(0, 3 * mm),
        paragraph("Je vous prie d’agréer l’expression de mes salutations distinguées.", s["body"]),
        Spacer(0, 8 * mm),
        paragraph(f"<b>{escape(papers.president.role)}</b><br/>{escape(papers.president.name or '')}", s["right"]),
    ]
    return story


def _proxy(papers: MeetingPapers, member: MemberCard, s: dict, paragraph: MergeParagraphs) -> list:
    meeting = papers.meeting
    return [
        paragraph("Pouvoir", s["title"]),
        paragraph(f"{escape(meeting.type.label)} du {_date(meeting.date_heure.date())}", s["subtitle"]),
        Spacer(0, 6 * mm),
        paragraph(
            f"Je {agreed(member.civilite, 'soussigné', 'soussignée')} <b>{escape(member.formal_name)}</b>,", s["body"]
        ),
        paragraph(
            f"membre de l’association {escape(papers.head.nom)}, donne pouvoir à ………………………………………………………, "
            f"membre de l’association, pour me représenter à l’{meeting.type.label.lower()} "
            f"du {_date(meeting.date_heure.date())}, prendre part aux "
            "délibérations et voter en mon nom sur les questions inscrites à l’ordre du jour.",
            s["body"],
        ),
        Spacer(0, 6 * mm),
        paragraph("Fait à ……………………………, le ……/……/………", s["body"]),
        Spacer(0, 3 * mm),
        paragraph("Signature, précédée de la mention manuscrite « Bon pour pouvoir » :", s["body"]),
        Spacer(0, 30 * mm),
        paragraph(
            f"Le pouvoir est remis au mandataire, qui le présente à l’émargement. Un membre présent ne peut "
            f"détenir plus de {_pouvoirs(papers.parameters.pouvoirs_max)}.",
            s["small"],
        ),
    ]


def convocations_pdf(
    papers: MeetingPapers,
    path: Path,
    today: date | None = None,
    progress: Callable[[int, int], bool] | None = None,
    only: list[MemberCard] | None = None,
) -> Path:
    """One personal letter per convened member (and a pouvoir after each for an AG), in one PDF; each
    letter and its pouvoir numbered « page 1 / 2 », « page 2 / 2 » as the recipient reads them."""
    s = styles()
    members = only if only is not None else papers.convened
    title = f"Convocations – {papers.meeting.titre}"
    if not members:
        return build(path, [Paragraph("Personne n’est convoqué à cette réunion.", s["body"])], papers.head, title)
    paragraph = MergeParagraphs()
    day = today or date.today()

    def letters() -> Iterator[list[Flowable]]:
        for index, member in enumerate(members):
            letter = _letter(papers, member, s, day, paragraph)
            if papers.general:
                letter += [PageBreak(), *_proxy(papers, member, s, paragraph)]
            yield [*letter, Progress(index + 1, len(members), progress)]

    return build_letters(path, letters(), papers.head, title)


def attendance_sheet_pdf(papers: MeetingPapers, path: Path) -> Path:
    s = styles()
    meeting = papers.meeting
    rows = [["Nom et prénom", "Profession / collège", "Signature", "Représenté(e) par"]]
    rows += [[f"{m.nom} {m.prenom or ''}".strip(), m.profession or m.college or "", "", ""] for m in papers.convened]
    signing_room = [
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None]),
        ("TOPPADDING", (0, 1), (-1, -1), 9),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 9),
    ]
    table = long_table(rows, [48 * mm, 50 * mm, 38 * mm, 34 * mm], s, commands=signing_room)
    totals = Table(
        [["Membres convoqués", str(len(papers.convened)), "Présents", "……", "Représentés", "……"]],
        colWidths=[38 * mm, 16 * mm, 24 * mm, 20 * mm, 28 * mm, 20 * mm],
    )
    totals.setStyle(
        TableStyle([("FONT", (0, 0), (-1, -1), "DejaVuSans", 9), ("BOX", (0, 0), (-1, -1), 0.5, "#999999")])
    )
    story = [
        Paragraph("Feuille d’émargement", s["title"]),
        Paragraph(
            f"{escape(meeting.titre)} – {_when(papers)}{' – ' + escape(meeting.lieu) if meeting.lieu else ''}",
            s["subtitle"],
        ),
        totals,
        Spacer(0, 5 * mm),
        table,
    ]
    return build(path, story, papers.head, f"Émargement – {meeting.titre}")


def _minutes_story(papers: MeetingPapers, s: dict) -> list:
    meeting = papers.meeting
    body = BODIES[meeting.type]
    place = f" – {escape(meeting.lieu)}" if meeting.lieu else ""
    story: list = [
        Paragraph(f"Procès-verbal – {escape(meeting.titre)}" + ("" if papers.approved else " (projet)"), s["title"]),
        Paragraph(f"{escape(body.capitalized)}, {body.met} {_when(papers)}{place}", s["subtitle"]),
    ]
    for paragraph in papers.minutes.split("\n"):
        story.append(Paragraph(escape(paragraph) or "&nbsp;", s["body"]))
    if papers.minutes_approved:
        story += [
            Spacer(0, 3 * mm),
            Paragraph(f"Procès-verbal approuvé le {format_date(papers.minutes_approved)}.", s["body"]),
        ]
    story += [
        Spacer(0, 8 * mm),
        KeepTogether(
            signature_block(
                f"Fait {a(papers.head.commune)}, le {format_date(meeting.date_heure.date())}"
                if papers.head.commune
                else "",
                [
                    (papers.session_titles[0], papers.session_president),
                    (papers.session_titles[1], papers.session_secretary),
                ],
                s,
            )
        ),
    ]
    return story


def minutes_pdf(papers: MeetingPapers, path: Path, today: date | None = None) -> Path:
    """The procès-verbal of a meeting held; stamped « PROJET » on every page until it is approved."""
    check_meeting_held(papers, today)
    title = f"Procès-verbal – {papers.meeting.titre}"
    project = None if papers.approved else stamp("PROJET", "procès-verbal non approuvé")
    return build(path, _minutes_story(papers, styles()), papers.head, title, on_page=project)


def _approval(papers: MeetingPapers) -> str:
    """« Approuvé le 12/01/2027 », « Signé (approuvé le 12/01/2027) »."""
    day = format_date_short(papers.minutes_approved) if papers.minutes_approved else ""
    if papers.minutes_status == MinutesStatus.APPROVED.label:
        return f"Approuvé le {day}"
    return f"{papers.minutes_status} (approuvé le {day})"


def minutes_register_pdf(all_papers: list[MeetingPapers], path: Path) -> Path:
    """Every approved procès-verbal, in date order, numbered pages: the association's register of
    deliberations (a project is not a deliberation yet)."""
    s = styles()
    ordered = sorted((p for p in all_papers if p.approved), key=lambda p: p.meeting.date_heure)
    if not ordered:
        raise CptsError("Aucun procès-verbal n’est approuvé : le registre des procès-verbaux est vide.")
    story: list = [Paragraph("Registre des procès-verbaux", s["title"])]
    rows = [["Date", "Réunion", "Procès-verbal"]]
    rows += [[format_date_short(p.meeting.date_heure.date()), p.meeting.titre, _approval(p)] for p in ordered]
    story.append(data_table(rows, [28 * mm, 92 * mm, 50 * mm], s))
    for papers in ordered:
        story += [PageBreak(), *_minutes_story(papers, s)]
    return build(path, story, ordered[0].head, "Registre des procès-verbaux")


def convocations_zip(papers: MeetingPapers, path: Path, today: date | None = None) -> Path:
    """One PDF per recipient, named after them, in a ZIP written under a temporary name first.

    Each letter is drawn in the private temporary folder (swept at the next start if this run is
    killed), and the ZIP is the user's only."""
    partial = private_file(path.with_name(path.name + ".partiel"))
    try:
        with (
            zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive,
            tempfile.TemporaryDirectory(dir=temp_dir()) as folder,
        ):
            used: set[str] = set()
            for member in papers.convened:
                words = search_key(member.nom, member.prenom).replace("'", "").split()
                stem = safe_filename("-".join(words), default=f"membre-{member.id}")
                name = f"convocation-{stem}.pdf" if stem not in used else f"convocation-{stem}-{member.id}.pdf"
                used.add(stem)
                single = convocations_pdf(papers, Path(folder) / name, today, only=[member])
                archive.write(single, name)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path
