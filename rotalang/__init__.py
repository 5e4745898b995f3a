"""rotalang: a language and toolchain for staffing rules."""

__version__ = "0.1.0"
