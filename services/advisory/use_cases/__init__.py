"""advisory's use cases. A command runs in one transaction of a unit of work: check the rules, change the case,
write the timeline entry and stage the event, so state, history and the published event never disagree."""
