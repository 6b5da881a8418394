"""Words of a question that no reader of the planner knows: said in the answer, never passed over in silence.

The planner reads a question with many narrow readers (the measures, windows, groupings, bounds, names...). A word
that none of them knows ("the interquartile range", "by age bracket", "in KW 41") is a detail the answer cannot have
taken into account; the figures given would then answer a question without it, which the user must be told. The
words the readers know are the words in their patterns, read from the string constants of this package's modules
(the docstrings and long prose aside); with the org's own names, the catalog's model names and the words that carry
no figure of their own ("please", "our", "quick"), a question's other words are its unread ones.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

# Modules whose strings are prose (answers, prompts, tool descriptions) or a dictionary of English, not readers.
_NOT_READERS = frozenset({"english_words.py", "prompts.py", "__init__.py"})
_ESCAPE = re.compile(r"\\[A-Za-z]")
_WORD = re.compile(r"[a-z]+")

# Words that carry no figure of their own: who asks and how, politeness, hedges, pronouns, auxiliaries, articles.
_FILLER_WORDS = """
    a about above actually after again all also am an and another any anyone anything are around as ask asked asking at
    be been before being both but by can could did do does doing done each either else even ever every exactly
    for from get gets getting give go going got had has have having he her here hers him his how i if in into is it
    its just kind know let like look looking me mine more most much must my need needs no nor not now of off oh ok okay
    on one only or other our ours out over please pls plz pull quick quickly real really right say see she should show
    so some something sort still such sure tell than thank thanks that the their theirs them then there these they
    thing things this those though through thx to too up us very want wanted wants was we well were what whats when
    where whether which while who whom whose why will with within would yeah yes yet you your yours
    hi hey hello team folks guys question wondering curious figure find help mind interested
    ai because think tbh guess maybe perhaps probably basically honestly seems seem feel felt reckon wonder
    serve served serving provide provided state stated confirm reconcile reconciling audit recorded record
    board deck slide pack column section blank blanks template note notes report doc docs file
    manager boss cto ceo cfo vp finance legal head product colleague someone anybody everyone sre devops eng
    engineer engineering analyst ops oncall pm
    wat hw ur pls thx btw fyi asap imo iirc lol
    need needed trying try write writing putting prepare preparing building build update updating checking
    said says told asks wants wanted keep keeps came come comes going gonna wanna gotta gimme lemme
    roughly approximately approx exact exactly precise overall total whole entire lately recently currently
    sanity onboarding complaining complain crazy fix fixed shipped ship drags drag chew attributable represent
    represents effectively actual allocate allocation accrual accruals accrue stand standing took take takes thrown
    differ differs depend depends arrive arrived observation observations combination combinations inside opposed
    blended gave give gives arm arms eom ytd mtd qtd wtd context background fine okay awesome great cool nice
    quick brief briefly short sanity double check checked verify validate compare comparison side
    noticed notice diligence memo investor investors honest wonder wondered real sure
"""
FILLER = frozenset(_FILLER_WORDS.split())


def _docstrings(tree: ast.Module) -> set[int]:
    """The ids of the docstring constants of a module and its classes and functions."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def _is_reader_string(s: str) -> bool:
    """A pattern or a short word list, not a sentence of an answer."""
    return "\\" in s or "(?" in s or "|" in s or len(s) <= 30


def _words_of(s: str) -> Iterable[str]:
    return _WORD.findall(_ESCAPE.sub(" ", s).lower())


@cache
def reader_words() -> frozenset[str]:
    """Every word in the patterns and word lists of the planner's readers."""
    words: set[str] = set()
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), *here.glob("*/*.py")]):
        if path.name in _NOT_READERS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
                and _is_reader_string(node.value)
            ):
                words.update(_words_of(node.value))
    return frozenset(words)


_SUFFIXES = ("'s", "s", "es", "ed", "d", "ing", "ly", "er", "est")


def _is_known(word: str, known: frozenset[str]) -> bool:
    if word in known or word in FILLER:
        return True
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)]
            if stem in known or stem in FILLER or stem + "e" in known:
                return True
    if word.endswith("ies") and word[:-3] + "y" in known:
        return True
    # a pattern's stem with an optional or open ending ("spen[dt]\w*", "cost(?:ing)?"): at most four letters more
    return any(word[:k] in known for k in range(max(4, len(word) - 4), len(word)))


def _is_typo(word: str, known: frozenset[str]) -> bool:
    """One letter dropped, added, changed or two swapped from a known word of five letters or more ("latncy")."""
    if len(word) < 5:
        return False
    for i in range(len(word) + 1):
        for c in "abcdefghijklmnopqrstuvwxyz":
            if word[:i] + c + word[i:] in known or (i < len(word) and word[:i] + c + word[i + 1 :] in known):
                return True
    return any(word[:i] + word[i + 1 :] in known for i in range(len(word))) or any(
        word[:i] + word[i + 1] + word[i] + word[i + 2 :] in known for i in range(len(word) - 1)
    )


# A word written with a capital and lower case letters after it, no reader's word: a person's name ("Priya in
# finance asked"), not a detail of the figure.
_TITLE = re.compile(r"\b[A-Z][a-z]+\b")


def compute_unread(text: str, names: Iterable[str] = ()) -> list[str]:
    """The words of `text` (in order, once each) that no reader knows and that are no part of `names`."""
    known = reader_words() | {w for name in names for w in _words_of(name)}
    titled = {m.group(0).lower() for m in _TITLE.finditer(text)}
    out: list[str] = []
    for word in _WORD.findall(text.lower()):
        if len(word) < 2 or word in out or word in titled:
            continue
        if not _is_known(word, known) and not _is_typo(word, known):
            out.append(word)
    return out
