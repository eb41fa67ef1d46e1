"""Letter benchmark: Markdown and PDF render time per language.

    python tests/bench/letter_bench.py [--md-runs 200] [--pdf-runs 30]

Renders the sample letter of every category in each language from the shipped
templates, after one warm-up render per language (template compile, font loading).
Markdown is what the kiosk shows on screen (template → Markdown); PDF is what it prints
(Markdown → HTML layout → WeasyPrint). Prints a table of p50/p95 in ms, then one summary
line. Targets: Markdown p95 ≤ 5 ms, PDF p95 ≤ 150 ms. Wall time is the target; the
PDF's CPU time is shown beside it because a busy shared machine inflates wall time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kiosk.core.policy_load import load_policy  # noqa: E402
from kiosk.letters.render import LetterTemplates  # noqa: E402
from kiosk.letters.samples import (  # noqa: E402
    SAMPLE_AGENT,
    SAMPLE_AT,
    sample_incident,
    sample_manager,
)
from kiosk.letters.view import letter_view  # noqa: E402


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--md-runs", type=int, default=200)
    parser.add_argument("--pdf-runs", type=int, default=30)
    args = parser.parse_args()

    policy = load_policy(ROOT / "policies")
    templates = LetterTemplates(ROOT / "letters")
    categories = list(policy.categories)
    rows = []
    md_all: list[float] = []
    pdf_all: list[float] = []
    cpu_all: list[float] = []
    for language in policy.property.languages:
        cases = []
        for category in categories:
            choice = templates.choose(language, category, policy.property.default_language)
            view = letter_view(sample_incident(policy, category, language), policy,
                               choice.language, SAMPLE_AGENT, [sample_manager(policy)],
                               SAMPLE_AT)
            cases.append((choice, view))
        templates.pdf(templates.markdown(*cases[0]), cases[0][1])  # warm-up
        md_times: list[float] = []
        pdf_times: list[float] = []
        cpu_times: list[float] = []
        for i in range(args.md_runs):
            choice, view = cases[i % len(cases)]
            start = time.perf_counter()
            templates.markdown(choice, view)
            md_times.append((time.perf_counter() - start) * 1000)
        for i in range(args.pdf_runs):
            choice, view = cases[i % len(cases)]
            start, cpu = time.perf_counter(), time.process_time()
            templates.pdf(templates.markdown(choice, view), view)
            pdf_times.append((time.perf_counter() - start) * 1000)
            cpu_times.append((time.process_time() - cpu) * 1000)
        md_all += md_times
        pdf_all += pdf_times
        cpu_all += cpu_times
        rows.append((language, statistics.median(md_times), percentile(md_times, 95),
                     statistics.median(pdf_times), percentile(pdf_times, 95),
                     percentile(cpu_times, 95)))

    print(f"{'lang':<6}{'md p50 ms':>11}{'md p95 ms':>11}{'pdf p50 ms':>12}{'pdf p95 ms':>12}"
          f"{'pdf cpu p95':>13}")
    for language, md50, md95, pdf50, pdf95, cpu95 in rows:
        print(f"{language:<6}{md50:>11.2f}{md95:>11.2f}{pdf50:>12.1f}{pdf95:>12.1f}"
              f"{cpu95:>13.1f}")
    print(f"letter_bench md_p95_ms={percentile(md_all, 95):.2f} "
          f"pdf_p95_ms={percentile(pdf_all, 95):.1f} "
          f"pdf_cpu_p95_ms={percentile(cpu_all, 95):.1f}")


if __name__ == "__main__":
    main()
