"""Fits the rational approximation tanh(x) ~ x P(s) / Q(s), s = (x / 9)^2,
used by the engine's f32 tanh (src/fast.rs), and measures its error when
evaluated in f32 arithmetic exactly as the Rust code does.

Lawson's iteratively reweighted least squares on the linearised problem
x P(s) - tanh(x) Q(s) = 0 with Q(0) = 1 over [0, 9]; beyond 9, tanh is +-1
to within f32 rounding, so the input is clamped there. Needs numpy only:

    python3 tools/fit_tanh.py
"""
import numpy as np

CLAMP = 9.0
DEGREE = 6  # of P and of Q, in s


def fit(iterations=100):
    x = np.linspace(0.0, CLAMP, 40001)
    s = (x / CLAMP) ** 2
    y = np.tanh(x)
    w = np.ones_like(x)
    for it in range(iterations):
        cols = [x * s**k for k in range(DEGREE + 1)] + [-y * s**k for k in range(1, DEGREE + 1)]
        a = np.stack(cols, axis=1)
        sw = np.sqrt(w)
        sol, *_ = np.linalg.lstsq(a * sw[:, None], y * sw, rcond=None)
        p = sol[: DEGREE + 1]
        q = np.concatenate([[1.0], sol[DEGREE + 1 :]])
        qv = np.polyval(q[::-1], s)
        err = np.abs(x * np.polyval(p[::-1], s) / qv - y)
        # First undo the linearisation (divide by Q^2), then weight up where
        # the error is large (Lawson) to approach the minimax fit.
        w = w * (err + 1e-20) / (qv * qv) if it > 3 else 1.0 / (qv * qv)
        w = w / w.sum()
    return p.astype(np.float32), q.astype(np.float32)


def f32_tanh(p, q, x):
    """The Rust code's arithmetic, in numpy float32."""
    f = np.float32
    xc = np.clip(x.astype(f), f(-CLAMP), f(CLAMP))
    s = xc * xc * f(1.0 / (CLAMP * CLAMP))
    num = p[-1]
    for c in p[-2::-1]:
        num = num * s + c
    den = q[-1]
    for c in q[-2::-1]:
        den = den * s + c
    return xc * num / den


if __name__ == "__main__":
    p, q = fit()
    xs = np.linspace(-12, 12, 4_000_001)
    err = np.abs(f32_tanh(p, q, xs).astype(np.float64) - np.tanh(xs.astype(np.float32).astype(np.float64)))
    print("P:", ", ".join(repr(float(c)) for c in p))
    print("Q:", ", ".join(repr(float(c)) for c in q))
    print(f"max |error| in f32 arithmetic over [-12, 12]: {err.max():.3e}")
