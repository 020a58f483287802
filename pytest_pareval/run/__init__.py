"""Stage 4, run: launch a built program on input cases (launch.py) through a launcher template
(launcher.py: mpirun, srun...), the files exchanged with its driver (exchange.py), and cluster schedulers'
faults told apart from the program's (cluster.py)."""
