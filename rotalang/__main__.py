"""`python -m rotalang`: the same as the `rotalang` command."""

from rotalang.cli import main

raise SystemExit(main())
