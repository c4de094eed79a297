"""A text rule's ``output`` shortcut gives exactly its edits applied."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wikinorm.core.edits import apply_edits
from wikinorm.core.registry import RULES
from wikinorm.core.rules.base import TextRule

TEXT_RULES = [rule for rule in RULES if isinstance(rule, TextRule)]


@pytest.mark.parametrize("rule", TEXT_RULES, ids=lambda rule: rule.id)
@pytest.mark.parametrize("text", ["Stage IV in the TNM system", "ΟΔΟΣ AΣ Ärzte İstanbul", "", "plain words."])
def test_output_is_the_edits_applied(rule, text):
    options = rule.default_options()
    edits = rule.edits(text, options)
    assert rule.output(text, edits) == apply_edits(text, edits)


@given(st.text(alphabet=st.sampled_from("aZ Σσ.İß'\u00c4x\n")))
def test_lowercase_output_is_its_edits_applied(text):
    rule = next(rule for rule in TEXT_RULES if rule.id == "lowercase")
    edits = rule.edits(text, rule.default_options())
    assert rule.output(text, edits) == apply_edits(text, edits)
