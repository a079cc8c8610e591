"""The operator guard lives in shared (intake uses it too); kept here so imports stay stable."""
from shared.operator_auth import require_operator, token_matches

__all__ = ["require_operator", "token_matches"]
