package vae.linalg;

/**
 * Chooses the {@link MatMul} kernel: the Vector API one ({@code VectorMatMul}, register-blocked
 * FMA, about ten times faster here) when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, else the plain loops ({@link MatMul#loops}).
 *
 * <p>The system property {@code vae.matmul} overrides the choice: {@code loops} or
 * {@code vector} (the latter fails if the module is absent). Both kernels are tested against
 * each other; they agree within float rounding, not bit for bit (FMA rounds once).
 */
public final class MatMuls {
    /** System property naming the kernel: {@code loops} or {@code vector}; unset means the best available. */
    public static final String PROPERTY = "vae.matmul";
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private MatMuls() {}

    /** True when {@code jdk.incubator.vector} is in the boot layer (i.e. {@code --add-modules} was given). */
    public static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /** True when {@link #best} picks the Vector API kernel (what a run's record calls "vector-api"), false for the loops. */
    public static boolean usesVectorApi() {
        String choice = System.getProperty(PROPERTY, "");
        return choice.equals("vector") || (choice.isEmpty() && vectorAvailable());
    }

    /** The fastest available kernel on {@code parallel}, unless {@value #PROPERTY} names one. */
    public static MatMul best(Parallel parallel) {
        String choice = System.getProperty(PROPERTY, "");
        switch (choice) {
            case "loops":
                return MatMul.loops(parallel);
            case "vector":
                return vector(parallel);
            case "":
                return vectorAvailable() ? vector(parallel) : MatMul.loops(parallel);
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + " must be 'loops' or 'vector', got '" + choice + "'");
        }
    }

    /** The Vector API kernel; throws if the JVM was started without {@code --add-modules jdk.incubator.vector}. */
    public static MatMul vector(Parallel parallel) {
        if (!vectorAvailable()) {
            throw new IllegalStateException("the Vector API kernel needs the JVM option --add-modules " + VECTOR_MODULE);
        }
        return new VectorMatMul(parallel);
    }
}
