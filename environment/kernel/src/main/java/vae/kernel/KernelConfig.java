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
 * The kernel's settings, read from the environment that the kernelspec sets, under IJava's
 * variable names so that a kernelspec written for IJava works here too:
 * <ul>
 * <li>IJAVA_CLASSPATH: class path entries separated by ':', each may be a glob
 *     ({@code /dir/*} puts every jar in dir on the class path);</li>
 * <li>IJAVA_STARTUP_SCRIPTS_PATH: JShell scripts (globs, ':'-separated) run at start-up;</li>
 * <li>IJAVA_STARTUP_SCRIPT: code run at start-up, after those scripts;</li>
 * <li>IJAVA_COMPILER_OPTS: options for the compiler, e.g. {@code --add-modules jdk.incubator.vector}.</li>
 * </ul>
 * Nothing here may stop the kernel from starting: a missing entry becomes a warning, shown
 * in the kernel log and in the output of the first cell.
 */
final class KernelConfig {
    final List<String> classpath = new ArrayList<>();
    /** Start-up scripts as (label, code) pairs, in the order they run. */
    final List<Map.Entry<String, String>> startupScripts = new ArrayList<>();
    final List<String> compilerOptions = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    static KernelConfig fromEnvironment() {
        return from(System.getenv());
    }

    static KernelConfig from(Map<String, String> env) {
        KernelConfig config = new KernelConfig();
        for (String glob : splitPath(env.get("IJAVA_CLASSPATH"))) {
            List<Path> matches = config.resolve(glob, "IJAVA_CLASSPATH");
            matches.forEach(p -> config.classpath.add(p.toAbsolutePath().toString()));
        }
        for (String glob : splitPath(env.get("IJAVA_STARTUP_SCRIPTS_PATH"))) {
            for (Path script : config.resolve(glob, "IJAVA_STARTUP_SCRIPTS_PATH")) {
                if (!Files.isRegularFile(script)) {
                    continue;
                }
                try {
                    config.startupScripts.add(Map.entry(script.toString(), Files.readString(script)));
                } catch (IOException e) {
                    config.warnings.add("IJAVA_STARTUP_SCRIPTS_PATH: cannot read " + script + ": " + e.getMessage());
                }
            }
        }
        String script = env.get("IJAVA_STARTUP_SCRIPT");
        if (script != null && !script.isBlank()) {
            config.startupScripts.add(Map.entry("IJAVA_STARTUP_SCRIPT", script));
        }
        config.compilerOptions.addAll(splitOptions(env.getOrDefault("IJAVA_COMPILER_OPTS", "")));
        return config;
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
