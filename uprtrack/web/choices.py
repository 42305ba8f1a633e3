"""The choices of a form's select, built one way for every form, and the select field every form uses."""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape
from wtforms import SelectChoice, widgets
from wtforms import SelectField as _SelectField


def select_choices(pairs: Iterable[tuple], blank=None) -> list[SelectChoice]:
    """A select's choices from (value, label) pairs, after a blank choice when one is given."""
    return ([SelectChoice("", blank)] if blank is not None else []) + [
        SelectChoice(value, label) for value, label in pairs
    ]


class Select(widgets.Select):
    """WTForms' select, its plain options written in one format each.

    WTForms builds every option's attributes through html_params, which costs more than the list's query once a
    filter offers the world's States twice (about 40 ms for 600 options); the HTML is the same.
    """

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)
        value = choice.value
        selected = "selected " if choice.selected else ""  # html_params writes attributes by name
        label = choice.label or value
        return Markup(f'<option {selected}value="{escape(str(value))}">{escape(label)}</option>')


class SelectField(_SelectField):
    widget = Select()
