/** Support for the first notebook, the setup check: what the notebooks run on. */
package vae.setup;
