package vae.train;

import java.util.List;
import vae.linalg.Parallel;
import vae.model.VaeConfig;
import vae.nn.Parameter;

/**
 * Adam (Kingma and Ba, 2015), written as PyTorch's {@code torch.optim.Adam} computes it:
 * <pre>
 *   m = beta1 m + (1 - beta1) g            v = beta2 v + (1 - beta2) g^2
 *   p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * Call order: construct once over the parameters; then per step: compute gradients (e.g.
 * {@code vae.lossAndGradient(x, rng)}, which overwrites each parameter's gradient), then
 * {@link #step()}, which modifies every parameter's value in place; {@link #reset()} forgets the
 * moments and the step count (to restart training). Not thread-safe.
 */
public final class Adam {
    private final List<Parameter> parameters;
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final float[][] m;
    private final float[][] v;
    private final Parallel parallel;
    private long t;

    /** Adam over {@code parameters} with the given hyperparameters, on the caller's thread. */
    public Adam(List<Parameter> parameters, double learningRate, double beta1, double beta2, double epsilon) {
        this(parameters, learningRate, beta1, beta2, epsilon, Parallel.serial());
    }

    /**
     * Adam with the given hyperparameters, each parameter's elements split over the threads of
     * {@code parallel} (element-wise: the same result bit for bit for any thread count).
     */
    public Adam(List<Parameter> parameters, double learningRate, double beta1, double beta2, double epsilon,
                Parallel parallel) {
        this.parallel = parallel;
        this.parameters = List.copyOf(parameters);
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = new float[this.parameters.size()][];
        this.v = new float[this.parameters.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new float[this.parameters.get(i).size()];
            v[i] = new float[this.parameters.get(i).size()];
        }
    }

    /** Adam with the learning rate and betas of {@code config}. */
    public static Adam of(List<Parameter> parameters, VaeConfig config) {
        return new Adam(parameters, config.learningRate(), config.adamBeta1(), config.adamBeta2(), config.adamEpsilon(),
                Parallel.of(config.threads()));
    }

    /** One update of every parameter from its current gradient; modifies the values and the moments. */
    public void step() {
        t++;
        double bias1 = 1 - StrictMath.pow(beta1, t);
        double bias2 = 1 - StrictMath.pow(beta2, t);
        float stepSize = (float) (learningRate / bias1);
        float sqrtBias2 = (float) Math.sqrt(bias2);
        float b1 = (float) beta1, b2 = (float) beta2, eps = (float) epsilon;
        for (int i = 0; i < m.length; i++) {
            float[] p = parameters.get(i).value().data();
            float[] g = parameters.get(i).grad().data();
            float[] mi = m[i], vi = v[i];
            parallel.forRange(p.length, 1, (from, to) -> {      // only the big ones (>= 32768 values) split
                for (int j = from; j < to; j++) {
                    mi[j] = b1 * mi[j] + (1 - b1) * g[j];
                    vi[j] = b2 * vi[j] + (1 - b2) * g[j] * g[j];
                    p[j] -= stepSize * mi[j] / ((float) Math.sqrt(vi[j]) / sqrtBias2 + eps);
                }
            });
        }
    }

    /** Forgets the moments and the step count. */
    public void reset() {
        t = 0;
        for (int i = 0; i < m.length; i++) {
            java.util.Arrays.fill(m[i], 0f);
            java.util.Arrays.fill(v[i], 0f);
        }
    }

    /** Number of steps taken since construction or {@link #reset()}. */
    public long steps() {
        return t;
    }

    @Override
    public String toString() {
        return "Adam{lr=" + learningRate + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + epsilon + ", steps=" + t + "}";
    }
}
