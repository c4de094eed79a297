"""The per-plan short paths of a block's processing give what the general path gives."""

import pytest

from wikinorm.core.edits import apply_edits
from wikinorm.core.markup import collect_edits, settle
from wikinorm.core.pipeline import Plan, _process
from wikinorm.core.presets import BUILTIN_NAMES, builtin_preset

# Blocks the markup phase removes whole, and some it does not.
BLOCKS = ["{{Reflist}}", "[[Category:Art Deco skyscrapers]]", "<!-- a comment -->", "{{a|\nb}}", "<ref>x</ref>",
          "=== Features ===", "* [[Ascii85]]", "{{x}} y", "''a''", "plain text", ""]


def _described(result):
    return (result.text, result.counts, result.notes,
            [(stage.rule_id, list(stage.edit_map.edits), stage.text) for stage in result.stages])


@pytest.mark.parametrize("preset", BUILTIN_NAMES)
def test_empty_text_notes_from_the_plan_as_from_the_rules(preset):
    plan = Plan(builtin_preset(preset).config)
    general = Plan(builtin_preset(preset).config)
    general.empty_notes = None  # every text rule called on the empty text
    for block in BLOCKS:
        outcome = collect_edits(block, plan.tables)
        assert _described(_process(block, plan, None, outcome)) == _described(_process(block, general, None, outcome))


@pytest.mark.parametrize("preset", BUILTIN_NAMES)
def test_a_whole_block_removal_as_settled(preset):
    plan = Plan(builtin_preset(preset).config)
    checked = 0
    for block in BLOCKS:
        outcome = collect_edits(block, plan.tables)
        edits = outcome.edits
        if len(edits) == 1 and edits[0][:3] == (0, len(block), ""):
            checked += 1
            stage = _process(block, plan, None, outcome).stages[0]
            assert list(stage.edit_map.edits) == settle(block, edits)
            assert stage.text == apply_edits(block, settle(block, edits)) == ""
    assert checked or not plan.any_markup
