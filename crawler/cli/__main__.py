"""`python -m crawler.cli`: the same as the `akhbar` command."""

import sys

from crawler.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
