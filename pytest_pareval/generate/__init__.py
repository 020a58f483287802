"""Stage 2, generation: model specs (models.py), requests through litellm with cache and retries
(generator.py), the in-process local model (local.py), and the code taken out of a response (extract.py).
Kept free of imports so that reading a models file does not load litellm."""
