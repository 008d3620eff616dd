"""The document lint: every document of the demo base and of an edge base, read as its recipient would.

No amount, date, number or word cut at a line end; each letter of a mail-merge numbered « page 1 / n »
from its own start; every font embedded; no text beyond the page; cancelled and draft papers marked;
a PV refused before its meeting; official papers refused without the association's identity.
"""

from __future__ import annotations

import argparse
import re
import shutil
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table

from cpts_desktop.cli.main import build_parser
from cpts_desktop.domain.enums import BoardRole, MeetingType, MemberKind, PaymentMethod, StatutesKind
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.members import MemberData
from cpts_desktop.pdf.governance import officers_pdf, statutes_pdf
from cpts_desktop.pdf.meetings import minutes_pdf
from cpts_desktop.pdf.membership import attestation_pdf, receipt_pdf
from cpts_desktop.pdf.registers import members_list_pdf
from cpts_desktop.pdf.style import FONT, build
from cpts_desktop.services import documents, indemnities, meetings, statutes
from cpts_desktop.services.association import UNNAMED, Letterhead, letterhead, signatories
from cpts_desktop.services.cotisations import add_payment
from cpts_desktop.services.database import open_database
from cpts_desktop.services.documents import IdentityMissing
from cpts_desktop.services.members import create_member
from cpts_desktop.store.engine import Database
from tests.pdf import lint
from tests.pdf.edge_base import EdgeBase, build_edge_base
from tests.pdf.test_grammar_identity import MESSAGE
from tests.pdf.test_layout import pages_of

SPILL = 2.5  # points a line may run into a cell's padding (6 pt) or the page's margin, never past them
TODAY = date.today()  # the demo template is loaded for today: its meeting to come is in 25 days

# which generated documents stand for each ``cpts pdf`` command
COMMANDS = {
    "membership-form": "bulletin-",
    "receipt": "recu",
    "attestation": "attestation",
    "members-list": "liste-",
    "reminders": "relances",
    "statutes": "statuts-",
    "board": "conseil",
    "convocations": "-convocations",
    "attendance-sheet": "-emargement",
    "minutes": "-pv",
    "officers": "dirigeants",
    "grant": "subvention-",
    "grants-report": "rapport-subventions",
    "financial-report": "compte-rendu-",
    "aci-summary": "synthese-aci",
    "indemnities": "indemnites-releve",
    "indemnities-summary": "indemnites-recap",
}


def _first_payment(database: Database) -> int:
    member = documents.members_list(database, TODAY.year).groups[0][1][0].id
    return add_payment(database, member, "30", TODAY - timedelta(days=3), PaymentMethod.CHEQUE).id


def test_documents_of_the_demo_and_of_an_edge_base(
    demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One test, so that the documents are generated once (pytest-xdist would build a module fixture
    again in each worker); every problem of every document is listed at once."""
    overflowing = _watch_overflows(monkeypatch)
    demo = open_database(str(shutil.copyfile(demo_template, tmp_path / "demo.sqlite")))
    edge = build_edge_base(demo_template, tmp_path / "edge.sqlite", TODAY)
    try:
        payment = _first_payment(demo)
        # a professional with hours entered: his relevé d'indemnisation has rows
        member = indemnities.totals(demo, date(TODAY.year, 1, 1), date(TODAY.year, 12, 31))[0].member_id
        corpus = {
            "demo": lint.generate(demo, tmp_path / "demo", member, 1, TODAY, by=("college", "profession"))
            + lint.receipts(demo, tmp_path / "demo", {"recu": payment}),
            "edge": lint.generate(edge.database, tmp_path / "edge", edge.member_id, edge.grant_id, TODAY)
            + lint.receipts(
                edge.database, tmp_path / "edge", {"recu": edge.payment_id, "recu-annule": edge.cancelled_payment_id}
            ),
        }
        _every_command_covered(corpus)
        problems = [f"{base}/{problem}" for base, docs in corpus.items() for problem in _problems(docs)]
        problems += [f"texte plus large que sa cellule ou sa colonne : {text}" for text in sorted(overflowing)]
        assert not problems, "\n".join(problems[:40])
        _marked(corpus, edge)
        _zip_letters_start_at_page_one(edge, tmp_path)
        papers = documents.meeting_papers(edge.database, edge.future_meeting_id)
        with pytest.raises(CptsError, match="n’a pas encore eu lieu"):
            minutes_pdf(papers, tmp_path / "pv.pdf")
        assert not (tmp_path / "pv.pdf").exists()
    finally:
        demo.close()
        edge.database.close()


def _watch_overflows(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The paragraphs with a line longer than the width they were laid out in (a word that could not be
    cut): reportlab draws it beyond the cell or the column, which the PDF's text alone does not show.
    Up to ``SPILL`` points (a hyphen's width) run into the cell's padding or the margin, not past them."""
    found: set[str] = set()
    wrap = Paragraph.wrap

    def checked(self: Paragraph, width: float, height: float) -> tuple[float, float]:
        size = wrap(self, width, height)
        lines = getattr(getattr(self, "blPara", None), "lines", ())
        excess = -min((line[0] if isinstance(line, tuple) else line.extraSpace for line in lines), default=0)
        if excess > SPILL:
            found.add(f"« {self.getPlainText()[:60]} » ({excess:.0f} pt de trop sur {width:.0f})")
        return size

    monkeypatch.setattr(Paragraph, "wrap", checked)
    return found


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices


def _every_command_covered(corpus: dict[str, list[lint.Document]]) -> None:
    assert set(_subcommands(_subcommands(build_parser())["pdf"])) == set(COMMANDS)
    for base, docs in corpus.items():
        names = [doc.name for doc in docs]
        missing = {c for c, part in COMMANDS.items() if not any(part in n for n in names)}
        assert not missing, f"{base} : {missing}"
    # the mail-merges of hundreds of letters: reminders of one page, convocations of two (letter, pouvoir)
    assert _named(corpus, "edge", "relances").letters >= 450
    convocations = max((doc for doc in corpus["edge"] if doc.letters), key=lambda doc: len(doc.numbers))
    assert convocations.letters >= 500 and len(convocations.numbers) >= 1000


def _named(corpus: dict[str, list[lint.Document]], base: str, name: str) -> lint.Document:
    return next(doc for doc in corpus[base] if doc.name == name)


def _problems(docs: list[lint.Document]) -> Iterator[str]:
    """Cut words and numbers, page numbers, fonts and text beyond the page, document by document."""
    for doc in docs:
        reading = lint.read(doc.path)
        for index, text in reading.texts.items():
            yield from (f"{doc.name} p. {index + 1} : {problem}" for problem in lint.broken(text))
            if lint.printed_number(text) != doc.numbers[index]:
                yield f"{doc.name} p. {index + 1} : « page x / n » imprimé {lint.printed_number(text)}"
        for index, pairs in reading.wrapped.items():
            problems = {problem for pair in pairs for problem in lint.broken(pair)}
            yield from (f"{doc.name} p. {index + 1} (ligne suivante) : {problem}" for problem in sorted(problems))
        yield from (f"{doc.name} {problem}" for problem in reading.outside)
        yield from (f"{doc.name} : police non incorporée {font}" for font in lint.unembedded_fonts(doc.path))
        if len(doc.numbers) != reading.pages:
            yield f"{doc.name} : {reading.pages} pages, {len(doc.numbers)} numéros"
        elif doc.letters is None and doc.numbers != [(n, reading.pages) for n in range(1, reading.pages + 1)]:
            yield f"{doc.name} : pages mal numérotées {doc.numbers[:5]}…"
        elif doc.letters is not None and lint.letters_numbered(doc.numbers) != doc.letters:
            yield f"{doc.name} : {lint.letters_numbered(doc.numbers)} lettres numérotées pour {doc.letters}"


def _marked(corpus: dict[str, list[lint.Document]], edge: EdgeBase) -> None:
    """A cancelled receipt says « ANNULÉ », a PV not approved « PROJET »; the register holds neither."""
    cancelled = " ".join(pages_of(_named(corpus, "edge", "recu-annule").path))
    assert "ANNULÉ" in cancelled and "1 234 567,89 €" in cancelled
    valid = " ".join(pages_of(_named(corpus, "edge", "recu").path))
    assert "ANNULÉ" not in valid and "12 345 678,90 €" in valid
    draft = " ".join(pages_of(_named(corpus, "edge", f"reunion-{edge.draft_meeting_id}-pv").path))
    assert "PROJET" in draft
    approved = " ".join(pages_of(_named(corpus, "demo", "reunion-1-pv").path))
    assert "PROJET" not in approved
    register = " ".join(pages_of(_named(corpus, "edge", "registre-pv").path))
    assert "PROJET" not in register and "Budget 2027" not in register


def _zip_letters_start_at_page_one(edge: EdgeBase, tmp_path: Path) -> None:
    upcoming = next(m for m in meetings.list_meetings(edge.database) if m.date_heure.date() > TODAY)
    papers = documents.meeting_papers(edge.database, upcoming.id)
    path = lint.zip_letters(papers, tmp_path / "convocations.zip", TODAY)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "zip")
    assert len(names) == 3
    for name in names:
        texts = [page.extract_text() for page in PdfReader(tmp_path / "zip" / name).pages]
        numbers = [lint.printed_number(text) for text in texts]
        assert numbers == [(n, len(texts)) for n in range(1, len(texts) + 1)], name


def test_official_papers_refused_without_identity_lists_say_so(empty_template: Path, tmp_path: Path) -> None:
    database = open_database(str(shutil.copyfile(empty_template, tmp_path / "vide.sqlite")))
    member = create_member(database, MemberData(kind=MemberKind.PERSON, nom="Fictif", prenom="Éloi"))
    payment = add_payment(database, member, "30", TODAY, PaymentMethod.TRANSFER).id
    meeting = meetings.create_meeting(database, MeetingType.BOARD, datetime(TODAY.year, 1, 5, 20, 0))
    version = statutes.create_from_template(database, StatutesKind.STATUTES)
    head = letterhead(database)
    president, secretary = signatories(database, BoardRole.PRESIDENT, BoardRole.SECRETARY)
    summary = statutes.list_versions(database)[0]
    official = {
        "reçu": lambda: receipt_pdf(documents.receipt(database, payment), tmp_path / "r.pdf"),
        "attestation": lambda: attestation_pdf(documents.attestation(database, member, TODAY.year), tmp_path / "a.pdf"),
        "statuts": lambda: statutes_pdf(
            head, summary, statutes.rendered_articles(database, version), president, secretary, tmp_path / "s.pdf"
        ),
        "dirigeants": lambda: officers_pdf(head, [], president, tmp_path / "d.pdf"),
        "réunion": lambda: documents.meeting_papers(database, meeting),
    }
    for name, make in official.items():
        with pytest.raises(IdentityMissing, match=re.escape(MESSAGE)):
            make()
        assert not list(tmp_path.glob("*.pdf")), name
    listing = members_list_pdf(documents.members_list(database, TODAY.year), tmp_path / "liste.pdf")
    assert "identité à compléter" in pages_of(listing)[0] and UNNAMED.startswith("Association (identité")
    database.close()


def test_the_lint_sees_what_it_looks_for(tmp_path: Path) -> None:
    """Each check fails on the faults the issue found, and passes what is right."""
    for cut in ("12 345\n678,90 €", "le 05/02/202\n6", "le 20\nmars 2027", "n°\n12", "18\u202fh\n30", "Heure\ns"):
        assert lint.broken(cut), cut
    assert lint.broken("Bourgogn\ne-Franche-Comté")
    assert not lint.broken("Total\n1 234,50 € versés à\nl’association le 20 mars 2027, n° 12, à 18\u202fh\u202f30")
    assert lint.letters_numbered([(1, 2), (2, 2), (1, 1)]) == 2
    with pytest.raises(AssertionError):
        lint.letters_numbered([(1, 45), (2, 45)])
    canvas = Canvas(str(tmp_path / "brut.pdf"))  # reportlab's default: Helvetica, never embedded
    canvas.drawString(560, 400, "Un texte qui sort de la page A4")
    canvas.save()
    assert lint.unembedded_fonts(tmp_path / "brut.pdf") == {"/Helvetica"}
    assert lint.read(tmp_path / "brut.pdf").outside
    # a date and an amount cut inside their table cells (a plain style, a column too narrow)
    plain = ParagraphStyle("plain", fontName=FONT, fontSize=8.5)
    cells = [[Paragraph("05/02/2026", plain), Paragraph("Réunion", plain), Paragraph("12 345 678,90 €", plain)]]
    path = build(tmp_path / "cellules.pdf", [Table(cells, colWidths=[40, 80, 60])], Letterhead("CPTS Essai"), "Essai")
    cut = [problem for pair in lint.read(path).wrapped[0] for problem in lint.broken(pair)]
    assert any("date courte" in p for p in cut) and any("montant" in p for p in cut)
