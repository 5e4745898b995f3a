"""`python -m rotalang`: the same as the `rotalang` command."""

from rotalang.launch import main

raise SystemExit(main())
