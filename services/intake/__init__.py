"""intake: the public enquiry form and JSON API; stores enquiries and emits their events."""
