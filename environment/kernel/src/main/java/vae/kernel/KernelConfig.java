package vae.kernel;

import io.github.spencerpark.jupyter.kernel.util.GlobFinder;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The kernel's settings, read from the environment that the kernelspec sets, under JJava's
 * names (JJAVA_...) and IJava's (IJAVA_...), so that a kernelspec written for either works:
 * <ul>
 * <li>CLASSPATH: class path entries separated by ':', each may be a glob
 *     ({@code /dir/*} puts every jar in dir on the class path);</li>
 * <li>STARTUP_SCRIPTS_PATH: JShell scripts (globs, ':'-separated) run at start-up;</li>
 * <li>STARTUP_SCRIPT: code run at start-up, after those scripts;</li>
 * <li>COMPILER_OPTS: options for the compiler, e.g. {@code --add-modules jdk.incubator.vector};</li>
 * <li>TIMEOUT: milliseconds a cell may run before it is stopped (none if absent or -1).</li>
 * </ul>
 * If both names of a setting are set, the JJAVA_ one is used and a warning says so when they
 * differ. (JVM_OPTS is read by the launcher that starts this JVM, not here.)
 * Nothing here may stop the kernel from starting: a missing entry becomes a warning, shown
 * in the kernel log and in the output of the first cell.
 */
final class KernelConfig {
    final List<String> classpath = new ArrayList<>();
    /** Start-up scripts as (label, code) pairs, in the order they run. */
    final List<Map.Entry<String, String>> startupScripts = new ArrayList<>();
    final List<String> compilerOptions = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    /** Milliseconds a cell may run; 0 for no limit. */
    long timeoutMillis;
    /** The variable each setting was read from (for messages), by setting name. */
    private final Map<String, String> sources = new java.util.HashMap<>();

    static KernelConfig fromEnvironment() {
        return from(System.getenv());
    }

    static KernelConfig from(Map<String, String> env) {
        KernelConfig config = new KernelConfig();
        String cp = config.setting(env, "CLASSPATH");
        for (String glob : splitPath(cp)) {
            List<Path> matches = config.resolve(glob, config.sources.get("CLASSPATH"));
            matches.forEach(p -> config.classpath.add(p.toAbsolutePath().toString()));
        }
        String scripts = config.setting(env, "STARTUP_SCRIPTS_PATH");
        for (String glob : splitPath(scripts)) {
            String variable = config.sources.get("STARTUP_SCRIPTS_PATH");
            for (Path script : config.resolve(glob, variable)) {
                if (!Files.isRegularFile(script)) {
                    continue;
                }
                try {
                    config.startupScripts.add(Map.entry(script.toString(), Files.readString(script)));
                } catch (IOException e) {
                    config.warnings.add(variable + ": cannot read " + script + ": " + e.getMessage());
                }
            }
        }
        String script = config.setting(env, "STARTUP_SCRIPT");
        if (script != null && !script.isBlank()) {
            config.startupScripts.add(Map.entry(config.sources.get("STARTUP_SCRIPT"), script));
        }
        String options = config.setting(env, "COMPILER_OPTS");
        config.compilerOptions.addAll(splitOptions(options == null ? "" : options));
        String timeout = config.setting(env, "TIMEOUT");
        if (timeout != null && !timeout.isBlank()) {
            try {
                long ms = Long.parseLong(timeout.trim());
                config.timeoutMillis = ms > 0 ? ms : 0;
            } catch (NumberFormatException e) {
                config.warnings.add(config.sources.get("TIMEOUT") + " = '" + timeout
                        + "' is not a number of milliseconds; cells run without a time limit");
            }
        }
        return config;
    }

    /** The variable that the setting {@code name} was read from, e.g. "JJAVA_CLASSPATH". */
    String source(String name) {
        return sources.getOrDefault(name, "JJAVA_" + name);
    }

    /** JJAVA_name, else IJAVA_name (null if neither is set). */
    private String setting(Map<String, String> env, String name) {
        String jjava = env.get("JJAVA_" + name);
        String ijava = env.get("IJAVA_" + name);
        if (jjava != null && ijava != null && !jjava.equals(ijava)) {
            warnings.add("both JJAVA_" + name + " and IJAVA_" + name + " are set, to different values; "
                    + "JJAVA_" + name + " is used");
        }
        sources.put(name, jjava != null ? "JJAVA_" + name : "IJAVA_" + name);
        return jjava != null ? jjava : ijava;
    }

    /** The paths a glob matches; none is a warning, not an error. */
    List<Path> resolve(String glob, String variable) {
        List<Path> matches = new ArrayList<>();
        try {
            new GlobFinder(glob).computeMatchingPaths().forEach(matches::add);
        } catch (IOException | RuntimeException e) {
            warnings.add(variable + ": cannot read " + glob + ": " + e);
            return matches;
        }
        if (matches.isEmpty()) {
            warnings.add(variable + ": nothing matches " + glob
                    + (glob.contains("*") ? " (is the project built? run environment/setup.sh)" : ""));
        }
        matches.sort(null); // the order of a directory listing is arbitrary; the class path's should not be
        return matches;
    }

    static List<String> splitPath(String value) {
        List<String> parts = new ArrayList<>();
        if (value == null) {
            return parts;
        }
        for (String part : value.split(File.pathSeparator)) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        return parts;
    }

    /** Splits on blanks; double or single quotes keep blanks inside one option. */
    static List<String> splitOptions(String value) {
        List<String> options = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        boolean inOption = false;
        for (char c : value.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inOption = true;
            } else if (Character.isWhitespace(c)) {
                if (inOption) {
                    options.add(current.toString());
                    current.setLength(0);
                    inOption = false;
                }
            } else {
                current.append(c);
                inOption = true;
            }
        }
        if (inOption) {
            options.add(current.toString());
        }
        return options;
    }
}
