"""ParEval's own problem set (parallelcodefoundry/ParEval) read from the user's checkout at run time.

Nothing of ParEval lives in this package: prompts, problem drivers and the chat templates are read from
the checkout named by ``--pareval-suite``, so that a model receives exactly what ParEval sends and an
answer is judged by ParEval's own validation code. Exports the checkout (checkout.py), its prompts as
problems and chat messages (prompts.py), the answer forms (answers.py) and generations files
(generations.py).
"""
from .answers import ANSWER_FORMS, pareval_output, our_output
from .checkout import TESTED_COMMIT, Checkout, CheckoutError, open_checkout
from .generations import GenerationsError, Generations, load_generations
from .prompts import ParEvalProblem, messages, problems

__all__ = ["ANSWER_FORMS", "TESTED_COMMIT", "Checkout", "CheckoutError", "GenerationsError", "Generations",
           "ParEvalProblem", "load_generations", "messages", "open_checkout", "our_output", "pareval_output",
           "problems"]
