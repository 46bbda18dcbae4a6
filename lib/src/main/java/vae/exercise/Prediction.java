package vae.exercise;

import vae.check.Check;
import vae.check.CheckFailure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * "Predict, then run": the student writes a guess in the cell above, then runs the cell that
 * computes the answer. The answer is computed (and shown) only once there is a guess.
 * <pre>
 *   Prediction.of("03.2", "the mean ESS of 1000 draws from a Q twice too wide")
 *           .hint("the weights w = p(x, z) / q(z) vary less when q is wide ...")
 *           .guess(essGuess)                                   // Double.NaN: no guess yet
 *           .answer(() -> EstimatorStudy.repeat(...).meanEss(), 150)
 *           .why("...").report();
 * </pre>
 * A numeric guess is right within the stated tolerance; a choice is right when it names the
 * computed option (case and surrounding spaces ignored).
 */
public final class Prediction {
    private final String id;
    private final String question;
    private String hint;
    private String why;
    private double numberGuess = Double.NaN;
    private String choiceGuess;
    private DoubleSupplier numberAnswer;
    private double tolerance;
    private Supplier<String> choiceAnswer;
    private List<String> options;

    private Prediction(String id, String question) {
        this.id = Exercise.requireText(id, "an exercise id");
        this.question = Exercise.requireText(question, "a question");
    }

    public static Prediction of(String id, String question) {
        return new Prediction(id, question);
    }

    /** What to think about before guessing; shown until the guess is right. */
    public Prediction hint(String hint) {
        this.hint = Exercise.requireText(hint, "a hint");
        return this;
    }

    /** The explanation, shown with the answer. */
    public Prediction why(String why) {
        this.why = Exercise.requireText(why, "an explanation");
        return this;
    }

    /** A numeric guess; NaN means none yet. */
    public Prediction guess(double guess) {
        this.numberGuess = guess;
        return this;
    }

    /** A guess among the options; null or blank means none yet. */
    public Prediction guess(String guess) {
        this.choiceGuess = guess;
        return this;
    }

    /** The numeric answer, computed once there is a guess; the guess is right within ± tolerance. */
    public Prediction answer(DoubleSupplier computed, double tolerance) {
        this.numberAnswer = Objects.requireNonNull(computed, "computed");
        this.tolerance = tolerance;
        return this;
    }

    /** The answer among {@code options}, computed once there is a guess. */
    public Prediction answer(Supplier<String> computed, String... options) {
        if (options.length < 2) throw new IllegalArgumentException("exercise " + id + ": a choice needs at least two options, got " + Arrays.toString(options));
        this.choiceAnswer = Objects.requireNonNull(computed, "computed");
        this.options = List.of(options);
        return this;
    }

    public Feedback check() {
        if (hint == null || why == null) throw new IllegalStateException("exercise " + id + " needs a hint and an explanation (why)");
        if ((numberAnswer == null) == (choiceAnswer == null))
            throw new IllegalStateException("exercise " + id + " needs exactly one answer, a number or a choice");
        return numberAnswer != null ? checkNumber() : checkChoice();
    }

    /** {@link #check()}, printed below the cell (nothing returned, so the kernel shows it once). */
    public void report() {
        System.out.println(check());
    }

    private Feedback checkNumber() {
        if (Double.isNaN(numberGuess))
            return notYet("Write your guess (a number) in the cell above, run it, then run this cell: the answer is computed once you have guessed.");
        double answer = numberAnswer.getAsDouble();
        String line;
        try {
            line = "✓ " + Check.close("your guess against the computed answer", answer, numberGuess, tolerance);
        } catch (CheckFailure wrong) {
            return answered(Feedback.Status.NOT_RIGHT_YET, "✗ " + wrong.getMessage().replaceFirst("^check failed, ", ""));
        }
        return answered(Feedback.Status.SOLVED, line);
    }

    private Feedback checkChoice() {
        String optionList = String.join(" | ", options.stream().map(o -> "\"" + o + "\"").toList());
        if (choiceGuess == null || choiceGuess.isBlank())
            return notYet("Write your guess, one of " + optionList + ", in the cell above, run it, then run this cell: the answer is computed once you have guessed.");
        String guess = normalise(choiceGuess);
        if (options.stream().map(Prediction::normalise).noneMatch(guess::equals))
            return new Feedback(id, question, Feedback.Status.NOT_YET_SOLVED, List.of(
                    "\"" + choiceGuess + "\" is not one of the options: " + optionList + ".", "Hint: " + hint));
        String answer = choiceAnswer.get();
        if (!options.contains(answer)) throw new IllegalStateException("exercise " + id + ": computed answer \"" + answer + "\" is not one of " + optionList);
        boolean right = guess.equals(normalise(answer));
        return answered(right ? Feedback.Status.SOLVED : Feedback.Status.NOT_RIGHT_YET,
                (right ? "✓ " : "✗ ") + "your guess \"" + choiceGuess.strip() + "\", the computed answer \"" + answer + "\"");
    }

    private Feedback notYet(String instruction) {
        return new Feedback(id, question, Feedback.Status.NOT_YET_SOLVED, List.of(instruction, "Hint: " + hint));
    }

    private Feedback answered(Feedback.Status status, String line) {
        List<String> lines = new ArrayList<>(List.of(line));
        if (status != Feedback.Status.SOLVED) lines.add("Hint: " + hint);
        lines.add("Why: " + why);
        return new Feedback(id, question, status, lines);
    }

    private static String normalise(String s) {
        return s.strip().toLowerCase(Locale.ROOT);
    }
}
