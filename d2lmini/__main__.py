"""`python -m d2lmini ...`: the command line, which lives in `d2lmini.cli`."""
import sys

from d2lmini.cli import main

sys.exit(main())
