"""The demo clinic: fictional patients and a month of history, written through the real services
on the clinic's clock. Only `clinic-admin demo`, the tests and the tools import it."""

from clinic.demo.build import DEMO_USERS, PASSWORDS_FILE, create_demo

__all__ = ["DEMO_USERS", "PASSWORDS_FILE", "create_demo"]
