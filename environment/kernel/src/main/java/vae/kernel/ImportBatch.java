package vae.kernel;

/**
 * Keys for the batches of on-demand imports that start-up scripts are run with (see
 * Evaluator.batchStarImports): each batch begins with {@code import vae.kernel.ImportBatch.Kn.*;},
 * which imports nothing (Kn has no member types) but gives the batch a JShell key of its own.
 */
public final class ImportBatch {
    /** How many keys there are; later batches run their imports one by one. */
    static final int KEYS = 8;

    private ImportBatch() {
    }

    public static final class K0 { private K0() { } }
    public static final class K1 { private K1() { } }
    public static final class K2 { private K2() { } }
    public static final class K3 { private K3() { } }
    public static final class K4 { private K4() { } }
    public static final class K5 { private K5() { } }
    public static final class K6 { private K6() { } }
    public static final class K7 { private K7() { } }
}
