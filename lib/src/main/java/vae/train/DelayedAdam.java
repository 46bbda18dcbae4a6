package vae.train;

import java.util.Arrays;
import java.util.List;
import vae.nn.Parameter;

/**
 * Adam as Burda et al.'s published code computes it, which differs from the textbook ({@link Adam})
 * in four ways: the second moments start at 1 (not 0); the guard is added to {@code sqrt(v)}
 * unscaled; the bias correction is folded into the step size; and, because all updates of a step
 * are applied at once, each step moves the parameters with the moments of the step before:
 * <pre>
 *   step t = 1, 2, ...:   a_t = lr sqrt(1 - beta2^t) / (1 - beta1^t)
 *                         p   = p - a_t m / (sqrt(v) + eps)          (m, v as they were before this step)
 *                         m   = beta1 m + (1 - beta1) g,   v = beta2 v + (1 - beta2) g^2
 *   start:                m = 0, v = 1, so the first step moves nothing
 * </pre>
 * g is the gradient of the loss (the authors ascend the objective; the same step). The learning
 * rate may change between steps ({@link #step(double)}); the moments and the step count carry over.
 * {@link #state()} and {@link #restore} give and take everything a checkpoint needs. Not thread-safe.
 */
public final class DelayedAdam {
    private final List<Parameter> parameters;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final float[][] m;
    private final float[][] v;
    private long t;

    /** Over {@code parameters}, with moments m = 0, v = 1 and no step taken. */
    public DelayedAdam(List<Parameter> parameters, double beta1, double beta2, double epsilon) {
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        if (!(epsilon > 0)) throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
        this.parameters = List.copyOf(parameters);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        m = new float[this.parameters.size()][];
        v = new float[this.parameters.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new float[this.parameters.get(i).size()];
            v[i] = new float[this.parameters.get(i).size()];
            Arrays.fill(v[i], 1f);
        }
    }

    /** Burda et al.'s values: beta1 = 0.99, beta2 = 0.999, eps = 1e-4. */
    public static DelayedAdam burda2016(List<Parameter> parameters) {
        return new DelayedAdam(parameters, 0.99, 0.999, 1e-4);
    }

    /** The step size {@code a_t = lr sqrt(1 - beta2^t) / (1 - beta1^t)} of step t (t >= 1). */
    public double stepSize(double learningRate, long step) {
        return learningRate * Math.sqrt(1 - StrictMath.pow(beta2, step)) / (1 - StrictMath.pow(beta1, step));
    }

    /** One step from every parameter's current gradient at {@code learningRate}; modifies values and moments. */
    public void step(double learningRate) {
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        t++;
        float a = (float) stepSize(learningRate, t);
        float b1 = (float) beta1, b2 = (float) beta2, eps = (float) epsilon;
        for (int i = 0; i < m.length; i++) {
            float[] p = parameters.get(i).value().data();
            float[] g = parameters.get(i).grad().data();
            float[] mi = m[i], vi = v[i];
            for (int j = 0; j < p.length; j++) {
                p[j] -= a * mi[j] / ((float) Math.sqrt(vi[j]) + eps);   // the previous step's moments
                mi[j] = b1 * mi[j] + (1 - b1) * g[j];
                vi[j] = b2 * vi[j] + (1 - b2) * g[j] * g[j];
            }
        }
    }

    /** Steps taken. */
    public long steps() {
        return t;
    }

    /** The moments and the step count, as they are (live arrays: a checkpoint copies them out). */
    public State state() {
        return new State(t, m, v);
    }

    /** Sets the step count and the moments to a checkpoint's (shapes must match the parameters). */
    public void restore(long steps, float[][] firstMoments, float[][] secondMoments) {
        if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        copyInto("first moments", firstMoments, m);
        copyInto("second moments", secondMoments, v);
        t = steps;
    }

    private void copyInto(String what, float[][] from, float[][] to) {
        if (from.length != to.length) {
            throw new IllegalArgumentException(what + ": expected " + to.length + " parameters, found " + from.length);
        }
        for (int i = 0; i < to.length; i++) {
            if (from[i].length != to[i].length) {
                throw new IllegalArgumentException(what + " of " + parameters.get(i).name() + ": expected " + to[i].length
                        + " values, found " + from[i].length);
            }
        }
        for (int i = 0; i < to.length; i++) System.arraycopy(from[i], 0, to[i], 0, to[i].length);
    }

    /** The optimiser's state: step count and moments, one array per parameter. */
    public record State(long steps, float[][] firstMoments, float[][] secondMoments) {}

    @Override
    public String toString() {
        return "DelayedAdam{beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + epsilon + ", steps=" + t + "}";
    }
}
