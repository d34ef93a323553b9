#!/usr/bin/env python3
"""The PyTorch side of benchmarks/compare: the reference workload as an idiomatic PyTorch loop.

Fashion-MNIST, a 784-128-10 network (Linear, Sigmoid, Linear), CrossEntropyLoss on the logits (the softmax
output of vecprop is inside the loss), plain torch.optim.SGD (no momentum, no weight decay), the data
shuffled every epoch from a fixed seed, test accuracy after every epoch. Tensors on the CPU.

The IDX files are read with gzip and numpy, so torchvision is not needed.

Each epoch prints one line (a JSON object with --json): the mean training loss and training accuracy
(each sample measured by the forward pass that trained on it, as vecprop does), the test accuracy, the
training seconds of the epoch (the loop over the batches only), the evaluation seconds, and the seconds
since the start of training (the first epoch; after reading the data and building the model), which
include the evaluations.
"""

import argparse
import gzip
import json
import os
import resource
import sys
import time

import numpy as np

DEFAULT_DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    """An IDX file of unsigned bytes (images or labels) as a numpy array of its shape."""
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f"{path}: not an IDX file of unsigned bytes")
    rank = data[3]
    shape = tuple(int(d) for d in np.frombuffer(data, dtype=">u4", count=rank, offset=4))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(shape)


def load(data_dir, scaling):
    """Training and test features (float32, rows of 784) and labels (int64), scaled as vecprop would."""
    x_train = read_idx(os.path.join(data_dir, "train-images-idx3-ubyte.gz"))
    y_train = read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte.gz"))
    x_test = read_idx(os.path.join(data_dir, "t10k-images-idx3-ubyte.gz"))
    y_test = read_idx(os.path.join(data_dir, "t10k-labels-idx1-ubyte.gz"))
    x_train = x_train.reshape(len(x_train), -1).astype(np.float32)
    x_test = x_test.reshape(len(x_test), -1).astype(np.float32)
    if scaling == "minmax":
        # vecprop's default (--scale minmax): per feature, offset the training minimum and divide by the
        # training range (a feature of range 0 is left unscaled). On Fashion-MNIST every pixel's minimum
        # is 0, but 54 border pixels never reach 255 in the training images, so this is /255 except there.
        lo = x_train.min(axis=0)
        span = x_train.max(axis=0) - lo
        scale = np.where(span > 0, 1.0 / np.where(span > 0, span, 1), 1).astype(np.float32)
        x_train = (x_train - lo) * scale
        x_test = (x_test - lo) * scale
    elif scaling == "255":
        x_train /= 255
        x_test /= 255
    return x_train, y_train.astype(np.int64), x_test, y_test.astype(np.int64)


def loaded_blas():
    """The BLAS libraries this process has mapped (torch's, once it is imported), from /proc/self/maps."""
    if not os.path.exists("/proc/self/maps"):
        return []
    return sorted({line.split()[-1] for line in open("/proc/self/maps") if "blas" in line.lower()
                   and line.split()[-1].startswith("/")})


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data-dir", default=DEFAULT_DATA, help="folder of the four Fashion-MNIST .gz files")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--seed", type=int, default=1, help="seed of the initial weights and of the shuffling")
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads")
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--scaling", choices=["minmax", "255"], default="minmax",
                   help="minmax: per pixel over the training images, as vecprop's default; 255: x / 255")
    p.add_argument("--no-test", action="store_true", help="no test evaluation (throughput runs)")
    p.add_argument("--stop-at", type=float, default=None,
                   help="stop after the first epoch whose test accuracy is at least this")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--blas", action="store_true",
                   help="import torch, print the BLAS libraries it loaded as a JSON list, and exit")
    a = p.parse_args()

    t_process = time.perf_counter()
    # torch.set_num_threads sets the threads of ATen's own loops (OpenMP), but a build whose matrix products
    # go to a separate BLAS (Debian's python3-torch: BLAS_INFO=generic, i.e. OpenBLAS through the
    # libblas.so.3 alternative, with its own thread pool of one thread per core) does not tell that BLAS.
    # So that --threads N means N threads for the whole computation, the BLAS is told too, before it loads.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ[var] = str(a.threads)
    import torch
    from torch import nn

    if a.blas:
        print(json.dumps(loaded_blas()))
        return
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    x_train, y_train, x_test, y_test = load(a.data_dir, a.scaling)
    x_train, y_train = torch.from_numpy(x_train), torch.from_numpy(y_train)
    x_test, y_test = torch.from_numpy(x_test), torch.from_numpy(y_test)
    n = len(x_train)

    model = nn.Sequential(nn.Linear(x_train.shape[1], a.hidden), nn.Sigmoid(), nn.Linear(a.hidden, 10))
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=a.lr)
    shuffle = torch.Generator().manual_seed(a.seed)

    def emit(obj, text):
        print(json.dumps(obj) if a.json else text, flush=True)

    emit({"start": True, "torch": torch.__version__, "threads": torch.get_num_threads(), "blas": loaded_blas(),
          "train": n, "test": len(x_test), "batch": a.batch, "lr": a.lr, "seed": a.seed,
          "setup_s": time.perf_counter() - t_process},
         f"torch {torch.__version__}, {torch.get_num_threads()} threads, {n} training and {len(x_test)} test "
         f"samples, 784-{a.hidden}-10, batch {a.batch}, lr {a.lr}, seed {a.seed}\n"
         f"{'epoch':>5} {'loss':>10} {'train acc':>10} {'test acc':>10} {'samples/s':>12} {'train s':>9} "
         f"{'eval s':>8} {'elapsed':>9}")

    start = time.perf_counter()
    for epoch in range(1, a.epochs + 1):
        model.train()
        order = torch.randperm(n, generator=shuffle)  # outside the epoch's training time, as in vecprop
        t0 = time.perf_counter()
        loss_sum = torch.zeros((), dtype=torch.float64)
        correct = torch.zeros((), dtype=torch.int64)
        for b0 in range(0, n, a.batch):
            idx = order[b0:b0 + a.batch]
            xb, yb = x_train[idx], y_train[idx]
            logits = model(xb)
            loss = loss_fn(logits, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():
                loss_sum += loss.detach() * len(idx)
                correct += (logits.argmax(1) == yb).sum()
        train_s = time.perf_counter() - t0
        row = {"epoch": epoch, "loss": loss_sum.item() / n, "train_acc": correct.item() / n,
               "train_s": train_s, "samples_per_s": n / train_s}
        test_acc = None
        eval_s = 0.0
        if not a.no_test:
            t1 = time.perf_counter()
            model.eval()
            with torch.inference_mode():
                test_acc = (model(x_test).argmax(1) == y_test).float().mean().item()
            eval_s = time.perf_counter() - t1
        elapsed = time.perf_counter() - start
        row.update({"test_acc": test_acc, "eval_s": eval_s, "elapsed_s": elapsed})
        emit(row, f"{epoch:5d} {row['loss']:10.4f} {row['train_acc']:10.4f} "
                  f"{'' if test_acc is None else format(test_acc, '.4f'):>10} {row['samples_per_s']:12.0f} "
                  f"{train_s:9.3f} {eval_s:8.3f} {elapsed:8.2f}s")
        if a.stop_at is not None and test_acc is not None and test_acc >= a.stop_at:
            break
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    emit({"done": True, "peak_rss_kib": peak_kib}, f"peak RSS {peak_kib / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
