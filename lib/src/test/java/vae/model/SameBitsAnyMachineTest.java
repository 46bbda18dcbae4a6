package vae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import vae.ChildJvm;
import vae.linalg.Matrix;
import vae.nn.Parameter;

/**
 * The same bits on any machine: {@link SameBitsRun} trains two small VAEs for one epoch (and notebook
 * 05b's toy VAE for a few, with its quadratures) in child
 * JVMs under every vector width this machine can pretend to have and on every JDK found, each with
 * 1 and with 2 threads, and every run must give the same weights digest ({@link WeightsDigest}), the
 * same first-epoch train and test losses and the same importance-weighted estimate, bit for bit.
 *
 * <p>The matrix ({@link #runs}): the test's own JVM ({@code java.home}) with no option,
 * {@code -XX:MaxVectorSize=16} (128-bit vectors: an SSE or NEON machine), {@code =32} (256 bits:
 * an AVX2 laptop), {@code =64} (512 bits: AVX-512), {@code -XX:UseAVX=2} (AVX2 instructions) and
 * {@code -XX:-UseLibmIntrinsic} (Math.exp, log, sin, cos, pow without HotSpot's x86 assembly
 * stubs, as on a JVM or CPU that lacks them); then each JDK 21 and 25 found under /usr/lib/jvm with
 * no option, {@code MaxVectorSize=16} and {@code UseAVX=2}. A missing JDK, or an option the JVM
 * does not know (UseAVX off x86), is skipped with a message on standard output. Each child trains
 * with 1 then 2 threads, or 2 then 1 (alternating), so each thread count also runs first, on a cold
 * JIT. Children run two at a time.
 *
 * <p>It fails naming the runs that differ: on the code before the width-independent sums, the
 * 128- and 256-bit runs gave other digests and losses than the 512-bit ones.
 */
class SameBitsAnyMachineTest {
    private static final Path JVMS = Path.of("/usr/lib/jvm");
    /** What each child prints a line for, per thread count: toy's "losses" are an ELBO, log p(x) and an exact ELBO ({@link SameBitsRun}). */
    private static final List<String> SHAPES = List.of("mnist", "odd", "toy");
    private static final Pattern RUN = Pattern.compile(
            "RUN shape=(\\S+) threads=(\\d+) digest=([0-9a-f]{64}) train=(\\S+) test=(\\S+) iwae=(\\S+) \\((.*)\\)");

    /** One child JVM: which java, which options, which thread counts in which order. */
    record Child(String label, Path java, List<String> options, String threads) {}

    /** One line of a child's output. */
    record Result(String run, String shape, String digest, String train, String test, String iwae, String decimals) {}

    @Test
    void sameDigestAndLossesAtEveryVectorWidthThreadCountAndJdk() throws Exception {
        long start = System.nanoTime();
        List<Child> children = runs();
        List<String> skipped = new ArrayList<>(SKIPPED);
        List<Result> results = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> outputs = new ArrayList<>();
            for (Child c : children) outputs.add(pool.submit(() -> runChild(c)));
            for (int i = 0; i < children.size(); i++) {
                Child c = children.get(i);
                String out = outputs.get(i).get(10, TimeUnit.MINUTES);
                if (out.contains("Unrecognized VM option") || out.contains("Could not create the Java Virtual Machine")) {
                    skipped.add(c.label() + ": this JVM does not take " + c.options());
                    continue;
                }
                List<Result> mine = parse(c, out);
                if (mine.size() != SHAPES.size() * c.threads().split(",").length) {
                    fail(c.label() + " " + c.options() + " printed " + mine.size() + " results, expected "
                            + SHAPES.size() * c.threads().split(",").length + "; its output:\n" + out);
                }
                out.lines().filter(l -> l.startsWith("JVM ")).findFirst()
                        .ifPresent(l -> report.append(String.format(Locale.ROOT, "  %-40s %s%n", c.label(), l.substring(4))));
                results.addAll(mine);
            }
        } finally {
            pool.shutdownNow();
        }
        for (String s : skipped) report.append("  skipped: ").append(s).append('\n');

        List<String> differences = new ArrayList<>();
        for (String shape : SHAPES) {
            List<Result> of = results.stream().filter(r -> r.shape().equals(shape)).toList();
            compare(shape, "weights digest", of, Result::digest, differences);
            compare(shape, "first-epoch train loss", of, Result::train, differences);
            compare(shape, "first-epoch test loss", of, Result::test, differences);
            compare(shape, "importance-weighted estimate", of, Result::iwae, differences);
            report.append(String.format(Locale.ROOT, "  %s: %d runs, digest %s, losses train/test/iwae %s%n", shape, of.size(),
                    of.get(0).digest(), of.get(0).decimals()));
        }
        System.out.printf(Locale.ROOT, "SameBitsAnyMachineTest: %d child JVMs, %d runs, %.1f s%n%s", children.size(),
                results.size(), (System.nanoTime() - start) / 1e9, report);
        if (!differences.isEmpty()) fail("not the same bits everywhere:\n" + String.join("\n", differences) + "\n" + report);
        assertTrue(results.size() >= 24, "at least the six runs of this JVM, twice each with two shapes: " + results.size());
    }

    /** Groups the runs by one value; more than one group is a difference, listed with the runs of each value. */
    private static void compare(String shape, String what, List<Result> results, java.util.function.Function<Result, String> value,
                                List<String> differences) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (Result r : results) groups.computeIfAbsent(value.apply(r), k -> new ArrayList<>()).add(r.run());
        if (groups.size() > 1) {
            StringBuilder s = new StringBuilder(shape + ": " + what + " differs, " + groups.size() + " values:");
            groups.forEach((v, runs) -> s.append("\n    ").append(v).append(" from ").append(String.join(", ", runs)));
            differences.add(s.toString());
        }
    }

    private static final List<String> SKIPPED = new ArrayList<>();

    /** The children: this JVM under each option, then every other JDK found (21, 25) under three. */
    static List<Child> runs() throws IOException {
        Path self = Path.of(System.getProperty("java.home"), "bin", "java");
        String version = "java " + Runtime.version().feature();
        List<List<String>> options = List.of(List.of(), List.of("-XX:MaxVectorSize=16"), List.of("-XX:MaxVectorSize=32"),
                List.of("-XX:MaxVectorSize=64"), List.of("-XX:UseAVX=2"),
                List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-UseLibmIntrinsic"));
        List<Child> children = new ArrayList<>();
        for (List<String> o : options) {
            children.add(new Child(version + " " + (o.isEmpty() ? "default" : o.get(o.size() - 1)), self, o,
                    children.size() % 2 == 0 ? "1,2" : "2,1"));
        }
        for (int feature : new int[] {17, 21, 25}) {
            if (feature == Runtime.version().feature()) continue;
            Optional<Path> jdk = findJdk(feature);
            if (jdk.isEmpty()) {
                SKIPPED.add("java " + feature + ": no JDK " + feature + " under " + JVMS + " (the runs on it are skipped)");
                continue;
            }
            for (List<String> o : List.of(List.<String>of(), List.of("-XX:MaxVectorSize=16"), List.of("-XX:UseAVX=2"))) {
                children.add(new Child("java " + feature + " " + (o.isEmpty() ? "default" : o.get(0)),
                        jdk.get().resolve("bin/java"), o, children.size() % 2 == 0 ? "1,2" : "2,1"));
            }
        }
        return children;
    }

    /** A JDK of the given feature release under /usr/lib/jvm (its release file says JAVA_VERSION="N..."), if any. */
    static Optional<Path> findJdk(int feature) throws IOException {
        if (!Files.isDirectory(JVMS)) return Optional.empty();
        try (Stream<Path> dirs = Files.list(JVMS)) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")) && !Files.isSymbolicLink(d))
                    .filter(d -> {
                        try {
                            return Files.readAllLines(d.resolve("release")).stream()
                                    .anyMatch(l -> l.startsWith("JAVA_VERSION=\"" + feature + ".") || l.equals("JAVA_VERSION=\"" + feature + "\""));
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .sorted().findFirst();
        }
    }

    /** Runs one child and returns its standard output and error, merged. */
    private static String runChild(Child c) throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(c.options());
        options.addAll(List.of("--add-modules", "jdk.incubator.vector", "-Xmx512m", "-XX:+UseSerialGC"));
        ChildJvm.Output out = ChildJvm.run(c.java(), options, SameBitsRun.class, List.of(c.threads()), Duration.ofMinutes(5));
        return out.text() + (out.exitStatus() == 0 ? "" : "\n(exit status " + out.exitStatus() + ")");
    }

    private static List<Result> parse(Child c, String out) {
        List<Result> results = new ArrayList<>();
        for (String line : out.lines().toList()) {
            Matcher m = RUN.matcher(line);
            if (m.matches()) {
                results.add(new Result(c.label() + " " + m.group(2) + "t", m.group(1), m.group(3), m.group(4), m.group(5),
                        m.group(6), m.group(7)));
            }
        }
        return results;
    }

    @Test
    void digestIsSha256OfTheLittleEndianFloatBitsInParameterOrder() throws Exception {
        Parameter a = new Parameter("a", Matrix.of(1, 2, 1f, -0f));
        Parameter b = new Parameter("b", Matrix.of(1, 1, Float.intBitsToFloat(0x7fc00001)));
        byte[] bytes = {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0x80, 1, 0, (byte) 0xc0, 0x7f}; // 1f, -0f, a NaN
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        assertEquals(expected, WeightsDigest.of(List.of(a, b)));
        assertEquals(64, WeightsDigest.of(new Vae(VaeConfig.builder().inputDim(10).hiddenDim(4).latentDim(2).build())).length());
        Parameter zero = new Parameter("a", Matrix.of(1, 2, 1f, 0f));
        assertTrue(!WeightsDigest.of(List.of(zero, b)).equals(expected), "-0 and +0 differ");
        // the Vae's order, and so its digest, is its parameters(): the same seed gives the same digest
        VaeConfig c = VaeConfig.builder().inputDim(10).hiddenDim(4).latentDim(2).seed(9).build();
        assertEquals(WeightsDigest.of(new Vae(c)), WeightsDigest.of(new Vae(c).parameters()));
        assertTrue(!WeightsDigest.of(new Vae(c)).equals(WeightsDigest.of(new Vae(c.toBuilder().seed(10).build()))));
    }
}
