"""Backups and imports: YAML backups, LinkedIn exports, vCards, Google and
Outlook contacts."""

#: The import formats, here so the command line can list them without
#: loading the readers (they take ~70 ms to import).
FORMATS = ("yaml", "linkedin", "linkedin-invitations", "vcard", "google", "outlook")
