"""Pure assessment logic: no I/O, no messaging or database imports. Entry point: `assess`."""
from .assess import AssessmentResult, assess

__all__ = ["AssessmentResult", "assess"]
