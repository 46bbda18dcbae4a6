package vae.paper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import vae.model.DeepVaeConfig;
import vae.train.LearningRateSchedule;

/**
 * Everything that decides the numbers of the paper's experiment (Burda, Grosse and
 * Salakhutdinov 2016, Table 1, the VAE with one stochastic layer trained with k = 1). Two runs
 * with equal {@link #identity()} give the same bits; threads change speed only and are not part
 * of it. {@link #hash()} names the run's checkpoint folder.
 *
 * @param model              the shape (784-200-200-50-200-200-784, tanh)
 * @param trainImages        the first this many training images train (59 600; the last 400 are kept apart)
 * @param testImages         the first this many test images are evaluated (10 000: all)
 * @param batchSize          images per step (20), in the same order every pass
 * @param schedule           the stages: passes and learning rate of each
 * @param adamBeta1          their Adam's first-moment decay (0.99)
 * @param adamBeta2          second-moment decay (0.999)
 * @param adamEpsilon        added to sqrt(v) (1e-4)
 * @param outputBiasClip     the mean grey levels are clipped to [clip, 1 - clip] for the output bias's log-odds (0.001)
 * @param initSeed           every layer starts from a fresh generator with this seed (123, as theirs)
 * @param seed               the run's other random streams: binarisation and noise of each pass, evaluation
 * @param evalK              importance samples per test image for the test log-likelihood (5000)
 * @param finalKs            the sample counts of the final model's further bounds on the test set (1, 5, 50)
 * @param activeUnitImages   training images over which an active unit's encoder mean varies (500)
 * @param activeUnitVariance the variance above which a unit counts as active (0.01)
 */
public record PaperConfig(DeepVaeConfig model, int trainImages, int testImages, int batchSize,
                          LearningRateSchedule schedule, double adamBeta1, double adamBeta2, double adamEpsilon,
                          double outputBiasClip, long initSeed, long seed, int evalK, java.util.List<Integer> finalKs,
                          int activeUnitImages, double activeUnitVariance) {

    public PaperConfig {
        if (trainImages < 1) throw new IllegalArgumentException("trainImages must be >= 1, got " + trainImages);
        if (testImages < 1) throw new IllegalArgumentException("testImages must be >= 1, got " + testImages);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        if (evalK < 1) throw new IllegalArgumentException("evalK must be >= 1, got " + evalK);
        if (activeUnitImages < 2 || activeUnitImages > trainImages) {
            throw new IllegalArgumentException("activeUnitImages must be in 2.." + trainImages + ", got " + activeUnitImages);
        }
        finalKs = java.util.List.copyOf(finalKs);
        for (int k : finalKs) if (k < 1) throw new IllegalArgumentException("finalKs must be >= 1, got " + finalKs);
    }

    /** The paper's experiment as the authors' code runs it, on {@code threads} threads. */
    public static PaperConfig burda2016(int threads) {
        return new PaperConfig(DeepVaeConfig.burda2016(threads), 59_600, 10_000, 20, LearningRateSchedule.burda2016(),
                0.99, 0.999, 1e-4, 0.001, 123, 1, 5000, java.util.List.of(1, 5, 50), 500, 0.01);
    }

    /** Every value that decides the numbers, by name (threads left out): numbers as numbers, the rest as text. */
    public Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model.toString());
        m.put("trainImages", trainImages);
        m.put("testImages", testImages);
        m.put("batchSize", batchSize);
        m.put("schedule", schedule.toString());
        m.put("adamBeta1", adamBeta1);
        m.put("adamBeta2", adamBeta2);
        m.put("adamEpsilon", adamEpsilon);
        m.put("outputBiasClip", outputBiasClip);
        m.put("initSeed", initSeed);
        m.put("seed", seed);
        m.put("evalK", evalK);
        m.put("finalKs", finalKs);
        m.put("activeUnitImages", activeUnitImages);
        m.put("activeUnitVariance", activeUnitVariance);
        return m;
    }

    /** {@link #parameters()} as text, by name. */
    public Map<String, String> identity() {
        Map<String, String> m = new LinkedHashMap<>();
        parameters().forEach((k, v) -> m.put(k, String.valueOf(v)));
        return m;
    }

    /** {@link #identity()} as one line per value, {@code name=value}. */
    public String identityText() {
        StringBuilder b = new StringBuilder();
        identity().forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.toString();
    }

    /** The first 16 hex digits of the SHA-256 of {@link #identityText()}: the checkpoint folder's name. */
    public String hash() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(identityText().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same experiment on another number of threads. */
    public PaperConfig withThreads(int threads) {
        return new PaperConfig(model.withThreads(threads), trainImages, testImages, batchSize, schedule, adamBeta1,
                adamBeta2, adamEpsilon, outputBiasClip, initSeed, seed, evalK, finalKs, activeUnitImages, activeUnitVariance);
    }

    /** A smaller run of the same kind: the given sizes and schedule (for tests and quick looks). */
    public PaperConfig smaller(int train, int test, LearningRateSchedule s, int k, int activeImages) {
        return new PaperConfig(model, train, test, batchSize, s, adamBeta1, adamBeta2, adamEpsilon, outputBiasClip, initSeed,
                seed, k, finalKs, activeImages, activeUnitVariance);
    }
}
