"""Stage 1, the suite: problems as data (problems.py loads ``problems/<domain>/<name>.py``) and the prompts
asked for them (prompt.py). Another problem suite plugs in here."""
