package vae.exercise;

import vae.check.Check;
import vae.check.CheckFailure;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * A code exercise, graded by comparisons against exact or independently computed values
 * ({@link Check}'s comparisons, so the feedback reads like the notebooks' own checks).
 * <pre>
 *   Exercise.of("04.1", "the KL between two Gaussians")
 *           .hint("KL = log(s2/s1) + (s1² + (m1 − m2)²) / (2 s2²) − 1/2")
 *           .close("KL(N(0.5, 0.8²) || N(0, 1))", exact, () -> klGaussians(0.5, 0.8, 0, 1), 1e-12)
 *           .report();
 * </pre>
 * The student's code runs only inside {@link #check()}, one comparison after another; the
 * first that fails, or the first exception the student's code throws, ends the grading.
 * An unfinished method ({@link NotSolved}) gives "not yet solved" and the hint; a wrong
 * value gives what was expected, what was found and the hint; any other exception gives its
 * class and message and the hint. None of them escapes as a stack trace.
 */
public final class Exercise {
    /** One graded comparison: returns Check's one-line report, or throws CheckFailure. */
    @FunctionalInterface
    private interface Comparison {
        String run();
    }

    private final String id;
    private final String title;
    private final List<Comparison> comparisons = new ArrayList<>();
    private String hint;

    private Exercise(String id, String title) {
        this.id = requireText(id, "an exercise id");
        this.title = requireText(title, "a title");
    }

    /** A new exercise called {@code id} (e.g. "04.1") with a title saying what it asks. */
    public static Exercise of(String id, String title) {
        return new Exercise(id, title);
    }

    /** What to think of when stuck; shown whenever the exercise is not solved. */
    public Exercise hint(String hint) {
        this.hint = requireText(hint, "a hint");
        return this;
    }

    /** The student's value must lie within {@code tolerance} of {@code expected} ({@link Check#close}). */
    public Exercise close(String what, double expected, DoubleSupplier found, double tolerance) {
        Objects.requireNonNull(found, "found");
        comparisons.add(() -> Check.close(what, expected, found.getAsDouble(), tolerance));
        return this;
    }

    /** Every value the student returns must lie within {@code tolerance} of {@code expected} ({@link Check#allClose}). */
    public Exercise allClose(String what, double[] expected, Supplier<double[]> found, double tolerance) {
        Objects.requireNonNull(found, "found");
        double[] copy = expected.clone();
        comparisons.add(() -> Check.allClose(what, copy, found.get(), tolerance));
        return this;
    }

    /** Runs every comparison in order and says how the exercise stands. */
    public Feedback check() {
        if (hint == null) throw new IllegalStateException("exercise " + id + " has no hint: every exercise needs one");
        if (comparisons.isEmpty()) throw new IllegalStateException("exercise " + id + " compares nothing");
        List<String> lines = new ArrayList<>();
        for (Comparison comparison : comparisons) {
            try {
                lines.add("✓ " + comparison.run());
            } catch (NotSolved unfinished) {
                return new Feedback(id, title, Feedback.Status.NOT_YET_SOLVED, List.of(
                        "The cell above still throws NotSolved: write the method's body there, run that cell, then run this one again.",
                        "Hint: " + hint));
            } catch (CheckFailure wrong) {
                lines.add("✗ " + wrong.getMessage().replaceFirst("^check failed, ", ""));
                return notRight(lines);
            } catch (ThreadDeath stop) {
                throw stop;   // the kernel stopping the cell: not the student's answer
            } catch (RuntimeException | Error thrown) {
                lines.add("✗ your code threw " + describe(thrown));
                return notRight(lines);
            }
        }
        return new Feedback(id, title, Feedback.Status.SOLVED, lines);
    }

    /** {@link #check()}, printed below the cell (nothing returned, so the kernel shows it once). */
    public void report() {
        System.out.println(check());
    }

    private Feedback notRight(List<String> lines) {
        lines.add("Hint: " + hint);
        return new Feedback(id, title, Feedback.Status.NOT_RIGHT_YET, lines);
    }

    static String requireText(String text, String what) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("an exercise needs " + what + ", got " + (text == null ? "null" : "\"\""));
        return text;
    }

    /** An exception as a student should see it: its class's simple name and its message, no trace. */
    static String describe(Throwable thrown) {
        String name = thrown.getClass().getSimpleName();
        return thrown.getMessage() == null ? name : name + ": " + thrown.getMessage();
    }
}
