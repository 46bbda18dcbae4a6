package vae.train;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vae.data.Mnist;
import vae.eval.ElboTerms;
import vae.eval.ImportanceEstimate;
import vae.eval.ImportanceWeighted;
import vae.eval.Proposal;
import vae.linalg.Matrix;
import vae.model.ModelFile;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.prob.Rng;

/**
 * Trains the reference configuration ({@link VaeConfig#defaults()}) on MNIST and prints what
 * lib/bench/REFERENCE.md reports: loss per epoch (train and test), seconds per epoch, then
 * on the first 1000 test images the importance-weighted estimate of log p(x) for K = 1, 10, 100,
 * 1000 and the ELBO with its terms (reconstruction averaged over 1000 samples).
 *
 * <pre>
 *   java -cp 'lib/target/classpath/*' vae.train.ReferenceRun [--epochs 10] [--threads 2] [--model FILE]
 * </pre>
 * With a model file the trained model is saved there; with 0 epochs and a model file, the saved
 * model is loaded and only evaluated.
 * Data from {@link Mnist#load()} ({@code $VAE_DATA_DIR}, else the copy's data/mnist, else ../data/mnist or data/mnist).
 */
@Command(name = "ReferenceRun", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains the reference VAE on MNIST and prints the figures of lib/bench/REFERENCE.md.")
public final class ReferenceRun implements Callable<Integer> {
    @Option(names = "--epochs", paramLabel = "N", description = "epochs to train; 0 with --model only evaluates (default ${DEFAULT-VALUE})")
    int epochs = VaeConfig.defaults().epochs();
    @Option(names = "--threads", paramLabel = "T", description = "threads (default ${DEFAULT-VALUE})")
    int threads = VaeConfig.defaults().threads();
    @Option(names = "--model", paramLabel = "FILE", description = "save the trained model there; with --epochs 0, load it")
    Path model;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReferenceRun()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        VaeConfig config = VaeConfig.builder().epochs(epochs).threads(threads).build();
        System.out.println(config);
        Mnist mnist = Mnist.load();
        System.out.println(mnist + " from " + Mnist.defaultDir());
        Vae vae;
        if (config.epochs() == 0 && model != null) {             // evaluation only, of a saved model
            vae = ModelFile.load(model);                           // its own stored configuration
            System.out.println("loaded " + model + ": " + vae);
        } else {
            vae = new Vae(config);
            System.out.println(vae);
            TrainingHistory history = new Trainer(vae).listener(new ConsoleProgressBar(System.out, 2000)).fit(mnist.train(), mnist.test());
            System.out.println(history.table().printAll());
        }
        if (model != null && config.epochs() > 0) {
            ModelFile.save(vae, model);
            System.out.println("saved " + model);
        }
        Matrix first = mnist.test().images().rows(0, 1000);
        for (int k : new int[] {1, 10, 100, 1000}) {
            long t0 = System.nanoTime();
            ImportanceEstimate iw = ImportanceWeighted.estimate(vae, first, k, new Rng(config.seed() + k));
            System.out.printf("importance-weighted K=%d: %.4f (mean ESS %.2f) %.1f s%n", k, iw.mean(), iw.meanEss(),
                    (System.nanoTime() - t0) / 1e9);
        }
        long t0 = System.nanoTime();
        ElboTerms elbo = ElboTerms.of(vae, first, 1000, new Rng(config.seed() + 7));
        System.out.printf("ELBO %.4f = reconstruction %.4f - KL %.4f (1000 samples) %.1f s%n", elbo.meanElbo(),
                elbo.meanReconstruction(), elbo.meanKl(), (System.nanoTime() - t0) / 1e9);
        ImportanceEstimate prior = ImportanceWeighted.estimate(vae, first.rows(0, 100), 1000,
                Proposal.PRIOR, new Rng(config.seed() + 11));
        System.out.printf("prior as proposal, K=1000, first 100 images: %.4f (mean ESS %.2f)%n", prior.mean(), prior.meanEss());
        return 0;
    }
}
