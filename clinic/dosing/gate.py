"""The dose gate's decision: which dose a patient may have now, or the first reason why not.

Pure: `decide` and `missed_rule` read only the facts `clinic.dosing.window.dose_gate` gathered
from the database, so every rule is tested by unit tests (and measured by mutation testing)
without a clinic. The order of the checks is the order of the refusals: the first one that fails
is the one the nurse reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from clinic.dosing.flags import stop_refusal
from clinic.patients.records import STATUS_NAMES
from clinic.storage.models import PatientFlag
from clinic.wording import plural

Refusal = tuple[str, str]  # (English, Chinese)

EXCEPTIONS = ("redose", "replacement")  # dose kinds that repeat a slot already given


@dataclass(frozen=True)
class MissedFacts:
    """What the missed-day rule needs: the last dose, the episode, the order and the thresholds."""

    last: date | None  # the last live dose before today, in any episode
    episode_opened_on: date
    agonist: bool  # methadone or buprenorphine: missed days change what is safe
    ordered_on: date  # the day the order in force was written (clinic time)
    induction: bool  # the order in force is an induction (re-induction) order
    hold: int  # missed days from which a physician must reassess (setting missed_days_hold)
    reinduce: int  # missed days from which only a re-induction order clears (missed_days_reinduce)


@dataclass(frozen=True)
class GuestFacts:
    """A guest period in force: where the patient doses on its days, and whether that is here."""

    place: str  # another site of this clinic, or another clinic
    starts_on: date
    last_day: date
    here: bool  # the window asking is at the guest site


@dataclass(frozen=True)
class GateFacts:
    """Everything the gate decides on, for one patient, one dose kind and one dosing day."""

    today: date
    day: date  # the dosing day asked for (today, or a day ahead for a take-home dose)
    kind: str  # observed, take_home, redose or replacement
    requested_slot: int | None
    status: str  # the patient's status
    stop_flag: PatientFlag | None  # a stop-dose flag in force
    intoxication_check_passed: bool
    slots: tuple[Decimal, ...] | None  # the order in force's dose per slot; None: no order
    dosed: tuple[int, ...]  # the slots already given on DAY, sorted
    missed: MissedFacts | None  # None when there is no order
    take_home_allowed: int = 0  # min(the clinic's take-home limit, the order's take-home days)
    order_covers_day: bool = True  # the same order is in force on DAY (take-home doses)
    guest: GuestFacts | None = None  # the guest period covering DAY
    guest_today: GuestFacts | None = None  # the guest period covering TODAY
    home_elsewhere: str | None = None  # the patient's own site, when the window is at another


@dataclass(frozen=True)
class Decision:
    """The gate's answer before stock: the slot and dose it clears, or the first refusal."""

    slot: int | None
    dose_mg: Decimal | None
    missed: int
    refusal: Refusal | None


def missed_verdict(facts: MissedFacts, today: date) -> tuple[int, str | None]:
    """Missed consecutive days before TODAY and what they stop: None (the dose goes ahead),
    "held" (a physician must reassess) or "reinduce" (only a re-induction order clears it).

    Days before the current episode do not count (a new episode starts with an induction). From
    `hold` missed days an order written after the hold began clears the dose (the physician has
    reassessed); from `reinduce` days only such an order that is an induction clears it."""
    last = facts.last
    if last is None or last < facts.episode_opened_on:
        return 0, None
    missed = (today - last).days - 1
    if not facts.agonist:
        return missed, None
    reassessed = facts.ordered_on > last + timedelta(days=facts.hold - 1)
    if missed >= facts.reinduce and not (reassessed and facts.induction):
        return missed, "reinduce"
    if facts.hold <= missed < facts.reinduce and not reassessed:
        return missed, "held"
    return missed, None


def missed_rule(facts: MissedFacts, today: date) -> tuple[int, Refusal | None]:
    """Missed consecutive days before TODAY and, if they stop the dose, why and what to do."""
    missed, verdict = missed_verdict(facts, today)
    last = facts.last
    if verdict == "reinduce":
        return missed, (
            f"Missed {missed} days in a row (last dose {last}): a re-induction order by a physician "
            "is needed before any dose.",
            f"已连续漏服 {missed} 天（末次服药 {last}）：须医师开具重新诱导医嘱后方可服药。",
        )
    if verdict == "held":
        return missed, (
            f"Missed {missed} days in a row (last dose {last}): the dose is held until a physician "
            "reassesses the patient and confirms the order.",
            f"已连续漏服 {missed} 天（末次服药 {last}）：暂停服药，须医师重新评估并确认医嘱。",
        )
    return missed, None


def decide(facts: GateFacts) -> Decision:
    """The first failing check, in the order the nurse should read them, and the slot cleared."""
    refusals: list[Refusal] = []
    if facts.status != "active":
        en, zh = STATUS_NAMES.get(facts.status, (facts.status, facts.status))
        refusals.append(
            (
                f"The patient's status is “{en.lower()}”: no dosing until a physician changes it.",
                f"患者状态为“{zh}”：不能服药，须医师变更状态。",
            )
        )
    away = guest_refusal(facts)
    if away is not None:
        refusals.append(away)
    if facts.stop_flag is not None:
        refusals.append(stop_refusal(facts.stop_flag))
    if not facts.intoxication_check_passed:
        refusals.append(
            (
                "The intoxication check did not pass: withhold the dose and record why.",
                "醉酒/中毒检查未通过：请暂停给药并记录原因。",
            )
        )
    if facts.slots is None or facts.missed is None:
        refusals.append(
            (
                "No active dose order for today: a physician must write one.",
                "今日没有有效的剂量医嘱：须医师开具。",
            )
        )
        return Decision(None, None, 0, refusals[0])
    missed, held = missed_rule(facts.missed, facts.today)
    if held is not None:
        refusals.append(held)
    if facts.kind == "take_home":
        refusals += _take_home_refusals(facts)
    slot, slot_refusal = _slot(facts)
    if slot_refusal is not None:
        refusals.append(slot_refusal)
    in_range = slot is not None and 1 <= slot <= len(facts.slots)
    dose_mg = facts.slots[slot - 1] if in_range and slot is not None else None
    return Decision(slot, dose_mg, missed, refusals[0] if refusals else None)


def guest_refusal(facts: GateFacts) -> Refusal | None:
    """A patient doses at one place a day: in a guest period only at the guest site (nowhere
    here if it is another clinic); outside it only at the patient's own site (anywhere if the
    record names none), so the guest site never doses a day outside the period."""
    guest = facts.guest
    if guest is not None and not guest.here:
        span = f"{guest.starts_on} – {guest.last_day}"
        if facts.day == facts.today:
            return (
                f"Doses at {guest.place} today (guest dosing {span}): no dose here on those dates.",
                f"今日在 {guest.place} 服药（外点服药 {span}）：期间本点不得给药。",
            )
        return (
            f"Doses at {guest.place} on {facts.day} (guest dosing {span}): no take-home dose "
            "from here for those dates.",
            f"{facts.day} 在 {guest.place} 服药（外点服药 {span}）：本点不得发放这些日期的带药。",
        )
    visiting = facts.guest_today
    if guest is None and visiting is not None and visiting.here:
        return (
            f"Guest dosing here ends on {visiting.last_day}: the dose for {facts.day} is given at "
            "the patient's own site.",
            f"本点外点服药至 {visiting.last_day} 结束：{facts.day} 的药在患者本人的服药点发放。",
        )
    if guest is None and facts.home_elsewhere is not None:
        return (
            f"Doses at {facts.home_elsewhere}, the patient's own site: no dose here without a "
            "guest order.",
            f"应在患者本人的服药点 {facts.home_elsewhere} 服药：无外点服药医嘱，本点不得给药。",
        )
    return None


def _take_home_refusals(facts: GateFacts) -> list[Refusal]:
    out: list[Refusal] = []
    allowed = facts.take_home_allowed
    ahead = (facts.day - facts.today).days
    if not 1 <= ahead <= allowed:
        out.append(
            (
                plural(
                    allowed,
                    "Take-home doses allowed here: %n day ahead.",
                    "Take-home doses allowed here: %n days ahead.",
                ),
                f"此处允许的带药天数：{allowed} 天。",
            )
        )
    if not facts.order_covers_day:
        out.append((f"The order does not cover {facts.day}.", f"医嘱不覆盖 {facts.day}。"))
    return out


def _slot(facts: GateFacts) -> tuple[int | None, Refusal | None]:
    """The slot this dose is for, and why it may not be given if so."""
    slots = facts.slots or ()
    dosed = facts.dosed
    if facts.kind in EXCEPTIONS:  # a re-dose or replacement repeats a slot already given
        chosen = facts.requested_slot or (dosed[-1] if dosed else None)
        if chosen is None or chosen not in dosed:
            return chosen, (
                "There is no dose today to repeat or replace in this slot: record an ordinary dose.",
                "今日该次尚无服药记录，无需补服或补发：请按常规给药。",
            )
        return chosen, None
    open_slots = [n for n in range(1, len(slots) + 1) if n not in dosed]
    chosen = facts.requested_slot or (open_slots[0] if open_slots else None)
    if chosen is not None and chosen > len(slots):
        return chosen, (
            plural(len(slots), "The order has %n slot a day.", "The order has %n slots a day."),
            f"医嘱每日分 {len(slots)} 次。",
        )
    if chosen is None or chosen in dosed:
        today = facts.day == facts.today
        when = "today" if today else f"for {facts.day}"
        return chosen, (
            f"Already dosed {when} ({len(dosed)} of "
            + plural(len(slots), "%n slot", "%n slots")
            + "). Never dose twice.",
            f"{'今日' if today else facts.day}已服药（{len(dosed)}/{len(slots)} 次）。不得重复给药。",
        )
    return chosen, None


def closed_refusal(window_name: str, closed_products: list[str]) -> Refusal | None:
    """Why a window whose day's count is signed for CLOSED_PRODUCTS cannot give this dose."""
    if not closed_products:
        return None
    product = closed_products[0]
    return (
        f"{window_name} is closed for today for {product}: the day's count is signed. Nothing can "
        "be dosed from it until tomorrow; ask the pharmacist.",
        f"{window_name} 今日 {product} 已日结（盘点已签字），次日前不能再从此发药；请联系药师。",
    )
