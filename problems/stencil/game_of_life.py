"""Conway's Game of Life for several generations on a bounded board (cells outside are dead)."""
import numpy as np

SIGNATURE = "void gameOfLife(std::vector<int> &board, size_t rows, size_t cols, size_t generations)"
DESCRIPTION = """
board is a rows x cols grid of cells stored row-major (cell (r, c) is board[r*cols + c]); each cell is 1
(alive) or 0 (dead). rows or cols may be 0. The board is bounded: cells outside it are always dead.
Advance the board in place by `generations` generations of Conway's Game of Life (generations may be 0).
In one generation every cell counts its live neighbours among the 8 cells around it (horizontal, vertical
and diagonal) in the CURRENT generation, then, all at once:
- a live cell with 2 or 3 live neighbours stays alive, any other live cell dies;
- a dead cell with exactly 3 live neighbours becomes alive, any other dead cell stays dead.
On return board holds the cells after the last generation, still as 0/1 values.
Example: rows = 4, cols = 5, generations = 1,
  board = [0, 1, 0, 0, 0,          -> board = [0, 0, 0, 0, 0,
           0, 1, 0, 0, 0,                      1, 1, 1, 0, 0,
           0, 1, 0, 0, 0,                      0, 0, 0, 0, 0,
           0, 0, 0, 0, 1]                      0, 0, 0, 0, 0]
(the vertical blinker turns horizontal; the lone cell in the corner dies). With generations = 2 the result
would be the vertical blinker again, without the corner cell.
"""
SIZES = (0, 1, 2, 7, 61, 257)
# Integer output: compared exactly.
TOLERANCE = {"rtol": 0.0, "atol": 0.0}
# Timing input: 1400 x 2803 cells, 2-20 generations drawn from the seed (15.7 MB in and out); our serial
# reference takes 0.25 s of CPU on this machine.
TIMING_SIZE = 1400


def _cols(size):
    return 2 * size + 3


def inputs(rng, size):
    rows, cols = size, _cols(size)
    board = (rng.random(rows * cols) < 0.35).astype(np.int32)
    return {"board": board, "rows": rows, "cols": cols, "generations": int(rng.integers(2, 21))}


def oracle(board, rows, cols, generations):
    from scipy import ndimage

    rows, cols = int(rows), int(cols)
    if rows * cols == 0:
        return {"board": board.copy()}
    cells = board.reshape(rows, cols).astype(np.int64)
    ring = np.ones((3, 3), dtype=np.int64)
    ring[1, 1] = 0
    for _ in range(int(generations)):
        neighbours = ndimage.convolve(cells, ring, mode="constant", cval=0)
        cells = ((neighbours == 3) | ((cells == 1) & (neighbours == 2))).astype(np.int64)
    return {"board": cells.reshape(-1)}
