"""Build the briefs of this project: ``python build.py [command] [options]``.

A thin entry point so writers need no installed console script; the program
is ``policybrief.cli`` (also installed as the ``policybrief`` command).
"""

import sys

try:
    from policybrief.cli import main
except KeyboardInterrupt:  # Ctrl-C before the command line could set up its handlers
    sys.stderr.write("interrupted\n")
    sys.exit(130)

if __name__ == "__main__":
    sys.exit(main())
