#!/usr/bin/env python3
"""Reference fixtures for nnplay's engine numerics, computed with JAX + optax.

Writes fixtures.json, saturated.json and norm.json next to this script
(`--saturated-only`: saturated.json alone; `--norm-only`: norm.json alone).  See README.md for the format and
docs/design.md ("Engine numerics") for the contract these numbers pin down.

Everything is computed in float64, but every input, label and initial
parameter is drawn as float32 (numpy's seeded Generator) and only then widened,
so the Rust engine (f32) sees exactly the same starting values.
"""

import json
import math
import os
import sys

import jax

jax.config.update("jax_enable_x64", True)

import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures.json")

SEED = 20261129

ACTIVATIONS = [
    "linear", "relu", "leakyRelu", "tanh", "sigmoid",
    "elu", "softplus", "swish", "gelu",
]
PROBLEMS = [  # (problem, loss)
    ("classification", "squared"),
    ("classification", "crossEntropy"),
    ("multiclass", "crossEntropy"),
    ("regression", "squared"),
    ("regression", "huber"),
]
REGULARIZATIONS = ["none", "l1", "l2"]
REG_RATES = [0.003, 0.01, 0.03]
# Architectures without the output width; n_out is appended per problem.
ARCHS = [[2], [2, 4, 2], [3, 5], [5, 3, 3, 3], [9, 8]]

N_FORWARD = 7
N_TRAJ = 12
STEPS = 25

OPT_HYPER = {"momentum": 0.9, "rho": 0.99, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
LEARNING_RATES = {
    "sgd": 0.1, "momentum": 0.05, "nesterov": 0.05, "rmsprop": 0.002, "adam": 0.01,
}


# ---------------------------------------------------------------- activations

def sigmoid(z):
    # Stable for both signs.
    return jnp.where(z >= 0, 1.0 / (1.0 + jnp.exp(-jnp.abs(z))),
                     jnp.exp(-jnp.abs(z)) / (1.0 + jnp.exp(-jnp.abs(z))))


def softplus(z):
    # log(1 + e^z), stable: max(z, 0) + log1p(e^-|z|)
    return jnp.maximum(z, 0.0) + jnp.log1p(jnp.exp(-jnp.abs(z)))


def gelu_tanh(z):
    c = math.sqrt(2.0 / math.pi)
    return 0.5 * z * (1.0 + jnp.tanh(c * (z + 0.044715 * z ** 3)))


def relu(z):
    # derivative 0 at z == 0 (jnp.where picks the zero branch there)
    return jnp.where(z > 0, z, 0.0)


ACT_FN = {
    "linear": lambda z: z,
    "relu": relu,
    "leakyRelu": lambda z: jnp.where(z > 0, z, 0.01 * z),
    "tanh": jnp.tanh,
    "sigmoid": sigmoid,
    "elu": lambda z: jnp.where(z > 0, z, jnp.expm1(jnp.minimum(z, 0.0))),
    "softplus": softplus,
    "swish": lambda z: z * sigmoid(z),
    "gelu": gelu_tanh,
}


def check_activations():
    """The hand-written activations agree with jax.nn's."""
    z = jnp.linspace(-7.0, 7.0, 1001)
    ref = {
        "linear": z,
        "relu": jax.nn.relu(z),
        "leakyRelu": jax.nn.leaky_relu(z, 0.01),
        "tanh": jnp.tanh(z),
        "sigmoid": jax.nn.sigmoid(z),
        "elu": jax.nn.elu(z, 1.0),
        "softplus": jax.nn.softplus(z),
        "swish": jax.nn.silu(z),
        "gelu": jax.nn.gelu(z, approximate=True),
    }
    for name, fn in ACT_FN.items():
        err = float(jnp.max(jnp.abs(fn(z) - ref[name])))
        assert err < 1e-14, (name, err)


# ---------------------------------------------------------------- the network

def forward_z(params, x, activation):
    """Output-layer pre-activations z for a batch x (n x n_in)."""
    act = ACT_FN[activation]
    a = x
    last = len(params) - 1
    for l, (w, b) in enumerate(params):
        z = a @ w.T + b
        a = z if l == last else act(z)
    return a


def head(z, problem, loss):
    if problem == "classification":
        return jnp.tanh(z) if loss == "squared" else sigmoid(z)
    if problem == "multiclass":
        return jax.nn.softmax(z, axis=-1)
    return z


def per_sample_loss(z, y, problem, loss):
    if problem == "classification":
        z1 = z[:, 0]
        if loss == "squared":
            return 0.5 * (jnp.tanh(z1) - y) ** 2
        t = (y + 1.0) / 2.0
        return softplus(z1) - t * z1
    if problem == "multiclass":
        idx = y.astype(jnp.int32)
        lse = jax.scipy.special.logsumexp(z, axis=-1)
        return lse - jnp.take_along_axis(z, idx[:, None], axis=-1)[:, 0]
    r = z[:, 0] - y
    if loss == "squared":
        return 0.5 * r ** 2
    return jnp.where(jnp.abs(r) <= 1.0, 0.5 * r ** 2, jnp.abs(r) - 0.5)


def penalty(params, kind, rate):
    if kind == "none":
        return 0.0
    if kind == "l2":
        return (rate / 2.0) * sum(jnp.sum(w ** 2) for w, _ in params)
    if kind == "l1":
        return rate * sum(jnp.sum(jnp.abs(w)) for w, _ in params)
    raise ValueError(kind)


def make_fns(spec):
    problem, loss, activation = spec["problem"], spec["loss"], spec["activation"]
    kind, rate = spec["regularization"]["kind"], spec["regularization"]["rate"]

    def data_loss(params, x, y):
        z = forward_z(params, x, activation)
        return jnp.mean(per_sample_loss(z, y, problem, loss))

    def objective(params, x, y):
        return data_loss(params, x, y) + penalty(params, kind, rate)

    def outputs(params, x):
        return head(forward_z(params, x, activation), problem, loss)

    return data_loss, objective, outputs


# ---------------------------------------------------------------- drawing data

def f32(a):
    return np.asarray(a, dtype=np.float32)


def draw_case(rng, sizes, problem, n):
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        w = f32(rng.uniform(-0.7, 0.7, size=(n_out, n_in)))
        b = f32(rng.uniform(-0.3, 0.3, size=(n_out,)))
        params.append((w, b))
    scale = f32(rng.uniform(0.5, 2.0, size=(sizes[0],)))  # per-feature scale
    x = f32(f32(rng.uniform(-1.5, 1.5, size=(n, sizes[0]))) * scale)
    if problem == "classification":
        y = rng.choice(np.array([-1, 1]), size=n)
        # make sure both labels occur
        y[0], y[1] = 1, -1
        y = y.astype(np.int64)
    elif problem == "multiclass":
        k = sizes[-1]
        y = rng.integers(0, k, size=n)
        y[:k] = rng.permutation(k)  # every class occurs
        y = y.astype(np.int64)
    else:
        y = f32(rng.uniform(-1.0, 1.0, size=n))
    # exact float32 values, widened to float64 for the computation
    for w, b in params:
        assert w.dtype == np.float32 and b.dtype == np.float32
    assert x.dtype == np.float32
    params64 = [(jnp.asarray(w, jnp.float64), jnp.asarray(b, jnp.float64)) for w, b in params]
    return params64, jnp.asarray(x, jnp.float64), jnp.asarray(y, jnp.float64), y


def model_json(params):
    return {"layers": [
        {"weights": [[float(v) for v in row] for row in np.asarray(w)],
         "biases": [float(v) for v in np.asarray(b)]}
        for w, b in params
    ]}


def labels_json(y_raw, problem):
    if problem == "regression":
        return [float(v) for v in y_raw]
    return [int(v) for v in y_raw]


def base_spec(activation, problem, loss, reg, rate, sizes):
    return {
        "problem": problem, "loss": loss, "activation": activation,
        "regularization": {"kind": reg, "rate": rate if reg != "none" else 0.0},
        "sizes": sizes,
    }


def case_name(spec, prefix=""):
    return "{}{}/{}-{}/{}/{}".format(
        prefix, spec["activation"], spec["problem"], spec["loss"],
        spec["regularization"]["kind"], "-".join(str(s) for s in spec["sizes"]))


def out_width(problem, k):
    return k if problem == "multiclass" else 1


# ---------------------------------------------------------------- forward cases

def finite_difference_check(objective, params, x, y, h=1e-6):
    """jax.grad vs float64 central differences on every parameter."""
    grads = jax.grad(objective)(params, x, y)
    worst = 0.0
    for li, (w, b) in enumerate(params):
        for which, arr in ((0, w), (1, b)):
            a = np.asarray(arr)
            g = np.asarray(grads[li][which])
            for idx in np.ndindex(a.shape):
                def at(delta):
                    p = [(np.array(ww), np.array(bb)) for ww, bb in params]
                    p[li][which][idx] += delta
                    p = [(jnp.asarray(ww), jnp.asarray(bb)) for ww, bb in p]
                    return float(objective(p, x, y))
                fd = (at(h) - at(-h)) / (2 * h)
                err = abs(fd - g[idx]) / max(1.0, abs(fd))
                worst = max(worst, err)
    assert worst < 1e-7, worst
    return worst


def make_forward():
    cases = []
    fd_checked = []
    huber_linear = 0
    for ai, activation in enumerate(ACTIVATIONS):
        for pi, (problem, loss) in enumerate(PROBLEMS):
            for ri, reg in enumerate(REGULARIZATIONS):
                i = len(cases)
                arch = ARCHS[(3 * pi + ri + ai) % len(ARCHS)]
                k = 3 if (ai + ri) % 2 == 0 else 4
                sizes = arch + [out_width(problem, k)]
                rate = REG_RATES[(ai + pi + ri) % len(REG_RATES)]
                spec = base_spec(activation, problem, loss, reg, rate, sizes)
                rng = np.random.default_rng([SEED, 1, i])
                params, x, y, y_raw = draw_case(rng, sizes, problem, N_FORWARD)
                data_loss, objective, outputs = make_fns(spec)
                o = outputs(params, x)
                l = data_loss(params, x, y)
                obj = objective(params, x, y)
                g = jax.grad(objective)(params, x, y)
                if loss == "huber":
                    r = forward_z(params, x, activation)[:, 0] - y
                    huber_linear += int(jnp.sum(jnp.abs(r) > 1.0))
                # sanity: a few cases against finite differences
                if (activation, problem, loss, reg) in FD_CASES:
                    fd_checked.append((case_name(spec), finite_difference_check(objective, params, x, y)))
                case = {"name": case_name(spec)}
                case.update(spec)
                case.update({
                    "model": model_json(params),
                    "inputs": [[float(v) for v in row] for row in np.asarray(x)],
                    "labels": labels_json(y_raw, problem),
                    "outputs": [[float(v) for v in row] for row in np.asarray(o)]
                    if o.ndim == 2 else [[float(v)] for v in np.asarray(o)],
                    # "loss" already names the loss kind (config field), so the
                    # mean per-sample loss (no penalty) is "meanLoss".
                    "meanLoss": float(l),
                    "objective": float(obj),
                    "gradients": model_json(g),
                })
                cases.append(case)
    assert len(fd_checked) == len(FD_CASES), fd_checked
    return cases, fd_checked, huber_linear


FD_CASES = {
    ("tanh", "multiclass", "crossEntropy", "l2"),
    ("gelu", "regression", "huber", "l1"),
    ("sigmoid", "classification", "crossEntropy", "none"),
    ("elu", "classification", "squared", "l2"),
}


# ---------------------------------------------------------------- optimizers

def optax_optimizer(kind, lr):
    h = OPT_HYPER
    if kind == "sgd":
        return optax.sgd(lr)
    if kind == "momentum":
        return optax.sgd(lr, momentum=h["momentum"], nesterov=False)
    if kind == "nesterov":
        return optax.sgd(lr, momentum=h["momentum"], nesterov=True)
    if kind == "rmsprop":
        return optax.rmsprop(lr, decay=h["rho"], eps=h["eps"], eps_in_sqrt=False,
                             initial_scale=0.0, centered=False, momentum=None)
    if kind == "adam":
        return optax.adam(lr, b1=h["beta1"], b2=h["beta2"], eps=h["eps"], eps_root=0.0)
    raise ValueError(kind)


class TorchStyle:
    """The PyTorch update rules written out by hand (flat float64 vectors)."""

    def __init__(self, kind, lr, n):
        self.kind, self.lr = kind, lr
        self.v = np.zeros(n)  # momentum buffer / Adam first moment
        self.s = np.zeros(n)  # RMSprop / Adam second moment
        self.t = 0

    def step(self, w, g):
        h, lr = OPT_HYPER, self.lr
        self.t += 1
        if self.kind == "sgd":
            return w - lr * g
        if self.kind == "momentum":
            self.v = h["momentum"] * self.v + g
            return w - lr * self.v
        if self.kind == "nesterov":
            self.v = h["momentum"] * self.v + g
            return w - lr * (g + h["momentum"] * self.v)
        if self.kind == "rmsprop":
            a = h["rho"]
            self.s = a * self.s + (1 - a) * g * g
            return w - lr * g / (np.sqrt(self.s) + h["eps"])
        if self.kind == "adam":
            b1, b2 = h["beta1"], h["beta2"]
            self.v = b1 * self.v + (1 - b1) * g
            self.s = b2 * self.s + (1 - b2) * g * g
            m_hat = self.v / (1 - b1 ** self.t)
            s_hat = self.s / (1 - b2 ** self.t)
            return w - lr * m_hat / (np.sqrt(s_hat) + h["eps"])
        raise ValueError(self.kind)


def flat(params):
    return np.concatenate([np.concatenate([np.asarray(w).ravel(), np.asarray(b).ravel()])
                           for w, b in params])


# ---------------------------------------------------------------- trajectories

# (activation, problem, loss, regularization, arch, K) per optimizer; the first
# architecture of every list has no hidden layer.  Each optimizer gets at least
# one l1 and one l2 case.
TRAJ_PLAN = {
    "sgd": [
        ("tanh", "classification", "squared", "l2", [2], 3),
        ("tanh", "classification", "squared", "none", [2, 4, 2], 3),
        ("relu", "multiclass", "crossEntropy", "l1", [3, 5], 3),
        ("swish", "regression", "huber", "l2", [5, 3, 3, 3], 3),
        ("sigmoid", "classification", "crossEntropy", "l1", [9, 8], 3),
    ],
    "momentum": [
        ("linear", "multiclass", "crossEntropy", "l1", [2], 4),
        ("tanh", "regression", "squared", "l2", [2, 4, 2], 3),
        ("elu", "classification", "crossEntropy", "none", [3, 5], 3),
        ("leakyRelu", "classification", "squared", "l1", [5, 3, 3, 3], 3),
        ("gelu", "multiclass", "crossEntropy", "l2", [9, 8], 4),
    ],
    "nesterov": [
        ("tanh", "regression", "huber", "none", [2], 3),
        ("softplus", "classification", "squared", "l1", [2, 4, 2], 3),
        ("tanh", "multiclass", "crossEntropy", "l2", [3, 5], 3),
        ("sigmoid", "regression", "squared", "l2", [5, 3, 3, 3], 3),
        ("relu", "regression", "huber", "l1", [9, 8], 3),
    ],
    "rmsprop": [
        ("tanh", "classification", "crossEntropy", "l2", [2], 3),
        ("gelu", "regression", "huber", "l1", [2, 4, 2], 3),
        ("swish", "multiclass", "crossEntropy", "none", [3, 5], 4),
        ("tanh", "classification", "squared", "l1", [5, 3, 3, 3], 3),
        ("elu", "regression", "squared", "l2", [9, 8], 3),
    ],
    "adam": [
        ("relu", "regression", "squared", "l1", [2], 3),
        ("tanh", "multiclass", "crossEntropy", "l2", [2, 4, 2], 3),
        ("leakyRelu", "regression", "huber", "none", [3, 5], 3),
        ("softplus", "classification", "crossEntropy", "l2", [5, 3, 3, 3], 3),
        ("tanh", "classification", "squared", "l1", [9, 8], 3),
    ],
}


def check_optimizer_conventions():
    """Standalone check on fixed gradients: optax's first two updates equal
    the PyTorch formulas to 1e-12, for every optimizer."""
    w0 = np.array([0.3, -0.2, 0.05, 1.5])
    grads = [np.array([0.4, -1e-3, 2.0, -0.7]), np.array([-0.1, 5e-4, 1.0, 0.9])]
    for kind, lr in LEARNING_RATES.items():
        opt = optax_optimizer(kind, lr)
        p = jnp.asarray(w0)
        state = opt.init(p)
        torch = TorchStyle(kind, lr, w0.size)
        hand = w0.copy()
        for g in grads:
            u, state = opt.update(jnp.asarray(g), state, p)
            p = optax.apply_updates(p, u)
            hand = torch.step(hand, g)
            diff = float(np.max(np.abs(np.asarray(p) - hand)))
            assert diff < 1e-12, (kind, diff)


def make_trajectories():
    trajs = []
    opt_checks = {}
    check_optimizer_conventions()
    for oi, (kind, plan) in enumerate(TRAJ_PLAN.items()):
        lr = LEARNING_RATES[kind]
        for j, (activation, problem, loss, reg, arch, k) in enumerate(plan):
            sizes = arch + [out_width(problem, k)]
            rate = REG_RATES[(oi + j) % len(REG_RATES)]
            spec = base_spec(activation, problem, loss, reg, rate, sizes)
            rng = np.random.default_rng([SEED, 2, oi, j])
            params, x, y, y_raw = draw_case(rng, sizes, problem, N_TRAJ)
            _, objective, _ = make_fns(spec)
            val_grad = jax.jit(jax.value_and_grad(objective))

            case = {"name": case_name(spec, prefix=kind + "/")}
            case.update(spec)
            case.update({
                "model": model_json(params),
                "inputs": [[float(v) for v in row] for row in np.asarray(x)],
                "labels": labels_json(y_raw, problem),
                "optimizer": dict({"kind": kind, "learningRate": lr}, **OPT_HYPER),
            })

            opt = optax_optimizer(kind, lr)
            state = opt.init(params)
            torch = TorchStyle(kind, lr, flat(params).size)
            hand = flat(params)
            objectives, models = [], []
            worst = 0.0
            for t in range(STEPS):
                obj, g = val_grad(params, x, y)
                objectives.append(float(obj))
                updates, state = opt.update(g, state, params)
                params = optax.apply_updates(params, updates)
                # optax's conventions must equal PyTorch's formulas (checked on
                # every step, the first two included).  The hand-written rule is
                # fed the same gradient as optax.
                hand = torch.step(hand, flat(g))
                diff = float(np.max(np.abs(hand - flat(params))))
                assert diff < 1e-12, (kind, case["name"], t, diff)
                worst = max(worst, diff)
                models.append(model_json(params))
            assert all(np.isfinite(objectives)), case["name"]
            opt_checks.setdefault(kind, 0.0)
            opt_checks[kind] = max(opt_checks[kind], worst)
            case["objectives"] = objectives
            case["models"] = models
            trajs.append(case)
    return trajs, opt_checks


# ---------------------------------------------------------------- saturation

# Saturated units: |z| up to 15 in the hidden layer and at the output, where
# tanh and sigmoid are within 1e-13 of their limits and an f32 engine keeps
# relative precision in dLoss/dz only if it never forms 1 - a^2 or o - y from
# an output rounded near +-1.  Written to saturated.json.
SAT_OUT = os.path.join(HERE, "saturated.json")
N_SAT = 12
SAT_ARCHS = [[2], [3, 4]]  # without n_out: no hidden layer, one hidden layer
SAT_HIDDEN = ["tanh", "sigmoid"]
SAT_TRAJ_LR = {"adam": 0.01, "rmsprop": 0.002}


def layer_zs(params, x, activation):
    """Every layer's z for a batch, as a list of (n x width) arrays."""
    act = ACT_FN[activation]
    zs, a = [], x
    last = len(params) - 1
    for l, (w, b) in enumerate(params):
        z = a @ w.T + b
        zs.append(z)
        a = z if l == last else act(z)
    return zs


def per_sample_deltas(params, x, y, spec):
    """dLoss_s/dz of every neuron of every layer for each sample s: the
    gradient of the summed per-sample loss with respect to an offset added to
    each layer's z (sample s's loss depends only on its own row)."""
    problem, loss, activation = spec["problem"], spec["loss"], spec["activation"]
    act = ACT_FN[activation]
    last = len(params) - 1

    def total(offsets):
        a = x
        for l, (w, b) in enumerate(params):
            z = a @ w.T + b + offsets[l]
            a = z if l == last else act(z)
        return jnp.sum(per_sample_loss(a, y, problem, loss))

    offsets = [jnp.zeros((x.shape[0], w.shape[0])) for w, _ in params]
    return jax.grad(total)(offsets)


def saturate(rng, sizes, x, activation, lo, hi):
    """Weights whose layers reach |z| between about lo and hi on x: each row
    (weights and bias) of a random draw is scaled so its largest |z| over the
    batch is a target drawn from U(lo, hi), then rounded to f32."""
    params = []
    a = np.asarray(x, dtype=np.float64)
    last = len(sizes) - 2
    for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        w = rng.uniform(-1.0, 1.0, size=(n_out, n_in))
        b = rng.uniform(-0.5, 0.5, size=(n_out,))
        z = a @ w.T + b
        target = rng.uniform(lo, hi, size=(n_out,))
        k = target / np.max(np.abs(z), axis=0)
        w, b = f32(w * k[:, None]), f32(b * k)
        params.append((w, b))
        z = a @ w.astype(np.float64).T + b.astype(np.float64)
        a = z if l == last else np.asarray(ACT_FN[activation](jnp.asarray(z)))
    return params


def saturated_labels(rng, z_out, problem, n, agree_share):
    """Labels that agree with the saturated output (the tiny gradients) with
    probability `agree_share`, else oppose it (the large ones); below 1,
    both kinds occur."""
    agree = rng.uniform(size=n) < agree_share
    if agree_share < 1.0:
        agree[0], agree[1] = True, False
    if problem == "classification":
        s = np.where(z_out[:, 0] >= 0, 1, -1)
        return np.where(agree, s, -s).astype(np.int64)
    if problem == "multiclass":
        k = z_out.shape[1]
        best = np.argmax(z_out, axis=1)
        other = (best + 1 + rng.integers(0, k - 1, size=n)) % k
        return np.where(agree, best, other).astype(np.int64)
    return f32(rng.uniform(-1.0, 1.0, size=n))


def draw_saturated(rng, sizes, spec, n, agree_share, lo=6.0, hi=15.0):
    """A saturated case: inputs as in draw_case, weights from `saturate`,
    labels from `saturated_labels`; redrawn until no hidden unit's delta is
    a sum that cancels (so relative precision is the engine's to keep)."""
    problem, activation = spec["problem"], spec["activation"]
    for _ in range(100):
        scale = f32(rng.uniform(0.5, 2.0, size=(sizes[0],)))
        x = f32(f32(rng.uniform(-1.5, 1.5, size=(n, sizes[0]))) * scale)
        params = saturate(rng, sizes, x, activation, lo, hi)
        params64 = [(jnp.asarray(w, jnp.float64), jnp.asarray(b, jnp.float64))
                     for w, b in params]
        x64 = jnp.asarray(x, jnp.float64)
        z_out = np.asarray(layer_zs(params64, x64, activation)[-1])
        y_raw = saturated_labels(rng, z_out, problem, n, agree_share)
        y64 = jnp.asarray(y_raw, jnp.float64)
        if len(params) == 1 or well_conditioned(params64, x64, y64, spec):
            return params64, x64, y64, y_raw
    raise RuntimeError("no well-conditioned draw for " + case_name(spec))


def well_conditioned(params, x, y, spec, bound=20.0):
    """Each hidden delta's sum over the layer above, sum_o W[o][i] d[o],
    loses at most a factor `bound` to cancellation."""
    deltas = per_sample_deltas(params, x, y, spec)
    for l in range(1, len(params)):
        w = np.asarray(params[l][0])
        d = np.asarray(deltas[l])
        signed = np.abs(d @ w)
        spread = np.abs(d) @ np.abs(w)
        if np.any(spread > bound * signed):
            return False
    return True


def make_saturated_forward():
    cases = []
    worst_z = 0.0
    for pi, (problem, loss) in enumerate(PROBLEMS):
        for ai, arch in enumerate(SAT_ARCHS):
            for hi_, activation in enumerate(SAT_HIDDEN if len(arch) > 1 else ["tanh"]):
                i = len(cases)
                k = 3 + (i % 2)
                sizes = arch + [out_width(problem, k)]
                spec = base_spec(activation, problem, loss, "none", 0.0, sizes)
                rng = np.random.default_rng([SEED, 3, i])
                params, x, y, y_raw = draw_saturated(rng, sizes, spec, N_SAT, 0.75)
                data_loss, objective, outputs = make_fns(spec)
                zs = layer_zs(params, x, activation)
                worst_z = max(worst_z, max(float(jnp.max(jnp.abs(z))) for z in zs))
                deltas = per_sample_deltas(params, x, y, spec)
                g = jax.grad(objective)(params, x, y)
                o = outputs(params, x)
                case = {"name": case_name(spec, prefix="saturated/")}
                case.update(spec)
                case.update({
                    "model": model_json(params),
                    "inputs": [[float(v) for v in row] for row in np.asarray(x)],
                    "labels": labels_json(y_raw, problem),
                    "outputs": [[float(v) for v in row] for row in np.asarray(o)]
                    if o.ndim == 2 else [[float(v)] for v in np.asarray(o)],
                    "z": [[float(v) for l in range(len(zs)) for v in np.asarray(zs[l])[s]]
                          for s in range(N_SAT)],
                    "deltas": [[float(v) for l in range(len(deltas))
                                for v in np.asarray(deltas[l])[s]]
                               for s in range(N_SAT)],
                    "meanLoss": float(data_loss(params, x, y)),
                    "objective": float(objective(params, x, y)),
                    "gradients": model_json(g),
                })
                cases.append(case)
    assert 14.0 < worst_z <= 15.0 + 1e-6, worst_z
    return cases, worst_z


# (activation, problem, loss, arch) per optimizer: saturated starts.
SAT_TRAJ_PLAN = [
    ("tanh", "classification", "squared", [2]),
    ("tanh", "classification", "crossEntropy", [2]),
    ("tanh", "classification", "squared", [3, 4]),
    ("sigmoid", "multiclass", "crossEntropy", [3, 4]),
]


def make_saturated_trajectories():
    trajs = []
    for oi, (kind, lr) in enumerate(SAT_TRAJ_LR.items()):
        for j, (activation, problem, loss, arch) in enumerate(SAT_TRAJ_PLAN):
            sizes = arch + [out_width(problem, 3)]
            spec = base_spec(activation, problem, loss, "none", 0.0, sizes)
            rng = np.random.default_rng([SEED, 4, oi, j])
            # Every label agrees: the gradient is only the saturated units'
            # tiny slopes (1e-5 and far below), the case Adam and RMSprop
            # magnify, since they divide by the gradient's size.
            params, x, y, y_raw = draw_saturated(rng, sizes, spec, N_TRAJ, 1.0)
            _, objective, _ = make_fns(spec)
            val_grad = jax.jit(jax.value_and_grad(objective))
            case = {"name": case_name(spec, prefix="saturated/" + kind + "/")}
            case.update(spec)
            case.update({
                "model": model_json(params),
                "inputs": [[float(v) for v in row] for row in np.asarray(x)],
                "labels": labels_json(y_raw, problem),
                "optimizer": dict({"kind": kind, "learningRate": lr}, **OPT_HYPER),
            })
            opt = optax_optimizer(kind, lr)
            state = opt.init(params)
            torch = TorchStyle(kind, lr, flat(params).size)
            hand = flat(params)
            objectives, models = [], []
            for t in range(STEPS):
                obj, g = val_grad(params, x, y)
                objectives.append(float(obj))
                updates, state = opt.update(g, state, params)
                params = optax.apply_updates(params, updates)
                hand = torch.step(hand, flat(g))
                assert float(np.max(np.abs(hand - flat(params)))) < 1e-12
                models.append(model_json(params))
            case["objectives"] = objectives
            case["models"] = models
            trajs.append(case)
    return trajs


def write_json(path, doc):
    text = json.dumps(doc, separators=(",", ":"))
    # One case per line keeps diffs readable without blowing up the size.
    text = text.replace(',{"name":', ',\n{"name":')
    with open(path, "w") as f:
        f.write(text + "\n")
    # The written file parses back to the same numbers.
    with open(path) as f:
        assert json.load(f) == json.loads(json.dumps(doc))


# ---------------------------------------------------------------- batch norm and dropout

# Batch normalization (PyTorch's BatchNorm1d) before every hidden activation,
# inverted dropout after it.  The dropout masks are inputs (drawn here, as
# the engine's f32 values 0 or 1/(1-p)), so the reference is exact.  Written
# to norm.json (`--norm-only`: norm.json alone).
NORM_OUT = os.path.join(HERE, "norm.json")
BN_EPS = 1e-5
BN_MOMENTUM = 0.1
N_NORM = 20  # more than one 16-lane block: the statistics span blocks
# (activation, problem, loss, regularization, arch, K, batchNorm, dropout)
NORM_FORWARD_PLAN = [
    ("tanh", "classification", "squared", "none", [4, 3], 3, True, 0.0),
    ("relu", "classification", "crossEntropy", "l2", [2, 5], 3, True, 0.3),
    ("sigmoid", "multiclass", "crossEntropy", "l1", [3, 4, 3], 3, True, 0.0),
    ("gelu", "regression", "huber", "none", [6, 4], 3, True, 0.5),
    ("elu", "regression", "squared", "l2", [4, 4], 3, False, 0.4),
    ("swish", "multiclass", "crossEntropy", "none", [5, 3], 4, False, 0.2),
    ("leakyRelu", "classification", "squared", "l1", [3, 5], 3, True, 0.1),
    ("softplus", "classification", "crossEntropy", "none", [4, 6], 3, False, 0.5),
    ("linear", "regression", "squared", "none", [3, 3], 3, True, 0.0),
]
NORM_TRAJ_PLAN = {
    "sgd": ("tanh", "classification", "crossEntropy", "l2", [4, 3], 3, True, 0.2),
    "momentum": ("relu", "multiclass", "crossEntropy", "none", [3, 5], 3, True, 0.0),
    "nesterov": ("sigmoid", "classification", "squared", "l1", [3, 4], 3, True, 0.3),
    "rmsprop": ("elu", "regression", "huber", "none", [4, 4], 3, False, 0.25),
    "adam": ("swish", "regression", "squared", "l2", [5, 3], 3, True, 0.1),
}


def draw_norm(rng, sizes):
    """gamma, beta, running mean and variance of every hidden layer (f32)."""
    bn = []
    for width in sizes[1:-1]:
        bn.append(tuple(f32(rng.uniform(lo, hi, size=(width,))) for lo, hi in
                        ((0.5, 1.5), (-0.3, 0.3), (-0.5, 0.5), (0.5, 2.0))))
    return bn


def draw_masks(rng, sizes, n, rate):
    """One (n x width) mask per hidden layer: 0, or the engine's f32 1/(1-p)."""
    keep = float(np.float32(1.0) / (np.float32(1.0) - np.float32(rate)))
    return [np.where(rng.uniform(size=(n, w)) < rate, 0.0, keep) for w in sizes[1:-1]]


def norm_forward(params, affine, x, masks, activation, batch_norm):
    """Training-mode output z, and each hidden layer's batch mean and biased
    variance of its linear sums."""
    act = ACT_FN[activation]
    a, stats = x, []
    last = len(params) - 1
    for l, (w, b) in enumerate(params):
        z = a @ w.T + b
        if l == last:
            return z, stats
        if batch_norm:
            mu = jnp.mean(z, axis=0)
            var = jnp.mean((z - mu) ** 2, axis=0)
            stats.append((mu, var))
            gamma, beta = affine[l]
            z = gamma * (z - mu) / jnp.sqrt(var + BN_EPS) + beta
        a = act(z)
        if masks is not None:
            a = a * masks[l]
    raise AssertionError("unreachable")


def norm_eval(params, bn, x, activation):
    """Evaluation: the running estimates, no dropout."""
    act = ACT_FN[activation]
    a = x
    last = len(params) - 1
    for l, (w, b) in enumerate(params):
        z = a @ w.T + b
        if l == last:
            return z
        if bn is not None:
            gamma, beta, rm, rv = bn[l]
            z = (z - rm) / jnp.sqrt(rv + BN_EPS) * gamma + beta
        a = act(z)


def norm_fns(spec, masks):
    problem, loss, activation = spec["problem"], spec["loss"], spec["activation"]
    kind, rate = spec["regularization"]["kind"], spec["regularization"]["rate"]
    bn = spec["batchNorm"]

    def objective(tree, x, y):
        params, affine = tree
        z, _ = norm_forward(params, affine, x, masks, activation, bn)
        return jnp.mean(per_sample_loss(z, y, problem, loss)) + penalty(params, kind, rate)

    return objective


def running_after(bn, stats, n):
    out = []
    for (gamma, beta, rm, rv), (mu, var) in zip(bn, stats):
        out.append((gamma, beta,
                    (1 - BN_MOMENTUM) * rm + BN_MOMENTUM * np.asarray(mu),
                    (1 - BN_MOMENTUM) * rv + BN_MOMENTUM * np.asarray(var) * n / (n - 1)))
    return out


def norm_model_json(params, bn):
    doc = model_json(params)
    for l, layer in enumerate(bn or []):
        gamma, beta, rm, rv = (np.asarray(v, dtype=np.float64) for v in layer)
        doc["layers"][l]["batchNorm"] = {
            "gamma": [float(v) for v in gamma], "beta": [float(v) for v in beta],
            "runningMean": [float(v) for v in rm], "runningVar": [float(v) for v in rv]}
    return doc


def flat_masks(masks, n):
    if masks is None:
        return None
    return [[float(v) for m in masks for v in np.asarray(m)[s]] for s in range(n)]


def norm_case(rng, plan, prefix):
    activation, problem, loss, reg, arch, k, batch_norm, rate = plan
    sizes = arch + [out_width(problem, k)]
    # The rate as the engine holds it (f32), so the f64 engine can match tightly.
    rate32 = float(np.float32(0.01))
    spec = base_spec(activation, problem, loss, reg, rate32 if reg != "none" else 0.0, sizes)
    spec.update({"batchNorm": batch_norm, "dropout": rate})
    params, x, y, y_raw = draw_case(rng, sizes, problem, N_NORM)
    bn = draw_norm(rng, sizes) if batch_norm else None
    tag = ("bn" if batch_norm else "") + ("+dropout" if rate > 0 else "")
    case = {"name": prefix + tag + "/" + case_name(spec)}
    case.update(spec)
    case.update({
        "model": norm_model_json(params, bn),
        "inputs": [[float(v) for v in row] for row in np.asarray(x)],
        "labels": labels_json(y_raw, problem),
    })
    to64 = lambda t: tuple(jnp.asarray(v, jnp.float64) for v in t)  # noqa: E731
    params = [to64(p) for p in params]
    bn = [to64(b) for b in bn] if bn else None
    return case, spec, params, bn, x, y


def affine_of(bn, sizes):
    if bn is None:  # unused placeholders keep the tree's shape
        return [(jnp.ones(w), jnp.zeros(w)) for w in sizes[1:-1]]
    return [(g, b) for g, b, _, _ in bn]


def make_norm_forward():
    cases = []
    for i, plan in enumerate(NORM_FORWARD_PLAN):
        rng = np.random.default_rng([SEED, 5, i])
        case, spec, params, bn, x, y = norm_case(rng, plan, "")
        rate = spec["dropout"]
        masks = draw_masks(rng, spec["sizes"], N_NORM, rate) if rate > 0 else None
        objective = norm_fns(spec, masks)
        affine = affine_of(bn, spec["sizes"])
        tree = (params, affine)
        z, stats = norm_forward(params, affine, x, masks, spec["activation"], spec["batchNorm"])
        o = head(z, spec["problem"], spec["loss"])
        obj, (g_params, g_affine) = jax.value_and_grad(objective)(tree, x, y)
        pen = penalty(params, spec["regularization"]["kind"], spec["regularization"]["rate"])
        if i < 3:
            finite_difference_check_tree(objective, tree, x, y)
        grads = model_json(g_params)
        if bn is not None:
            for l, (gg, gb) in enumerate(g_affine):
                grads["layers"][l]["batchNorm"] = {
                    "gamma": [float(v) for v in np.asarray(gg)],
                    "beta": [float(v) for v in np.asarray(gb)]}
        o = np.asarray(o)
        case.update({
            "masks": flat_masks(masks, N_NORM),
            "outputs": [[float(v) for v in row] for row in o]
            if o.ndim == 2 else [[float(v)] for v in o],
            "meanLoss": float(obj - pen),
            "objective": float(obj),
            "gradients": grads,
            "evalOutputs": [[float(v) for v in row] for row in np.asarray(
                head(norm_eval(params, bn, x, spec["activation"]), spec["problem"],
                     spec["loss"])).reshape(N_NORM, -1)],
        })
        if bn is not None:
            case["batchMean"] = [float(v) for mu, _ in stats for v in np.asarray(mu)]
            case["batchVar"] = [float(v) for _, var in stats for v in np.asarray(var)]
            after = running_after([tuple(np.asarray(v) for v in b) for b in bn], stats, N_NORM)
            case["runningMean"] = [float(v) for b in after for v in b[2]]
            case["runningVar"] = [float(v) for b in after for v in b[3]]
        cases.append(case)
    return cases


def finite_difference_check_tree(objective, tree, x, y, h=1e-6):
    """jax.grad vs float64 central differences on every weight, bias, γ and β."""
    grads = jax.grad(objective)(tree, x, y)
    leaves, treedef = jax.tree_util.tree_flatten(tree)
    g_leaves = jax.tree_util.tree_leaves(grads)
    worst = 0.0
    for li, leaf in enumerate(leaves):
        a = np.asarray(leaf)
        for idx in np.ndindex(a.shape):
            def at(delta):
                ls = [np.array(v) for v in leaves]
                ls[li][idx] += delta
                return float(objective(jax.tree_util.tree_unflatten(
                    treedef, [jnp.asarray(v) for v in ls]), x, y))
            fd = (at(h) - at(-h)) / (2 * h)
            worst = max(worst, abs(fd - np.asarray(g_leaves[li])[idx]) / max(1.0, abs(fd)))
    assert worst < 1e-7, worst


def make_norm_trajectories():
    trajs = []
    global OPT_HYPER
    # The hyperparameters as the engine holds them (f32), so that the f64
    # engine can follow these trajectories tightly too.
    hyper64, OPT_HYPER = OPT_HYPER, {k: float(np.float32(v)) for k, v in OPT_HYPER.items()}
    for oi, (kind, plan) in enumerate(NORM_TRAJ_PLAN.items()):
        lr = float(np.float32(LEARNING_RATES[kind]))
        rng = np.random.default_rng([SEED, 6, oi])
        case, spec, params, bn, x, y = norm_case(rng, plan, kind + "/")
        rate, sizes = spec["dropout"], spec["sizes"]
        case["optimizer"] = dict({"kind": kind, "learningRate": lr}, **OPT_HYPER)
        tree = (params, affine_of(bn, sizes))
        opt = optax_optimizer(kind, lr)
        state = opt.init(tree)
        running = [(np.asarray(b[2]), np.asarray(b[3])) for b in bn] if bn else None
        objectives, models, all_masks = [], [], []
        for t in range(STEPS):
            masks = draw_masks(rng, sizes, N_NORM, rate) if rate > 0 else None
            all_masks.append(flat_masks(masks, N_NORM))
            objective = norm_fns(spec, masks)
            obj, g = jax.value_and_grad(objective)(tree, x, y)
            _, stats = norm_forward(tree[0], tree[1], x, masks, spec["activation"],
                                    spec["batchNorm"])
            objectives.append(float(obj))
            updates, state = opt.update(g, state, tree)
            tree = optax.apply_updates(tree, updates)
            if running is not None:
                running = [(r[2], r[3]) for r in running_after(
                    [(None, None, rm, rv) for rm, rv in running], stats, N_NORM)]
                cur = [(g_, b_, rm, rv) for (g_, b_), (rm, rv) in zip(tree[1], running)]
            else:
                cur = None
            models.append(norm_model_json(tree[0], cur))
        assert all(np.isfinite(objectives)), case["name"]
        case.update({"masks": all_masks if rate > 0 else None,
                     "objectives": objectives, "models": models})
        trajs.append(case)
    OPT_HYPER = hyper64
    return trajs


def write_norm():
    forward = make_norm_forward()
    trajectories = make_norm_trajectories()
    write_json(NORM_OUT, {
        "generator": "make_fixtures.py",
        "jax": jax.__version__,
        "optax": optax.__version__,
        "forward": forward,
        "trajectories": trajectories,
    })
    print("norm.json: {} forward cases, {} trajectories x {} steps, {} bytes".format(
        len(forward), len(trajectories), STEPS, os.path.getsize(NORM_OUT)))


# ---------------------------------------------------------------- main

def main():
    if "--norm-only" in sys.argv:
        write_norm()
        return
    if "--saturated-only" not in sys.argv:
        write_main()
    write_saturated()
    write_norm()


def write_main():
    check_activations()
    forward, fd_checked, huber_linear = make_forward()
    trajectories, opt_checks = make_trajectories()
    doc = {
        "generator": "make_fixtures.py",
        "jax": jax.__version__,
        "optax": optax.__version__,
        "forward": forward,
        "trajectories": trajectories,
    }
    write_json(OUT, doc)
    size = os.path.getsize(OUT)
    print("fixtures.json: {} forward cases, {} trajectories x {} steps, {} bytes; "
          "jax {} optax {}; finite-difference checks {} (worst rel err {:.1e}); "
          "optax vs PyTorch formulas worst {:.1e}; huber |r|>1 samples {}".format(
              len(forward), len(trajectories), STEPS, size, jax.__version__,
              optax.__version__, len(fd_checked), max(e for _, e in fd_checked),
              max(opt_checks.values()), huber_linear))


def write_saturated():
    saturated, worst_z = make_saturated_forward()
    sat_trajectories = make_saturated_trajectories()
    write_json(SAT_OUT, {
        "generator": "make_fixtures.py",
        "jax": jax.__version__,
        "optax": optax.__version__,
        "forward": saturated,
        "trajectories": sat_trajectories,
    })
    print("saturated.json: {} forward cases (largest |z| {:.2f}), {} trajectories "
          "x {} steps, {} bytes".format(len(saturated), worst_z, len(sat_trajectories),
                                         STEPS, os.path.getsize(SAT_OUT)))


if __name__ == "__main__":
    main()
