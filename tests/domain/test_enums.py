from cpts_desktop.domain.enums import MeetingType, MemberStatus


def test_enums_store_a_value_and_show_a_french_label():
    assert MemberStatus("actif") is MemberStatus.ACTIVE
    assert MemberStatus.RESIGNED.label == "Démissionnaire"
    assert MeetingType.BOARD.label == "Conseil d’administration"
    assert str(MeetingType.ORDINARY_GENERAL) == "ago"
