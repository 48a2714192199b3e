#!/usr/bin/env python3
"""The PyTorch side of bench/run.sh: the same Fashion-MNIST models, trained the same way.

Usage: torch_reference.py mlp|cnn|lstm [--epochs N] [--batch 128] [--threads 2] [--data datasets/fashion-mnist]
Prints one JSON line: first epoch seconds, steady-state samples/s (epochs after the first), test accuracy,
peak RSS, and the time from process start to the first training iteration.
"""
import argparse
import gzip
import json
import os
import resource
import time

START = time.time()

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402


def idx(path):
    for name in (path, path + ".gz"):
        if os.path.exists(name):
            with (gzip.open(name) if name.endswith(".gz") else open(name, "rb")) as f:
                data = f.read()
            dims = data[3]
            shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
            return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)
    raise FileNotFoundError(path)


def model(kind):
    if kind == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                             nn.Linear(128, 10))
    if kind == "cnn":
        return nn.Sequential(nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(32, 64, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                             nn.Linear(64 * 5 * 5, 256), nn.ReLU(), nn.Linear(256, 10))

    class Lstm(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(28, 128, batch_first=True)
            self.out = nn.Linear(128, 10)

        def forward(self, x):
            steps, _ = self.lstm(x.view(-1, 28, 28))
            return self.out(steps[:, -1])
    return Lstm()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model", choices=["mlp", "cnn", "lstm"])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data", default="datasets/fashion-mnist")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)

    x = torch.from_numpy(idx(os.path.join(args.data, "train-images-idx3-ubyte")).astype(np.float32) / 255)
    y = torch.from_numpy(idx(os.path.join(args.data, "train-labels-idx1-ubyte")).astype(np.int64))
    tx = torch.from_numpy(idx(os.path.join(args.data, "t10k-images-idx3-ubyte")).astype(np.float32) / 255)
    ty = torch.from_numpy(idx(os.path.join(args.data, "t10k-labels-idx1-ubyte")).astype(np.int64))
    # As dlx with validation_split 0.1: 54,000 training examples.
    order = torch.randperm(len(x))
    x, y = x[order[:54000]].unsqueeze(1), y[order[:54000]]
    tx = tx.unsqueeze(1)

    net = model(args.model)
    optimizer = torch.optim.Adam(net.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()
    epochs, first_iteration = [], None
    for epoch in range(args.epochs):
        net.train()
        permutation = torch.randperm(len(x))
        start = time.time()
        for i in range(0, len(x), args.batch):
            batch = permutation[i:i + args.batch]
            optimizer.zero_grad()
            loss_fn(net(x[batch]), y[batch]).backward()
            optimizer.step()
            if first_iteration is None:
                first_iteration = time.time() - START
        epochs.append(time.time() - start)
    net.eval()
    with torch.no_grad():
        accuracy = sum((net(tx[i:i + 1000]).argmax(1) == ty[i:i + 1000]).sum().item()
                       for i in range(0, len(tx), 1000)) / len(tx)
    steady = epochs[1:] or epochs
    print(json.dumps({
        "tool": "pytorch " + torch.__version__, "model": args.model, "threads": args.threads, "batch": args.batch,
        "first_epoch_s": round(epochs[0], 2),
        "steady_samples_per_s": round(len(x) * len(steady) / sum(steady)),
        "launch_to_first_iteration_s": round(first_iteration, 2),
        "test_accuracy": round(accuracy, 4),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }))


if __name__ == "__main__":
    main()
