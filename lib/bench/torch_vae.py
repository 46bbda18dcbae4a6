#!/usr/bin/python3
"""The PyTorch side of `./lecture bench`: the reference VAE of lib/bench/REFERENCE.md, trained
epoch by epoch on command, so the Java benchmark can alternate the two in one run.

Model, data and batching as the Java library: MNIST IDX read raw, pixels / 255 as float32
(no binarisation; the benchmark's protocol, whose Bernoulli "likelihood" on grey levels is not
normalised), a fresh shuffle per epoch, batches of 128 with the last partial batch kept;
784 -> 400 (ReLU) -> (mu 20, logvar 20), z = mu + exp(logvar / 2) * eps, 20 -> 400 (ReLU) -> 784
logits; loss = summed binary cross-entropy + analytic KL; Adam, lr 1e-3; seed 1.

Threads: PyTorch's best setting on our 2-core machines is torch 1 thread with OpenBLAS on 2
threads (REFERENCE.md: about 3.3 s per epoch; torch on 2 threads fights OpenBLAS and takes ~10 s).
OPENBLAS_NUM_THREADS must be set before torch is imported, so it is set here.

Protocol (one line per command on stdin, one JSON line per answer on stdout):
  epoch       train one epoch; answer {"epoch", "seconds", "step_ms": [...], "train_loss", "test_loss",
              "test_loss_first_2000"} (test losses with one z per image)
  iwae K N    importance-weighted log p(x), K samples, first N test images, float64; answer {"seconds", "value"}
  quit        answer {"peak_rss_mb"} and exit
Run with --epochs E to train E epochs non-interactively (prints the same JSON lines), with --probe
to print only the BLAS in use, its product check and the GFLOP/s of the largest product.

The notebooks' protocol, binarised MNIST (add --binarised to --epochs E): every training batch is
drawn afresh, x ~ Bernoulli(grey level), from a generator seeded with 1; the test images are drawn
once from a generator seeded with the recorded TEST_BINARISATION_SEED (the Java library's default
seed number, but PyTorch's generator, so other bits than Java's: the same protocol, another draw).
Then --iwae K estimates log p(x) on all 10 000 binary test images with K importance samples each
(Burda et al.'s protocol: log-mean-exp of K log-weights per image, averaged over the images) and
prints L_k for k = 1, 10, 100, 1000 and K from the first k of the same K samples (each an unbiased
estimate of its L_k, as the first k samples are independent draws). The networks run in float32,
the log-weights and the log-mean-exp in float64.
"""
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")

import json
import math
import resource
import struct
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

TORCH_THREADS = int(os.environ.get("VAE_TORCH_THREADS", "1"))
BATCH = 128
TEST_BINARISATION_SEED = 2016
QUICK_TEST_IMAGES = 2000  # the notebooks' quick mode tests on the first 2000 test images
INPUT, HIDDEN, LATENT = 784, 400, 20


def read_images(path):
    with open(path, "rb") as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 2051:
            raise ValueError(f"{path}: magic {magic}, expected 2051")
        data = np.frombuffer(f.read(), dtype=np.uint8)
    return torch.from_numpy(data.reshape(n, rows * cols).astype(np.float32) / 255.0)


def data_dir():
    env = os.environ.get("VAE_DATA_DIR")
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, "..", "..", "data", "mnist")


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder_hidden = nn.Linear(INPUT, HIDDEN)
        self.encoder_mu = nn.Linear(HIDDEN, LATENT)
        self.encoder_logvar = nn.Linear(HIDDEN, LATENT)
        self.decoder_hidden = nn.Linear(LATENT, HIDDEN)
        self.decoder_out = nn.Linear(HIDDEN, INPUT)

    def encode(self, x):
        h = F.relu(self.encoder_hidden(x))
        return self.encoder_mu(h), self.encoder_logvar(h)

    def reparameterize(self, mu, logvar):
        return mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)

    def decode(self, z):
        return self.decoder_out(F.relu(self.decoder_hidden(z)))  # logits

    def forward(self, x):
        mu, logvar = self.encode(x)
        return self.decode(self.reparameterize(mu, logvar)), mu, logvar


def loss_function(logits, x, mu, logvar):
    bce = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    # Kingma and Welling, appendix B: -0.5 * sum(1 + log(sigma^2) - mu^2 - sigma^2)
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce + kld


class Run:
    def __init__(self, binarised=False):
        torch.manual_seed(1)
        torch.set_num_threads(TORCH_THREADS)
        d = data_dir()
        self.train = read_images(os.path.join(d, "train-images-idx3-ubyte"))
        self.test = read_images(os.path.join(d, "t10k-images-idx3-ubyte"))
        self.binarisation = None
        if binarised:
            self.binarisation = torch.Generator().manual_seed(1)  # training draws: fresh every batch
            self.test = torch.bernoulli(self.test, generator=torch.Generator().manual_seed(TEST_BINARISATION_SEED))
        self.model = VAE()
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=1e-3)
        self.epochs = 0

    def epoch(self):
        self.epochs += 1
        model, opt, train = self.model, self.optimizer, self.train
        model.train()
        n = train.shape[0]
        steps = []
        total = 0.0
        start = time.perf_counter()
        order = torch.randperm(n)
        for b in range(0, n, BATCH):
            t0 = time.perf_counter()
            x = train[order[b:b + BATCH]]
            if self.binarisation is not None:
                x = torch.bernoulli(x, generator=self.binarisation)
            opt.zero_grad()
            logits, mu, logvar = model(x)
            loss = loss_function(logits, x, mu, logvar)
            loss.backward()
            opt.step()
            total += loss.item()
            steps.append((time.perf_counter() - t0) * 1e3)
        seconds = time.perf_counter() - start
        model.eval()
        test_total, first_total = 0.0, 0.0
        with torch.no_grad():
            for b in range(0, self.test.shape[0], BATCH):
                x = self.test[b:b + BATCH]
                logits, mu, logvar = model(x)
                test_total += loss_function(logits, x, mu, logvar).item()
                if b + BATCH <= QUICK_TEST_IMAGES:  # 2000 = 15 batches of 128 + 80: the partial one below
                    first_total += loss_function(logits, x, mu, logvar).item()
                elif b < QUICK_TEST_IMAGES:
                    m = QUICK_TEST_IMAGES - b
                    first_total += loss_function(logits[:m], x[:m], mu[:m], logvar[:m]).item()
        return {"epoch": self.epochs, "seconds": seconds, "step_ms": steps,
                "train_loss": total / n, "test_loss": test_total / self.test.shape[0],
                "test_loss_first_2000": first_total / QUICK_TEST_IMAGES}

    def iwae(self, k, count):
        model = self.model.double()
        start = time.perf_counter()
        values = []
        with torch.no_grad():
            x_all = self.test[:count].double()
            mu_all, logvar_all = model.encode(x_all)
            for i in range(count):
                x, mu, logvar = x_all[i:i + 1], mu_all[i:i + 1], logvar_all[i:i + 1]
                std = torch.exp(0.5 * logvar)
                eps = torch.randn(k, LATENT, dtype=torch.float64)
                z = mu + std * eps
                logits = model.decode(z)
                log_px_z = -F.binary_cross_entropy_with_logits(logits, x.expand(k, -1), reduction="none").sum(1)
                log_pz = (-0.5 * (math.log(2 * math.pi) + z * z)).sum(1)
                log_qz = (-0.5 * (math.log(2 * math.pi) + logvar + eps * eps)).sum(1)
                log_w = log_px_z + log_pz - log_qz
                values.append((torch.logsumexp(log_w, 0) - math.log(k)).item())
        self.model = model.float()
        return {"seconds": time.perf_counter() - start, "value": sum(values) / len(values)}


    def iwae_all(self, k_max, ks):
        """L_k for every k in ks (<= k_max) on all test images, from the first k of k_max samples per image."""
        model = self.model
        start = time.perf_counter()
        sums = {k: 0.0 for k in ks}
        count = self.test.shape[0]
        with torch.no_grad():
            mu_all, logvar_all = model.encode(self.test)
            for i in range(count):
                x, mu, logvar = self.test[i:i + 1], mu_all[i:i + 1], logvar_all[i:i + 1]
                eps = torch.randn(k_max, LATENT)
                z = mu + torch.exp(0.5 * logvar) * eps
                logits = model.decode(z)
                log_px_z = -F.binary_cross_entropy_with_logits(logits, x.expand(k_max, -1), reduction="none").double().sum(1)
                z64, eps64, logvar64 = z.double(), eps.double(), logvar.double()
                log_pz = (-0.5 * (math.log(2 * math.pi) + z64 * z64)).sum(1)
                log_qz = (-0.5 * (math.log(2 * math.pi) + logvar64 + eps64 * eps64)).sum(1)
                log_w = log_px_z + log_pz - log_qz
                for k in ks:
                    sums[k] += (torch.logsumexp(log_w[:k], 0) - math.log(k)).item()
        return {"seconds": time.perf_counter() - start, "images": count,
                "L_k": {str(k): sums[k] / count for k in ks}}


def blas_in_use():
    """Which BLAS this process has loaded, read from /proc/self/maps after a product has run:
    PyTorch links Debian's libblas.so.3, which the alternatives system points at the reference
    BLAS unless an OpenBLAS package is installed. For OpenBLAS also its version and the kernel it
    chose for this processor (openblas_get_corename), which OPENBLAS_CORETYPE overrides."""
    import ctypes
    torch.ones(64, 64) @ torch.ones(64, 64)  # make sure the BLAS is loaded
    paths = set()
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            if "blas" in os.path.basename(path).lower():
                paths.add(os.path.realpath(path))
    info = {"blas_files": sorted(paths), "blas": "unknown", "openblas_core": None, "openblas_config": None}
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
        except (OSError, AttributeError):
            continue
        info["blas"] = "openblas"
        info["openblas_core"] = lib.openblas_get_corename().decode()
        info["openblas_config"] = lib.openblas_get_config().decode().strip()
        break
    else:
        if any("/blas/" in p or "libblas" in os.path.basename(p) for p in paths):
            info["blas"] = "reference"
    info["openblas_coretype_env"] = os.environ.get("OPENBLAS_CORETYPE")
    info["blas_check_max_rel_error"] = blas_check()
    return info


def blas_check():
    """The largest relative error of the training step's biggest product (128x784 by 784x400,
    float32) against the same product in float64, elementwise relative to the float64 sum of
    absolute terms: a BLAS kernel that computes wrong results on this processor shows here
    (float32 rounding alone stays below about 1e-6)."""
    g = torch.Generator().manual_seed(7)
    a, b = torch.rand(128, 784, generator=g) - 0.5, torch.rand(784, 400, generator=g) - 0.5
    exact = a.double() @ b.double()
    scale = a.double().abs() @ b.double().abs()
    return float(((a @ b).double() - exact).abs().div(scale).max())


def product_gflops(seconds=1.0):
    """GFLOP/s of the training step's biggest product (128x784 by 784x400, float32) on
    PyTorch's threads, timed for about `seconds` after a warm-up: to compare OpenBLAS kernels."""
    a, b = torch.rand(128, 784), torch.rand(784, 400)
    for _ in range(20):
        a @ b
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(50):
            a @ b
        count += 50
    return 2 * 128 * 784 * 400 * count / (time.perf_counter() - start) / 1e9


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    args = sys.argv[1:]
    binarised = "--binarised" in args
    iwae_k = int(args[args.index("--iwae") + 1]) if "--iwae" in args else 0
    say = lambda obj: print(json.dumps(obj), flush=True)
    if args[:1] == ["--probe"]:
        say({**blas_in_use(), "product_gflops": product_gflops()})
        return
    run = Run(binarised=binarised)
    if len(args) > 1 and args[0] == "--epochs":
        say({"torch": torch.__version__, "binarised": binarised, **blas_in_use(),
             "test_binarisation_seed": TEST_BINARISATION_SEED if binarised else None})
        for _ in range(int(args[1])):
            r = run.epoch()
            r["step_ms"] = sorted(r["step_ms"])[len(r["step_ms"]) // 2]
            say(r)
        if iwae_k:
            say(run.iwae_all(iwae_k, sorted({k for k in (1, 10, 100, 1000, iwae_k) if k <= iwae_k})))
        say({"peak_rss_mb": peak_rss_mb()})
        return
    say({"ready": True, "torch": torch.__version__, "torch_threads": torch.get_num_threads(),
         "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS"), **blas_in_use()})
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        if cmd[0] == "epoch":
            say(run.epoch())
        elif cmd[0] == "iwae":
            say(run.iwae(int(cmd[1]), int(cmd[2])))
        elif cmd[0] == "quit":
            say({"peak_rss_mb": peak_rss_mb()})
            return
        else:
            say({"error": f"unknown command {cmd[0]!r}"})


if __name__ == "__main__":
    main()
