"""Build the briefs of this project: ``python build.py [command] [options]``.

A thin entry point so writers need no installed console script; the program
is ``policybrief.cli`` (also installed as the ``policybrief`` command).
"""

import sys

from policybrief.cli import main

if __name__ == "__main__":
    sys.exit(main())
