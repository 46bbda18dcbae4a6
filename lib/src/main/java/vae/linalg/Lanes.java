package vae.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shapes of the Vector API kernels, and the one rule that keeps their results the same
 * bit for bit at any vector width: a sum never takes its shape from the hardware's lane count.
 *
 * <p>Every reduction of {@link VectorMatMul} and {@link VectorElementWise} keeps {@value #BLOCK}
 * float partial sums (or {@value #DOUBLE_BLOCK} double ones), partial t taking the elements
 * t, t + 16, t + 32, ... in increasing order, and adds the partials in order t = 0, 1, ... at the
 * end; the elements past the last whole block are added after that, in increasing order, by scalar
 * code. A 512-bit machine (AVX-512: 16 float lanes) holds the 16 partials in one vector, a 256-bit
 * one (AVX2) in two, a 128-bit one (SSE, NEON) in four: each lane runs the same chain of
 * additions, so the sum is the same. Element-wise work uses only operations IEEE 754 rounds
 * exactly (add, multiply, divide, fused multiply-add, max, comparisons, bit operations), so an
 * element's value does not depend on the lane it ran in either.
 *
 * <p>The species are the hardware's preferred ones, capped at 512 bits (a wider machine, such as
 * an SVE one with 2048-bit vectors, uses 512-bit vectors: a vector never spans more than one
 * block).
 */
final class Lanes {
    /** Float partial sums of every reduction: 16, the lanes of one 512-bit vector. */
    static final int BLOCK = 16;
    /** Double partial sums of every reduction: 8, the lanes of one 512-bit vector. */
    static final int DOUBLE_BLOCK = 8;

    /** The float species of the kernels: the preferred one, at most 16 lanes. */
    static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED.length() <= BLOCK
            ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_512;
    /** The double species of the kernels: the preferred one, at most 8 lanes. */
    static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED.length() <= DOUBLE_BLOCK
            ? DoubleVector.SPECIES_PREFERRED : DoubleVector.SPECIES_512;

    static {
        if (BLOCK % FLOATS.length() != 0 || DOUBLE_BLOCK % DOUBLES.length() != 0) {
            throw new IllegalStateException("vector lanes " + FLOATS + ", " + DOUBLES + " do not divide the blocks of "
                    + BLOCK + " floats and " + DOUBLE_BLOCK + " doubles");
        }
        if (FLOATS.length() != 2 * DOUBLES.length()) {   // floats are widened to doubles half a float vector at a time
            throw new IllegalStateException("expected twice as many float lanes as double lanes, found " + FLOATS + " and " + DOUBLES);
        }
    }

    private Lanes() {}

    /**
     * {@code p[o] + p[o + 1] + ... + p[o + 15]}, added left to right from 0 in float: the end of every
     * float reduction. Not {@code reduceLanes(ADD)}: its order is unspecified and differs between
     * interpreted and compiled code and between vector widths.
     */
    static float sumBlock(float[] p, int o) {
        float s = 0f;
        for (int t = 0; t < BLOCK; t++) s += p[o + t];
        return s;
    }

    /** {@code p[o] + ... + p[o + 7]}, left to right from 0 in double: the end of every double reduction. */
    static double sumDoubleBlock(double[] p, int o) {
        double s = 0;
        for (int t = 0; t < DOUBLE_BLOCK; t++) s += p[o + t];
        return s;
    }
}
