"""What each screen looks like at 80×24, on the demo store with the clock stopped.

Regenerate after an intended change with ``pytest tests/tui --snapshot-update`` and look
at the pictures in ``__snapshots__`` before committing them."""

from __future__ import annotations

import importlib
import pkgutil
import shutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.strip import Strip
from textual.widgets import Input

from kiosk.config import Settings
from kiosk.core.clock import FixedClock
from kiosk.desk import staff
from kiosk.desk.context import Desk
from kiosk.tui import screens
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.approval import ApprovalDialog
from kiosk.tui.screens.board import BoardScreen
from kiosk.tui.screens.checklist import ChecklistScreen
from kiosk.tui.screens.compensation import CompensationScreen
from kiosk.tui.screens.first_run import FirstRunScreen
from kiosk.tui.screens.follow_ups import FollowUpsScreen
from kiosk.tui.screens.followup import FollowUpScreen
from kiosk.tui.screens.history import HistoryScreen
from kiosk.tui.screens.incident import IncidentScreen
from kiosk.tui.screens.incident_report import IncidentReportScreen
from kiosk.tui.screens.letter import LetterScreen
from kiosk.tui.screens.practice import DebriefScreen, PracticeBriefScreen, ScenarioPickerScreen
from kiosk.tui.screens.practice_record import PracticeRecordScreen
from kiosk.tui.screens.record import RecordScreen
from kiosk.tui.screens.record_change import ChangeDialog
from kiosk.tui.screens.report import ReportScreen
from kiosk.tui.screens.report_export import ExportDialog
from kiosk.tui.screens.shift_log import ShiftLogScreen
from kiosk.tui.screens.signin import SignInScreen
from kiosk.tui.screens.staff_admin import StaffDialog
from kiosk.tui.screens.store_problem import StoreProblemScreen
from kiosk.tui.screens.supervisor import SupervisorScreen
from kiosk.tui.screens.wording import WordingDialog
from kiosk.tui.screens.work_orders import OrderDialog, OrdersScreen
from tests.conftest import LETTERS, POLICIES, ROOT, republish
from tests.staff_words import desk_data, english_on
from tests.tui.flow import settle, sign_in

Snap = Callable[..., bool]
Steps = Callable[[Pilot[None]], Awaitable[None]]


def snap(snap_compare: Snap, app: KioskApp, steps: Steps | None = None) -> bool:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        if steps is not None:
            await steps(pilot)
        await settle(pilot)
        pilot.app.clear_notifications()  # toasts come and go; the screen is the subject
        await pilot.pause()

    return snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def as_agent(*keys: str, then: Steps | None = None) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await sign_in(pilot, "agent1", "1397")
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if then is not None:
            await then(pilot)

    return steps


async def open_whitfield(pilot: Pilot[None]) -> None:
    """The demo's open noise complaint, found by the board search."""
    await pilot.press("ctrl+f", *"Whit", "enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def upgrade_chosen(pilot: Pilot[None]) -> None:
    await open_whitfield(pilot)
    await pilot.press("ctrl+g")
    await settle(pilot)
    await pilot.press("down", "down", "plus")
    await settle(pilot)


def kiosk(desk: Desk, **options: Any) -> KioskApp:
    return KioskApp(desk, idle_seconds=0, policy_check_seconds=None, **options)


def test_sign_in(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk))


def test_first_run(snap_compare: Snap, empty_desk: Desk) -> None:
    assert snap(snap_compare, kiosk(empty_desk))


def test_board(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk), as_agent())


def test_board_high_contrast(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk, high_contrast=True), as_agent())


def test_new_incident_with_a_repeat_guest(snap_compare: Snap, desk: Desk) -> None:
    async def fill(pilot: Pilot[None]) -> None:
        await pilot.press(*"James Whitfield")
        await settle(pilot)

    assert snap(snap_compare, kiosk(desk), as_agent("ctrl+n", then=fill))


def test_checklist(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk), as_agent(then=open_whitfield))


def test_compensation_needing_a_supervisor(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk), as_agent(then=upgrade_chosen))


def test_approval_dialog(snap_compare: Snap, desk: Desk) -> None:
    async def ask(pilot: Pilot[None]) -> None:
        await upgrade_chosen(pilot)
        await pilot.click("#remark")
        await pilot.press(*"801", "enter", "ctrl+s")
        await settle(pilot)

    assert snap(snap_compare, kiosk(desk), as_agent(then=ask))


def test_letter_in_armenian(snap_compare: Snap, desk: Desk) -> None:
    async def letter(pilot: Pilot[None]) -> None:
        await open_whitfield(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("ctrl+g")  # en → hy
        await settle(pilot)

    assert snap(snap_compare, kiosk(desk), as_agent(then=letter))


def test_follow_up(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk), as_agent("ctrl+o", "enter"))


def test_follow_up_calls(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk), as_agent("ctrl+o"))


def test_work_orders(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk), as_agent("f3"))


def test_shift_log(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk), as_agent("f4"))


def test_incident_report_form(snap_compare: Snap, desk: Desk) -> None:
    async def report(pilot: Pilot[None]) -> None:
        await pilot.press(*"Հակոբ", "enter", "enter", "ctrl+e")
        await settle(pilot)

    assert snap(snap_compare, kiosk(desk), as_agent("ctrl+y", then=report))


def test_supervisor_area(snap_compare: Snap, desk: Desk,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    # The policy folder is shown relative to where the kiosk runs: the repository.
    monkeypatch.chdir(ROOT)

    async def supervisor(pilot: Pilot[None]) -> None:
        await sign_in(pilot, "super1", "3851")
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("right")  # the Policy tab
        await settle(pilot)

    assert snap(snap_compare, kiosk(desk), supervisor)


async def open_reports(pilot: Pilot[None]) -> None:
    await sign_in(pilot, "super1", "3851")
    await pilot.press("ctrl+t")
    await settle(pilot)
    await pilot.press("right", "right")  # the Reports tab
    await settle(pilot)
    await pilot.click("#open-reports")
    await settle(pilot)


def test_report_screen(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk), open_reports)


def test_incident_history(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk), as_agent("ctrl+y"))


def test_incident_record(snap_compare: Snap, desk: Desk) -> None:
    async def record(pilot: Pilot[None]) -> None:
        await pilot.press(*"O'Ne", "enter", "enter")
        await settle(pilot)

    assert snap(snap_compare, kiosk(desk), as_agent("ctrl+y", then=record))


@pytest.fixture
def practice_desk(tmp_path: Path, demo_template: Path, clock: FixedClock) -> Desk:
    """The demo store, with the sample practice scenario beside the shipped policy."""
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES, policies)
    shutil.rmtree(policies / "training", ignore_errors=True)
    shutil.copytree(ROOT / "tests" / "fixtures" / "training", policies / "training")
    shutil.copytree(demo_template, tmp_path / "store")
    return Desk.open(Settings(policies=policies, letters=LETTERS, store=tmp_path / "store",
                              terminal="test-desk"), clock=clock)


async def practising(pilot: Pilot[None]) -> None:
    """From the board (F6), the sample scenario: its scene, under the PRACTICE banner."""
    await pilot.press("f6")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def debriefed(pilot: Pilot[None]) -> None:
    """The real intake, three steps, the amenity, then the debrief."""
    await practising(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)
    for note in ("Heard her out", "Meeting at ten", "Sorry for the night"):
        await pilot.press(*note, "enter")
        await settle(pilot)
    await pilot.press("ctrl+g")
    await settle(pilot)
    await pilot.press("plus", "ctrl+s")
    await settle(pilot)
    await pilot.press("escape", "ctrl+e")
    await settle(pilot)


def test_practice_scene(snap_compare: Snap, practice_desk: Desk) -> None:
    assert snap(snap_compare, kiosk(practice_desk), as_agent(then=practising))


def test_practice_debrief(snap_compare: Snap, practice_desk: Desk) -> None:
    assert snap(snap_compare, kiosk(practice_desk), as_agent(then=debriefed))


# --- Every screen and dialog in the staff's other languages -----------------------------
# Armenian and Swahili words are longer than English ones, and nothing that matters may be
# cut at 80×24. Each picture is also read for English: any Latin word on an Armenian
# screen, any English word on a Swahili one, that is not the desk's own data.

async def approval_asked(pilot: Pilot[None]) -> None:
    await upgrade_chosen(pilot)
    await pilot.click("#remark")
    await pilot.press(*"801", "enter", "ctrl+s")
    await settle(pilot)


async def press(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def as_supervisor(pilot: Pilot[None], *keys: str) -> None:
    await sign_in(pilot, "super1", "3851")
    await press(pilot, "ctrl+t", *keys)


async def whitfield_typed(pilot: Pilot[None]) -> None:
    await pilot.press(*"James Whitfield")
    await settle(pilot)


async def letter_shown(pilot: Pilot[None]) -> None:
    await open_whitfield(pilot)
    await press(pilot, "ctrl+t")


async def record_opened(pilot: Pilot[None]) -> None:
    await press(pilot, *"O'Ne", "enter", "enter")


async def note_asked(pilot: Pilot[None]) -> None:
    await record_opened(pilot)
    await press(pilot, "ctrl+n")


async def wording_asked(pilot: Pilot[None]) -> None:
    await letter_shown(pilot)
    await press(pilot, "ctrl+e")


async def report_form(pilot: Pilot[None]) -> None:
    await press(pilot, *"Հակոբ", "enter", "enter", "ctrl+e")


async def practice_record(pilot: Pilot[None]) -> None:
    await as_supervisor(pilot, "right", "right", "right")  # the Practice tab
    await pilot.click("#open-practice")
    await settle(pilot)


async def export_asked(pilot: Pilot[None]) -> None:
    await open_reports(pilot)
    await press(pilot, "x")
    # The proposed file is inside the store, whose folder differs from run to run.
    box = pilot.app.screen.query_one("#export-path", Input)
    box.value = box.value[box.value.index("/letters/") + 1:]
    await pilot.pause()


@dataclass(frozen=True)
class Shot:
    """How to reach one screen, and the screen (class) the picture must show."""
    shows: type[Screen[Any]]
    steps: Callable[[Pilot[None]], Awaitable[None]]
    desk: str = "desk"  # the fixture that opens the desk
    # A part of the screen not in the staff's words: a letter is in the guest's language;
    # the store's own diagnostic is still English (the store layer's messages are not in
    # the catalogue yet).
    not_staff: str = ""


SHOTS: dict[str, Shot] = {
    "sign_in": Shot(SignInScreen, lambda pilot: press(pilot, "f2")),
    "first_run": Shot(FirstRunScreen, settle, desk="first_run_desk"),
    "store_problem": Shot(StoreProblemScreen, settle, desk="broken_desk",
                          not_staff="#store-problem-reason"),
    "board": Shot(BoardScreen, as_agent()),
    "new_incident": Shot(IncidentScreen, as_agent("ctrl+n", then=whitfield_typed)),
    "checklist": Shot(ChecklistScreen, as_agent(then=open_whitfield)),
    "compensation": Shot(CompensationScreen, as_agent(then=upgrade_chosen)),
    "approval": Shot(ApprovalDialog, as_agent(then=approval_asked)),
    "letter": Shot(LetterScreen, as_agent(then=letter_shown), not_staff="#letter-scroll"),
    "wording": Shot(WordingDialog, as_agent(then=wording_asked)),
    "follow_ups": Shot(FollowUpsScreen, as_agent("ctrl+o")),
    "follow_up": Shot(FollowUpScreen, as_agent("ctrl+o", "enter")),
    "history": Shot(HistoryScreen, as_agent("ctrl+y")),
    "record": Shot(RecordScreen, as_agent("ctrl+y", then=record_opened)),
    "record_note": Shot(ChangeDialog, as_agent("ctrl+y", then=note_asked)),
    "incident_report": Shot(IncidentReportScreen, as_agent("ctrl+y", then=report_form)),
    "work_orders": Shot(OrdersScreen, as_agent("f3")),
    "work_order": Shot(OrderDialog, as_agent("f3", "enter")),
    "shift_log": Shot(ShiftLogScreen, as_agent("f4")),
    "supervisor_staff": Shot(SupervisorScreen, as_supervisor),
    "supervisor_policy": Shot(SupervisorScreen, lambda pilot: as_supervisor(pilot, "right")),
    "staff_add": Shot(StaffDialog, lambda pilot: as_supervisor(pilot, "ctrl+n")),
    "practice_record": Shot(PracticeRecordScreen, practice_record),
    "reports": Shot(ReportScreen, open_reports),
    "report_export": Shot(ExportDialog, export_asked, desk="relative_desk"),
    "practice_pick": Shot(ScenarioPickerScreen, as_agent("f6"), desk="practice_desk"),
    "practice_scene": Shot(PracticeBriefScreen, as_agent(then=practising),
                           desk="practice_desk"),
    "practice_debrief": Shot(DebriefScreen, as_agent(then=debriefed), desk="practice_desk",
                             not_staff="#debrief-letter"),
}


def every_screen() -> set[type[Screen[Any]]]:
    """Every screen and dialog the kiosk has: the Screen classes of kiosk/tui/screens
    that no other screen there builds on."""
    found: set[type[Screen[Any]]] = set()
    for module in pkgutil.iter_modules(screens.__path__):
        loaded = importlib.import_module(f"{screens.__name__}.{module.name}")
        found |= {value for value in vars(loaded).values()
                  if isinstance(value, type) and issubclass(value, Screen)
                  and value.__module__ == loaded.__name__}
    return {cls for cls in found if not any(other is not cls and issubclass(other, cls)
                                            for other in found)}


def test_every_screen_has_a_picture_in_each_language() -> None:
    """A new screen cannot be forgotten: each one is in SHOTS, so it is drawn in Armenian
    and Swahili below (and the picture is checked to be that screen)."""
    missing = {cls.__qualname__ for cls in every_screen()} - {
        shot.shows.__qualname__ for shot in SHOTS.values()}
    assert not missing, f"screens with no picture in hy and sw: {sorted(missing)}"


@pytest.fixture
def first_run_desk(tmp_path: Path, clock: FixedClock) -> Desk:
    """An empty store at a property whose staff_language is set to ``language``."""
    return Desk.open(Settings(policies=tmp_path / "policies", letters=LETTERS,
                              store=tmp_path / "store", terminal="test-desk"), clock=clock)


@pytest.fixture
def relative_desk(tmp_path: Path, demo_template: Path, clock: FixedClock,
                  monkeypatch: pytest.MonkeyPatch) -> Desk:
    """The demo store named relative to where the kiosk runs, so a picture that shows
    the store's folder does not move from run to run."""
    shutil.copytree(demo_template, tmp_path / "store")
    monkeypatch.chdir(tmp_path)
    return Desk.open(Settings(policies=POLICIES, letters=LETTERS, store=Path("store"),
                              terminal="test-desk"), clock=clock)


@pytest.fixture
def broken_desk(tmp_path: Path, demo_template: Path, clock: FixedClock,
                monkeypatch: pytest.MonkeyPatch) -> Desk:
    """The demo store, at a property speaking the test's language, with every data file
    damaged once the desk has opened it."""
    shutil.copytree(demo_template, tmp_path / "store")
    monkeypatch.chdir(tmp_path)
    desk = Desk.open(Settings(policies=tmp_path / "policies", letters=LETTERS,
                              store=Path("store"), terminal="test-desk"), clock=clock)
    for path in (tmp_path / "store").rglob("*"):
        if path.is_file() and path.name != "kiosk-store.json":
            path.write_text("{not json", encoding="utf-8")
    return desk


def speaking(folder: Path, language: str) -> None:
    """``folder`` holds the shipped policy, with the property's staff language set."""
    shutil.copytree(POLICIES, folder)
    prop = folder / "property.toml"
    text = prop.read_text(encoding="utf-8")
    prop.write_text(text.replace('staff_language = "en"', f'staff_language = "{language}"'),
                    encoding="utf-8")
    republish(folder)


def staff_text(app: KioskApp, not_staff: str) -> str:
    """What the staff read on the screen: a dialog's own box only (the screen behind it
    has its own picture), and never the part in the guest's language (``not_staff``)."""
    strips = app.screen._compositor.render_strips()
    if isinstance(app.screen, ModalScreen):
        region = app.screen.children[0].region
        return "\n".join(strip.crop(region.x, region.right).text
                         for strip in strips[region.y:region.bottom])
    found = app.screen.query(not_staff) if not_staff else None
    hidden = found.first().region if found else Region()
    lines = []
    for y, strip in enumerate(strips):
        if hidden.y <= y < hidden.bottom:
            strip = Strip.join([strip.crop(0, hidden.x), Strip.blank(hidden.width),
                                strip.crop(hidden.right, strip.cell_length)])
        lines.append(strip.text)
    return "\n".join(lines)


@pytest.mark.parametrize("language", ["hy", "sw"])
@pytest.mark.parametrize("name", list(SHOTS))
def test_every_screen_in_the_staffs_language(snap_compare: Snap, request: pytest.FixtureRequest,
                                             tmp_path: Path, name: str, language: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    shot = SHOTS[name]
    monkeypatch.chdir(ROOT)  # the supervisor area names the policy folder relative to it
    if shot.desk in ("first_run_desk", "broken_desk"):  # no one to sign in: the property's
        speaking(tmp_path / "policies", language)
    desk: Desk = request.getfixturevalue(shot.desk)
    if shot.desk not in ("first_run_desk", "broken_desk"):
        for member in ("agent1", "super1"):
            staff.set_ui_lang(desk, member, language, "super1")
    read: list[str] = []

    async def steps(pilot: Pilot[None]) -> None:
        if name == "sign_in" and language == "sw":
            await press(pilot, "f2")  # en → hy → sw
        await shot.steps(pilot)
        await settle(pilot)
        assert type(pilot.app.screen) is shot.shows
        read.append(staff_text(pilot.app, shot.not_staff))

    assert snap(snap_compare, kiosk(desk), steps)
    assert read
    data = desk_data(desk) if shot.desk != "broken_desk" else [desk.policy.property.name]
    english = english_on(read[0], language, data)
    assert english == [], f"{english} on\n{read[0]}"
