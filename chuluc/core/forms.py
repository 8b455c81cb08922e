"""Forms parse; services decide. This runs a service and puts its refusal on the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError

from chuluc.core.enums import MailChoice
from chuluc.core.errors import ApplicationError

T = TypeVar("T")


def run_service(form, service: Callable[..., T], **kwargs: Any) -> T | None:
    try:
        return service(**kwargs)
    except ApplicationError as exc:
        form.add_error(None, exc.message)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
    return None


class NotificationPreferencesForm(forms.Form):
    """One choice per registered kind of notification: at once, in the digest, or no mail.
    ``groups`` gives the fields under their headings for the page."""

    def __init__(self, *args, events, initial_choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.groups: list[tuple[str, list[str]]] = []
        for heading, members in events:
            names = []
            for event in members:
                name = event.code.replace(".", "__")
                self.fields[name] = forms.ChoiceField(
                    label=event.label,
                    choices=MailChoice.choices,
                    required=False,  # a kind left out of the post keeps its choice
                    initial=initial_choices.get(event.code, MailChoice.IMMEDIATE),
                )
                names.append(name)
            self.groups.append((heading, names))

    def grouped_fields(self):
        return [(heading, [self[name] for name in names]) for heading, names in self.groups]

    def choices(self) -> dict[str, str]:
        return {
            name.replace("__", "."): value for name, value in self.cleaned_data.items() if value
        }
