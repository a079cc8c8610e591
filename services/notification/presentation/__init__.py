"""What a person reads: the email templates (German and English) and their rendering."""
