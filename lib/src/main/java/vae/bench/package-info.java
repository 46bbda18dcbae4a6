/**
 * Benchmarks (not tests): {@link vae.bench.TrainBenchmark} trains the reference VAE on MNIST and
 * compares its epoch time with PyTorch's, side by side ({@code ./lecture bench}).
 */
package vae.bench;
