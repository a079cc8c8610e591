"""What the company sees on its status page, and the events that move it."""
from enum import StrEnum


class EnquiryStatus(StrEnum):
    RECEIVED = "received"
    IN_ASSESSMENT = "in_assessment"
    WITH_ADVISOR = "with_advisor"
    WAITING_FOR_YOU = "waiting_for_you"
    INTRODUCED = "introduced"
    CLOSED = "closed"


# Events can arrive out of order; a later stage never moves back to an earlier one.
_ORDER = [EnquiryStatus.RECEIVED, EnquiryStatus.IN_ASSESSMENT, EnquiryStatus.WITH_ADVISOR]


def advance(current: EnquiryStatus, proposed: EnquiryStatus) -> EnquiryStatus:
    if current in _ORDER and proposed in _ORDER:
        return proposed if _ORDER.index(proposed) > _ORDER.index(current) else current
    return proposed
