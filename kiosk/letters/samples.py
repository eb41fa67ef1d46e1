"""Sample letters for checking and proofreading templates: every language × category,
across the states of the record that change the words (open or resolved, in house or
departed, each honorific, with and without ``address_as``, each kind of compensation,
a long account, a booked follow-up call, each signer)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from kiosk.core.i18n import N_, lookup
from kiosk.core.models import (
    Approval,
    CompensationDecision,
    CompensationLine,
    FollowUp,
    Guest,
    Honorific,
    Incident,
    LetterWording,
    Status,
    StepRecord,
)
from kiosk.core.plain import Value
from kiosk.core.policy_parts import ItemKind, Signer, StepUse
from kiosk.core.policy_set import Policy
from kiosk.letters.view import Signatory

SAMPLE_AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
SAMPLE_AGENT = Signatory("Anna Hakobyan", "agent")
SAMPLE_REMARK = "Suite 801, Ararat view"
# Per language, what an agent writes: the account, the remedy while under way and
# once done, a summary of a long account, and a sentence the long account repeats.
WORDS = {
    "en": {
        "account": "I told the desk at 3 and again at 6 yesterday, and nothing happened "
                   "until this morning.",
        "remedy_open": "An engineer is replacing the air-conditioning unit in your room "
                       "this afternoon.",
        "remedy_done": "We replaced the air-conditioning unit in your room and checked "
                       "the wiring.",
        "summary": "No air conditioning from 3 in the night; the room became very hot "
                   "and nobody answered the phone.",
        "long": "At {h}:00 the room was still hot and nobody answered the phone.",
    },
    "hy": {
        "account": "Երեկ ժամը 3-ին և 6-ին երկու անգամ ասացի ընդունարանում, բայց մինչև "
                   "այսօր առավոտ ոչինչ չարվեց։",
        "remedy_open": "Այսօր կեսօրից հետո մեր տեխնիկը կփոխարինի Ձեր սենյակի օդորակիչը։",
        "remedy_done": "Մենք փոխարինեցինք Ձեր սենյակի օդորակիչը և ստուգեցինք "
                       "էլեկտրագծերը։",
        "summary": "Գիշերվա ժամը 3-ից օդորակիչը չէր աշխատում, սենյակում շոգ էր, և ոչ ոք "
                   "չէր պատասխանում հեռախոսին։",
        "long": "Ժամը {h}:00-ին սենյակում դեռ շոգ էր, և ոչ ոք չէր պատասխանում "
                "հեռախոսին։",
    },
    "sw": {
        "account": "Niliwaeleza mapokezi saa tisa na tena saa kumi na mbili jana, lakini "
                   "hakuna kilichofanyika hadi asubuhi ya leo.",
        "remedy_open": "Fundi wetu atabadilisha kiyoyozi cha chumba chako mchana wa leo.",
        "remedy_done": "Tulibadilisha kiyoyozi cha chumba chako na kukagua nyaya za umeme.",
        "summary": "Kiyoyozi hakikufanya kazi tangu saa tisa usiku; chumba kilikuwa na "
                   "joto jingi na hakuna aliyejibu simu.",
        "long": "Saa {h}:00 chumba bado kilikuwa na joto na hakuna aliyejibu simu.",
    },
}
# A state the proof shows on the category it reads most naturally with.
PROOF_CATEGORY = {
    "open, remedy under way": "maintenance",
    "resolved yesterday, remedy noted": "maintenance",
    "long account": "maintenance",
    "long account, summary noted": "maintenance",
}


def words(language: str, key: str) -> str:
    return WORDS.get(language, WORDS["en"])[key]


def long_account(language: str) -> str:
    return " ".join(words(language, "long").format(h=h) for h in range(40))
# A guest per language: the name as written, how to address her with a title and
# without one.
GUESTS = {
    "en": ("Anna Ter-Petrosyan", "Ms Ter-Petrosyan", "Ter-Petrosyan"),
    "hy": ("Աննա Տեր-Պետրոսյան", "Տիկին Տեր-Պետրոսյան", "Տեր-Պետրոսյան"),
    "sw": ("Fatuma binti Hassan", "Bi. Fatuma", "Fatuma"),
}
# The agent's own paragraph, as an agent would write it in each language.
PERSONAL = {
    "en": "It was a pleasure to meet your daughter at the desk this morning; we hope she "
          "enjoys the pastries.",
    "hy": "Այսօր առավոտյան հաճելի էր ծանոթանալ Ձեր դստեր հետ ընդունարանում։ Հուսով ենք, "
          "որ թխվածքները նրան դուր կգան։",
    "sw": "Ilikuwa furaha kukutana na binti yako mapokezi asubuhi ya leo; tunatumaini "
          "atafurahia keki.",
}


def sample_manager(policy: Policy) -> Signatory:
    return Signatory("Davit Sargsyan", policy.roles[-1].id)


def _lines(policy: Policy, picked: list[tuple[str, int]], remark: str = "") -> \
        CompensationDecision | None:
    if not picked:
        return None
    lines = [CompensationLine(item_id=i, qty=qty, unit_value=policy.items[i].unit_value,
                              remark=remark if policy.items[i].remark_required else "")
             for i, qty in picked]
    approval = Approval(SAMPLE_AGENT.name, policy.roles[-1].id, "goodwill", SAMPLE_AT)
    return CompensationDecision(
        lines=lines, total=sum((ln.value for ln in lines), start=Decimal(0)),
        currency=policy.currency, verdict="needs_approval", reasons=[],
        policy_hash=policy.policy_hash, decided_by="a1", decided_role="agent",
        decided_at=SAMPLE_AT, approval=approval)


def sample_incident(policy: Policy, category: str, language: str) -> Incident:
    """An incident with two compensation lines (one approved) and a guest account that
    contains Markdown, HTML and Jinja syntax, as a real guest's words might."""
    cat = policy.categories[category]
    picked = [(item.id, n + 1) for n, item in enumerate(policy.offered_items(cat.id)[:2])]
    decision = _lines(policy, picked, "room 512")
    return Incident(
        id="01SAMPLE", ref="S-001", property=policy.property.name, terminal="check",
        agent_id="a1",
        guest=Guest(name="Anna *<b>{{ x }}</b>* Ter-Petrosyan", language=language,
                    room="412", arrival=date(2026, 11, 20), departure=date(2026, 11, 25),
                    honorific=Honorific.MS),
        category=category, severity=str(cat.default_severity),
        account="The room was *not* ready.\n# {% raw %} <script>alert(1)</script> \x1b[2J",
        reported_at=SAMPLE_AT - timedelta(hours=1),
        compensation=[decision] if decision else [],
        status=Status.RESOLVED, resolved_at=SAMPLE_AT - timedelta(minutes=20))


# --- the states that change the words ------------------------------------------------
class Sample(Value):
    language: str
    category: str
    state: str  # what this sample varies, for the proof's label
    incident: Incident
    policy: Policy
    wording: LetterWording | None = None

    @property
    def label(self) -> str:
        return f"{self.language} · {self.category} · {lookup(self.state)}"


def _item_of(policy: Policy, category: str, kind: ItemKind) -> str | None:
    """An item of ``kind`` the category allows (any of that kind when none is)."""
    cat = policy.categories[category]
    of_kind = [i.id for i in policy.items.values() if i.kind == kind]
    allowed = [i for i in of_kind if i not in cat.not_allowed]
    found = allowed or of_kind
    return found[0] if found else None


def _step(policy: Policy, use: StepUse, note: str) -> list[StepRecord]:
    for step in policy.steps:
        if step.letter == use:
            return [StepRecord(step.id, "a1", SAMPLE_AT - timedelta(minutes=50), note)]
    return []


def _base(policy: Policy, category: str, language: str) -> Incident:
    """Resolved earlier today, guest in house, Ms, one gift, a short account."""
    gift = _item_of(policy, category, ItemKind.AMENITY) or next(iter(policy.items))
    decision = _lines(policy, [(gift, 1)])
    return Incident(
        id="01SAMPLE", ref="S-001", property=policy.property.name, terminal="check",
        agent_id="a1",
        guest=Guest(name=GUESTS.get(language, GUESTS["en"])[0], language=language,
                    room="412",
                    arrival=date(2026, 11, 20), departure=date(2026, 11, 25),
                    honorific=Honorific.MS),
        category=category, severity=str(policy.categories[category].default_severity),
        account=words(language, "account"),
        reported_at=SAMPLE_AT - timedelta(hours=1),
        compensation=[decision] if decision else [],
        status=Status.RESOLVED, resolved_at=SAMPLE_AT - timedelta(minutes=20))


Change = Callable[[Policy, str, Incident], tuple[Incident, Policy, LetterWording | None]]


def _same(policy: Policy, category: str, incident: Incident) -> \
        tuple[Incident, Policy, LetterWording | None]:
    return incident, policy, None


def _guest(**changes: Any) -> Change:
    def change(policy: Policy, category: str, incident: Incident) -> \
            tuple[Incident, Policy, LetterWording | None]:
        return replace(incident, guest=replace(incident.guest, **changes)), policy, None
    return change


def _open(policy: Policy, category: str, incident: Incident) -> \
        tuple[Incident, Policy, LetterWording | None]:
    remedy = words(incident.guest.language, "remedy_open")
    return replace(incident, status=Status.OPEN, resolved_at=None,
                   steps=_step(policy, StepUse.REMEDY, remedy)), policy, None


def _resolved_before(policy: Policy, category: str, incident: Incident) -> \
        tuple[Incident, Policy, LetterWording | None]:
    return replace(incident, reported_at=SAMPLE_AT - timedelta(days=1, hours=2),
                   resolved_at=SAMPLE_AT - timedelta(days=1),
                   steps=_step(policy, StepUse.REMEDY,
                               words(incident.guest.language, "remedy_done"))), policy, None


def _given(kind: ItemKind, qty: int, remark: str = "") -> Change:
    def change(policy: Policy, category: str, incident: Incident) -> \
            tuple[Incident, Policy, LetterWording | None]:
        item = _item_of(policy, category, kind)
        decision = _lines(policy, [(item, qty)], remark) if item else None
        return replace(incident, compensation=[decision] if decision else []), policy, None
    return change


def _three_dinners_in_two(policy: Policy, category: str, incident: Incident) -> \
        tuple[Incident, Policy, LetterWording | None]:
    """Several of one item, given in two decisions: the letter adds them up."""
    item = _item_of(policy, category, ItemKind.VOUCHER)
    if item is None:
        return incident, policy, None
    first, second = _lines(policy, [(item, 2)]), _lines(policy, [(item, 1)])
    return replace(incident, compensation=[d for d in (first, second) if d]), policy, None


def _nothing(policy: Policy, category: str, incident: Incident) -> \
        tuple[Incident, Policy, LetterWording | None]:
    return replace(incident, compensation=[]), policy, None


def _long(with_summary: bool) -> Change:
    def change(policy: Policy, category: str, incident: Incident) -> \
            tuple[Incident, Policy, LetterWording | None]:
        language = incident.guest.language
        steps = _step(policy, StepUse.SUMMARY, words(language, "summary")) \
            if with_summary else []
        return replace(incident, account=long_account(language), steps=steps), policy, None
    return change


def _follow_up(policy: Policy, category: str, incident: Incident) -> \
        tuple[Incident, Policy, LetterWording | None]:
    due = SAMPLE_AT + timedelta(hours=policy.property.follow_up_hours)
    return replace(incident, follow_up=FollowUp(due=due)), policy, None


def _signer(signer: Signer) -> Change:
    def change(policy: Policy, category: str, incident: Incident) -> \
            tuple[Incident, Policy, LetterWording | None]:
        letters = dataclasses.replace(policy.property.letters, signer=signer)
        prop = dataclasses.replace(policy.property, letters=letters)
        return incident, dataclasses.replace(policy, property=prop), None
    return change


def _values_shown(policy: Policy, category: str, incident: Incident) -> \
        tuple[Incident, Policy, LetterWording | None]:
    letters = dataclasses.replace(policy.property.letters, show_values=True)
    prop = dataclasses.replace(policy.property, letters=letters)
    return incident, dataclasses.replace(policy, property=prop), None


def _addressed(which: int) -> Change:
    def change(policy: Policy, category: str, incident: Incident) -> \
            tuple[Incident, Policy, LetterWording | None]:
        address_as = GUESTS.get(incident.guest.language, GUESTS["en"])[which]
        return replace(incident, guest=replace(incident.guest, address_as=address_as)), \
            policy, None
    return change


def _worded(policy: Policy, category: str, incident: Incident) -> \
        tuple[Incident, Policy, LetterWording | None]:
    language = incident.guest.language
    return incident, policy, LetterWording(
        address_as=GUESTS.get(language, GUESTS["en"])[2],
        personal=PERSONAL.get(language, PERSONAL["en"]))


STATES: tuple[tuple[str, Change], ...] = (
    (N_("resolved today, in house, Ms, one gift"), _same),
    (N_("open, remedy under way"), _open),
    (N_("resolved yesterday, remedy noted"), _resolved_before),
    (N_("departs today"), _guest(departure=SAMPLE_AT.date())),
    (N_("departed"), _guest(departure=SAMPLE_AT.date() - timedelta(days=1))),
    (N_("Mr"), _guest(honorific=Honorific.MR)),
    (N_("Mrs"), _guest(honorific=Honorific.MRS)),
    (N_("Mx"), _guest(honorific=Honorific.MX)),
    (N_("Dr"), _guest(honorific=Honorific.DR)),
    (N_("no honorific"), _guest(honorific=Honorific.NONE)),
    (N_("address_as with a title"), _addressed(1)),
    (N_("address_as without a title"), _addressed(2)),
    (N_("no compensation"), _nothing),
    (N_("several of one item"), _three_dinners_in_two),
    (N_("money"), _given(ItemKind.FOLIO_CREDIT, 3)),
    (N_("discount"), _given(ItemKind.DISCOUNT, 1)),
    (N_("points"), _given(ItemKind.LOYALTY_POINTS, 3)),
    (N_("upgrade with remark"), _given(ItemKind.UPGRADE, 1, SAMPLE_REMARK)),
    (N_("gift values shown"), _values_shown),
    (N_("long account"), _long(with_summary=False)),
    (N_("long account, summary noted"), _long(with_summary=True)),
    (N_("follow-up booked"), _follow_up),
    (N_("signed by the senior signer"), _signer(Signer.SENIOR)),
    (N_("signed by both"), _signer(Signer.BOTH)),
    (N_("personal paragraph and address adjusted"), _worded),
)


def samples(policy: Policy, languages: tuple[str, ...] | None = None,
            categories: tuple[str, ...] | None = None,
            states: tuple[str, ...] | None = None) -> Iterator[Sample]:
    """Every language × category × state (or the ones named)."""
    for language in languages or tuple(policy.property.languages):
        for category in categories or tuple(policy.categories):
            for state, change in STATES:
                if states is not None and state not in states:
                    continue
                incident, varied, wording = change(policy, category,
                                                   _base(policy, category, language))
                yield Sample(language, category, state, incident, varied, wording)


def proof_samples(policy: Policy) -> Iterator[Sample]:
    """For a reviewer's sitting: per language, every category once in the base state,
    then every other state once, on the categories in turn."""
    categories = tuple(policy.categories)
    for language in policy.property.languages:
        for category in categories:
            yield from samples(policy, (language,), (category,), (STATES[0][0],))
        for n, (state, _) in enumerate(STATES[1:]):
            category = PROOF_CATEGORY.get(state, categories[n % len(categories)])
            if category not in policy.categories:
                category = categories[n % len(categories)]
            yield from samples(policy, (language,), (category,), (state,))
