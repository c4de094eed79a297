"""The cleaning rules, one module each. Their order is set in :mod:`..registry` only."""
