"""Assessment service: scores an enquiry against the taxonomy, checks gates and recommends partners."""
