"""A text rule's ``output`` shortcut gives exactly its edits applied."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikinorm.core.edits import apply_edits
from wikinorm.core.registry import RULES
from wikinorm.core.rules.base import OptionKind, TextRule

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


DEFERRING = [rule for rule in TEXT_RULES if rule.defers]


def test_some_rules_defer():
    """The test below runs on the rules meant to defer, not on none by accident."""
    assert {"lowercase", "tokenize", "quotes", "whitespace"} <= {rule.id for rule in DEFERRING}


@pytest.mark.parametrize("rule", DEFERRING, ids=lambda rule: rule.id)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_deferred_is_the_edits_count_and_output(rule, data):
    """A deferring rule's count, output and edits are those of :meth:`edits_at_ends`, option by option."""
    # Rules take quicker ways on ASCII text: half the texts are.
    alphabet = data.draw(st.sampled_from(["aZQtsNT  \n\t\u00a0\x1c\u2028Σσ.,:;'\"()İßÄx1né-\ud800", "aZtnN   \n\t\r\x1f.,:'\"(1"]))
    text = data.draw(st.text(alphabet=st.sampled_from(alphabet), max_size=40))
    ends = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=3))))
    options = rule.default_options()
    for spec in rule.option_specs():
        if spec.kind is OptionKind.CHOICE:
            options = dataclasses.replace(options, **{spec.name: data.draw(st.sampled_from(list(spec.enum)))})
    edits = rule.edits_at_ends(text, options, ends) if ends else rule.edits(text, options)
    found = rule.deferred(text, options, ends or None)
    if found is None:
        return
    assert found.count == len(edits)
    if found.count:  # else the text stays (NO_EDITS has no output of its own)
        assert found.output == apply_edits(text, edits)
    assert found.make() == edits
