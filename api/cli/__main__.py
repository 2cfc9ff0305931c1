"""Lets `python -m api.cli` run the overcap command."""

import sys

from api.cli import main

sys.exit(main())
