"""pytest-pareval: measure how well LLMs write serial and MPI C++ for HPC problems."""

__version__ = "0.1.0"
