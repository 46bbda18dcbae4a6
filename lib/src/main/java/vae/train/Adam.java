package vae.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
 * moments and the step count (to restart training). Not thread-safe, except for the task that
 * {@link #sharedStep()} returns.
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
    /** The update's chunks: elements [chunkFrom, chunkTo) of parameter chunkParameter, in the parameters' order. */
    private final int[] chunkParameter, chunkFrom, chunkTo;
    private final long elements;
    /** The chunk counter of the last {@link #sharedStep()}: all its chunks taken before the next step. */
    private AtomicInteger pending;
    private long t;

    /** Elements per chunk of {@link #sharedStep()}: 64 KB of each of the four arrays, many chunks per thread. */
    private static final int CHUNK = 16_384;

    /** Adam over {@code parameters} with the given hyperparameters, on the caller's thread. */
    public Adam(List<Parameter> parameters, double learningRate, double beta1, double beta2, double epsilon) {
        this(parameters, learningRate, beta1, beta2, epsilon, Parallel.serial());
    }

    /**
     * Adam with the given hyperparameters, the parameters' elements shared by the threads of
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
        List<int[]> chunks = new ArrayList<>();
        for (int i = 0; i < m.length; i++) {
            for (int from = 0; from < m[i].length; from += CHUNK) chunks.add(new int[] {i, from, Math.min(m[i].length, from + CHUNK)});
        }
        chunkParameter = chunks.stream().mapToInt(c -> c[0]).toArray();
        chunkFrom = chunks.stream().mapToInt(c -> c[1]).toArray();
        chunkTo = chunks.stream().mapToInt(c -> c[2]).toArray();
        elements = java.util.Arrays.stream(m).mapToLong(a -> a.length).sum();
    }

    /** Adam with the learning rate and betas of {@code config}. */
    public static Adam of(List<Parameter> parameters, VaeConfig config) {
        return new Adam(parameters, config.learningRate(), config.adamBeta1(), config.adamBeta2(), config.adamEpsilon(),
                Parallel.of(config.threads()));
    }

    /**
     * One update of every parameter from its current gradient; modifies the values and the moments.
     * Runs on every thread of the {@code Parallel} given at construction (when there are 32 768
     * elements or more), each taking chunks of elements until none is left ({@link #sharedStep()}).
     */
    public void step() {
        Runnable update = sharedStep();
        int threads = parallel.threads();
        parallel.forRange(threads, elements / threads, (from, to) -> update.run());     // a block per thread
    }

    /**
     * Counts one step and returns its update as a task that any number of threads may run at once:
     * each run takes chunks of elements (a parameter's elements, {@value #CHUNK} at most) until none
     * is left, so a thread that joins late (after other work of its own) takes fewer. Every element
     * is updated once, by the same formula whatever thread takes it: the same values bit for bit as
     * {@link #step()}. Run it until every run has returned before reading the parameters; the next
     * {@code sharedStep} or {@code step} refuses to start while chunks of this one were never taken.
     */
    public Runnable sharedStep() {
        if (pending != null && pending.get() < chunkFrom.length) {
            throw new IllegalStateException("Adam: the update of step " + t + " was not run to the end (" + pending.get()
                    + " of its " + chunkFrom.length + " chunks taken): run the task that sharedStep returned before the next step");
        }
        t++;
        double bias1 = 1 - StrictMath.pow(beta1, t);
        double bias2 = 1 - StrictMath.pow(beta2, t);
        float stepSize = (float) (learningRate / bias1);
        float sqrtBias2 = (float) Math.sqrt(bias2);
        float b1 = (float) beta1, b2 = (float) beta2, eps = (float) epsilon;
        AtomicInteger nextChunk = new AtomicInteger();
        pending = nextChunk;
        return () -> {
            for (int c; (c = nextChunk.getAndIncrement()) < chunkFrom.length; ) {
                int i = chunkParameter[c];
                update(parameters.get(i).value().data(), parameters.get(i).grad().data(), m[i], v[i], chunkFrom[c], chunkTo[c],
                        b1, b2, stepSize, sqrtBias2, eps);
            }
        };
    }

    /** The formula above on elements [from, to): the moments from g, then p. */
    private static void update(float[] p, float[] g, float[] m, float[] v, int from, int to, float b1, float b2, float stepSize,
                               float sqrtBias2, float eps) {
        for (int j = from; j < to; j++) {
            m[j] = b1 * m[j] + (1 - b1) * g[j];
            v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j];
            p[j] -= stepSize * m[j] / ((float) Math.sqrt(v[j]) / sqrtBias2 + eps);
        }
    }

    /** Forgets the moments and the step count. */
    public void reset() {
        t = 0;
        pending = null;
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
