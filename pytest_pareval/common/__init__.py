"""Shared utilities every stage may use: redaction of secrets (redact), atomic files and machine-wide locks
(storage), finding compilers and cores (toolchain). Nothing here imports any stage."""
