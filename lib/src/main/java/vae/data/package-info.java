/**
 * Data for the VAE: {@link vae.data.Mnist} (IDX reading with header and length checks),
 * {@link vae.data.Dataset} (images as rows of a matrix, grey levels in [0, 1], and labels) and
 * {@link vae.data.Binarisation} (none, fixed threshold 0.5, or a fresh seeded Bernoulli draw).
 */
package vae.data;
