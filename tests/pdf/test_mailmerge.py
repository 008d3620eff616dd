"""Shared paragraphs and forms of a mail-merge must print exactly what ordinary paragraphs print."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.platypus import PageBreak, Paragraph

from cpts_desktop.domain.enums import MemberKind
from cpts_desktop.pdf import meetings
from cpts_desktop.pdf.mailmerge import LetterPage, LetterStart, MergeParagraphs
from cpts_desktop.pdf.style import build, styles
from cpts_desktop.services import meetings as meeting_service
from cpts_desktop.services.association import letterhead
from cpts_desktop.services.documents import MeetingPapers, MemberCard, meeting_papers


@pytest.fixture
def invariant(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same input, same bytes: no creation date nor random document id."""
    monkeypatch.setattr(rl_config, "invariant", 1)


def _pictures(path: Path, folder: Path) -> list[bytes]:
    """Each page rendered by poppler, as bytes to compare."""
    subprocess.run(["pdftoppm", "-r", "30", str(path), str(folder / path.stem)], check=True)
    return [page.read_bytes() for page in sorted(folder.glob(f"{path.stem}-*.ppm"))]


def _texts(path: Path) -> list[str]:
    """Each page's words (pypdf spaces text from a form by its own guess)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


@pytest.fixture
def six_letters(demo_database) -> MeetingPapers:
    ag = next(m for m in meeting_service.list_meetings(demo_database) if m.statut.value == "prevue")
    papers = meeting_papers(demo_database, ag.id)
    assert len(papers.convened) >= 6
    return replace(papers, convened=papers.convened[:6])


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler’s pdftoppm is needed to compare pages")
def test_convocations_look_and_read_as_with_ordinary_paragraphs(six_letters, tmp_path: Path, monkeypatch):
    shared = meetings.convocations_pdf(six_letters, tmp_path / "partages.pdf", today=date(2026, 11, 24))
    monkeypatch.setattr(meetings, "MergeParagraphs", lambda: Paragraph)
    plain = meetings.convocations_pdf(six_letters, tmp_path / "ordinaires.pdf", today=date(2026, 11, 24))
    assert _texts(shared) == _texts(plain)
    assert len(_texts(shared)) == 12
    assert _pictures(shared, tmp_path) == _pictures(plain, tmp_path)


def test_sentences_every_letter_shares_are_drawn_once(six_letters, tmp_path: Path):
    path = meetings.convocations_pdf(six_letters, tmp_path / "convocations.pdf", today=date(2026, 11, 24))
    pages = PdfReader(path).pages
    first, last = pages[0], pages[10]  # the first letter, drawn in place; the last, mostly forms
    assert len(last.get_contents().get_data()) * 2 < len(first.get_contents().get_data())
    for index, member in enumerate(six_letters.convened):
        letter = " ".join(pages[2 * index].extract_text().split())
        proxy = " ".join(pages[2 * index + 1].extract_text().split())
        assert member.nom in letter and "page 1 / 2" in letter
        assert "J’ai le plaisir de vous convoquer" in letter and "Ordre du jour" in letter
        assert member.nom in proxy and "page 2 / 2" in proxy and "Bon pour pouvoir" in proxy
        assert "page 1 / 2" not in proxy


def _story(paragraph, s: dict) -> list:
    long_text = " ".join(f"Phrase {n} d’un très long paragraphe répété dans chaque lettre." for n in range(400))
    link = 'Voir <a href="https://cpts.example/ag">la page de l’assemblée</a>.'
    story: list = []
    for _letter in range(3):
        story += [paragraph(link, s["body"]), paragraph(long_text, s["body"]), PageBreak()]
    return story


def test_cut_paragraphs_and_links_print_as_ordinary_ones(demo_database, tmp_path: Path, invariant):
    head = letterhead(demo_database)
    s = styles()
    shared = build(tmp_path / "partages.pdf", _story(MergeParagraphs(), s), head, "Essai")
    plain = build(tmp_path / "ordinaires.pdf", _story(Paragraph, s), head, "Essai")
    assert shared.read_bytes() == plain.read_bytes()
    pages = PdfReader(shared).pages
    assert len(pages) > 6  # each long paragraph was cut across pages
    assert sum(len(page.get("/Annots") or []) for page in pages) == 3  # one link per letter, none lost
    assert "Phrase 399 d’un très long" in " ".join(pages[-1].extract_text().split())


# fictional recipients a secretary meets: long compound names, Œ and ’, a title, a structure, no address
_NAMES = [
    ("Lœwenbrück-Saint-Hilaire de La Tour d’Auvergne", "Marie-Bénédicte"),
    ("N’Guessan", "Aïssatou"),
    ("Œhlenschläger", "Zoé"),
    ("Dupont", "Jean"),
    ("Maison de santé pluriprofessionnelle des Œillets et de l’Étang-Saint-Jean", None),
    ("Wiśniewski", "Łucja"),
    ("O’Connor-Lefèvre", "Ysaÿe"),
    ("Ba", "Al"),
]
_STREETS = [
    "12 bis rue de l’Œuvre",
    None,
    "Résidence des Coquelicots, bâtiment B, escalier 4, appartement 1204, 12 bis avenue du Général-de-Gaulle",
    "3 impasse Saint-Éloi",
]


def _recipients(model: MemberCard, count: int) -> list[MemberCard]:
    cards = []
    for index in range(count):
        nom, prenom = _NAMES[index % len(_NAMES)]
        structure = prenom is None
        street = _STREETS[index % len(_STREETS)]
        cards.append(
            replace(
                model,
                id=index + 1,
                kind=MemberKind.STRUCTURE if structure else MemberKind.PERSON,
                nom=nom if index < len(_NAMES) else f"{nom} {index}",
                prenom=prenom,
                civilite=None if structure else ("Mme", "M.", None)[index % 3],
                titre="Dr" if index % 7 == 3 else None,
                adresse=street,
                code_postal=None if street is None else "39570",
                commune=None if street is None else "Saint-Laurent-en-Grandvaux-sur-Œuvre",
            )
        )
    return cards


def _ordinary(papers: MeetingPapers, path: Path, day: date) -> Path:
    """The convocations as one ordinary platypus story: every paragraph parsed, laid out and drawn."""
    s = styles()
    story: list = []
    for index, card in enumerate(papers.convened):
        letter = meetings._letter(papers, card, s, day, Paragraph)
        letter += [PageBreak(), *meetings._proxy(papers, card, s, Paragraph)]
        story += [PageBreak()] * bool(index) + [LetterStart(), *letter]
    return build(path, story, papers.head, f"Convocations – {papers.meeting.titre}")


def test_a_merge_reads_as_the_ordinary_story(six_letters, tmp_path: Path):
    papers = replace(six_letters, convened=_recipients(six_letters.convened[0], 24))
    day = date(2026, 11, 24)
    merged = meetings.convocations_pdf(papers, tmp_path / "fusion.pdf", today=day)
    reference = _ordinary(papers, tmp_path / "ordinaire.pdf", day)
    texts = _texts(merged)
    assert texts == _texts(reference)
    assert len(texts) == 48
    for index, card in enumerate(papers.convened):
        letter, proxy = texts[2 * index], texts[2 * index + 1]
        assert card.nom.split()[-1] in letter and "page 1 / 2" in letter and "page 2 / 2" not in letter
        assert card.nom.split()[-1] in proxy and "Pouvoir" in proxy and "page 2 / 2" in proxy
    assert "Ysaÿe" in texts[12] and "N’Guessan" in texts[2]  # accents and apostrophes as typed
    # the shared sentences are forms the pages call: far fewer operators on the pages
    assert _operators(merged) * 2 < _operators(reference)


def test_pages_laid_out_alike_follow_a_plan_and_print_the_same_bytes(
    six_letters, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invariant
):
    papers = replace(six_letters, convened=_recipients(six_letters.convened[0], 24))
    day = date(2026, 11, 24)
    followed: list[LetterPage] = []
    follow = LetterPage._follow
    monkeypatch.setattr(LetterPage, "_follow", lambda page, *args: followed.append(page) or follow(page, *args))
    planned = meetings.convocations_pdf(papers, tmp_path / "plans.pdf", today=day)
    assert len(followed) > 12  # of the 48 pages, those laid out as one before (the proxies, mostly)
    monkeypatch.setattr(LetterPage, "_known_plan", lambda page, key, width: None)
    walked = meetings.convocations_pdf(papers, tmp_path / "parcours.pdf", today=day)
    assert planned.read_bytes() == walked.read_bytes()


def _operators(path: Path) -> int:
    return sum(len(page.get_contents().get_data()) for page in PdfReader(path).pages)
