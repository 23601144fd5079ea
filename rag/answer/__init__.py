"""The answer pipeline: analyse the question, retrieve, weigh evidence, compose a cited answer."""
