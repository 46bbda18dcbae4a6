/**
 * Neural-network building blocks with hand-written backward passes, each beside its forward pass:
 * {@link vae.nn.Parameter} (value + gradient), {@link vae.nn.Module} (anything with
 * {@code parameters()}), {@link vae.nn.Dense} ({@code y = x W + b}) and {@link vae.nn.ReLU}.
 * Activations are batch-major: one row per example.
 */
package vae.nn;
