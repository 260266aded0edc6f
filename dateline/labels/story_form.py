"""The labels' part of the story form: what the story carries and why, the mentions found in
the text as it stands (highlighted), and the publish guard: a candidate the detector flagged
for review stops publication until an editor says, with a reason, whether it is the registry's
entry. Editors choose labels their rules let them choose here too, with a reason."""

from typing import Any

from django import forms
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dateline.editions.registry import edition_for_locale
from dateline.stories.document_text import story_texts
from dateline.stories.forms import StoryForm, StoryFormPart
from dateline.stories.models import Story

from .mentions import Found, story_mentions
from .models import Label, LabelRule, MentionDecision, StoryLabel
from .rules import undecided
from .services import (
    choosable_labels,
    edition_day,
    mention_decide,
    story_label_choose,
    story_label_unchoose,
)

DECISION = "labels_decision"
REASON = "labels_reason"
CHOSEN = "labels_chosen"
LIVE_MENTIONS_URL_NAME = "labels_live_mentions"
DECISIONS = [
    ("", gettext_lazy("—")),
    ("label", gettext_lazy("They are the registry's entries: label them")),
    ("not", gettext_lazy("They are not (a namesake, the common word): no label")),
]


def _chosen(story: Story) -> list[int]:
    if not story.pk:
        return []
    return list(
        StoryLabel.objects.filter(story=story, rule__kind=LabelRule.Kind.EDITOR).values_list(
            "label_id", flat=True
        )
    )


def _fields(form: StoryForm) -> dict[str, forms.Field]:
    story = form.instance
    fields: dict[str, forms.Field] = {
        DECISION: forms.ChoiceField(
            label=_("Names flagged for review"), choices=DECISIONS, required=False
        ),
        REASON: forms.CharField(
            label=_("Reason"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("Why: kept in the story's history."),
        ),
    }
    labels = choosable_labels(story) if story.locale_id else []
    if labels:
        fields[CHOSEN] = forms.ModelMultipleChoiceField(
            label=_("Labels chosen by an editor"),
            queryset=Label.objects.filter(pk__in=[label.pk for label in labels]),
            required=False,
            initial=_chosen(story),
            widget=forms.CheckboxSelectMultiple,
        )
    return fields


def _mentions(story: Story) -> list[Found]:
    edition = edition_for_locale(story.locale_id) if story.locale_id else None
    if edition is None:
        return []
    return story_mentions(story, edition.language, edition_day(edition))


def _decisions(story: Story) -> dict[int, MentionDecision]:
    if not story.pk:
        return {}
    return {d.entity_id: d for d in MentionDecision.objects.filter(story=story)}


def _flagged_text(flagged: list[Found]) -> str:
    return "; ".join(
        _("“%(text)s” may be %(name)s (%(kind)s)")
        % {"text": f.text, "name": f.entity.name, "kind": f.entity.kind.name}
        for f in flagged
    )


def _check(form: StoryForm) -> None:
    data = form.cleaned_data
    decision, reason = data.get(DECISION) or "", (data.get(REASON) or "").strip()
    story = form.instance
    if decision and not reason:
        form.add_error(REASON, _("Say why."))
    if CHOSEN in data and not reason:
        if sorted(label.pk for label in data[CHOSEN]) != sorted(_chosen(story)):
            form.add_error(REASON, _("Say why the labels chosen by an editor change."))
    if not form.is_publishing or decision:
        return
    flagged = undecided(_mentions(story), _decisions(story))
    if flagged:
        form.add_error(
            DECISION,
            _(
                "This story cannot be published until an editor decides on the names flagged "
                "for review: %(names)s."
            )
            % {"names": _flagged_text(flagged)},
        )


def _live_url(story: Story) -> str:
    """Where the part's summary is asked for again as the editor types."""
    url = reverse(LIVE_MENTIONS_URL_NAME)
    if story.pk:
        return f"{url}?story={story.pk}"
    return f"{url}?locale={story.locale.language_code}" if story.locale_id else ""


def labels_summary(form: StoryForm) -> str:
    story = form.instance
    mentions = _mentions(story)
    texts = list(story_texts(story))
    decisions = _decisions(story)
    carried = (
        StoryLabel.objects.filter(story=story).select_related(
            "label", "rule", "entity", "applied_by"
        )
        if story.pk
        else []
    )
    return render_to_string(
        "labels/_story_labels.html",
        {
            "carried": carried,
            "mentions": [
                {
                    "found": f,
                    "before": texts[f.piece][max(0, f.start - 60) : f.start],
                    "after": texts[f.piece][f.end : f.end + 60],
                    "decision": decisions.get(f.entity.pk),
                }
                for f in mentions
            ],
            "flagged": undecided(mentions, decisions),
            "live_url": _live_url(story),
        },
    )


def _saved(request: HttpRequest, story: Any) -> None:
    """Writes what the (valid) form said: the decision on flagged names, the chosen labels."""
    if not isinstance(story, Story) or not story.pk:
        return
    post = request.POST
    decision, reason = post.get(DECISION, ""), post.get(REASON, "").strip()
    user = request.user if request.user.is_authenticated else None
    if decision in ("label", "not") and reason:
        for found in undecided(_mentions(story), {}):
            mention_decide(
                story=story,
                entity=found.entity,
                is_mention=decision == "label",
                reason=reason,
                user=user,
            )
    if CHOSEN not in post and not reason:
        return
    allowed = {label.pk: label for label in choosable_labels(story)}
    if not allowed:
        return
    wanted = {int(pk) for pk in post.getlist(CHOSEN) if pk.isdigit()} & allowed.keys()
    current = set(_chosen(story))
    for pk in wanted - current:
        story_label_choose(story=story, label=allowed[pk], reason=reason, user=user)
    for pk in current - wanted:
        if pk in allowed:
            story_label_unchoose(story=story, label=allowed[pk], reason=reason, user=user)


LABELS_PART = StoryFormPart(
    name="labels",
    heading=gettext_lazy("Labels"),
    fields=_fields,
    check=_check,
    summary=labels_summary,
    saved=_saved,
)
