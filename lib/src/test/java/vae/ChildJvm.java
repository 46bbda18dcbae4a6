package vae;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test class path run in a fresh JVM, for the tests that need one: another
 * vector width or JDK, no vector module, or a JIT that starts cold. Its standard output and error
 * go to a file, not a pipe, so a child that hangs cannot block the read; past the time limit it is
 * killed and the test fails with what it printed.
 */
public final class ChildJvm {
    /** What the child printed (output and error, merged) and its exit status. */
    public record Output(String text, int exitStatus) {}

    private ChildJvm() {}

    /** {@link #run(Path, List, Class, List, Duration)} on this JVM's own java. */
    public static Output run(List<String> jvmOptions, Class<?> main, List<String> args, Duration limit)
            throws IOException, InterruptedException {
        return run(Path.of(System.getProperty("java.home"), "bin", "java"), jvmOptions, main, args, limit);
    }

    /** Runs {@code java jvmOptions -cp (this class path) main args} and waits at most {@code limit}. */
    public static Output run(Path java, List<String> jvmOptions, Class<?> main, List<String> args, Duration limit)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        Path log = Files.createTempFile("vae-child-", ".txt");
        try {
            Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended;
            try {
                ended = child.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                child.destroyForcibly();
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            if (!ended) throw new AssertionError(main.getSimpleName() + " " + jvmOptions + " " + args + " did not end in " + limit + ":\n" + text);
            return new Output(text, child.exitValue());
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
