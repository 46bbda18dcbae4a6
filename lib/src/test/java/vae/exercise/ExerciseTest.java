package vae.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Each outcome of a code exercise and of a prediction, and what the student reads for it. */
class ExerciseTest {

    private static double unfinished(double x) {
        throw new NotSolved();
    }

    private static Exercise square(java.util.function.DoubleUnaryOperator attempt) {
        return Exercise.of("00.1", "the square of a number").hint("multiply x by itself")
                .close("x = 3", 9, () -> attempt.applyAsDouble(3), 1e-12)
                .close("x = -2", 4, () -> attempt.applyAsDouble(-2), 1e-12);
    }

    @Test
    void aRightAnswerIsSolvedAndReportsEveryComparison() {
        Feedback f = square(x -> x * x).check();
        assertTrue(f.solved());
        assertEquals("Exercise 00.1 · the square of a number: solved", f.toString().lines().findFirst().orElseThrow());
        assertEquals(2, f.lines().size(), f.toString());
        assertTrue(f.lines().get(0).startsWith("✓ x = 3: expected 9"), f.toString());
        assertFalse(f.toString().contains("Hint"), "a solved exercise needs no hint: " + f);
    }

    @Test
    void thePlaceholderSaysNotYetSolvedWithTheHint() {
        Feedback f = square(ExerciseTest::unfinished).check();
        assertEquals(Feedback.Status.NOT_YET_SOLVED, f.status());
        assertTrue(f.toString().startsWith("Exercise 00.1 · the square of a number: not yet solved"), f.toString());
        assertTrue(f.toString().contains("Hint: multiply x by itself"), f.toString());
    }

    @Test
    void aWrongValueSaysExpectedFoundAndTheHint() {
        Feedback f = square(x -> 2 * x).check();
        assertEquals(Feedback.Status.NOT_RIGHT_YET, f.status());
        assertEquals("✗ x = 3: expected 9 ± 1.0000e-12, found 6 (off by -3)", f.lines().get(0));
        assertEquals("Hint: multiply x by itself", f.lines().get(1));
    }

    @Test
    void aLaterComparisonCanFailAfterAnEarlierPassed() {
        Feedback f = square(x -> x * Math.abs(x)).check();   // right for 3, wrong sign for -2
        assertEquals(Feedback.Status.NOT_RIGHT_YET, f.status());
        assertTrue(f.lines().get(0).startsWith("✓ x = 3") && f.lines().get(1).startsWith("✗ x = -2"), f.toString());
    }

    @Test
    void aNaNOrAnExceptionIsNotRightYetWithoutAStackTrace() {
        Feedback nan = square(x -> Double.NaN).check();
        assertEquals(Feedback.Status.NOT_RIGHT_YET, nan.status());
        assertTrue(nan.lines().get(0).contains("found NaN"), nan.toString());
        Feedback thrown = square(x -> (new double[1])[(int) x]).check();
        assertEquals(Feedback.Status.NOT_RIGHT_YET, thrown.status());
        assertEquals("✗ your code threw ArrayIndexOutOfBoundsException: Index 3 out of bounds for length 1", thrown.lines().get(0));
        assertFalse(thrown.toString().contains("\tat "), thrown.toString());
    }

    @Test
    void arraysAreComparedElementByElementAndAWrongLengthIsFeedback() {
        Exercise e = Exercise.of("00.2", "halves").hint("divide each by 2");
        assertTrue(e.allClose("halves of 2, 4", new double[] {1, 2}, () -> new double[] {1, 2}, 0).check().solved());
        Feedback shorter = Exercise.of("00.2", "halves").hint("divide each by 2")
                .allClose("halves of 2, 4", new double[] {1, 2}, () -> new double[] {1}, 0).check();
        assertEquals(Feedback.Status.NOT_RIGHT_YET, shorter.status());
        assertTrue(shorter.lines().get(0).contains("same non-zero length, got 2 and 1"), shorter.toString());
    }

    @Test
    void anExerciseWithoutHintOrComparisonIsAMistakeInTheNotebook() {
        assertThrows(IllegalStateException.class, () -> Exercise.of("00.3", "t").close("v", 1, () -> 1, 0).check());
        assertThrows(IllegalStateException.class, () -> Exercise.of("00.3", "t").hint("h").check());
        assertThrows(IllegalArgumentException.class, () -> Exercise.of(" ", "t"));
    }

    @Test
    void reportPrintsTheFeedback() {
        PrintStream out = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            square(x -> x * x).report();
        } finally {
            System.setOut(out);
        }
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("Exercise 00.1 · the square of a number: solved\n"));
    }

    private static Prediction number(double guess, int[] computations) {
        return Prediction.of("00.4", "how many sides has a hexagon?").hint("hex is Greek for six").why("six sides")
                .guess(guess).answer(() -> { computations[0]++; return 6; }, 0.5);
    }

    @Test
    void aNumericPredictionIsComputedOnlyOnceThereIsAGuess() {
        int[] computations = {0};
        Feedback none = number(Double.NaN, computations).check();
        assertEquals(Feedback.Status.NOT_YET_SOLVED, none.status());
        assertTrue(none.toString().contains("Hint: hex is Greek for six") && !none.toString().contains("six sides"), none.toString());
        assertEquals(0, computations[0], "the answer must stay hidden until the student guesses");
        Feedback right = number(6.2, computations).check();
        assertTrue(right.solved(), right.toString());
        assertTrue(right.toString().contains("Why: six sides"), right.toString());
        Feedback wrong = number(8, computations).check();
        assertEquals(Feedback.Status.NOT_RIGHT_YET, wrong.status());
        assertTrue(wrong.lines().get(0).contains("expected 6 ± 0.5, found 8"), wrong.toString());
        assertEquals(2, computations[0]);
    }

    private static Feedback choice(String guess) {
        return Prediction.of("00.5", "is the sum of two odd numbers odd or even?").hint("1 + 1").why("(2a+1) + (2b+1) = 2(a+b+1)")
                .guess(guess).answer(() -> (3 + 5) % 2 == 0 ? "even" : "odd", "odd", "even").check();
    }

    @Test
    void aChoiceIsRightWhenItNamesTheComputedOption() {
        assertEquals(Feedback.Status.NOT_YET_SOLVED, choice("").status());
        assertEquals(Feedback.Status.NOT_YET_SOLVED, choice(null).status());
        Feedback unknown = choice("both");
        assertEquals(Feedback.Status.NOT_YET_SOLVED, unknown.status());
        assertTrue(unknown.lines().get(0).contains("not one of the options: \"odd\" | \"even\""), unknown.toString());
        assertTrue(choice(" Even ").solved());
        Feedback wrong = choice("odd");
        assertEquals(Feedback.Status.NOT_RIGHT_YET, wrong.status());
        assertEquals("✗ your guess \"odd\", the computed answer \"even\"", wrong.lines().get(0));
    }
}
