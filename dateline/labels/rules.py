"""Which labels a story is due, and why: every rule in force on the day, against the story's
edition, byline, sources, sections and the registry entries it mentions, with the editors'
decisions on mentions the detector could not settle."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dateline.editions.models import Edition
from dateline.stories.models import Story

from .mentions import Found
from .models import LabelRule, MentionDecision, RegistryEntity


@dataclass(frozen=True)
class Due:
    """A label a story must carry: the rule that puts it there and, for a mention rule, the
    entity and its first mention."""

    rule: LabelRule
    entity: RegistryEntity | None = None
    mention: str = ""

    @property
    def key(self) -> tuple[int, int | None]:
        return (self.rule.pk, self.entity.pk if self.entity else None)


def rules_in_force(day: date) -> list[LabelRule]:
    return [
        rule
        for rule in LabelRule.objects.select_related("label", "entity_kind").exclude(
            kind=LabelRule.Kind.EDITOR
        )
        if rule.is_in_force(day)
    ]


@dataclass(frozen=True)
class StoryFacts:
    """What the rules ask of a story, read once."""

    edition_id: int
    author_keys: frozenset  # translation keys: an author's rule follows them into each edition
    region_keys: frozenset
    topic_keys: frozenset
    sources: frozenset[str]  # casefolded names

    @classmethod
    def of(
        cls, story: Story, edition: Edition, rules: Iterable[LabelRule] | None = None
    ) -> "StoryFacts":
        """The facts `rules` ask about (all of them if None); the others are left empty."""
        kinds = {rule.kind for rule in rules} if rules is not None else set(LabelRule.Kind)
        Kind = LabelRule.Kind
        empty: frozenset = frozenset()
        return cls(
            edition_id=edition.pk,
            author_keys=frozenset(c.author.translation_key for c in story.byline.all())
            if Kind.AUTHOR in kinds
            else empty,
            region_keys=frozenset(r.translation_key for r in story.regions.all())
            if Kind.REGION in kinds
            else empty,
            topic_keys=frozenset(t.translation_key for t in story.topics.all())
            if Kind.TOPIC in kinds
            else empty,
            sources=frozenset(
                str(raw["value"].get("name") or "").strip().casefold()
                for raw in story.sources.raw_data
            )
            if Kind.SOURCE in kinds
            else empty,
        )


def _matches(rule: LabelRule, facts: StoryFacts) -> bool:
    if rule.edition_id is not None and rule.edition_id != facts.edition_id:
        return False
    match rule.kind:
        case LabelRule.Kind.EDITION:
            return True
        case LabelRule.Kind.AUTHOR:
            return rule.author is not None and rule.author.translation_key in facts.author_keys
        case LabelRule.Kind.SOURCE:
            return rule.source.strip().casefold() in facts.sources
        case LabelRule.Kind.REGION:
            return rule.region is not None and rule.region.translation_key in facts.region_keys
        case LabelRule.Kind.TOPIC:
            return rule.topic is not None and rule.topic.translation_key in facts.topic_keys
    return False


def labels_due(
    *,
    facts: StoryFacts,
    rules: Iterable[LabelRule],
    mentions: Iterable[Found],
    decisions: dict[int, MentionDecision],
) -> list[Due]:
    """The labels due by `rules` (in force on the day) for a story with these `facts` and
    `mentions` (of entries listed on the day), given the editors' `decisions` by entity id: a
    candidate flagged for review counts once an editor said it is a mention, and an editor's
    "not a mention" outweighs the detector."""
    first: dict[int, Found] = {}
    for found in mentions:
        decision = decisions.get(found.entity.pk)
        counts = decision.is_mention if decision is not None else not found.review
        if counts:
            first.setdefault(found.entity.pk, found)
    due = []
    for rule in rules:
        if rule.kind == LabelRule.Kind.MENTION:
            if rule.edition_id is not None and rule.edition_id != facts.edition_id:
                continue
            due += [
                Due(rule, found.entity, found.text)
                for found in first.values()
                if found.entity.kind_id == rule.entity_kind_id
            ]
        elif _matches(rule, facts):
            due.append(Due(rule))
    return due


def undecided(mentions: Iterable[Found], decisions: dict[int, MentionDecision]) -> list[Found]:
    """Candidates flagged for review that no editor has decided on: one per entity."""
    seen: dict[int, Found] = {}
    for found in mentions:
        if found.review and found.entity.pk not in decisions:
            seen.setdefault(found.entity.pk, found)
    # A flagged candidate of an entity that is also mentioned for sure is settled by that.
    sure = {found.entity.pk for found in mentions if not found.review}
    return [found for pk, found in seen.items() if pk not in sure]
