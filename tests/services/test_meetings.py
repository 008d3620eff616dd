from datetime import date, datetime, timedelta
from fractions import Fraction

import pytest
from sqlalchemy import event, func, select

from cpts_desktop.domain.enums import (
    AttendanceStatus,
    BoardRole,
    ConvocationChannel,
    MeetingStatus,
    MeetingType,
    MemberStatus,
    ResolutionLink,
    StatutesStatus,
)
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.i18n import format_date
from cpts_desktop.services import meetings, statutes
from cpts_desktop.services.board import current_board, mandate_history
from cpts_desktop.services.members import list_rows
from cpts_desktop.store.models import AuditEntry

WHEN = datetime(date.today().year, 12, 15, 18, 30)


def _ag(database, kind=MeetingType.ORDINARY_GENERAL):
    return meetings.create_meeting(
        database, kind, WHEN, "Salle des fêtes de Montvallon", agenda=["Rapport moral", "Rapport financier"]
    )


def test_recipients_of_an_ag_are_the_members_up_to_date(demo_database):
    meeting = _ag(demo_database)
    rows = {r.id: r for r in list_rows(demo_database, WHEN.year)}
    found = {r.member_id: r for r in meetings.recipients(demo_database, meeting)}
    for member_id, recipient in found.items():
        row = rows[member_id]
        expected = row.statut is MemberStatus.ACTIVE and row.up_to_date
        assert recipient.included is expected, (row, recipient)
        if row.statut is not MemberStatus.ACTIVE:
            assert recipient.reason.startswith("membre ")
        elif not row.up_to_date:
            assert recipient.reason == f"cotisation {WHEN.year} non réglée"
    assert any(r.included for r in found.values()) and any(not r.included for r in found.values())


def test_recipients_of_ca_and_bureau(demo_database):
    board = current_board(demo_database, WHEN.date())
    ca = meetings.create_meeting(demo_database, MeetingType.BOARD, WHEN)
    assert {r.member_id for r in meetings.recipients(demo_database, ca) if r.included} == {m.member_id for m in board}
    bureau = meetings.create_meeting(demo_database, MeetingType.BUREAU, WHEN)
    bureau_ids = {m.member_id for m in board if m.role is not BoardRole.DIRECTOR}
    assert {r.member_id for r in meetings.recipients(demo_database, bureau) if r.included} == bureau_ids
    other = meetings.create_meeting(demo_database, MeetingType.OTHER, WHEN, titre="Groupe de travail parcours")
    assert not any(r.included for r in meetings.recipients(demo_database, other))
    someone = list_rows(demo_database, WHEN.year)[3].id
    meetings.set_recipient(demo_database, other, someone, True)
    chosen = [r for r in meetings.recipients(demo_database, other) if r.included]
    assert [(r.member_id, r.reason) for r in chosen] == [(someone, "ajouté à la main")]


def test_late_convocation_is_flagged(demo_database):
    meeting = _ag(demo_database)
    assert meetings.convocation_check(demo_database, meeting, WHEN.date() - timedelta(days=30)) is None
    warning = meetings.record_convocation(
        demo_database, meeting, WHEN.date() - timedelta(days=5), ConvocationChannel.EMAIL
    )
    deadline = (WHEN.date() - timedelta(days=21)).strftime("%d/%m/%Y")  # the demo statutes ask 21 days
    assert (
        warning
        == f"Convocation tardive : les statuts demandent 21 jours ; elle aurait dû partir au plus tard le {deadline}."
    )


def _with_attendance(database, present: int):
    meeting = _ag(database)
    convened = [r for r in meetings.recipients(database, meeting) if r.included]
    if present:
        meetings.set_attendances(database, meeting, [r.member_id for r in convened[:present]], AttendanceStatus.PRESENT)
    return meeting, convened


def test_pouvoir_rules(demo_database):
    meeting, convened = _with_attendance(demo_database, 2)
    holder, absent = convened[0], convened[-1]
    with pytest.raises(CptsError, match=r"n’est pas noté\(e\) présent\(e\)"):
        meetings.set_attendance(
            demo_database, meeting, convened[5].member_id, AttendanceStatus.REPRESENTED, absent.member_id
        )
    for giver in convened[5:8]:  # the demo statutes allow 3 pouvoirs
        meetings.set_attendance(demo_database, meeting, giver.member_id, AttendanceStatus.REPRESENTED, holder.member_id)
    with pytest.raises(CptsError, match="détient déjà 3 pouvoir"):
        meetings.set_attendance(
            demo_database, meeting, convened[8].member_id, AttendanceStatus.REPRESENTED, holder.member_id
        )
    with pytest.raises(CptsError, match="réattribuez-les"):
        meetings.set_attendance(demo_database, meeting, holder.member_id, AttendanceStatus.ABSENT)
    state = meetings.quorum(demo_database, meeting)
    assert (state.present, state.represented) == (2, 3)


def test_quorum_reached_and_not_reached(demo_database):
    first = statutes.get_version(demo_database, statutes.list_versions(demo_database)[-1].id)
    assert first.parameters.quorum_ago == Fraction(0)
    meeting, convened = _with_attendance(demo_database, 1)
    assert meetings.quorum(demo_database, meeting).reached  # no quorum for an AGO in the demo statutes
    age, convened = _with_attendance(demo_database, 0)
    age = meetings.create_meeting(demo_database, MeetingType.EXTRAORDINARY_GENERAL, WHEN)
    state = meetings.quorum(demo_database, age)
    assert not state.reached and state.needed == (state.entitled + 1) // 2
    needed = [r.member_id for r in meetings.recipients(demo_database, age) if r.included][: state.needed]
    meetings.set_attendances(demo_database, age, needed, AttendanceStatus.PRESENT)
    assert meetings.quorum(demo_database, age).reached


def test_votes_majority_and_minutes(demo_database):
    meeting, convened = _with_attendance(demo_database, 10)
    detail = meetings.get_meeting(demo_database, meeting)
    first = meetings.add_resolution(demo_database, detail.agenda[0].id, "L’assemblée approuve le rapport moral.")
    second = meetings.add_resolution(
        demo_database, detail.agenda[1].id, "L’assemblée approuve les comptes.", ResolutionLink.ACCOUNTS
    )
    with pytest.raises(ValidationError, match="11 voix décomptées pour 10"):
        meetings.record_vote(demo_database, first, 6, 5, 0)
    assert meetings.record_vote(demo_database, first, 0, 0, 0, unanimous=True)
    assert not meetings.record_vote(demo_database, second, 4, 4, 2)  # a tie is rejected
    text = meetings.draft_minutes(demo_database, meeting)
    assert "Présents : 10. Représentés : 0." in text
    assert f"réunie le 15 décembre {WHEN.year} à 18 h 30" in text  # the date style of every document
    assert "Vote : à l’unanimité (10 voix pour). La résolution est adoptée." in text
    assert "Vote : 4 pour, 4 contre, 2 abstentions (majorité simple). La résolution est rejetée." in text
    assert "Aucun quorum n’est requis" in text  # the demo statutes set none for an AGO


def test_an_age_adopts_the_statutes_draft(demo_database):
    draft = statutes.new_draft(demo_database)
    age = meetings.create_meeting(
        demo_database,
        MeetingType.EXTRAORDINARY_GENERAL,
        WHEN.replace(year=WHEN.year - 1),
        agenda=["Modification des statuts"],
    )
    convened = [r for r in meetings.recipients(demo_database, age) if r.included]
    meetings.set_attendances(demo_database, age, [r.member_id for r in convened], AttendanceStatus.PRESENT)
    item = meetings.get_meeting(demo_database, age).agenda[0]
    with pytest.raises(CptsError, match="assemblée générale extraordinaire"):
        meetings.add_resolution(demo_database, _ag_item(demo_database), "Statuts", ResolutionLink.STATUTES, draft)
    resolution = meetings.add_resolution(
        demo_database, item.id, "L’AGE adopte les nouveaux statuts.", ResolutionLink.STATUTES, draft
    )
    assert meetings.record_vote(demo_database, resolution, len(convened), 0, 0)
    adopted = statutes.get_version(demo_database, draft).summary
    assert adopted.statut is StatutesStatus.ADOPTED and adopted.date_adoption == WHEN.date().replace(year=WHEN.year - 1)


def _ag_item(database) -> int:
    return meetings.get_meeting(database, _ag(database)).agenda[0].id


def test_ics(demo_database):
    meeting = _ag(demo_database)
    text = meetings.ics(demo_database, meeting, now=datetime(2026, 11, 24, 9, 0))
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    unfolded = text.replace("\r\n ", "")  # lines are folded at 75 octets
    assert f"DTSTART;TZID=Europe/Paris:{WHEN.strftime('%Y%m%dT%H%M%S')}" in unfolded
    assert "LOCATION:Salle des fêtes de Montvallon" in unfolded
    assert "1. Rapport moral" in unfolded


def test_an_election_creates_mandates(demo_database):
    meeting, convened = _with_attendance(demo_database, 5)
    item = meetings.get_meeting(demo_database, meeting).agenda[0]
    resolution = meetings.add_resolution(
        demo_database, item.id, "Élection de deux administrateurs.", ResolutionLink.ELECTION
    )
    with pytest.raises(CptsError, match="adoptée"):
        meetings.elect(demo_database, resolution, [convened[0].member_id])
    assert meetings.record_vote(demo_database, resolution, 5, 0, 0)
    board_before = {m.member_id for m in current_board(demo_database, WHEN.date())}
    elected = [r.member_id for r in convened if r.member_id not in board_before][:2]
    meetings.elect(demo_database, resolution, elected)
    board = {m.member_id: m for m in current_board(demo_database, WHEN.date())}
    for member_id in elected:
        mandate = board[member_id]
        assert mandate.role is BoardRole.DIRECTOR and mandate.date_debut == WHEN.date()
        assert mandate.date_fin == WHEN.date().replace(year=WHEN.year + 3) - timedelta(days=1)


def test_a_text_longer_than_its_column_is_refused_in_french_and_nothing_is_written(database):
    with pytest.raises(ValidationError, match="Texte trop long – Lieu : 1\u202f000 caractères, 300 au plus"):
        meetings.create_meeting(database, MeetingType.BOARD, datetime(2027, 3, 20, 18, 30), lieu="x" * 1000)
    assert meetings.list_meetings(database) == []


def test_a_control_character_in_any_text_is_refused_in_french_on_both_back_ends(database):
    """Services that do not clean their texts themselves (meetings, association…) meet the store's guard:
    a NUL, which PostgreSQL cannot store and no spreadsheet accepts, never reaches the base."""
    with pytest.raises(ValidationError, match="Lieu : le texte contient un caractère invisible \\(U\\+0000\\)"):
        meetings.create_meeting(database, MeetingType.BOARD, datetime(2027, 3, 20, 18, 30), lieu="Salle\x00 B")
    assert meetings.list_meetings(database) == []
    meeting = meetings.create_meeting(database, MeetingType.BOARD, datetime(2027, 3, 20, 18, 30), lieu="Salle\tB")
    assert meeting


def test_several_members_at_once_and_a_pouvoir_over_the_limit_changes_nothing(demo_database):
    meeting, convened = _with_attendance(demo_database, 1)
    holder = convened[0]
    givers = [r.member_id for r in convened[1:5]]
    with pytest.raises(CptsError, match="détient déjà 0 pouvoir : 4 de plus dépasseraient les 3"):
        meetings.set_attendances(demo_database, meeting, givers, AttendanceStatus.REPRESENTED, holder.member_id)
    assert meetings.quorum(demo_database, meeting).represented == 0
    meetings.set_attendances(demo_database, meeting, givers[:3], AttendanceStatus.REPRESENTED, holder.member_id)
    meetings.set_attendances(demo_database, meeting, [r.member_id for r in convened[5:9]], AttendanceStatus.PRESENT)
    state = meetings.quorum(demo_database, meeting)
    assert (state.present, state.represented) == (5, 3)
    with pytest.raises(CptsError, match="détient 3 pouvoirs : réattribuez-les"):
        meetings.set_attendances(demo_database, meeting, [holder.member_id], AttendanceStatus.EXCUSED)


def test_the_convocation_delay_comes_from_the_statutes(demo_database):
    day = WHEN.date()
    assert meetings.convocation_delay(demo_database, MeetingType.ORDINARY_GENERAL, day) == meetings.ConvocationDelay(
        21, day - timedelta(days=21)
    )
    board = meetings.convocation_delay(demo_database, MeetingType.BOARD, day)
    assert board.deadline == day - timedelta(days=board.days)


def test_a_refused_save_keeps_the_officers(demo_database):
    meeting, convened = _with_attendance(demo_database, 3)
    first, second = convened[0].member_id, convened[1].member_id
    meetings.save_minutes(demo_database, meeting, "Texte", meetings.Officers(first, second, "20:30"))
    detail = meetings.get_meeting(demo_database, meeting)
    assert (detail.president_seance_id, detail.secretaire_seance_id, detail.heure_cloture) == (first, second, "20:30")
    draft = meetings.draft_minutes(demo_database, meeting, meetings.Officers(second, None, "21:00"))
    assert f"présidée par {convened[1].name}" in draft and "levée à 21:00" in draft
    assert meetings.get_meeting(demo_database, meeting).heure_cloture == "20:30"  # a draft writes nothing
    meetings.approve_minutes(demo_database, meeting, WHEN.date())
    with pytest.raises(CptsError, match="approuvé"):
        meetings.save_minutes(demo_database, meeting, "Autre texte", meetings.Officers(None, None, None))
    detail = meetings.get_meeting(demo_database, meeting)
    assert (detail.president_seance_id, detail.secretaire_seance_id, detail.pv_texte) == (first, second, "Texte")


def test_an_approved_minutes_freezes_its_meeting(demo_database):
    meeting, convened = _with_attendance(demo_database, 3)
    item = meetings.get_meeting(demo_database, meeting).agenda[0]
    resolution = meetings.add_resolution(demo_database, item.id, "L’assemblée approuve le rapport moral.")
    meetings.save_minutes(demo_database, meeting, "Procès-verbal")
    meetings.approve_minutes(demo_database, meeting, WHEN.date())
    before = meetings.get_meeting(demo_database, meeting)
    quorum_before = meetings.quorum(demo_database, meeting)
    member = convened[4].member_id
    writes = [
        lambda: meetings.add_agenda_item(demo_database, meeting, "Questions diverses"),
        lambda: meetings.add_resolution(demo_database, item.id, "Une autre résolution"),
        lambda: meetings.record_vote(demo_database, resolution, 3, 0, 0),
        lambda: meetings.set_recipient(demo_database, meeting, member, False),
        lambda: meetings.record_convocation(demo_database, meeting, WHEN.date(), ConvocationChannel.EMAIL),
        lambda: meetings.set_attendance(demo_database, meeting, member, AttendanceStatus.PRESENT),
        lambda: meetings.set_session_officers(demo_database, meeting, member, None, "22:00"),
        lambda: meetings.save_minutes(demo_database, meeting, "Changé"),
        lambda: meetings.approve_minutes(demo_database, meeting, WHEN.date() + timedelta(days=30)),
    ]
    for write in writes:
        with pytest.raises(CptsError, match="Le procès-verbal de cette réunion est approuvé"):
            write()
    assert meetings.get_meeting(demo_database, meeting) == before
    assert meetings.quorum(demo_database, meeting) == quorum_before
    assert before.locked
    meetings.sign_minutes(demo_database, meeting)  # signing the approved minutes is still possible


def test_minutes_are_not_approved_before_the_meeting(demo_database):
    meeting = _ag(demo_database)
    meetings.save_minutes(demo_database, meeting, "Procès-verbal")
    with pytest.raises(CptsError, match=f"avant la réunion du {WHEN:%d/%m/%Y}"):
        meetings.approve_minutes(demo_database, meeting, WHEN.date() - timedelta(days=1))
    assert not meetings.get_meeting(demo_database, meeting).locked


def test_an_agenda_item_without_resolution_leaves_a_visible_gap_in_the_draft(demo_database):
    meeting, _convened = _with_attendance(demo_database, 3)
    meetings.add_agenda_item(demo_database, meeting, "Point sur la permanence des soins")
    text = meetings.draft_minutes(demo_database, meeting)
    heading = text.rindex("Point sur la permanence des soins")
    assert text[heading:].split("\n")[1] == "Échanges : ……"


def _journal_size(database) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry))


def test_an_age_ahead_voting_new_statutes_changes_nothing_and_says_why(demo_database):
    """The vote and the adoption are one action: the adoption refused (the AGE is 30 days ahead), the
    résolution stays unvoted, the statutes a draft, the meeting planned, and the journal untouched."""
    draft = statutes.new_draft(demo_database)
    ahead = datetime.combine(date.today() + timedelta(days=30), WHEN.time())
    age = meetings.create_meeting(demo_database, MeetingType.EXTRAORDINARY_GENERAL, ahead, agenda=["Statuts"])
    for row in [r for r in list_rows(demo_database, ahead.year) if r.statut is MemberStatus.ACTIVE][:2]:
        meetings.set_recipient(demo_database, age, row.id, True)  # convened whatever the year's cotisations
    convened = [r.member_id for r in meetings.recipients(demo_database, age) if r.included]
    meetings.set_attendances(demo_database, age, convened, AttendanceStatus.PRESENT)
    item = meetings.get_meeting(demo_database, age).agenda[0]
    resolution = meetings.add_resolution(demo_database, item.id, "Nouveaux statuts.", ResolutionLink.STATUTES, draft)
    journal = _journal_size(demo_database)

    with pytest.raises(CptsError) as refusal:
        meetings.record_vote(demo_database, resolution, 0, 0, 0, unanimous=True)

    assert str(refusal.value) == (
        "Vote non enregistré, les statuts restent à l’état de projet. Date d’adoption : le "
        f"{format_date(ahead.date())} est dans le futur ; des statuts ne s’adoptent qu’une fois l’assemblée tenue."
    )
    detail = meetings.get_meeting(demo_database, age)
    line = detail.agenda[0].resolutions[0]
    assert (line.adoptee, line.voix_pour) == (None, None)
    assert detail.summary.statut is MeetingStatus.PLANNED
    assert statutes.get_version(demo_database, draft).summary.statut is StatutesStatus.DRAFT
    assert _journal_size(demo_database) == journal


def _adopted_election(database) -> tuple[int, datetime]:
    """A conseil held yesterday whose election résolution passed unanimously."""
    day = datetime.combine(date.today() - timedelta(days=1), WHEN.time())
    ca = meetings.create_meeting(database, MeetingType.BOARD, day, agenda=["Élections"])
    convened = [r.member_id for r in meetings.recipients(database, ca) if r.included]
    meetings.set_attendances(database, ca, convened, AttendanceStatus.PRESENT)
    item = meetings.get_meeting(database, ca).agenda[0]
    resolution = meetings.add_resolution(database, item.id, "Élection.", ResolutionLink.ELECTION)
    assert meetings.record_vote(database, resolution, 0, 0, 0, unanimous=True)
    return resolution, day


def test_an_election_with_one_member_refused_creates_no_mandate(demo_database):
    resolution, day = _adopted_election(demo_database)
    sitting = {m.member_id for m in current_board(demo_database, day.date())}
    rows = [r for r in list_rows(demo_database, day.year) if r.id not in sitting]
    active = [r for r in rows if r.statut is MemberStatus.ACTIVE][:2]
    departed = next(r for r in rows if r.statut is not MemberStatus.ACTIVE)
    history = len(mandate_history(demo_database))

    with pytest.raises(CptsError) as refusal:
        meetings.elect(demo_database, resolution, [active[0].id, active[1].id, departed.id])

    name = " ".join(p for p in (departed.prenom, departed.nom) if p)
    assert str(refusal.value) == (
        f"Élection du {format_date(day.date())} non enregistrée, aucun mandat n’est créé. {name} n’est plus "
        f"membre actif ({departed.statut.label.lower()}) : pas de mandat possible."
    )
    assert len(mandate_history(demo_database)) == history
    with pytest.raises(CptsError, match="est déjà administrat(eur|rice) sur cette période"):
        meetings.elect(demo_database, resolution, [active[0].id, active[0].id])
    assert len(mandate_history(demo_database)) == history


@pytest.mark.sqlite_only
def test_a_vote_and_an_election_are_one_transaction_each(demo_database):
    resolution, day = _adopted_election(demo_database)
    sitting = {m.member_id for m in current_board(demo_database, day.date())}
    elected = next(
        r.id for r in list_rows(demo_database, day.year) if r.statut is MemberStatus.ACTIVE and r.id not in sitting
    )
    counts = {"begin": 0, "commit": 0}

    def count(kind: str):
        return lambda *_args: counts.__setitem__(kind, counts[kind] + 1)

    event.listen(demo_database.engine, "begin", count("begin"))
    event.listen(demo_database.engine, "commit", count("commit"))
    meetings.record_vote(demo_database, resolution, 0, 0, 0, unanimous=True)
    assert counts == {"begin": 1, "commit": 1}
    before = len(mandate_history(demo_database))
    counts.update(begin=0, commit=0)
    meetings.elect(demo_database, resolution, [elected])
    assert counts == {"begin": 1, "commit": 1}
    assert len(mandate_history(demo_database)) == before + 1
