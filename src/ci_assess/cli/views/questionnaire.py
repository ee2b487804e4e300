"""Terminal display of a questionnaire with rich (imported only for this command)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ci_assess.core.models.questionnaire import Questionnaire


def print_questionnaire(
    q: Questionnaire, console: Console | None = None, language: str | None = None
) -> None:
    """Print the questionnaire group by group, each question with its levels.

    Texts come from the questionnaire file and are shown as written: a ``[bold]`` or
    ``[/]`` in one is not rich markup (escaped where markup is needed, else markup off).
    """
    from ci_assess.files.catalogues import translator

    _ = translator(language).gettext
    console = console or Console()
    heading = f"[bold]{escape(q.title)}[/bold]" + escape(f" ({q.id} v{q.version})")
    console.print(heading, markup=True, highlight=False)
    console.print(q.description, markup=False)
    scale = ", ".join(f"{s.level} {s.name}" for s in q.scale)
    console.print(_("Scale: %(scale)s", scale=scale), markup=False)
    for group in q.groups:
        title = escape(f"{group.title} ({group.id})")  # rich reads a title as markup
        table = Table(title=title, show_lines=True, expand=True)
        table.add_column(_("Question"), ratio=3)
        table.add_column(_("Weight"), justify="right")
        table.add_column(_("Levels"), ratio=4)
        for question in (x for x in q.questions if x.group == group.id):
            levels = "\n".join(f"{lvl}: {txt}" for lvl, txt in sorted(question.levels.items()))
            table.add_row(f"{question.id}\n{question.text}", str(question.weight), levels)
        console.print(table, markup=False)  # the cells, written as they are
