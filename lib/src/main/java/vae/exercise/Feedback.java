package vae.exercise;

import java.util.List;

/**
 * The outcome of one exercise: its id, its status and the lines shown to the student.
 * {@link #toString()} is the text the check cell prints; its first line is
 * {@code Exercise ID · TITLE: STATUS}, which the notebook tests read.
 */
public record Feedback(String id, String title, Status status, List<String> lines) {
    /** What the student sees first. */
    public enum Status {
        SOLVED("solved"),
        NOT_YET_SOLVED("not yet solved"),
        NOT_RIGHT_YET("not right yet");

        private final String words;

        Status(String words) {
            this.words = words;
        }

        /** The words printed after the exercise's title, e.g. "not yet solved". */
        public String words() {
            return words;
        }
    }

    public Feedback {
        lines = List.copyOf(lines);
    }

    public boolean solved() {
        return status == Status.SOLVED;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Exercise ").append(id).append(" · ").append(title).append(": ").append(status.words());
        for (String line : lines) text.append("\n  ").append(line.replace("\n", "\n  "));
        return text.toString();
    }
}
