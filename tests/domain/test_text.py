from cpts_desktop.domain.text import control_characters, search_key, strip_controls


def test_search_key_removes_case_and_accents():
    assert search_key("Éloïse", "LEFÈVRE") == "eloise lefevre"


def test_search_key_handles_letters_without_decomposition():
    assert search_key("Lœtitia", "Łukasz", "Ødegaard") == "loetitia lukasz odegaard"
    assert search_key("N’Diaye") == "n'diaye"
    assert search_key("Nguyễn", "Szőke") == "nguyen szoke"


def test_search_key_skips_empty_parts_and_collapses_spaces():
    assert search_key(None, "  Jean   Noël ", "", "Montvallon") == "jean noel montvallon"


def test_control_characters_are_found_and_stripped_but_tabs_and_line_breaks_stay():
    text = "A\x00B\x01C\tD\nE\rF\x7fG\x85H\x9fI\ud800J"
    assert control_characters(text) == ["U+0000", "U+0001", "U+007F", "U+0085", "U+009F", "U+D800"]
    assert strip_controls(text) == "ABC\tD\nE\rFGHIJ"
    assert control_characters("Lœtitia Nguyễn مريم 😀") == []
