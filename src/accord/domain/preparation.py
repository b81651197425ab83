"""The preparation checklist: the questions to answer before the first call."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from accord.domain.validation import check_finite
from accord.errors import ValidationError

__all__ = ["CHECKLIST_QUESTIONS", "RESEARCH_TOPICS", "Checklist", "CompetitorPrice"]

# The eight questions of a prepared negotiator, with the prompt shown to the user.
CHECKLIST_QUESTIONS: dict[str, str] = {
    "who": "Who decides on their side, who influences, who is on our team?",
    "what": "What exactly is at stake, and what do we need?",
    "where": "Where will we negotiate (call, meeting, portal)?",
    "when": "When are the deadlines, and when is the best time to ask?",
    "why": "Why do they need this agreement? Why do we?",
    "what_ifs": "What if they refuse? Our BATNA and theirs.",
    "how_much": "How much: market prices, Medicare, our costs, the revenue at stake.",
    "why_not": "Why might they say no, and what answers their objection?",
}
RESEARCH_TOPICS: dict[str, str] = {
    "organisation": "The counterparty's organisation and its situation.",
    "structure": "Its structure: departments, who reports to whom.",
    "decision_makers": "Its decision makers and how they decide.",
    "history": "The history of this issue between us.",
}


@dataclass(frozen=True)
class CompetitorPrice:
    """A price someone else pays or charges for the same service."""

    description: str
    amount: float
    source: str = ""
    billing_code: str | None = None

    def __post_init__(self) -> None:
        check_finite(self.amount, field="amount")
        if self.amount < 0:
            raise ValidationError("a price cannot be negative", field="amount")


@dataclass
class Checklist:
    """Answers to the eight questions, research notes and competitor prices."""

    answers: dict[str, str] = field(default_factory=dict)
    research: dict[str, str] = field(default_factory=dict)
    competitor_prices: list[CompetitorPrice] = field(default_factory=list)

    def answer(self, question: str, text: str) -> None:
        key = question.strip().lower().replace("-", "_").replace(" ", "_")
        if key in CHECKLIST_QUESTIONS:
            self.answers[key] = text.strip()
        elif key in RESEARCH_TOPICS:
            self.research[key] = text.strip()
        else:
            known = ", ".join([*CHECKLIST_QUESTIONS, *RESEARCH_TOPICS])
            raise ValidationError(f"unknown checklist item {question!r}; one of {known}")

    def completeness(self) -> float:
        """Share of the checklist done, 0..1: the 8 questions, 4 research topics, prices."""
        done = sum(1 for key in CHECKLIST_QUESTIONS if self.answers.get(key))
        done += sum(1 for key in RESEARCH_TOPICS if self.research.get(key))
        done += 1 if self.competitor_prices else 0
        return done / (len(CHECKLIST_QUESTIONS) + len(RESEARCH_TOPICS) + 1)

    def missing(self) -> list[str]:
        items = [key for key in CHECKLIST_QUESTIONS if not self.answers.get(key)]
        items += [key for key in RESEARCH_TOPICS if not self.research.get(key)]
        if not self.competitor_prices:
            items.append("competitor_prices")
        return items

    def to_dict(self) -> dict[str, object]:
        return {
            "answers": dict(self.answers),
            "research": dict(self.research),
            "competitor_prices": [
                {
                    "description": p.description,
                    "amount": p.amount,
                    "source": p.source,
                    "billing_code": p.billing_code,
                }
                for p in self.competitor_prices
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, object] | None) -> Checklist:
        if not data:
            return cls()
        answers = data.get("answers") or {}
        research = data.get("research") or {}
        prices = data.get("competitor_prices") or []
        assert isinstance(answers, dict) and isinstance(research, dict)
        assert isinstance(prices, list)
        return cls(
            answers={str(k): str(v) for k, v in answers.items()},
            research={str(k): str(v) for k, v in research.items()},
            competitor_prices=[
                CompetitorPrice(
                    description=str(p["description"]),
                    amount=float(p["amount"]),
                    source=str(p.get("source") or ""),
                    billing_code=p.get("billing_code"),
                )
                for p in prices
                # A price stored as NaN or infinity before the rule above carries no
                # amount: left out, so that it cannot break every later view.
                if math.isfinite(float(p["amount"]))
            ],
        )
