"""The terminal interview: session state, navigation and the prompt protocol.

It talks to a person only through ``interview.prompts.Prompt``; the rich terminal
implementation lives in ``cli.views.terminal``, so nothing here imports rich or typer.
"""
