"""``kiosk letter proof``: the sample letters of every language, one labelled page
each (a letter that runs longer keeps its pages), in one PDF for a native reviewer to
read in one sitting."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from pypdf import PdfWriter

from kiosk.core.policy_set import Policy
from kiosk.letters.render import LetterTemplates
from kiosk.letters.samples import SAMPLE_AGENT, SAMPLE_AT, Sample, proof_samples, sample_manager
from kiosk.letters.view import letter_view


def _letters(templates: LetterTemplates, policy: Policy,
             languages: tuple[str, ...] | None) -> Iterator[tuple[Sample, bytes]]:
    for sample in proof_samples(policy):
        if languages and sample.language not in languages:
            continue
        choice = templates.choose(sample.language, sample.category,
                                  policy.property.default_language)
        view = letter_view(sample.incident, sample.policy, choice.language, SAMPLE_AGENT,
                           [sample_manager(sample.policy)], SAMPLE_AT, sample.wording)
        view["letter"]["proof_label"] = sample.label
        letter = templates.markdown(choice, view)
        yield sample, templates.pdf(letter, view)


def proof_pdf(folder: Path, policy: Policy,
              languages: tuple[str, ...] | None = None) -> tuple[bytes, int]:
    """One PDF of all proof letters and how many letters it holds."""
    templates = LetterTemplates(folder)
    writer = PdfWriter()
    count = 0
    for sample, pdf in _letters(templates, policy, languages):
        writer.append(io.BytesIO(pdf), outline_item=sample.label)
        count += 1
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), count
