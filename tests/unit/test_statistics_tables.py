"""The released statistics over random clinics' months (facts made here, no database): what a
reader of the tables sees has no small count, no withheld cell that is a total minus the shown
cells of its line, and every shown count is the true one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.analytics.deidentified import BREAKDOWNS, category_counts, statistics_table
from clinic.analytics.mmt_report import AGE_BANDS, DoseFact, MonthFacts, PatientFacts, ScreenFact
from clinic.analytics.suppression import MARK

FIRST, LAST = date(2026, 3, 1), date(2026, 3, 31)


@st.composite
def months(draw: st.DrawFn) -> MonthFacts:
    n_sites = draw(st.integers(1, 4))
    sites = tuple((i + 1, f"S{i + 1}", f"站点{i + 1}") for i in range(n_sites))
    patients: dict[int, PatientFacts] = {}
    doses: list[DoseFact] = []
    screens: list[ScreenFact] = []
    for pid in range(1, draw(st.integers(0, 40)) + 1):
        site = draw(st.integers(1, n_sites))
        drug = draw(st.sampled_from([None, "methadone", "buprenorphine"]))
        last_dose = draw(st.one_of(st.none(), st.dates(date(2026, 2, 1), LAST)))
        patients[pid] = PatientFacts(
            site_id=site,
            sex=draw(st.sampled_from(["M", "F"])),
            age_band=draw(st.sampled_from([label for _, _, label in AGE_BANDS])),
            status_at_end=draw(st.sampled_from(["active", "on_hold", "discharged", "deceased"])),
            drug=drug,
            last_dose_on=last_dose,
            episode_opened_on=date(2026, 1, 1),
            opened_in_month=draw(st.sampled_from([[], [1], [2]])),
            exits=draw(st.sampled_from([[], ["discharged"]])),
            tests=draw(st.sampled_from([[], [("hiv", "negative")]])),
        )
        if drug and last_dose and last_dose >= FIRST:
            doses.append(DoseFact(pid, site, last_dose, Decimal(30), drug, False))
        for _ in range(draw(st.integers(0, 2))):
            positive = draw(st.booleans())
            screens.append(ScreenFact(pid, positive, positive))
    return MonthFacts(
        FIRST, LAST, sites, patients, tuple(doses), tuple(screens), 14, "测试诊所 Test clinic"
    )


@settings(max_examples=120, deadline=None)
@given(facts=months(), threshold=st.integers(2, 8))
def test_released_tables_of_random_months(facts: MonthFacts, threshold: int) -> None:
    for breakdown in BREAKDOWNS:
        table, _ = statistics_table(facts, breakdown, threshold, "STAT-TEST")
        truth = category_counts(facts, breakdown)
        grid = [list(row[1:]) for row in table.rows]  # sites..., all sites
        if table.totals is not None:
            grid.append(list(table.totals[1:]))
        for line in grid:
            for cell in line:
                assert cell == MARK or not 0 < int(cell) < threshold, (breakdown.key, cell)
                if breakdown.zeros_disclose:
                    assert cell != 0, breakdown.key
        # Shown counts are the true ones (the last column is the row's sum over sites).
        for i, row in enumerate(truth):
            for j, value in enumerate([*row, sum(row)]):
                assert grid[i][j] in (MARK, value)
        # No line with exactly one withheld cell: rows (cells and their total) always...
        for line in grid:
            assert sum(c == MARK for c in line) != 1, (breakdown.key, line)
        # ...and columns (cells and the totals row) where the rows add up.
        if table.totals is not None:
            for j in range(len(grid[0])):
                column = [line[j] for line in grid]
                assert sum(c == MARK for c in column) != 1, (breakdown.key, column)
