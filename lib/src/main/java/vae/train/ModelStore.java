package vae.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import vae.linalg.Matrix;
import vae.model.ModelFile;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.run.RunLog;

/**
 * A folder of trained models shared by the notebooks: one notebook trains and saves, the next
 * loads, and a notebook run on its own trains afresh when the file is missing.
 * <pre>
 *   ModelStore store = new ModelStore(ThisCopy.path("build/models"));   // the copy's build/models, from any notebook folder
 *   Vae vae = store.loadOrTrain(config, train, test, "quick", new ConsoleProgressBar());
 * </pre>
 * The file name says what was trained, so a different configuration never picks up a stale
 * model: {@code vae-z20-h400-beta1-e2-n60000-seed1-bernoulli-quick.vae} (latent size, hidden width,
 * beta, epochs, training images, seed, binarisation, mode). The file itself records the whole
 * configuration, and loading it under another one is an error ({@link ModelFile}). Files are
 * written atomically by {@link ModelFile#save}.
 *
 * <p>Inside a recorded run ({@code ./lecture run NOTEBOOK -p ...}: VAE_RUN_DIR set, see
 * {@link RunLog}) the store is the run's own {@code models/} folder instead of {@code dir}, so that
 * a run is complete in itself: it trains every model it uses (the same seed gives the same
 * weights) and its record lists each with its weights digest; nothing from another run is loaded.
 */
public final class ModelStore {
    private final Path dir;

    /** A store in {@code dir} (created when the first model is saved), or in the run's models/ folder inside a run. */
    public ModelStore(Path dir) {
        this.dir = RunLog.folder().map(run -> shortest(run.resolve("models"))).orElse(dir);
    }

    /** {@code p} relative to the working directory when it lies below it, so that what a notebook prints shows no machine's path. */
    private static Path shortest(Path p) {
        Path here = Path.of("").toAbsolutePath(), abs = p.toAbsolutePath().normalize();
        Path common = here;
        while (common != null && !abs.startsWith(common)) common = common.getParent();
        return common == null || common.getParent() == null ? abs : here.relativize(abs);
    }

    public Path dir() {
        return dir;
    }

    /** The file for a model with {@code config} trained on {@code trainImages} images in {@code mode}. */
    public Path file(VaeConfig config, int trainImages, Experiment.Mode mode) {
        String beta = config.beta() == Math.rint(config.beta()) ? String.valueOf((long) config.beta())
                : String.valueOf(config.beta());
        return dir.resolve(String.format(Locale.ROOT, "vae-z%d-h%d-beta%s-e%d-n%d-seed%d-%s-%s.vae", config.latentDim(),
                config.hiddenDim(), beta, config.epochs(), trainImages, config.seed(),
                config.binarisation().name().toLowerCase(Locale.ROOT), mode.label()));
    }

    /** The saved model for these settings, if its file exists (a damaged file is an error, not a miss). */
    public Optional<Vae> load(VaeConfig config, int trainImages, Experiment.Mode mode) {
        Path f = file(config, trainImages, mode);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(ModelFile.load(f, config));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + f, e);
        }
    }

    /** Saves {@code vae} (trained on {@code trainImages} images in {@code mode}); returns the file. */
    public Path save(Vae vae, int trainImages, Experiment.Mode mode) {
        Path f = file(vae.config(), trainImages, mode);
        try {
            Files.createDirectories(dir);
            ModelFile.save(vae, f);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + f, e);
        }
        return f;
    }

    /**
     * The saved model for {@code config} trained on {@code trainImages}, or, when there is none, a
     * new one trained with {@link Trainer} (reporting to {@code listeners}, evaluating on
     * {@code testImages}, which may be null) and saved. Prints one line saying which happened.
     */
    public Vae loadOrTrain(VaeConfig config, Matrix trainImages, Matrix testImages, Experiment.Mode mode,
                           TrainingListener... listeners) {
        Optional<Vae> saved = load(config, trainImages.rows(), mode);
        if (saved.isPresent()) {
            System.out.println("loaded " + file(config, trainImages.rows(), mode));
            return saved.get();
        }
        System.out.println("no saved model at " + file(config, trainImages.rows(), mode) + ": training one");
        Vae vae = new Vae(config);
        Trainer trainer = new Trainer(vae);
        for (TrainingListener l : listeners) trainer.listener(l);
        trainer.fit(trainImages, testImages);
        System.out.println("saved " + save(vae, trainImages.rows(), mode));
        return vae;
    }

    @Override
    public String toString() {
        return "ModelStore(" + dir + ")";
    }
}
