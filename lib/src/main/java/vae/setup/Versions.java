package vae.setup;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What the notebooks run on: the versions of Java, the kernel and the libraries, read from
 * the running class path (so the table shows what is really loaded, not what a pom asks for).
 */
public final class Versions {
    private Versions() {}

    private static final Pattern JAR_VERSION = Pattern.compile("-(\\d[\\w.]*)\\.jar$");

    /**
     * The version of the library that defines {@code className}: its jar manifest's
     * Implementation-Version, else the version in its jar's file name ({@code xchart-4.0.3.jar}),
     * else "(not on the class path)".
     */
    public static String of(String className) {
        Class<?> c;
        try {
            c = Class.forName(className);
        } catch (ClassNotFoundException e) {
            return "(not on the class path)";
        }
        String fromManifest = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
        if (fromManifest != null) return fromManifest;
        String jar = jarName(c);
        Matcher m = JAR_VERSION.matcher(jar);
        return m.find() ? m.group(1) : jar;
    }

    /** The file name of the jar (or folder) a class was loaded from. */
    public static String jarName(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        if (source == null) return "(JDK)";
        try {
            return Path.of(source.getLocation().toURI()).getFileName().toString();
        } catch (URISyntaxException e) {
            return source.getLocation().toString();
        }
    }

    /** A table: component, version, where it was loaded from. */
    public static Table table() {
        StringColumn component = StringColumn.create("component");
        StringColumn version = StringColumn.create("version");
        StringColumn from = StringColumn.create("loaded from");
        add(component, version, from, "Java", Runtime.version().toString(),
                System.getProperty("java.vm.name") + ", " + System.getProperty("java.home"));
        add(component, version, from, "Jupyter kernel", of("vae.kernel.JavaKernel"), jarOf("vae.kernel.JavaKernel"));
        add(component, version, from, "VAE library", of("vae.setup.Versions"), jarOf("vae.setup.Versions"));
        add(component, version, from, "XChart", of("org.knowm.xchart.XYChart"), jarOf("org.knowm.xchart.XYChart"));
        add(component, version, from, "Tablesaw", of("tech.tablesaw.api.Table"), jarOf("tech.tablesaw.api.Table"));
        add(component, version, from, "Tribuo", of("org.tribuo.Tribuo"), jarOf("org.tribuo.Tribuo"));
        return Table.create("Versions").addColumns(component, version, from);
    }

    private static String jarOf(String className) {
        try {
            return jarName(Class.forName(className));
        } catch (ClassNotFoundException e) {
            return "-";
        }
    }

    private static void add(StringColumn c, StringColumn v, StringColumn f, String name, String version, String from) {
        c.append(name);
        v.append(version);
        f.append(from);
    }
}
