from rotalang.cli import main

raise SystemExit(main())
