"""The pure core: models, scoring, gates and rounding. No I/O, no typer, rich or Jinja.

Everything here is a function of its arguments, so tests build models in code and
check numbers; import-linter keeps the other layers out (see docs/architecture.md).
"""
