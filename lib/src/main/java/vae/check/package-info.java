/**
 * Checks for the notebooks: each compares a found value with an expected one under a stated tolerance and,
 * when the comparison fails, throws a {@link vae.check.CheckFailure} whose message says what was expected,
 * what was found and the tolerance. A passing check returns one line saying the same, for the notebook to print.
 */
package vae.check;
