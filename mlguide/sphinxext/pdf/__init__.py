"""The PDF handout: a builder that renders the project through WeasyPrint."""
