package vae.model;

import java.util.List;

/**
 * The shape of a {@link DeepVae}: any number of hidden layers in the encoder and the decoder.
 *
 * @param inputDim      pixels per image
 * @param encoderHidden widths of the encoder's hidden layers, input side first (Burda et al.: 200, 200)
 * @param latentDim     dimension of z (Burda et al.: 50)
 * @param decoderHidden widths of the decoder's hidden layers, z side first (Burda et al.: 200, 200)
 * @param activation    the hidden layers' non-linearity (Burda et al.: tanh)
 * @param threads       threads for the products; results do not depend on it
 */
public record DeepVaeConfig(int inputDim, List<Integer> encoderHidden, int latentDim, List<Integer> decoderHidden,
                            Activation activation, int threads) {

    /** Every value checked; a bad one is named with what was expected. */
    public DeepVaeConfig {
        if (inputDim < 1) throw new IllegalArgumentException("inputDim must be >= 1, got " + inputDim);
        if (latentDim < 1) throw new IllegalArgumentException("latentDim must be >= 1, got " + latentDim);
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (activation == null) throw new IllegalArgumentException("activation must not be null");
        encoderHidden = widths("encoderHidden", encoderHidden);
        decoderHidden = widths("decoderHidden", decoderHidden);
    }

    /** Burda, Grosse and Salakhutdinov's (2016) one-stochastic-layer VAE on MNIST: 784-200-200-50, tanh. */
    public static DeepVaeConfig burda2016(int threads) {
        return new DeepVaeConfig(784, List.of(200, 200), 50, List.of(200, 200), Activation.TANH, threads);
    }

    /** The same shape on another number of threads. */
    public DeepVaeConfig withThreads(int t) {
        return new DeepVaeConfig(inputDim, encoderHidden, latentDim, decoderHidden, activation, t);
    }

    private static List<Integer> widths(String name, List<Integer> widths) {
        if (widths == null || widths.isEmpty()) throw new IllegalArgumentException(name + " needs at least one width, got " + widths);
        for (Integer w : widths) {
            if (w == null || w < 1) throw new IllegalArgumentException(name + " widths must be >= 1, got " + widths);
        }
        return List.copyOf(widths);
    }

    @Override
    public String toString() {
        return inputDim + "-" + join(encoderHidden) + "-" + latentDim + "-" + join(decoderHidden) + "-" + inputDim
                + " " + activation.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String join(List<Integer> w) {
        return String.join("-", w.stream().map(String::valueOf).toList());
    }
}
