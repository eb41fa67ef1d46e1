"""The general manager's monthly report: the figures and the measures research asks for,
with charts, as one HTML page for WeasyPrint (the page machinery the letters use).

Words are the staff's (``_``, the supervisor's language); category labels come from the
policy in that language, and every figure is written in its CLDR locale (``display``);
every value people typed is escaped."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from babel.dates import format_date
from markupsafe import Markup, escape

from kiosk.core.display import amount, money, percent, staff_locale
from kiosk.core.i18n import _, current_language
from kiosk.core.policy_set import Policy
from kiosk.reports.charts import week_label
from kiosk.reports.compute import Report, Share
from kiosk.reports.pictures import ACCENT, GOOD, INK, MUTED, columns, hbars
from kiosk.reports.render import inert, minutes_text, return_caveat

STYLE = """
@page { size: A4; margin: 16mm 16mm 18mm 16mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 7.5pt; color: #888; } }
body { font-family: "Noto Sans", "Noto Sans Armenian", "DejaVu Sans", sans-serif;
  font-size: 9pt; color: #1a1a1a; }
h1 { font-size: 16pt; margin: 0 0 1mm 0; color: #1f4e79; }
h2 { font-size: 11pt; margin: 5mm 0 1.5mm 0; color: #1f4e79; break-after: avoid; }
.sub { color: #555; margin: 0 0 4mm 0; }
.tiles { display: flex; flex-wrap: wrap; gap: 2.5mm; }
.tile { border: 0.4pt solid #c9d3dd; border-radius: 2mm; padding: 2mm 3mm; width: 39mm; }
.tile b { display: block; font-size: 13pt; color: #1f4e79; }
.tile span { color: #555; font-size: 7.5pt; }
figure { margin: 0 0 2mm 0; break-inside: avoid; }
figure img { width: 100%; }
table { border-collapse: collapse; width: 100%; break-inside: avoid; }
td, th { text-align: left; padding: 0.8mm 1.5mm; border-bottom: 0.3pt solid #dde3ea; }
th { color: #555; font-weight: normal; }
td.n, th.n { text-align: right; white-space: nowrap; }
.caveat { color: #555; font-style: italic; margin-top: 1.5mm; }
"""


def _img(svg: str) -> Markup:
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return Markup('<figure><img src="data:image/svg+xml;base64,{}"></figure>').format(data)


def _tile(value: str, caption: str) -> Markup:
    return Markup('<div class="tile"><b>{}</b><span>{}</span></div>').format(value, caption)


_NUMBER, _CELL = Markup('<td class="n">{}</td>'), Markup("<td>{}</td>")
_NUMBER_HEAD, _HEAD = Markup('<th class="n">{}</th>'), Markup("<th>{}</th>")
_STYLE = Markup(STYLE)  # noqa: S704 - our own constant


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]], numeric_from: int = 1
           ) -> Markup:
    head = Markup("").join(
        (_NUMBER_HEAD if i >= numeric_from else _HEAD).format(h) for i, h in enumerate(header))
    body = Markup("").join(
        Markup("<tr>{}</tr>").format(Markup("").join(
            (_NUMBER if i >= numeric_from else _CELL).format(c)
            for i, c in enumerate(row)))
        for row in rows)
    return Markup("<table><tr>{}</tr>{}</table>").format(head, body)


def _of(s: Share, loc: str) -> str:
    return _("{part} of {whole}").format(part=amount(s.part, loc), whole=amount(s.whole, loc))


def period_words(report: Report, policy: Policy, language: str) -> str:
    def day(moment: datetime) -> str:
        return format_date(moment.date(), "long", locale=language)

    start = day(report.since) if report.since else _("the beginning")
    end = day(report.until - timedelta(microseconds=1)) if report.until else day(report.now)
    return _("{start} to {end}").format(start=start, end=end)


def monthly_html(report: Report, policy: Policy) -> str:
    """The whole page; charts are SVG images inside it (no file, no network)."""
    lang = current_language()
    loc = staff_locale(policy, lang)
    cur = report.currency
    label = {c: policy.category_label(c, lang) for c in report.by_category}
    parts: list[Markup] = [
        Markup("<h1>{}</h1>").format(_("Service recovery: the month in review")),
        Markup('<p class="sub">{} · {}</p>').format(
            inert(policy.property.name, 120), period_words(report, policy, lang)),
        Markup('<div class="tiles">{}</div>').format(Markup("").join([
            _tile(amount(report.incidents, loc), _("incidents")),
            _tile(percent(report.recovery_rate, loc), _("recovered at the follow-up call")),
            _tile(percent(report.apology_given.rate, loc), _("given an apology")),
            _tile(minutes_text(report.apology.median_min, loc), _("median time to apology")),
            _tile(percent(report.first_contact.rate, loc),
                  _("resolved at the first contact")),
            _tile(percent(report.top_box.rate, loc), _("top-box score (9-10)")),
            _tile(money(report.compensation_total, cur, loc), _("compensation given")),
            _tile("–" if report.cost_per_recovered is None
                  else money(report.cost_per_recovered, cur, loc),
                  _("per recovered guest")),
        ]))]
    if report.weekly:
        weeks = [week_label(w, lang) for w, _n in report.weekly]
        every = max(1, len(weeks) // 12)
        parts += [Markup("<h2>{}</h2>").format(_("Incidents per week (weeks from Monday)")),
                  _img(columns(weeks, [n for _w, n in report.weekly], INK, every=every))]
    if report.by_category:
        parts += [Markup("<h2>{}</h2>").format(_("Incidents by category")),
                  _img(hbars([label[c] for c in report.by_category],
                             list(report.by_category.values()),
                             [amount(n, loc) for n in report.by_category.values()]))]
    if report.compensation_by_category:
        given = report.compensation_by_category
        parts += [Markup("<h2>{}</h2>").format(
                      _("Compensation by category ({currency})").format(currency=cur)),
                  _img(hbars([policy.category_label(c, lang) for c in given],
                             [float(v) for v in given.values()],
                             [amount(v, loc) for v in given.values()], GOOD))]
    parts += _measures(report, policy, lang, loc)
    return str(Markup('<!doctype html><html lang="{}"><head><meta charset="utf-8">'
                      "<title>{}</title><style>{}</style></head><body>{}</body></html>").format(
        lang, _("Service recovery report"), _STYLE, Markup("").join(parts)))


def _measures(report: Report, policy: Policy, lang: str, loc: str) -> list[Markup]:
    cur = report.currency
    a = report.apology
    rows = [
        (_("Apology given"), percent(report.apology_given.rate, loc),
         _of(report.apology_given, loc)),
        (_("Time to apology, median / p90"),
         f"{minutes_text(a.median_min, loc)} / {minutes_text(a.p90_min, loc)}",
         _("{n} apologies").format(n=amount(a.count, loc))),
        (_("First-contact resolution"), percent(report.first_contact.rate, loc),
         _of(report.first_contact, loc)),
        (_("Top-box satisfaction (9-10)"), percent(report.top_box.rate, loc),
         _of(report.top_box, loc)),
        (_("Remedy fit (lines among the category's suggestions)"),
         percent(report.remedy_fit.rate, loc), _of(report.remedy_fit, loc)),
        (_("Recovery rate (satisfied at the follow-up)"), percent(report.recovery_rate, loc),
         _("{part} of {whole}").format(part=amount(report.satisfied, loc),
                                       whole=amount(report.follow_ups, loc))),
    ]
    out = [Markup("<h2>{}</h2>").format(_("What research says matters")),
           _table((_("measure"), _("value"), _("counted")), rows)]
    if report.top_box.whole:
        colours = [ACCENT if s < 7 else MUTED if s < 9 else GOOD for s in range(11)]
        out += [Markup("<h2>{}</h2>").format(_("Scores at the follow-up call (0-10)")),
                _img(columns([str(s) for s in range(11)], report.scores, colours,
                             height_in=1.5))]
    back = report.return_after
    out.append(Markup("<h2>{}</h2>").format(_("Return after recovery")))
    if back is None:
        out.append(Markup("<p>{}</p>").format(
            _("No guest list has been imported yet, so returns cannot be counted.")))
    else:
        groups = [(_("satisfied"), back.recovered), (_("not satisfied"), back.not_recovered)]
        out.append(_img(hbars(
            [_("followed up as {outcome}").format(outcome=g) for g, _s in groups],
            [(s.rate or 0) * 100 for _g, s in groups],
            [f"{percent(s.rate, loc)} ({_of(s, loc)})" for _g, s in groups], INK,
            width_in=5.0)))
    out.append(Markup('<p class="caveat">{}</p>').format(return_caveat()))
    out.append(Markup("<h2>{}</h2>").format(
        _("Spend outliers ({times} times the property's {value} per incident)").format(
            times=amount(report.spend_outlier_times, loc),
            value=money(report.spend_per_incident or Decimal(0), cur, loc))))
    if report.spend_outliers:
        out.append(_table((_("agent"), _("incidents"), _("per incident"), _("times")), [
            (inert(report.staff_label(o.agent_id), 60), amount(o.incidents, loc),
             money(o.average, cur, loc), amount(o.times, loc))
            for o in report.spend_outliers]))
    else:
        out.append(Markup("<p>{}</p>").format(_("No agent is that far above the property.")))
    if report.root_causes:
        out += [Markup("<h2>{}</h2>").format(_("Most frequent causes")),
                _table((_("category"), _("location"), _("department"), _("incidents")), [
                    (policy.category_label(r.category, lang), inert(r.location or "–", 60),
                     inert(policy.department_label(r.department, lang), 60),
                     amount(r.count, loc))
                    for r in report.root_causes],
                    numeric_from=3)]
    return [escape(p) if not isinstance(p, Markup) else p for p in out]
