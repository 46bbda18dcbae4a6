package vae.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where a cell's magics are, read the way IJava and JJava write them, with a small Java lexer
 * so that a {@code %} inside a string, a text block, a comment or a continued expression is
 * left to Java.
 *
 * <ul>
 * <li>A cell magic: the cell's first line is {@code %%name args}; the rest is its body.</li>
 * <li>A line magic at the start of a statement ({@code %jars lib/*.jar}, alone on its line
 *     after a ';' or '}' or at the top of the cell) is run by the kernel between the
 *     snippets around it, so that code below it compiles against what it added.</li>
 * <li>A line magic in an expression ({@code List<String> added = %jars lib/*.jar;}) or inside
 *     a block becomes a call of {@code lineMagic(name, List.of(args...))}, as IJava desugars it.</li>
 * </ul>
 * A '%' counts only when a letter follows it, so {@code r % 5} and {@code "\n% 7"} stay Java.
 */
final class MagicSyntax {
    private MagicSyntax() {
    }

    /** The qualified call an inline magic becomes; Display.lineMagic runs it. */
    static final String INLINE_CALL = "vae.kernel.Display.lineMagic";

    record CellMagic(String name, List<String> args, String body, int bodyFirstLine) {
    }

    /** A piece of a cell: Java code (first line 1-based) or a line magic for the kernel to run. */
    sealed interface Part permits Code, LineMagic {
    }

    record Code(String source, int firstLine) implements Part {
    }

    record LineMagic(String name, List<String> args, int line) implements Part {
    }

    /**
     * One magic found in a cell: offsets [start, end) of its text (without a trailing ';');
     * statement: run by the kernel; else a call, which addSemicolon ends (a magic statement
     * inside a block written without its ';').
     */
    record Found(int start, int end, String name, List<String> args, int line, boolean statement,
                 boolean addSemicolon) {
    }

    /** The cell magic, if the first non-blank line of the cell starts with %%name; else null. */
    static CellMagic cellMagic(String cell) {
        int start = 0;
        int line = 1;
        while (true) { // skip blank lines
            int nl = cell.indexOf('\n', start);
            String l = nl < 0 ? cell.substring(start) : cell.substring(start, nl);
            if (!l.isBlank() || nl < 0) {
                break;
            }
            start = nl + 1;
            line++;
        }
        String rest = cell.substring(start).stripLeading();
        if (!rest.startsWith("%%") || rest.length() < 3 || !Character.isLetter(rest.charAt(2))) {
            return null;
        }
        int nl = rest.indexOf('\n');
        String header = (nl < 0 ? rest : rest.substring(0, nl)).substring(2).strip();
        String body = nl < 0 ? "" : rest.substring(nl + 1);
        int nameEnd = nameEnd(header, 0);
        return new CellMagic(header.substring(0, nameEnd),
                KernelConfig.splitOptions(header.substring(nameEnd)), body, line + 1);
    }

    /**
     * The cell cut into code and statement-level line magics, in order; inline magics are
     * already replaced by calls. Line numbers are kept: code pieces say where they start.
     */
    static List<Part> parts(String cell) {
        List<Found> found = find(cell);
        List<Part> parts = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        int codeLine = 1;
        int pos = 0;
        for (Found f : found) {
            code.append(cell, pos, f.start());
            if (!f.statement()) {
                code.append(call(f));
                pos = f.end();
                continue;
            }
            if (!code.toString().isBlank()) {
                parts.add(new Code(code.toString(), codeLine));
            }
            parts.add(new LineMagic(f.name(), f.args(), f.line()));
            int nl = cell.indexOf('\n', f.end());
            pos = nl < 0 ? cell.length() : nl + 1;
            code.setLength(0);
            codeLine = f.line() + 1;
        }
        code.append(cell.substring(Math.min(pos, cell.length())));
        if (!code.toString().isBlank()) {
            parts.add(new Code(code.toString(), codeLine));
        }
        return parts;
    }

    /**
     * The cell with every magic replaced by text of the same length that JShell can analyse
     * (blanks for a statement magic, {@code null} for an inline one), for completion,
     * inspection and is_complete, whose offsets must stay those of the cell.
     */
    static String blankedOut(String cell) {
        StringBuilder out = new StringBuilder(cell);
        for (Found f : find(cell)) {
            // A statement magic's ';' goes too; "%a" (two characters) is too short for "null".
            int end = f.statement() && cell.startsWith(";", f.end()) ? f.end() + 1 : f.end();
            String filler = f.statement() || end - f.start() < 4 ? "" : "null";
            out.replace(f.start(), end, filler + " ".repeat(end - f.start() - filler.length()));
        }
        return out.toString();
    }

    /** True if offset at lies on (or at the end of) a line magic. */
    static boolean onMagic(String cell, int at) {
        for (Found f : find(cell)) {
            if (at >= f.start() && at <= f.end() + 1) {
                return true;
            }
        }
        return false;
    }

    /** {@code lineMagic("name", java.util.List.of("a", "b"))}, on one line. */
    private static String call(Found f) {
        return INLINE_CALL + "(" + literal(f.name()) + ", java.util.List.of("
                + f.args().stream().map(MagicSyntax::literal).collect(Collectors.joining(", ")) + "))"
                + (f.addSemicolon() ? ";" : "");
    }

    static String literal(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private enum State { CODE, LINE_COMMENT, BLOCK_COMMENT, STRING, CHAR, TEXT_BLOCK }

    /** Every line magic of the cell, read with a Java lexer (strings, text blocks, comments). */
    static List<Found> find(String cell) {
        List<Found> found = new ArrayList<>();
        State state = State.CODE;
        char last = 0;      // the last significant code character (outside comments and blanks)
        char beforeLast = 0;
        int depth = 0;      // brackets open: (, [ and {
        int line = 1;
        boolean lineStart = true;
        int i = 0;
        while (i < cell.length()) {
            char c = cell.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = true;
                if (state == State.LINE_COMMENT) {
                    state = State.CODE;
                }
                i++;
                continue;
            }
            switch (state) {
                case LINE_COMMENT -> {
                    i++;
                    continue;
                }
                case BLOCK_COMMENT -> {
                    if (cell.startsWith("*/", i)) {
                        state = State.CODE;
                        i += 2;
                    } else {
                        i++;
                    }
                    continue;
                }
                case STRING, CHAR -> {
                    if (c == '\\') {
                        i += 2;
                    } else {
                        if ((state == State.STRING && c == '"') || (state == State.CHAR && c == '\'')) {
                            state = State.CODE;
                            last = c;
                        }
                        i++;
                    }
                    continue;
                }
                case TEXT_BLOCK -> {
                    if (c == '\\') {
                        i += 2;
                    } else if (cell.startsWith("\"\"\"", i)) {
                        state = State.CODE;
                        last = '"';
                        i += 3;
                    } else {
                        i++;
                    }
                    continue;
                }
                default -> {
                }
            }
            // CODE
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            boolean atLineStart = lineStart;
            lineStart = false;
            if (c == '%' && i + 1 < cell.length() && Character.isLetter(cell.charAt(i + 1))) {
                boolean statementStart = last == 0 || last == ';' || last == '{' || last == '}';
                boolean afterAssign = last == '=' && "=<>!".indexOf(beforeLast) < 0;
                if ((atLineStart && statementStart) || afterAssign) {
                    int end = cell.indexOf('\n', i);
                    if (end < 0) {
                        end = cell.length();
                    }
                    String text = cell.substring(i + 1, end).stripTrailing();
                    boolean semicolon = text.endsWith(";");
                    if (semicolon) {
                        text = text.substring(0, text.length() - 1).stripTrailing();
                    }
                    int nameEnd = nameEnd(text, 0);
                    // A magic at the top level of the cell is the kernel's; one inside a block
                    // or an expression runs as a call, where the Java around it runs.
                    boolean statement = !afterAssign && depth == 0;
                    int textEnd = i + 1 + text.length();
                    found.add(new Found(i, textEnd, text.substring(0, nameEnd),
                            KernelConfig.splitOptions(text.substring(nameEnd)), line, statement,
                            !statement && !afterAssign && !semicolon));
                    if (!statement) {
                        last = ')';
                        i = textEnd;
                    } else {
                        last = ';';
                        i = end;
                    }
                    beforeLast = 0;
                    continue;
                }
            }
            if (cell.startsWith("//", i)) {
                state = State.LINE_COMMENT;
                i += 2;
                continue;
            }
            if (cell.startsWith("/*", i)) {
                state = State.BLOCK_COMMENT;
                i += 2;
                continue;
            }
            if (cell.startsWith("\"\"\"", i)) {
                state = State.TEXT_BLOCK;
                i += 3;
                continue;
            }
            if (c == '"') {
                state = State.STRING;
            } else if (c == '\'') {
                state = State.CHAR;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
            }
            beforeLast = last;
            last = c;
            i++;
        }
        return found;
    }

    private static int nameEnd(String s, int from) {
        int i = from;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        return i;
    }
}
