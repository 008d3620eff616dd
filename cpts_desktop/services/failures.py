"""What the computer, not the data, can make fail — a full disk, missing rights, a lock, a lost network —
said in French, whatever operation met it.

``explain`` turns such an error (from SQLite, PostgreSQL or the operating system) into the sentence the
user reads; the CLI and the GUI call it before falling back on « erreur inattendue ».
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, cast

from cpts_desktop.domain.errors import CptsError, DatabaseError

if TYPE_CHECKING:
    from sqlalchemy.exc import DBAPIError


class EnvironmentProblem(CptsError):
    """The operation was stopped by its surroundings (disk, rights, lock, network): nothing the user
    typed was wrong, and the same operation succeeds once that is put right."""


class DatabaseUnavailable(EnvironmentProblem, DatabaseError):
    """The database is sound but cannot be used here and now: read-only, locked, disk full, server down."""


# SQLite's primary result codes (https://sqlite.org/rescode.html) met by users.
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26
# Those that say nothing of the base's content: the disk, the rights or another program stand in the way.
ENVIRONMENT_CODES = (
    SQLITE_PERM,
    SQLITE_BUSY,
    SQLITE_LOCKED,
    SQLITE_READONLY,
    SQLITE_IOERR,
    SQLITE_FULL,
    SQLITE_CANTOPEN,
)
# Below this much free space beside a base, SQLite's I/O errors are those of a full disk.
LOW_SPACE_BYTES = 256 * 1024
# When the code is missing (an error re-raised as text), the words of SQLite's English message.
_SQLITE_WORDS = {
    "database or disk is full": SQLITE_FULL,
    "database is locked": SQLITE_BUSY,
    "database table is locked": SQLITE_LOCKED,
    "readonly database": SQLITE_READONLY,
    "disk i/o error": SQLITE_IOERR,
    "unable to open database file": SQLITE_CANTOPEN,
    "malformed": SQLITE_CORRUPT,
    "file is not a database": SQLITE_NOTADB,
}

# A shared server's refusals (SQLSTATE first, then the text, which the server may have translated).
_SERVER_REASONS = (
    (
        ("28P01", "28000"),
        ("authentication", "authentification", 'role "', "rôle"),
        "le serveur refuse cet utilisateur ou ce mot de passe",
    ),
    (
        ("3D000",),
        ("does not exist", "n'existe pas"),
        "cette base n’existe pas sur le serveur : demandez-en la création",
    ),
    ((), ("resolve host", "could not translate host"), "le nom du serveur est inconnu"),
    (
        (),
        ("refused", "timeout", "timed out", "could not connect", "No route"),
        "le serveur ne répond pas (adresse, port, réseau ?)",
    ),
)
# SQLSTATE classes of a server that is there but cannot go on: disk full, out of resources, shutting down.
_SERVER_FULL = ("53100", "53200", "53400")
_SERVER_BUSY = ("55P03", "40P01", "57014")
# The end of « Impossible d’ouvrir la base … : <reason>. » for each SQLite code.
_SQLITE_REASONS = {
    SQLITE_FULL: "le disque est plein",
    SQLITE_BUSY: "elle est verrouillée par un autre programme ou un autre poste",
    SQLITE_LOCKED: "elle est verrouillée par un autre programme ou un autre poste",
    SQLITE_READONLY: "le fichier ou son dossier est en lecture seule",
    SQLITE_PERM: "l’accès au fichier est refusé",
    SQLITE_CANTOPEN: "le fichier ne peut pas être ouvert (droits du fichier ou de son dossier ?)",
    SQLITE_IOERR: "le disque a refusé une lecture ou une écriture (support débranché ou défaillant ?)",
    SQLITE_CORRUPT: "le fichier est endommagé",
    SQLITE_NOTADB: "le fichier n’est pas une base de données",
}


def _wrapped(error: BaseException) -> DBAPIError | None:
    """``error`` if it is SQLAlchemy's wrapping of a driver error. SQLAlchemy is not imported for this:
    when a command has not loaded it (an export read with sqlite3 alone), none of its errors exist."""
    exc = sys.modules.get("sqlalchemy.exc")
    return cast("DBAPIError", error) if exc is not None and isinstance(error, exc.DBAPIError) else None


def _lost_connection(error: BaseException) -> bool:
    """Whether SQLAlchemy says the connection to the server is gone (an OperationalError or invalidated)."""
    wrapped = _wrapped(error)
    return wrapped is not None and (
        wrapped.connection_invalidated or isinstance(wrapped, sys.modules["sqlalchemy.exc"].OperationalError)
    )


def sqlite_code(error: BaseException) -> int | None:
    """SQLite's primary result code of ``error`` (or of the driver error it wraps), None if not SQLite's."""
    wrapped = _wrapped(error)
    if wrapped is not None:
        error = wrapped.orig if isinstance(wrapped.orig, BaseException) else error
    if not isinstance(error, sqlite3.Error):
        return None
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    message = str(error).lower()
    return next((value for words, value in _SQLITE_WORDS.items() if words in message), None)


def is_busy(error: BaseException) -> bool:
    """Whether ``error`` only says that another writer holds the base (trying again may succeed)."""
    if sqlite_code(error) in (SQLITE_BUSY, SQLITE_LOCKED):
        return True
    wrapped = _wrapped(error)
    orig = wrapped.orig if wrapped is not None else error
    return getattr(orig, "sqlstate", None) in _SERVER_BUSY


def reason(error: BaseException) -> str:
    """Why a database refused, to end « Impossible d’ouvrir la base … : <reason>. »"""
    code = sqlite_code(error)
    if code is not None:
        return _SQLITE_REASONS.get(code, "erreur de la base de données")
    wrapped = _wrapped(error)
    orig = wrapped.orig if wrapped is not None and wrapped.orig is not None else error
    message, state = str(orig), getattr(orig, "sqlstate", None)
    for states, words, text in _SERVER_REASONS:
        if state in states or any(word in message for word in words):
            return text
    if state in _SERVER_FULL:
        return "le disque du serveur est plein"
    if _lost_connection(error):
        return "la connexion au serveur est perdue (réseau, serveur arrêté ?)"
    return "erreur de la base de données"


def explain(error: BaseException, where: str | None = None) -> str | None:
    """The French sentence for an error met in the surroundings of an operation (``where``: the
    database's name), or None when ``error`` is not one of those (a fault of the application)."""
    for link in _chain(error):
        if isinstance(link, CptsError):
            return link.message
        sentence = _explain_one(link, where)
        if sentence is not None:
            return sentence
    return None


def _chain(error: BaseException) -> Iterator[BaseException]:
    """``error`` then the errors it was raised from, each once."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _explain_one(error: BaseException, where: str | None) -> str | None:
    base = f"la base « {where} »" if where else "la base"
    code = sqlite_code(error)
    if code in (SQLITE_IOERR, SQLITE_CANTOPEN) and _no_room_beside(where):
        code = SQLITE_FULL  # SQLite says « disk I/O error » when the disk has no room for its shared memory
    if code is not None:
        return _sqlite_sentence(code, base)
    wrapped = _wrapped(error)
    if wrapped is not None:
        return _server_sentence(wrapped, base)
    if isinstance(error, OSError):
        return _os_sentence(error)
    if isinstance(error, MemoryError):
        return (
            "La mémoire de l’ordinateur ne suffit pas pour cette opération : fermez d’autres programmes, "
            "ou traitez moins de données à la fois. Rien n’a été enregistré."
        )
    return None


def _no_room_beside(where: str | None) -> bool:
    """Whether the disk holding the base file ``where`` is (nearly) full."""
    if not where or "://" in where:
        return False
    try:
        return shutil.disk_usage(Path(where).expanduser().resolve().parent).free < LOW_SPACE_BYTES
    except OSError:
        return False


def _sqlite_sentence(code: int, base: str) -> str | None:
    sentences = {
        SQLITE_FULL: f"Le disque qui contient {base} est plein : libérez de la place, puis recommencez. "
        "L’opération en cours n’a pas été enregistrée.",
        SQLITE_BUSY: f"{base} est verrouillée par un autre programme ou un autre poste qui y écrit : "
        "réessayez dans un instant ; si cela dure, fermez ce programme.",
        SQLITE_READONLY: f"{base} est en lecture seule : vérifiez ses droits et ceux de son dossier, ou "
        "copiez-la dans un dossier où vous pouvez écrire.",
        SQLITE_CANTOPEN: f"{base} ne peut pas être ouverte : vérifiez les droits du fichier et de son dossier, "
        "et que le support (clé, disque réseau) est toujours branché.",
        SQLITE_IOERR: f"Le disque a refusé une lecture ou une écriture de {base} (support débranché ou "
        "défaillant ?) : vérifiez-le, puis recommencez.",
        SQLITE_CORRUPT: f"{base} est endommagée : restaurez une sauvegarde récente (menu Fichier).",
        SQLITE_NOTADB: f"{base} est endommagée ou n’est pas une base de données : restaurez une sauvegarde.",
    }
    sentences[SQLITE_LOCKED] = sentences[SQLITE_BUSY]
    sentences[SQLITE_PERM] = sentences[SQLITE_READONLY]
    sentence = sentences.get(code)
    return sentence[0].upper() + sentence[1:] if sentence else None


def _server_sentence(error: DBAPIError, base: str) -> str | None:
    orig = error.orig if error.orig is not None else error
    state = getattr(orig, "sqlstate", None)
    if state in _SERVER_FULL:
        return f"Le disque du serveur de {base} est plein : prévenez son administrateur. Rien n’a été enregistré."
    if state in _SERVER_BUSY:
        return f"Le serveur de {base} est trop occupé (verrou) : réessayez dans un instant."
    if _lost_connection(error):
        why = reason(error)
        return (
            f"Échange impossible avec le serveur de {base} : {why}. L’opération en cours n’a pas été "
            "enregistrée ; vérifiez le réseau, puis recommencez."
        )
    return None


def _os_sentence(error: OSError) -> str | None:
    name = f"« {error.filename} »" if error.filename else "le fichier"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"Le disque est plein : impossible d’écrire {name}. Libérez de la place, puis recommencez."
    if error.errno in (errno.EACCES, errno.EPERM):
        return (
            f"Accès refusé à {name} : vérifiez vos droits sur ce fichier et sur son dossier, "
            "ou choisissez un autre emplacement."
        )
    if error.errno == errno.EROFS:
        return f"{name[0].upper()}{name[1:]} est sur un support en lecture seule : choisissez un autre emplacement."
    if error.errno == errno.EIO:
        return f"Le disque a refusé de lire ou d’écrire {name} (support débranché ou défaillant ?) : vérifiez-le."
    return None


# What went wrong with a file, in French: the end of « Impossible d’écrire « x » (…) ».
_FILE_REASONS = {
    errno.ENOSPC: "le disque est plein : libérez de la place puis recommencez",
    errno.EDQUOT: "le quota du disque est atteint : libérez de la place puis recommencez",
    errno.EACCES: "droits insuffisants : choisissez un dossier où vous pouvez écrire",
    errno.EPERM: "droits insuffisants : choisissez un dossier où vous pouvez écrire",
    errno.EROFS: "le support est en lecture seule : choisissez un autre emplacement",
    errno.ENOENT: "le fichier ou son dossier n’existe pas (support débranché ?)",
    errno.EISDIR: "c’est un dossier, pas un fichier",
    errno.ENOTDIR: "un élément du chemin n’est pas un dossier",
    errno.ENAMETOOLONG: "le nom ou le chemin est trop long : choisissez un nom plus court",
    errno.EBUSY: "le fichier est utilisé par un autre programme : fermez-le puis recommencez",
    errno.ETXTBSY: "le fichier est utilisé par un autre programme : fermez-le puis recommencez",
    errno.EIO: "le disque a refusé la lecture ou l’écriture (support débranché ou défaillant ?)",
    errno.EEXIST: "un fichier porte déjà ce nom",
}


def file_reason(error: OSError) -> str:
    """Why a file could not be read or written, in French with what to do (never the system's English)."""
    known = _FILE_REASONS.get(error.errno or 0)
    if known:
        return known
    name = errno.errorcode.get(error.errno or 0)
    return f"erreur du système de fichiers{f' ({name})' if name else ''}"
