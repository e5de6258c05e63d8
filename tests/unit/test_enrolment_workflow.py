"""The enrolment workflow, headless: each step validates what it is given."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic.errors import InvalidInput
from clinic.patients.enrolment import (
    Agreement,
    Eligibility,
    Enrolment,
    Identity,
    Payer,
    check_identity,
)
from clinic.patients.identity import birth_date_from_id, check_digit, normalise_national_id
from tests import factories

TODAY = date(2026, 11, 23)


def identity(nid: str, **changes: object) -> Identity:
    values: dict[str, object] = dict(
        name="李华",
        sex="M",
        birth_date=birth_date_from_id(nid),
        national_id=nid,
        phone="13800138000",
    )
    values.update(changes)
    return Identity(**values)  # type: ignore[arg-type]


def test_steps_in_order_complete_the_enrolment() -> None:
    draft = factories.enrolment(TODAY)
    assert draft.complete() and draft.missing() == []


def test_missing_steps_are_named() -> None:
    draft = Enrolment(today=TODAY)
    assert draft.missing() == ["identity", "eligibility", "agreement", "payer"]
    draft.set_identity(identity(factories.national_id()))
    assert draft.missing() == ["eligibility", "agreement", "payer"]


def test_birth_date_must_match_the_id_number() -> None:
    nid = factories.national_id(date(1990, 1, 2))
    with pytest.raises(InvalidInput) as err:
        check_identity(identity(nid, birth_date=date(1990, 1, 3)), TODAY)
    assert "1990-01-02" in err.value.message("en")


def test_wrong_check_digit_refused() -> None:
    nid = factories.national_id()
    wrong = nid[:17] + ("0" if nid[17] != "0" else "1")
    with pytest.raises(InvalidInput) as err:
        normalise_national_id(wrong)
    assert "check digit" in err.value.message("en") and "校验位" in err.value.message("zh_CN")


def test_x_check_character_accepted_in_either_case() -> None:
    for serial in range(1000):
        first17 = f"11010519850615{serial:03d}"
        if check_digit(first17) == "X":
            break
    assert normalise_national_id(first17 + "x") == first17 + "X"


def test_impossible_birth_date_refused() -> None:
    first17 = "11010519870230123"  # 30 February
    with pytest.raises(InvalidInput) as err:
        normalise_national_id(first17 + check_digit(first17))
    assert "not a real date" in err.value.message("en")


def test_minor_needs_guardian_consent() -> None:
    birth = date(TODAY.year - 17, 1, 1)
    draft = Enrolment(today=TODAY)
    draft.set_identity(identity(factories.national_id(birth)))
    assert draft.needs_guardian()
    base = Eligibility(diagnosed_on=TODAY, voluntary=True, full_capacity=True)
    with pytest.raises(InvalidInput) as err:
        draft.set_eligibility(base)
    assert "18" in err.value.message("en")
    with pytest.raises(InvalidInput):
        draft.set_eligibility(
            Eligibility(diagnosed_on=TODAY, voluntary=True, full_capacity=True, guardian="李父")
        )
    draft.set_eligibility(
        Eligibility(
            diagnosed_on=TODAY,
            voluntary=True,
            full_capacity=True,
            guardian="李父",
            guardian_consent_on=TODAY,
        )
    )
    assert "eligibility" not in draft.missing()


def test_eighteenth_birthday_is_adult() -> None:
    birth = date(TODAY.year - 18, TODAY.month, TODAY.day)
    draft = Enrolment(today=TODAY)
    draft.set_identity(identity(factories.national_id(birth)))
    assert not draft.needs_guardian()
    draft.set_eligibility(Eligibility(diagnosed_on=TODAY, voluntary=True, full_capacity=True))


def test_changing_identity_to_a_minor_rechecks_eligibility() -> None:
    draft = factories.enrolment(TODAY)
    with pytest.raises(InvalidInput):
        draft.set_identity(identity(factories.national_id(date(TODAY.year - 16, 5, 5))))


def test_only_opioid_dependence_and_voluntary_treatment() -> None:
    draft = Enrolment(today=TODAY)
    with pytest.raises(InvalidInput):
        draft.set_eligibility(
            Eligibility(
                diagnosed_on=TODAY,
                voluntary=True,
                full_capacity=True,
                icd11="6C40.2",
                icd10="F10.2",
            )
        )
    with pytest.raises(InvalidInput) as err:
        draft.set_eligibility(Eligibility(diagnosed_on=TODAY, voluntary=False, full_capacity=True))
    assert "voluntary" in err.value.message("en")


def test_agreement_must_state_every_term() -> None:
    draft = Enrolment(today=TODAY)
    incomplete = Agreement(
        method="methadone",
        duration="1 year",
        covers_confidentiality=False,
        covers_clinic_rules=True,
        covers_termination=False,
        covers_effects_and_risks=True,
        signed_on=TODAY,
    )
    with pytest.raises(InvalidInput) as err:
        draft.set_agreement(incomplete)
    assert "confidentiality" in err.value.message("en") and "保密" in err.value.message("zh_CN")
    with pytest.raises(InvalidInput):
        draft.set_agreement(factories.agreement(TODAY + timedelta(days=1)))


def test_payer_rules() -> None:
    draft = Enrolment(today=TODAY)
    with pytest.raises(InvalidInput):
        draft.set_payer(Payer(scheme_code="RESIDENT", insured_number=None))
    with pytest.raises(InvalidInput):
        draft.set_payer(Payer(scheme_code=None, claims_consent=True, consent_signed_on=TODAY))
    with pytest.raises(InvalidInput):
        draft.set_payer(Payer(scheme_code="RESIDENT", insured_number="A1234", claims_consent=True))
    draft.set_payer(Payer(scheme_code=None))  # self-pay


def test_photo_must_be_an_image() -> None:
    draft = Enrolment(today=TODAY)
    with pytest.raises(InvalidInput):
        draft.set_photo(b"GIF89a not allowed")
    draft.set_photo(factories.PNG)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    name=st.text(max_size=80),
    sex=st.text(max_size=4),
    nid=st.text(max_size=25),
    phone=st.one_of(st.none(), st.text(max_size=20)),
    address=st.one_of(st.none(), st.text(max_size=300)),
    contact=st.one_of(st.none(), st.text(max_size=120)),
)
def test_arbitrary_identity_input_never_crashes_and_nothing_invalid_passes(
    name: str, sex: str, nid: str, phone: str | None, address: str | None, contact: str | None
) -> None:
    draft = Enrolment(today=TODAY)
    try:
        birth = birth_date_from_id(nid) if len(nid) >= 14 and nid[6:14].isdigit() else TODAY
    except InvalidInput:
        birth = TODAY
    try:
        accepted = draft.set_identity(
            Identity(
                name=name,
                sex=sex,
                birth_date=birth,
                national_id=nid,
                phone=phone,
                address=address,
                emergency_contact=contact,
            )
        )
    except InvalidInput as err:
        assert err.message("en") and err.message("zh_CN")
        assert draft.identity is None and "identity" in draft.missing()
        return
    assert normalise_national_id(accepted.national_id) == accepted.national_id
    assert accepted.sex in ("F", "M") and 0 < len(accepted.name) <= 60
    assert all(ch.isalpha() or ch in "·•.- " for ch in accepted.name)
    for text in (accepted.address, accepted.emergency_contact):
        assert text is None or not any(ord(c) < 32 for c in text)


@settings(max_examples=200, deadline=None)
@given(
    method=st.text(max_size=20),
    duration=st.text(max_size=150),
    flags=st.lists(st.booleans(), min_size=4, max_size=4),
    days=st.integers(min_value=-1000, max_value=1000),
)
def test_arbitrary_agreement_input(
    method: str, duration: str, flags: list[bool], days: int
) -> None:
    draft = Enrolment(today=TODAY)
    try:
        draft.set_agreement(Agreement(method, duration, *flags, signed_on=TODAY + timedelta(days)))
    except InvalidInput:
        assert draft.agreement is None
        return
    assert draft.agreement is not None and all(flags) and days <= 0
    assert draft.agreement.method in ("methadone", "buprenorphine", "naltrexone")
