"""French typography of every document: amounts, dates and « n° 12 » never break at a line or cell end,
narrow no-break spaces before « : ; ! ? » and inside « », raised ordinals, only embedded fonts."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from cpts_desktop.domain.enums import ExpenseCategory, FunderType, GrantNature
from cpts_desktop.i18n import collation_key, format_date, format_date_short, format_money
from cpts_desktop.pdf import typography
from cpts_desktop.pdf.grants import financial_report_pdf, grant_sheet_pdf, grants_report_pdf
from cpts_desktop.pdf.registers import members_list_pdf
from cpts_desktop.pdf.style import build, data_table, fitting, styles
from cpts_desktop.pdf.typography import NBSP, NNBSP, prepare, split
from cpts_desktop.services import documents, finance_documents, financial_reports, grants
from cpts_desktop.services.association import Letterhead
from cpts_desktop.store.engine import Database

BIG = Decimal("12345678.90")
SPACES = re.compile("[\u00a0\u202f ]")
MONTHS = typography.MONTHS


def _plain(text: str) -> str:
    return SPACES.sub(" ", text)


def _lines(path: Path) -> list[str]:
    """Every printed line of the document, spaces made plain."""
    return [_plain(line).strip() for page in PdfReader(path).pages for line in page.extract_text().splitlines()]


def _assert_never_split(lines: list[str]) -> None:
    """No line ends inside an amount or a date that the next line finishes (pypdf gives each table cell
    its own line, so a cell « 9 » followed by a cell « 562,50 € » is not taken for a split)."""
    for line, following in zip(lines, lines[1:], strict=False):
        where = f"{line!r} / {following!r}"
        assert not (re.search(r"\d \d{3}$", line) and re.match(r"[\d,]", following)), where
        assert not (re.search(r"\b\d{1,2}(er)?$", line) and re.match(rf"({MONTHS})\b", following)), where
        assert not (re.search(rf"\b({MONTHS})$", line) and re.match(r"\d{4}\b", following)), where
        assert not (re.search(r"\d\d/\d\d/\d{0,3}$", line) or re.search(r"\d\d/\d?$", line)), where
        assert not re.match(r"[:;!?»€%]", following), where
        assert not re.search(r"(n°|«)$", line), where


# --- the text-preparation function --------------------------------------------------------------------


def test_amounts_dates_and_abbreviations_hold_together():
    assert prepare("le 20 mars 2027") == f"le 20{NBSP}mars{NBSP}2027"
    assert prepare("reçu n° 12 de M. Dupont") == f"reçu n°{NBSP}12 de M.{NBSP}Dupont"
    assert prepare("45 % et 12 €, à 18h30") == f"45{NNBSP}% et 12{NNBSP}€, à 18{NNBSP}h{NNBSP}30"
    assert split(prepare(f"Total : {format_money(BIG)} le {format_date(date(2027, 3, 20))}")) == [
        "Total\u202f:",
        "12\u202f345\u202f678,90\u00a0€",
        "le",
        "20\u00a0mars\u00a02027",
    ]


def test_narrow_no_break_space_before_high_punctuation_and_inside_guillemets():
    assert prepare("Objet : relance") == f"Objet{NNBSP}: relance"
    assert prepare("Objet: relance") == f"Objet{NNBSP}: relance"
    assert (
        prepare("Vraiment ? Oui ! Enfin ; « bien »")
        == f"Vraiment{NNBSP}? Oui{NNBSP}! Enfin{NNBSP}; «{NNBSP}bien{NNBSP}»"
    )
    assert prepare("«bien»") == f"«{NNBSP}bien{NNBSP}»"


@pytest.mark.parametrize(
    "untouched",
    [
        "à 18:30",
        "https://cpts.example/page?x=1 : voir",
        "contact@cpts-trois-vallons.example",
        "www.cpts.example/a:b",
        '<font name="DejaVuSans" color="#1f6f8e">x</font>',
        "Tom &amp; Jerry",
        "&nbsp;",
        "PIECE-2026-9e",
        "<br/>",
    ],
)
def test_urls_emails_times_and_markup_are_left_alone(untouched: str):
    kept = prepare(untouched)
    for token in re.findall(r"<[^>]*>|&\w+;|https?://\S+|www\.\S+|\S+@\S+|\d\d:\d\d|PIECE-2026-9e", untouched):
        assert token in kept


def test_ordinals_are_raised_and_preparing_twice_changes_nothing():
    assert prepare("le 1er janvier, la 2e réunion, la 1re fois") == (
        f"le 1<super>er</super>{NBSP}janvier, la 2<super>e</super> réunion, la 1<super>re</super> fois"
    )
    once = prepare("<b>Objet :</b> le 1er mars 2027, « 1 234,50 € » !")
    assert prepare(once) == once
    assert once.startswith(f"<b>Objet{NNBSP}:</b>")


def test_every_reportlab_paragraph_keeps_an_amount_and_a_date_whole_at_any_width():
    s = styles()  # installs the typography
    text = f"Le trésorier certifie avoir reçu {format_money(BIG)} le {format_date(date(2027, 3, 20))} : n° 12."
    for width in range(100, 400, 3):  # from the width of the amount: a narrower column shrinks it
        paragraph = Paragraph(text, s["body"])
        paragraph.wrap(width, 10_000)
        lines = [" ".join(map(str, words)) for _gap, words in paragraph.blPara.lines]
        joined = "\n".join(_plain(line) for line in lines)
        assert "12 345 678,90 €" in joined and "20 mars 2027" in joined, (width, lines)
        assert not any(line.startswith(NNBSP) or line.lstrip().startswith(":") for line in lines), (width, lines)


def test_a_cell_shrinks_its_amount_rather_than_cut_it():
    s = styles()
    assert fitting(s["cell_right"], "150,00 €", 30 * mm) is s["cell_right"]
    smaller = fitting(s["cell_right"], format_money(BIG), 16 * mm - 12)
    assert smaller.fontSize < s["cell_right"].fontSize
    assert fitting(s["cell"], "Accompagnement des professionnels", 20 * mm) is s["cell"]  # hyphenated instead


# --- real documents ----------------------------------------------------------------------------------


def test_narrow_columns_keep_amounts_dates_and_words_whole(tmp_path: Path):
    s = styles()
    rows = [["Date", "Montant", "Heures", "Région"]]
    for cents in (0, 1, 99):
        amount = BIG + Decimal(cents) / 100
        rows.append([format_date_short(date(2026, 2, 5)), format_money(amount), "12", "Bourgogne-Franche-Comté"])
    widths = [16 * mm, 18 * mm, 12 * mm, 22 * mm]
    head = Letterhead(nom="CPTS de l’Œuvre", adresse="1 rue Ødegård", code_postal="39000", rna="W392004187")
    story = [Paragraph(f"Relevé au {format_date(date(2027, 1, 1))} : {format_money(BIG)}", s["body"])]
    path = build(tmp_path / "etroit.pdf", [*story, data_table(rows, widths, s, numeric=(1,))], head, "Essai")
    lines = _lines(path)
    _assert_never_split(lines)
    assert sum("12 345 678,90 €" in line for line in lines) >= 1
    assert any(line.startswith("05/02/2026") for line in lines)
    assert not any(line in ("Heure", "s", "Heu") for line in lines)
    assert "Bourgogn" not in "".join(line for line in lines if line.endswith("Bourgogn"))


@pytest.fixture
def big_grant(demo_database: Database) -> int:
    """A grant whose amounts reach 12 345 678,90 € in narrow columns."""
    year = date.today().year
    data = grants.GrantData(
        "Agence régionale de santé Bourgogne-Franche-Comté",
        GrantNature.OPERATING,
        "Coordination territoriale des parcours de soins non programmés",
        FunderType.ARS,
        periode_debut=date(year, 1, 1),
        periode_fin=date(year, 12, 31),
        montant_accorde=BIG,
    )
    grant_id = grants.create_grant(demo_database, data)
    grants.add_disbursement(demo_database, grant_id, BIG, date(year, 3, 1), "VIR ARS BFC FIR 2026 RÉFÉRENCE LONGUE")
    grants.add_expense(demo_database, grant_id, Decimal("1234567.89"), date(year, 3, 20), ExpenseCategory.SERVICES,
                       "Accompagnement méthodologique des professionnels de santé du territoire")  # fmt: skip
    return grant_id


def test_grant_documents_never_split_an_amount_or_a_date(demo_database: Database, big_grant: int, tmp_path: Path):
    papers = finance_documents.grant_papers(demo_database, big_grant)
    sheet = grant_sheet_pdf(papers, tmp_path / "fiche.pdf")
    report = financial_report_pdf(financial_reports.financial_report(demo_database, big_grant), tmp_path / "cr.pdf")
    treasurer = grants_report_pdf(finance_documents.grants_report(demo_database, date.today().year),
                                  tmp_path / "rapport.pdf")  # fmt: skip
    for path in (sheet, report, treasurer):
        lines = _lines(path)
        _assert_never_split(lines)
        assert any("12 345 678,90 €" in line for line in lines), path.name


def test_documents_embed_every_font_and_raise_the_first(demo_database: Database, big_grant: int, tmp_path: Path):
    path = grant_sheet_pdf(finance_documents.grant_papers(demo_database, big_grant), tmp_path / "fiche.pdf")
    reader = PdfReader(path)
    fonts = set()
    for page in reader.pages:
        resources = [page["/Resources"]]
        resources += [x.get_object()["/Resources"] for x in page["/Resources"].get("/XObject", {}).values()]
        for resource in resources:
            for font in resource.get("/Font", {}).values():
                font = font.get_object()
                fonts.add(font["/BaseFont"])
                assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]
    assert fonts and all("DejaVuSans" in name for name in fonts)
    assert "loi du 1er juillet 1901" in _plain(reader.pages[0].extract_text())


def test_french_order_ignores_accents_and_case_before_refining():
    names = ["Usagers", "état", "Etat", "Établissements", "eta", "Lœtitia", "Lof"]
    assert sorted(names, key=collation_key) == ["eta", "Établissements", "Etat", "état", "Lœtitia", "Lof", "Usagers"]


def test_members_list_groups_follow_french_order(demo_database: Database, tmp_path: Path):
    data = documents.members_list(demo_database, date.today().year, by="college")
    names = [name for name, _rows in data.groups]
    text = _plain(" ".join(page.extract_text() for page in PdfReader(members_list_pdf(data, tmp_path / "l.pdf")).pages))
    printed = sorted(names, key=lambda name: text.index(f"{name} – "))
    assert printed == sorted(names, key=collation_key)
    assert printed[0] == "Établissements sanitaires, médico-sociaux et sociaux"


def test_only_long_common_words_are_hyphenated():
    assert ("adminis", "tration") in typography.hyphenate("administration")
    assert typography.hyphenate("réunion") == []  # shorter words go whole to the next line
    assert typography.hyphenate("2026-2027") == []
    assert typography.unbreakable("12\u202f345,00\u00a0€") and typography.unbreakable("Montbard")
    assert not typography.unbreakable("Bourgogne-Franche-Comté")


@pytest.mark.parametrize("phone", ["06 12 34 56 78", "+33 6 12 34 56 78"])
def test_a_phone_number_stays_on_one_line(phone: str):
    assert prepare(f"Téléphone : {phone}.").endswith(phone.replace(" ", NBSP) + ".")
