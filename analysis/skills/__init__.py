"""Skills: the taxonomy (built-in, ESCO, O*NET, custom CSV), text normalisation and the extractor."""
