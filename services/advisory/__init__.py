"""advisory: the advisors' work queue of assessed cases."""
