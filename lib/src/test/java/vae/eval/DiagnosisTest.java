package vae.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vae.check.CheckFailure;
import vae.data.Binarisation;
import vae.linalg.Matrix;
import vae.model.Mistake;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.prob.Normal;
import vae.prob.Rng;
import vae.train.Trainer;

/**
 * Each detector of {@link Diagnosis} passes on a correctly trained VAE and fails on one trained with
 * its mistake: small fast runs (a few seconds in all) on synthetic 10 x 10 images, a bright row or
 * column each (20 kinds of image, so a working code needs about log 20 = 3 nats and the information
 * check asks for log 10), binarised. The runs share one configuration and seed; only the mistake
 * differs.
 */
class DiagnosisTest {
    private static final int PIXELS = 100;
    private static final VaeConfig CONFIG = VaeConfig.builder().inputDim(PIXELS).hiddenDim(64).latentDim(4)
            .batchSize(50).epochs(15).seed(3).learningRate(3e-3).binarisation(Binarisation.BERNOULLI).threads(1).build();

    private static Matrix grey, train, test;
    private static Vae correct;

    /** n images in [0, 1]: one bright row or column (0.9) on a dim background (0.05), plus noise up to 0.1. */
    static Matrix strokes(int n, long seed) {
        Rng rng = new Rng(seed);
        Matrix x = Matrix.zeros(n, PIXELS);
        for (int i = 0; i < n; i++) {
            int line = rng.nextInt(10);
            boolean row = rng.nextBernoulli(0.5);
            for (int p = 0; p < PIXELS; p++) {
                double v = (row ? p / 10 : p % 10) == line ? 0.9 : 0.05;
                x.set(i, p, (float) Math.min(1, v + 0.1 * rng.nextDouble()));
            }
        }
        return x;
    }

    private static Vae trained(VaeConfig config, Mistake mistake) {
        Vae vae = new Vae(config);
        vae.trainingStep().mistake(mistake);
        new Trainer(vae).fit(train, null);
        return vae;
    }

    @BeforeAll
    static void trainTheCorrectModel() {
        grey = strokes(1000, 1);
        train = grey;                                                     // binarised afresh in every batch by the trainer
        test = Binarisation.BERNOULLI.apply(strokes(300, 2), new Rng(9)); // one fixed draw
        correct = trained(CONFIG, Mistake.NONE);
    }

    @Test
    void meanInsteadOfSumCollapsesTheCode() {
        // the reconstruction averaged over the 100 pixels against the summed KL: beta = 100, up to Adam's scale
        Vae mean = trained(CONFIG.toBuilder().beta(PIXELS).build(), Mistake.NONE);
        Diagnosis.codeCarriesInformation(LatentCodes.of(correct, test), 10);
        assertThrows(CheckFailure.class, () -> Diagnosis.codeCarriesInformation(LatentCodes.of(mean, test), 10));
    }

    @Test
    void greyLevelsAreCaughtBinaryImagesPass() {
        Diagnosis.bernoulliDataAreBinary(test);
        assertEquals(0.0, Diagnosis.bernoulliCeiling(test), 0.0);
        assertThrows(CheckFailure.class, () -> Diagnosis.bernoulliDataAreBinary(grey));
        // one pixel at 1/2 costs log 2
        Matrix half = Matrix.zeros(1, 3);
        half.set(0, 1, 0.5f);
        assertEquals(-Math.log(2), Diagnosis.bernoulliCeiling(half), 1e-15);
    }

    @Test
    void aFlippedKlSignFallsBelowCoinFlips() {
        Vae flipped = trained(CONFIG, Mistake.KL_SIGN_FLIPPED);
        Diagnosis.elboBeatsCoinFlips(ElboTerms.of(correct, test, 1, new Rng(4)).meanElbo(), PIXELS);
        double brokenElbo = ElboTerms.of(flipped, test, 1, new Rng(4)).meanElbo();
        assertThrows(CheckFailure.class, () -> Diagnosis.elboBeatsCoinFlips(brokenElbo, PIXELS), "ELBO " + brokenElbo);
    }

    @Test
    void logvarReadAsLogStdDrawsSamplesOfTheWrongWidth() {
        Vae logStd = trained(CONFIG, Mistake.LOGVAR_AS_LOG_STD);
        Diagnosis.samplesMatchEncoder(correct, test, new Rng(5));
        assertThrows(CheckFailure.class, () -> Diagnosis.samplesMatchEncoder(logStd, test, new Rng(5)));
    }

    @Test
    void aConstantDroppedFromTheWeightsSeparatesL1FromTheElbo() {
        double[] l1 = ImportanceWeighted.estimate(correct, test, 1, new Rng(6)).logpx();
        double[] elbo = ElboTerms.of(correct, test, 20, new Rng(7)).elbo();
        Diagnosis.oneSampleBoundMatchesElbo(l1, elbo);
        // log p(z) written without its -1/2 log(2 pi) per latent dimension: every log-weight rises by that much
        double dropped = CONFIG.latentDim() * 0.5 * Normal.LOG_2PI;
        double[] shifted = l1.clone();
        for (int i = 0; i < shifted.length; i++) shifted[i] += dropped;
        assertThrows(CheckFailure.class, () -> Diagnosis.oneSampleBoundMatchesElbo(shifted, elbo));
    }

    @Test
    void noReparameterisationFailsTheGradientCheck() {
        Matrix x = test.rows(0, 100);
        Matrix eps = Vae.standardNormal(100, CONFIG.latentDim(), new Rng(8));
        Diagnosis.gradientReachesEncoder(correct, x, eps, 1e-2);
        Vae detached = trained(CONFIG, Mistake.NO_REPARAMETERISATION);
        assertThrows(CheckFailure.class, () -> Diagnosis.gradientReachesEncoder(detached, x, eps, 1e-2));
        // the same weights, the step made correct again: the check passes, so it was the step that failed it
        detached.trainingStep().mistake(Mistake.NONE);
        Diagnosis.gradientReachesEncoder(detached, x, eps, 1e-2);
    }
}
