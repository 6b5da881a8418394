"""The planner's table of common words (never read as typos) matches its derivation (scripts/derive_common_words.py)."""

from __future__ import annotations

from netra_core.agents.matching import COMMON_WORDS
from scripts.derive_common_words import compute_rewrites, derive, main


def test_every_word_of_the_table_is_one_the_typo_rule_would_rewrite() -> None:
    """A keyword or typo-rule change that makes a table word unnecessary fails here: rederive the table."""
    assert derive([]).stale == []
    assert set(derive([]).needed) == set(COMMON_WORDS)


def test_the_derivation_finds_new_neighbours_and_leaves_forms_and_strangers_alone() -> None:
    rewrites = compute_rewrites(["spnd", "hello", "slower", "chat", "Spend"])
    assert rewrites == {"spnd": "spend", "chat": "chart"}  # "slower" is a form of slow; "chat" is common English
    assert derive(["spnd", "chat"]).missing == {"spnd": "spend"}  # "chat" is in the table already


def test_the_script_reads_a_word_list_and_fails_on_an_unreviewed_word(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    words = tmp_path / "words.txt"
    words.write_text("hello\nchat\n", encoding="utf-8")
    assert main(["--words", str(words)]) == 0
    words.write_text("hello\nspnd\n", encoding="utf-8")
    assert main(["--words", str(words)]) == 1
    assert "spnd -> spend" in capsys.readouterr().out
