"""Turn an article's structured data into a report site: see `build.generate`."""
