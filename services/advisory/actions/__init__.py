"""Advisors' decisions (use cases). Each runs in one transaction: check the rules, change the case, write the
timeline entry and stage the event in the outbox, so state, history and the published event never disagree."""
