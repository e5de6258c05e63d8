from clinic.privacy.permissions import Role
from clinic.privacy.users import check_session


def test_login_and_audited_call(clinic):
    nurse = clinic.add_user("nurse1", Role.NURSE)
    assert check_session(nurse).username == "nurse1"
