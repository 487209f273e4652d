"""The markdown archive: parse and render its files, import them, export the database."""
