from cli_fixtures import run_cli  # noqa: F401
