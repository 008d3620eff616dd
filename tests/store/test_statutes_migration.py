"""Revision 0019 on a base that already holds declared statutes: their text stays what was declared."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from fractions import Fraction
from pathlib import Path

from cpts_desktop.domain.enums import StatutesKind
from cpts_desktop.services import statutes
from cpts_desktop.services.database import open_database
from cpts_desktop.store import migrate
from cpts_desktop.store.engine import make_engine, to_url

# the former template's article 11, as a base created before revision 0019 holds it
FORMER_AGE = (
    "Elle délibère valablement {quorum_age_phrase}. À défaut, une seconde assemblée est convoquée à quinze "
    "jours au moins d’intervalle ; elle délibère alors quel que soit le nombre de membres présents ou représentés."
)


def test_declared_statutes_keep_their_text_and_get_the_usual_new_rules(tmp_path: Path):
    path = tmp_path / "avant-0019.sqlite"
    engine = make_engine(to_url(str(path)))
    migrate.upgrade(engine, "0018")
    engine.dispose()
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(
            "INSERT INTO statutes_versions (id, kind, numero, statut, titre, date_adoption, "
            "date_declaration_prefecture, delai_convocation_ag_jours, delai_convocation_ca_jours, quorum_ago_num, "
            "quorum_ago_den, quorum_age_num, quorum_age_den, pouvoirs_max, duree_mandat_ans) VALUES (1, 'statuts', "
            "1, 'declaree', 'Statuts', '2022-04-02', '2022-04-20', 15, 8, 1, 4, 1, 2, 2, 3)"
        )
        connection.execute(
            "INSERT INTO statutes_articles (statutes_version_id, ordre, numero, titre, texte) "
            "VALUES (1, 1, '11', 'Assemblée générale extraordinaire', ?)",
            (FORMER_AGE,),
        )
    database = open_database(str(path))
    try:
        detail = statutes.get_version(database, 1)
        assert [a.texte for a in detail.articles] == [FORMER_AGE]
        rules = detail.parameters
        assert (rules.quorum_ago, rules.quorum_ca) == (Fraction(1, 4), Fraction(1, 2))
        assert not rules.seconde_convocation_ago and rules.seconde_convocation_age  # as the former text said
        assert (rules.exercice_debut_jour, rules.exercice_debut_mois) == (1, 1)
        printed = statutes.rendered_articles(database, 1)[0].texte
        assert printed.startswith("Elle délibère valablement si la moitié au moins de ses membres")
        draft = statutes.get_version(database, statutes.new_draft(database, StatutesKind.STATUTES))
        assert "Exercice social" in [a.titre for a in draft.articles]
    finally:
        database.close()
