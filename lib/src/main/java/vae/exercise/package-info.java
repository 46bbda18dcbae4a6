/**
 * Exercises at the end of the notebooks, graded at once.
 *
 * <p>A code exercise: the student's cell defines a method whose body, as shipped, is
 * {@code throw new NotSolved();}; the check cell below it calls the method through
 * {@link vae.exercise.Exercise} and prints {@link vae.exercise.Feedback}: solved, not yet
 * solved (with the hint), or not right yet (what was expected, what was found, the hint).
 * A prediction: the student writes a guess, and {@link vae.exercise.Prediction} computes
 * the answer only once there is a guess, then says how close it was and why.
 * Nothing here throws at the student: a wrong or unfinished answer is feedback, never a
 * stack trace, so a notebook with unsolved exercises still runs to the end.
 */
package vae.exercise;
