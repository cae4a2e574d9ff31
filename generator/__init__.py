"""Turn an article's structured data into a report site: see `pipeline.generate` (and the README's floor plan)."""
