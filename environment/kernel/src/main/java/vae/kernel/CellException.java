package vae.kernel;

import java.util.List;

/**
 * A failure of a cell that is the student's to fix (or a stop they asked for), not a kernel bug.
 * The traceback lines are what the notebook shows; they point at lines of the cell itself.
 */
abstract class CellException extends Exception {
    private final List<String> traceback;

    CellException(String message, List<String> traceback) {
        super(message);
        this.traceback = List.copyOf(traceback);
    }

    List<String> traceback() {
        return traceback;
    }

    /** The cell's code does not compile. */
    static final class CompilationException extends CellException {
        CompilationException(String message, List<String> traceback) {
            super(message, traceback);
        }
    }

    /** The cell's code threw; the message names the exception class, as Java prints it. */
    static final class EvalException extends CellException {
        EvalException(String message, List<String> traceback) {
            super(message, traceback);
        }
    }

    /** The code ends in the middle of a statement (an unclosed brace, say). */
    static final class IncompleteSourceException extends CellException {
        IncompleteSourceException(String message, List<String> traceback) {
            super(message, traceback);
        }
    }

    /** Jupyter's interrupt stopped the cell. */
    static final class Interrupted extends CellException {
        Interrupted() {
            super("the cell was interrupted; variables defined before it are kept",
                    List.of("Interrupted: the cell was stopped. Variables defined before it are kept."));
        }
    }

    /** A %magic line that could not be carried out. */
    static final class MagicException extends CellException {
        MagicException(String message) {
            super(message, List.of(message));
        }
    }
}
