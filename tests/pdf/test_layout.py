"""Layout that grows with its content: long values wrap inside their row, the certification stays with
the end of the statutes, a group's heading comes back on each page of the members list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader

from cpts_desktop.domain.enums import Civility, MemberKind, MemberStatus, StatutesKind, StatutesStatus
from cpts_desktop.domain.members import MemberData
from cpts_desktop.domain.statutes import Article
from cpts_desktop.pdf.governance import statutes_pdf
from cpts_desktop.pdf.membership import membership_form_pdf
from cpts_desktop.pdf.registers import members_list_pdf
from cpts_desktop.services import documents
from cpts_desktop.services.association import Letterhead, Signatory
from cpts_desktop.services.documents import MembersList
from cpts_desktop.services.members import MemberRow, create_member
from cpts_desktop.services.statutes import VersionSummary

TODAY = date(2026, 11, 24)
HEAD = Letterhead(
    "CPTS du Val Fictif", adresse="2 place de la Mairie", code_postal="21000", commune="Dijon", rna="W212000000"
)
LONG_ADDRESS = (
    "Résidence des Grands Peupliers, bâtiment Œillet, escalier ß, appartement 1234, "
    "17 bis chemin de la Croix-Rousse-Haute-Fictive"
)


def pages_of(path: Path) -> list[str]:
    """Each page's text on one line: no-break spaces and line wraps become plain spaces."""
    return [
        " ".join(page.extract_text().replace("\u202f", " ").replace("\u00a0", " ").split())
        for page in PdfReader(path).pages
    ]


def test_bulletin_row_grows_with_a_long_address(demo_database, tmp_path):
    assert len(LONG_ADDRESS) >= 120
    member = create_member(
        demo_database,
        MemberData(
            kind=MemberKind.PERSON,
            civilite=Civility.MADAME,
            nom="Duval-Fictive",
            prenom="Élise",
            profession_code="60",
            adresse=LONG_ADDRESS,
            code_postal="21000",
            commune="Dijon",
        ),
    )
    path = membership_form_pdf(documents.membership_form(demo_database, 2026, member), tmp_path / "b.pdf")
    text = " ".join(pages_of(path))
    # the whole address, then the next row's label: nothing printed over it
    assert LONG_ADDRESS in text
    assert text.index("Code postal et commune") > text.index("Croix-Rousse-Haute-Fictive")
    assert text.index("Croix-Rousse-Haute-Fictive") > text.index("Adresse")
    # and on the page: the address's last line is above the next row's label, not printed over it
    height = heights_of(path)
    first, last, below = height("Résidence des Grands"), height("1234, 17 bis chemin"), height("Code postal et")
    # a line apart inside the row; then a line and the padding of both rows (9 pt) down to the next label
    assert first - last > 8 and last - below >= 19


def heights_of(path: Path) -> Callable[[str], float]:
    """The height on the first page of the text that starts with a given string."""
    found: list[tuple[str, float]] = []

    def visit(text: str, cm: list, tm: list, font: dict, size: float) -> None:
        found.append((text.strip(), tm[5] * cm[3] + cm[5]))

    PdfReader(path).pages[0].extract_text(visitor_text=visit)
    return lambda start: next(y for text, y in found if text.startswith(start))


def _statutes(tmp_path: Path, paragraphs: int) -> list[str]:
    text = "L’association poursuit ses missions de coordination sur le territoire de santé. " * 6
    articles = [Article(str(n), f"Titre de l’article {n}", "\n\n".join([text] * paragraphs)) for n in range(1, 9)]
    version = VersionSummary(
        1, StatutesKind.STATUTES, 2, "Statuts", StatutesStatus.ADOPTED, date(2026, 6, 20), date(2026, 7, 1)
    )
    path = statutes_pdf(
        HEAD,
        version,
        articles,
        Signatory("Présidente", "Élise Duval-Fictive"),
        Signatory("Secrétaire", "Marc Lefictif"),
        tmp_path / f"statuts-{paragraphs}.pdf",
        TODAY,
    )
    return pages_of(path)


def test_statutes_certification_never_alone_on_the_last_page(tmp_path):
    # whatever the length of the text, the page that certifies also holds the end of the articles
    for paragraphs in range(1, 6):
        last = _statutes(tmp_path, paragraphs)[-1]
        assert "Certifié conforme" in last
        before = last[: last.index("Certifié conforme")]
        assert "territoire de santé" in before, paragraphs
        assert "Présidente" in last and "Secrétaire" in last


def _row(index: int, group: str) -> MemberRow:
    name = f"Nom{index:03d}-" + "Longuenom-Fictif " * 7
    return MemberRow(
        index,
        MemberKind.PERSON,
        name.strip(),
        "Prénom",
        "60",
        "Infirmier",
        "Commune-Très-Longue-de-la-Vallée-du-Fictif " * 2,
        1,
        group,
        MemberStatus.ACTIVE,
        "",
        Decimal(20),
        Decimal(20) if index % 2 else Decimal(0),
        "",
    )


def test_members_list_repeats_group_heading_and_columns_on_each_page(tmp_path):
    group = "Professionnels de santé libéraux"
    rows = [_row(i, group) for i in range(120)]
    data = MembersList(HEAD, "college", 2026, [(group, rows), ("Établissements", [_row(500, "Établissements")])], 121)
    pages = pages_of(members_list_pdf(data, tmp_path / "liste.pdf", TODAY))
    group_pages = [page for page in pages if "Nom0" in page or "Nom1" in page]
    assert len(group_pages) >= 3
    for page in group_pages:
        assert f"{group} – 120" in page
        assert "Nom Prénom Profession Commune Cotis. 2026" in page
    # every name printed whole: a long name wraps inside its cell, nothing is lost
    text = " ".join(pages)
    for i in range(120):
        assert f"Nom{i:03d}-" in text
    # French order of the groups: « Établissements » before « Professionnels »
    assert text.index("Établissements – 1") < text.index(f"{group} – 120")
