"""e2e tests use the session's platform (`stack`, registered in tests/conftest.py)."""
from tests.support.stack import ADVISOR_EMAIL, ADVISOR_PASSWORD, OPERATOR_TOKEN, mail_files

__all__ = ["ADVISOR_EMAIL", "ADVISOR_PASSWORD", "OPERATOR_TOKEN", "mail_files"]
