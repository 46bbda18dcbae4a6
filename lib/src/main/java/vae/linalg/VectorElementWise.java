package vae.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API versions of {@link ElementWise}'s kernels (loaded only when the module is present). */
final class VectorElementWise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int DL = D.length();

    private VectorElementWise() {}

    /** See {@link ElementWise#bernoulliLossAndGradientRows}; float lanes, each row summed into double. */
    static void bernoulliLossAndGradientRows(float[] x, float[] logits, float[] grad, int cols, int from, int to,
                                             double[] rowLoss) {
        int cv = cols - cols % L;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int r = from; r < to; r++) {
            int o = r * cols;
            FloatVector acc = FloatVector.zero(S);
            for (int j = 0; j < cv; j += L) {
                FloatVector l = FloatVector.fromArray(S, logits, o + j);
                FloatVector xv = FloatVector.fromArray(S, x, o + j);
                FloatVector e = l.abs().neg().lanewise(VectorOperators.EXP);          // e^-|l| in (0, 1]
                FloatVector softplus = l.max(0f).add(e.lanewise(VectorOperators.LOG1P));
                FloatVector r1 = one.div(one.add(e));                                 // 1 / (1 + e^-|l|)
                VectorMask<Float> negative = l.compare(VectorOperators.LT, 0f);
                FloatVector sigmoid = r1.blend(e.mul(r1), negative);                  // l < 0: e^l / (1 + e^l)
                sigmoid.sub(xv).intoArray(grad, o + j);                               // d/dl = sigmoid(l) - x
                acc = acc.add(softplus.sub(xv.mul(l)));                               // -log p = softplus(l) - x l
            }
            double row = acc.reduceLanes(VectorOperators.ADD);
            for (int j = cv; j < cols; j++) row += ElementWise.scalarTerm(x[o + j], logits[o + j], grad, o + j);
            rowLoss[r] = row;
        }
    }

    /** See {@link ElementWise#sumBernoulliLogProb}: double lanes. */
    static double sumBernoulliLogProb(float[] x, int xFrom, float[] logits, int lFrom, int len) {
        int lv = len - len % DL;
        DoubleVector acc = DoubleVector.zero(D);
        double[] xs = new double[DL], ls = new double[DL];
        for (int j = 0; j < lv; j += DL) {
            for (int t = 0; t < DL; t++) {           // float -> double lanes
                xs[t] = x[xFrom + j + t];
                ls[t] = logits[lFrom + j + t];
            }
            DoubleVector l = DoubleVector.fromArray(D, ls, 0);
            DoubleVector xv = DoubleVector.fromArray(D, xs, 0);
            DoubleVector softplus = l.max(0.0).add(l.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P));
            acc = acc.add(xv.mul(l).sub(softplus));
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (int j = lv; j < len; j++) s += ElementWise.logProbTerm(x[xFrom + j], logits[lFrom + j]);
        return s;
    }
}
