"""Power spectrogram: Hann-windowed, overlapping frames of a real signal, |FFT|^2 of each frame."""
import numpy as np

SIGNATURE = ("void spectrogramPower(const std::vector<double> &signal, size_t frameLen, size_t hop, "
             "std::vector<double> &power)")
DESCRIPTION = """
signal holds a real signal of length L. frameLen is a power of two (at least 2) and hop >= 1. The frames
are the windows signal[f*hop .. f*hop + frameLen - 1] that fit entirely inside the signal, for
f = 0 .. F-1, with F = (L - frameLen) / hop + 1 (integer division) when L >= frameLen and F = 0 otherwise.
Each frame is multiplied by the periodic Hann window w[j] = 0.5 - 0.5 * cos(2*pi*j / frameLen),
j = 0 .. frameLen-1, and transformed with the forward DFT (no normalisation):
X_f[k] = sum over j of w[j] * signal[f*hop + j] * exp(-2*pi*i * j*k / frameLen).
power is already sized to F * (frameLen/2 + 1) (its initial contents are meaningless). Overwrite it,
frame by frame, with the power of the non-negative frequencies:
power[f*(frameLen/2 + 1) + k] = |X_f[k]|^2 = re^2 + im^2, for k = 0 .. frameLen/2.
Example: signal = [1, 2, 3, 4, 5, 6], frameLen = 4, hop = 2 -> F = 2, w = [0, 0.5, 1, 0.5];
frame 0 windowed = [0, 1, 3, 2] -> X = [6, -3 + 1i, 0] -> power = [36, 10, 0];
frame 1 windowed = [0, 2, 5, 3] -> X = [10, -5 + 1i, 0] -> power = [100, 26, 0];
power = [36, 10, 0, 100, 26, 0]
"""
SIZES = (0, 1, 2, 7, 101, 1001)
# Powers reach ~1e3 for 256-sample frames; an FFT or a direct DFT computes them to ~1e-11 absolute, while
# a wrong value is off by at least 1.
TOLERANCE = {"rtol": 1e-9, "atol": 1e-8}

# number of frames -> (frameLen, hop, samples left over after the last frame, fewer than hop)
_LAYOUT = {0: (16, 5, 11), 1: (8, 3, 2), 2: (4, 2, 1), 7: (32, 16, 15), 101: (256, 100, 37),
           1001: (64, 33, 0)}
# Timing input: 250 frames of 8192 samples, hop 4099 (any other frame count uses that layout too); our
# serial reference (one radix-2 FFT per frame) takes 0.11 s of CPU on this machine: the byte budget bounds
# it (8.2 MB of signal + 8.2 MB of pre-sized power in, 8.2 MB out). A direct DFT per frame costs 8192^2
# multiply-adds instead of ~8192/2 * 13 butterflies: ~300x the reference.
TIMING_SIZE = 250


def inputs(rng, size):
    frame_len, hop, extra = _LAYOUT.get(size, (8192, 4099, 1001))
    length = extra if size == 0 else (size - 1) * hop + frame_len + extra
    return {"signal": rng.uniform(-1.0, 1.0, length), "frameLen": frame_len, "hop": hop,
            "power": np.full(size * (frame_len // 2 + 1), 1.5)}


def oracle(signal, frameLen, hop, power):
    w, h, n = int(frameLen), int(hop), signal.size
    frames = (n - w) // h + 1 if n >= w else 0
    if frames == 0:
        return {"power": np.zeros(0)}
    window = 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(w) / w)
    stack = np.stack([signal[f * h: f * h + w] for f in range(frames)]) * window
    return {"power": (np.abs(np.fft.rfft(stack, axis=1)) ** 2).reshape(-1)}
