"""The last dose the missed-day rule counts from: the latest of here, a transfer's and a guest
return's; only a transfer moves the episode's first counted day back."""

from __future__ import annotations

from datetime import date

from clinic.dosing.orders import LastDose, combined_last_dose

OPENED = date(2026, 3, 1)


def test_the_latest_of_here_a_transfer_and_a_guest_return_counts() -> None:
    here, sent, guest = date(2026, 3, 2), date(2026, 2, 27), date(2026, 3, 9)
    assert combined_last_dose(here, None, OPENED) == LastDose(here, OPENED)
    assert combined_last_dose(here, None, OPENED, guest) == LastDose(guest, OPENED)
    assert combined_last_dose(None, None, OPENED, guest) == LastDose(guest, OPENED)
    assert combined_last_dose(None, sent, OPENED, guest) == LastDose(guest, sent)
    assert combined_last_dose(date(2026, 3, 10), sent, OPENED, guest) == LastDose(
        date(2026, 3, 10), sent
    )
    assert combined_last_dose(None, sent, OPENED) == LastDose(sent, sent)
