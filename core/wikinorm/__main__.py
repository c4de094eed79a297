"""`python -m wikinorm`: same as the `wikinorm` command."""

import sys

from wikinorm.launcher import main

sys.exit(main())
