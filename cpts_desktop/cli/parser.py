"""An argparse parser that speaks French, including its own usage and error messages."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

# argparse looks its messages up through the module-level ``_`` at call time.
_FRENCH = {
    "usage: ": "usage : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "affiche cette aide et quitte",
    "show program's version number and exit": "affiche la version et quitte",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (valeurs possibles : %(choices)s)"
    ),
    "expected one argument": "une valeur est attendue",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s (%(matches)s)",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "not allowed with argument %s": "incompatible avec l’argument %s",
    "one of the arguments %s is required": "l’un de ces arguments est obligatoire : %s",
}
_english = argparse._  # type: ignore[attr-defined]
# gettext's look-up (files searched for each language of the environment) only for a message not here
argparse._ = lambda message: _FRENCH[message] if message in _FRENCH else _english(message)  # type: ignore[attr-defined]


class FrenchArgumentParser(argparse.ArgumentParser):
    """Errors on one French line, exit code 2, as for any usage error."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {message}\n")
