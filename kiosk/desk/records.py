"""Reading one incident or one staff member for a use case, each fault a
``ValidationError`` or ``StoreError`` in one line."""

from __future__ import annotations

from kiosk.core.errors import StoreError, ValidationError
from kiosk.core.i18n import _
from kiosk.core.models import Incident, Staff
from kiosk.desk.context import Desk
from kiosk.desk.text_rules import clean_for_message


def get_incident(desk: Desk, id_or_ref: str) -> Incident:
    if not isinstance(id_or_ref, str) or not id_or_ref.strip():
        raise ValidationError(_("No incident id or reference given."))
    return desk.store.get_incident(id_or_ref.strip())


def active_staff(desk: Desk, staff_id: str, what: str = "agent") -> Staff:
    """An active staff member, or ``ValidationError`` naming ``what`` they were to be."""
    if not isinstance(staff_id, str) or not staff_id:
        raise ValidationError(_("{field}: no staff id given").format(field=what))
    try:
        staff = desk.store.get_staff(staff_id)
    except StoreError:
        raise ValidationError(_("{field}: no staff member with id '{id}'").format(
            field=what, id=clean_for_message(staff_id))) from None
    if not staff.active:
        raise ValidationError(_("{field}: {name}'s account is disabled").format(
            field=what, name=clean_for_message(staff.name)))
    return staff
