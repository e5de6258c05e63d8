from decimal import Decimal as D

import pytest

from clinic.dosing.units import compose_tablets, millilitres
from clinic.errors import InvalidInput


def test_millilitres_follow_the_product_strength() -> None:
    assert millilitres(D("60"), D("1")) == D("60.0")
    assert millilitres(D("60"), D("0.5")) == D("120.0")
    assert millilitres(D("35"), D("2")) == D("17.5")
    assert millilitres(D("10"), D("3")) == D("3.3")


def test_fewest_tablets_first() -> None:
    assert compose_tablets(D("10"), [D("2"), D("8")]) == {D("8"): 1, D("2"): 1}
    assert compose_tablets(D("16"), [D("2"), D("8")]) == {D("8"): 2}
    assert compose_tablets(D("6"), [D("2"), D("8")]) == {D("2"): 3}
    assert compose_tablets(D("1.2"), [D("0.2")]) == {D("0.2"): 6}
    # greedy would take 4+1+1; the fewest is 3+3
    assert compose_tablets(D("6"), [D("1"), D("3"), D("4")]) == {D("3"): 2}


def test_a_dose_no_whole_tablets_make_is_refused() -> None:
    with pytest.raises(InvalidInput) as err:
        compose_tablets(D("3"), [D("2"), D("8")])
    assert "whole tablets" in err.value.message("en")
    with pytest.raises(InvalidInput):
        compose_tablets(D("0.3"), [D("0.2")])
    with pytest.raises(InvalidInput):
        compose_tablets(D("2"), [])
