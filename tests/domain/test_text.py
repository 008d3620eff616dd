from cpts_desktop.domain.text import search_key


def test_search_key_removes_case_and_accents():
    assert search_key("Éloïse", "LEFÈVRE") == "eloise lefevre"


def test_search_key_handles_letters_without_decomposition():
    assert search_key("Lœtitia", "Łukasz", "Ødegaard") == "loetitia lukasz odegaard"
    assert search_key("N’Diaye") == "n'diaye"
    assert search_key("Nguyễn", "Szőke") == "nguyen szoke"


def test_search_key_skips_empty_parts_and_collapses_spaces():
    assert search_key(None, "  Jean   Noël ", "", "Montvallon") == "jean noel montvallon"
