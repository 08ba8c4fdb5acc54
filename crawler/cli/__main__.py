"""`python -m crawler.cli`: the same as the `akhbar` command."""

import sys

from crawler.cli.main import main

sys.exit(main())
