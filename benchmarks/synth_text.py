"""Deterministic filler text for synthetic portals.

Everything here draws from a ``random.Random`` passed in by the caller, so the
same seed always produces the same words. The vocabulary is about AI-assisted
work so the pages look like the real thing, but the sentences are combinatorial
nonsense assembled from small word lists.
"""

from __future__ import annotations

import random
import re

SUBJECTS = (
    "The team",
    "A reviewer",
    "Each agent",
    "The analyst",
    "Your manager",
    "A new hire",
    "The on-call engineer",
    "Every draft",
    "The pilot group",
    "A senior colleague",
    "The assistant",
    "The account lead",
)
VERBS = (
    "checks",
    "summarises",
    "compares",
    "drafts",
    "flags",
    "rewrites",
    "tests",
    "records",
    "explains",
    "reviews",
    "annotates",
    "shortens",
    "questions",
)
OBJECTS = (
    "the ticket history",
    "a policy excerpt",
    "the customer's last message",
    "the weekly report",
    "a prompt template",
    "the model's answer",
    "three sample cases",
    "the escalation notes",
    "the source data",
    "a short checklist",
    "the release notes",
    "a contract clause",
    "the forecast sheet",
    "the onboarding plan",
    "an interview summary",
)
TAILS = (
    "before anything is sent.",
    "against the approved sources.",
    "in under ten minutes.",
    "with a colleague watching.",
    "and notes what changed.",
    "so the next person can repeat it.",
    "using only synthetic data.",
    "and keeps the original for comparison.",
    "before the weekly review.",
    "without copying private details.",
    "and writes down one surprise.",
    "until the output is boringly correct.",
)
IMPERATIVES = (
    "Check",
    "Summarise",
    "Compare",
    "Draft",
    "Flag",
    "Rewrite",
    "Test",
    "Record",
    "Explain",
    "Review",
    "Annotate",
    "Shorten",
    "Question",
)
CLAUSE_TAILS = (
    "before anything is sent.",
    "against the approved sources.",
    "in under ten minutes.",
    "with a colleague watching.",
    "and note what changed.",
    "so the next person can repeat it.",
    "using only synthetic data.",
    "and keep the original for comparison.",
    "before the weekly review.",
    "without copying private details.",
    "and write down one surprise.",
    "until the output is boringly correct.",
)
OPENERS = (
    "",
    "",
    "",
    "In practice, ",
    "Over time, ",
    "When in doubt, ",
    "On a busy day, ",
    "After the first week, ",
    "Most of the time, ",
)
PITFALLS = (
    "Trusting a fluent answer because it sounds confident",
    "Pasting private customer data into an unapproved tool",
    "Skipping the check when the queue is long",
    "Measuring speed before the habit is stable",
    "Treating the first prompt as the final prompt",
    "Forgetting to record which sources were used",
    "Letting one person hold all of the know-how",
    "Practising only on easy cases",
    "Copying a template without reading it",
)
TOPIC_VERBS = (
    "checking",
    "drafting",
    "summarising",
    "triaging",
    "reviewing",
    "testing",
    "planning",
    "comparing",
    "explaining",
    "prompting",
    "measuring",
    "auditing",
)
TOPIC_NOUNS = (
    "replies",
    "tickets",
    "reports",
    "contracts",
    "forecasts",
    "meetings",
    "incidents",
    "releases",
    "invoices",
    "campaigns",
    "interviews",
    "queries",
    "dashboards",
    "handovers",
    "policies",
    "estimates",
)
LANGS = ("python", "yaml", "text")


def sentence(rng: random.Random) -> str:
    """One sentence: opener, subject, verb, object and tail."""
    opener = rng.choice(OPENERS)
    subject = rng.choice(SUBJECTS)
    if opener:
        subject = subject[0].lower() + subject[1:]
    parts = (subject, rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(TAILS))
    return opener + " ".join(parts)


def paragraph(rng: random.Random, low: int = 3, high: int = 5) -> str:
    """A paragraph of ``low`` to ``high`` sentences."""
    return " ".join(sentence(rng) for _ in range(rng.randint(low, high)))


def clause(rng: random.Random) -> str:
    """A short imperative-ish fragment for list items and table cells."""
    return f"{rng.choice(IMPERATIVES)} {rng.choice(OBJECTS)} {rng.choice(CLAUSE_TAILS)}"


def topic(rng: random.Random) -> tuple[str, str]:
    """A (verb, noun) pair naming what a module or path is about."""
    return rng.choice(TOPIC_VERBS), rng.choice(TOPIC_NOUNS)


def slug(text: str) -> str:
    """Lower-case a-z0-9 and dashes, suitable inside an id."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def code_block(rng: random.Random, name: str) -> str:
    """A fenced code block in one of a few languages."""
    lang = rng.choice(LANGS)
    limit = rng.randint(3, 12)
    if lang == "python":
        body = (
            f"def check_{name.replace('-', '_')}(draft: str, sources: list[str]) -> bool:\n"
            f'    """Return True when every claim in the draft has a source."""\n'
            f"    claims = [line for line in draft.splitlines() if line.strip()]\n"
            f"    return len(claims) <= {limit} and all(sources)\n"
        )
    elif lang == "yaml":
        body = (
            f"prompt: {name}\n"
            f"inputs: [{rng.choice(OBJECTS).split()[-1]}, {rng.choice(OBJECTS).split()[-1]}]\n"
            f"max_sentences: {limit}\n"
            f"review: required\n"
        )
    else:
        body = (
            f"You are helping with {rng.choice(OBJECTS)}.\n"
            f"Use only the text below. Answer in at most {limit} sentences.\n"
            f"If something is missing, say so instead of guessing.\n"
        )
    return f"```{lang}\n{body}```"


def table(rng: random.Random, rows: int = 4) -> str:
    """A Markdown table comparing today's way of working with the new one."""
    lines = ["| Step | Today | With the assistant | Minutes |", "|---|---|---|---:|"]
    for number in range(1, rows + 1):
        today = rng.choice(OBJECTS).capitalize() + " by hand"
        new = clause(rng).rstrip(".")
        lines.append(f"| {number} | {today} | {new} | {rng.randint(2, 45)} |")
    return "\n".join(lines)


def bullet_list(rng: random.Random, count: int, ordered: bool = False) -> str:
    """A bullet or numbered list of clauses."""
    items = [clause(rng) for _ in range(count)]
    if ordered:
        return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))
    return "\n".join(f"- {item}" for item in items)


def module_body(rng: random.Random, title: str, module_id: str, see_also: list[str]) -> str:
    """A realistic module body of roughly 500 words."""
    pitfalls = rng.sample(PITFALLS, 4)
    sections = [
        f"# {title}",
        paragraph(rng, 4, 5),
        "## Why it matters",
        paragraph(rng, 4, 6),
        "## Steps",
        bullet_list(rng, rng.randint(5, 7), ordered=True),
        "## Worked example",
        paragraph(rng, 2, 3),
        code_block(rng, module_id),
        paragraph(rng, 1, 2),
        "## Before and after",
        table(rng, rng.randint(3, 5)),
        "## Common pitfalls",
        "\n".join(f"- **{p}.** {sentence(rng)}" for p in pitfalls),
        "## Summary",
        paragraph(rng, 3, 4),
    ]
    if see_also:
        links = ", ".join(f"[{other}]({other}.md)" for other in see_also)
        sections.append(f"See also: {links}.")
    return "\n\n".join(sections) + "\n"


def leader_body(rng: random.Random) -> str:
    """A short body printed below a leader one-pager's phrase table."""
    return "\n\n".join(["## Why the words matter", paragraph(rng, 3, 4), bullet_list(rng, 3)]) + "\n"
