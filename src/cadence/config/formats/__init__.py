"""Date formats per language, on top of Django's (FORMAT_MODULE_PATH). Templates name a format
(`|date:"DATE_FORMAT"`) instead of spelling one out, so each language gets its own order and
punctuation. English keeps Cadence's compact "3 Dec 2026"."""
