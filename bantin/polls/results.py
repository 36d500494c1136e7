"""Results of a poll and of a survey, as rows a chart, the JSON endpoint and the exports
all read: label, count and percentage (of the voters, so a multiple-choice poll's
percentages may add up to more than 100)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

from django.db.models import Count

from .models import CHARTED, Poll, PollVote, SurveyPage

SCALE = range(1, 6)


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    percent: float

    @property
    def bar(self) -> int:
        """The bar's width in whole percent: the `pw-<n>` CSS class (pages carry no inline
        style, see docs/security.md)."""
        return max(0, min(100, round(self.percent)))

    @property
    def percent_text(self) -> str:
        return f"{self.percent:.1f}".replace(".", ",") + "%"


def _rows(pairs, total: int) -> list[Row]:
    return [Row(str(label), count, round(100 * count / total, 1) if total else 0.0)
            for label, count in pairs]


@dataclass(frozen=True)
class PollResults:
    poll_id: int
    voters: int
    rows: list[Row]
    choice_ids: list[int]

    def as_json(self) -> dict:
        return {
            "poll": self.poll_id, "voters": self.voters,
            "choices": [{"id": pk, **asdict(row)} for pk, row in zip(self.choice_ids,
                                                                      self.rows, strict=True)],
        }


def poll_results(poll: Poll) -> PollResults:
    """Counted from the votes themselves (two queries): always exact, never a cache."""
    choices = list(poll.choices.annotate(n=Count("votes")).order_by("sort_order", "pk")
                   .values_list("pk", "label", "n"))
    voters = PollVote.objects.filter(poll=poll).count()
    return PollResults(poll.pk, voters, _rows([(label, n) for _, label, n in choices], voters),
                       [pk for pk, _, _ in choices])


@dataclass(frozen=True)
class Question:
    label: str
    field_type: str
    answered: int
    rows: list[Row]  # charted questions
    texts: list[str]  # free-text questions
    average: float | None = None

    @property
    def charted(self) -> bool:
        return self.field_type in CHARTED

    @property
    def average_text(self) -> str:
        return "" if self.average is None else f"{self.average:.2f}".replace(".", ",")


def _split(choices: str) -> list[str]:
    # The form builder's own way of reading the choices, so labels match the answers.
    from wagtail.contrib.forms.forms import _split_by_newline_or_comma

    return [c.strip() for c in _split_by_newline_or_comma(choices) if c.strip()]


def survey_results(page: SurveyPage, with_texts: bool = True) -> tuple[int, list[Question]]:
    """(number of responses, one `Question` per field in the page's order)."""
    fields = list(page.get_form_fields())
    answers = list(page.get_submissions().values_list("form_data", flat=True))
    total = len(answers)
    questions = []
    for field in fields:
        values = [data.get(field.clean_name) for data in answers]
        given = [v for v in values if v not in (None, "", [])]
        if field.field_type not in CHARTED:
            questions.append(Question(field.label, field.field_type, len(given), [],
                                      [str(v) for v in given] if with_texts else []))
            continue
        counts: Counter = Counter()
        for value in given:
            counts.update(value if isinstance(value, list) else [str(value)])
        if field.field_type == "scale":
            labels = [str(n) for n in SCALE]
            numbers = [int(v) for v in given if str(v) in labels]
            average = sum(numbers) / len(numbers) if numbers else None
        else:
            labels = _split(field.choices)
            # Answers to a choice the editor has since renamed or removed still count.
            labels += [label for label in counts if label not in labels]
            average = None
        questions.append(Question(
            field.label, field.field_type, len(given),
            _rows([(label, counts.get(label, 0)) for label in labels], len(given)), [],
            average))
    return total, questions
