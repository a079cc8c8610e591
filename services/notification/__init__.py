"""Notification service: renders and sends every email of the onboarding platform (German or English)."""
