
ACTIVATIONS = {
    "linear": nn.Identity,
    "relu": nn.ReLU,
    "leakyRelu": lambda: nn.LeakyReLU(0.01),
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "elu": lambda: nn.ELU(1.0),
    "softplus": nn.Softplus,
    "swish": nn.SiLU,
    "gelu": lambda: nn.GELU(approximate="tanh"),
}


def features(x1, x2):
    """The selected features of the points, side by side [N, F] (float32)."""
    x1, x2 = x1.double(), x2.double()
    table = {
        "x1": lambda: x1,
        "x2": lambda: x2,
        "x1Squared": lambda: x1 * x1,
        "x2Squared": lambda: x2 * x2,
        "x1x2": lambda: x1 * x2,
        "sinX1": lambda: torch.sin(x1),
        "sinX2": lambda: torch.sin(x2),
        "cosX1": lambda: torch.cos(x1),
        "cosX2": lambda: torch.cos(x2),
    }
    return torch.stack([table[name]() for name in FEATURES], dim=1).float()


def build():
    """The layers with torch.nn, holding WEIGHTS."""
    modules = []
    tensor = lambda v: torch.tensor(v, dtype=torch.float32)  # noqa: E731
    for i, (weight, bias, norm) in enumerate(WEIGHTS):
        linear = nn.Linear(len(weight[0]), len(weight))
        with torch.no_grad():
            linear.weight.copy_(tensor(weight))
            linear.bias.copy_(tensor(bias))
        modules.append(linear)
        if norm is not None:
            bn = nn.BatchNorm1d(len(weight), eps=1e-5, momentum=0.1)
            with torch.no_grad():
                for target, values in zip((bn.weight, bn.bias, bn.running_mean, bn.running_var), norm):
                    target.copy_(tensor(values))
            linear.bias.register_hook(torch.zeros_like)
            modules.append(bn)
        if i < len(WEIGHTS) - 1:
            modules.append(ACTIVATIONS[ACTIVATION]())
            if DROPOUT > 0:
                modules.append(nn.Dropout(DROPOUT))
    return nn.Sequential(*modules)


def output(z):
    """What predict() shows: the head's transform of the last layer's z."""
    if HEAD == "tanh-squared":
        return torch.tanh(z)
    if HEAD == "sigmoid-cross-entropy":
        return torch.sigmoid(z)
    if HEAD == "softmax-cross-entropy":
        return torch.softmax(z, dim=1)
    return z


def losses(z, y):
    """Each sample's loss, from the logits z and the labels y."""
    if HEAD == "tanh-squared":
        return 0.5 * (torch.tanh(z[:, 0]) - y) ** 2
    if HEAD == "sigmoid-cross-entropy":
        return F.binary_cross_entropy_with_logits(z[:, 0], (y + 1) / 2, reduction="none")
    if HEAD == "softmax-cross-entropy":
        return F.cross_entropy(z, y.long(), reduction="none")
    if HEAD == "linear-huber":
        return F.huber_loss(z[:, 0], y, delta=1.0, reduction="none")
    return 0.5 * (z[:, 0] - y) ** 2


def penalty(model):
    """L1 rate sum |w| or L2 (rate / 2) sum w^2, over weights, not biases."""
    weights = [m.weight for m in model if isinstance(m, nn.Linear)]
    if PENALTY == "l1":
        return PENALTY_RATE * sum(w.abs().sum() for w in weights)
    if PENALTY == "l2":
        return 0.5 * PENALTY_RATE * sum((w * w).sum() for w in weights)
    return torch.zeros(())


def optimizer(params):
    if OPTIMIZER == "momentum":
        return torch.optim.SGD(params, lr=LEARNING_RATE, momentum=MOMENTUM)
    if OPTIMIZER == "nesterov":
        return torch.optim.SGD(params, lr=LEARNING_RATE, momentum=MOMENTUM, nesterov=True)
    if OPTIMIZER == "rmsprop":
        return torch.optim.RMSprop(params, lr=LEARNING_RATE, alpha=RMSPROP_ALPHA, eps=EPS)
    if OPTIMIZER == "adam":
        return torch.optim.Adam(params, lr=LEARNING_RATE, betas=BETAS, eps=EPS)
    return torch.optim.SGD(params, lr=LEARNING_RATE)


def accuracy(out, y):
    """The share classified right; None for regression."""
    if HEAD == "tanh-squared":
        right = (out[:, 0] >= 0) == (y > 0)
    elif HEAD == "sigmoid-cross-entropy":
        right = (out[:, 0] >= 0.5) == (y > 0)
    elif HEAD == "softmax-cross-entropy":
        right = out.argmax(dim=1) == y.long()
    else:
        return None
    return right.float().mean().item()


def split(test):
    rows = [p for p in POINTS if bool(p[3]) == test]
    xy = torch.tensor([(p[0], p[1]) for p in rows], dtype=torch.float32).reshape(-1, 2)
    y = torch.tensor([p[2] for p in rows], dtype=torch.float32)
    return features(xy[:, 0], xy[:, 1]), y


def evaluate(model, x, y):
    """Mean loss (no penalty) and accuracy, as nnplay's loss() reports them."""
    if len(y) == 0:
        return 0.0, None
    model.eval()  # batch norm's running estimates, no dropout
    with torch.no_grad():
        z = model(x)
    model.train()
    return losses(z, y).mean().item(), accuracy(output(z), y)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--steps", type=int, default=None, help="stop after this many updates")
    parser.add_argument("--step-losses", action="store_true", help="print each update's objective")
    args = parser.parse_args()
    torch.manual_seed(SEED)
    model = build()
    model.train()
    opt = optimizer(model.parameters())
    x_train, y_train = split(False)
    x_test, y_test = split(True)
    n = len(y_train)
    if n == 0:
        sys.exit("no training points")
    steps = 0
    for epoch in range(1, args.epochs + 1):
        # nnplay shuffles with its own generator: with SHUFFLE the order differs.
        order = torch.randperm(n) if SHUFFLE else torch.arange(n)
        if WEIGHTS[0][2] is not None and n > 1 and n % BATCH_SIZE == 1:
            order = order[:-1]  # batch norm cannot train on a lone point
        for start in range(0, n, BATCH_SIZE):
            batch = order[start:start + BATCH_SIZE]
            opt.zero_grad()
            objective = losses(model(x_train[batch]), y_train[batch]).mean() + penalty(model)
            objective.backward()
            opt.step()
            steps += 1
            if args.step_losses:
                print(f"step {steps}: objective {objective.item()!r}")
            if args.steps is not None and steps >= args.steps:
                break
        train, _ = evaluate(model, x_train, y_train)
        test, _ = evaluate(model, x_test, y_test)
        print(f"epoch {epoch}: train loss {train:.6f}, test loss {test:.6f}")
        if args.steps is not None and steps >= args.steps:
            break
    _, train_acc = evaluate(model, x_train, y_train)
    _, test_acc = evaluate(model, x_test, y_test)
    if train_acc is None:
        print("accuracy: none (regression)")
    else:
        test_text = "none" if test_acc is None else f"{test_acc:.4f}"
        print(f"accuracy: train {train_acc:.4f}, test {test_text}")


if __name__ == "__main__":
    main()
