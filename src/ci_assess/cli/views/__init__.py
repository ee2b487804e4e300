"""Terminal output with rich: batch summaries, questionnaire display, interview views.

With ``ci_assess.cli`` these are the only modules that import typer or rich.
"""
