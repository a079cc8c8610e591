"""The project's own shared package: event contracts and plumbing. Never imports from services/."""
