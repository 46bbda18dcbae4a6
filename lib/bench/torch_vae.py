#!/usr/bin/python3
"""The PyTorch side of `./lecture bench`: the reference VAE of shared/REFERENCE.md, trained
epoch by epoch on command, so the Java benchmark can alternate the two in one run.

Model, data and batching as the Java library: MNIST IDX read raw, pixels / 255 as float32
(no binarisation), a fresh shuffle per epoch, batches of 128 with the last partial batch kept;
784 -> 400 (ReLU) -> (mu 20, logvar 20), z = mu + exp(logvar / 2) * eps, 20 -> 400 (ReLU) -> 784
logits; loss = summed binary cross-entropy + analytic KL; Adam, lr 1e-3; seed 1.

Threads: PyTorch's best setting on our 2-core machines is torch 1 thread with OpenBLAS on 2
threads (REFERENCE.md: about 3.3 s per epoch; torch on 2 threads fights OpenBLAS and takes ~10 s).
OPENBLAS_NUM_THREADS must be set before torch is imported, so it is set here.

Protocol (one line per command on stdin, one JSON line per answer on stdout):
  epoch       train one epoch; answer {"epoch", "seconds", "step_ms": [...], "train_loss", "test_loss"}
  iwae K N    importance-weighted log p(x), K samples, first N test images, float64; answer {"seconds", "value"}
  quit        answer {"peak_rss_mb"} and exit
Run with --epochs E to train E epochs non-interactively (prints the same JSON lines).
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
    def __init__(self):
        torch.manual_seed(1)
        torch.set_num_threads(TORCH_THREADS)
        d = data_dir()
        self.train = read_images(os.path.join(d, "train-images-idx3-ubyte"))
        self.test = read_images(os.path.join(d, "t10k-images-idx3-ubyte"))
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
            opt.zero_grad()
            logits, mu, logvar = model(x)
            loss = loss_function(logits, x, mu, logvar)
            loss.backward()
            opt.step()
            total += loss.item()
            steps.append((time.perf_counter() - t0) * 1e3)
        seconds = time.perf_counter() - start
        model.eval()
        test_total = 0.0
        with torch.no_grad():
            for b in range(0, self.test.shape[0], BATCH):
                x = self.test[b:b + BATCH]
                logits, mu, logvar = model(x)
                test_total += loss_function(logits, x, mu, logvar).item()
        return {"epoch": self.epochs, "seconds": seconds, "step_ms": steps,
                "train_loss": total / n, "test_loss": test_total / self.test.shape[0]}

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


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    run = Run()
    say = lambda obj: print(json.dumps(obj), flush=True)
    if len(sys.argv) > 2 and sys.argv[1] == "--epochs":
        for _ in range(int(sys.argv[2])):
            r = run.epoch()
            r["step_ms"] = sorted(r["step_ms"])[len(r["step_ms"]) // 2]
            say(r)
        say({"peak_rss_mb": peak_rss_mb()})
        return
    say({"ready": True, "torch": torch.__version__, "torch_threads": torch.get_num_threads(),
         "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS")})
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
