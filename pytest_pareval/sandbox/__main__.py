"""``python -m pytest_pareval.sandbox``: what this machine offers, and whether generated code may run."""
from .core import describe, refusal, warnings

print(describe())
print("\n".join(warnings()) or "every mechanism is available")
print(refusal() or "generated code runs contained")
