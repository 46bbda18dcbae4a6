package vae.paper;

import java.util.List;

/**
 * What one stage of the schedule ended with.
 *
 * @param stage         1-based stage number
 * @param passes        passes over the training images so far (all stages up to this one)
 * @param learningRate  the stage's learning rate
 * @param nll           test negative log-likelihood, nats per image, estimated with evalK importance samples
 * @param nllSe         its Monte Carlo standard error over the test images
 * @param trainLoss     the mean loss per training image (minus the ELBO, one sample) of the stage's last pass
 * @param trainSeconds  seconds of training in the stage
 * @param evalSeconds   seconds of the evaluation after it
 * @param wallSeconds   seconds since the run began (all sessions) when the stage was done
 * @param activeUnits   latent dimensions whose encoder mean varies (variance above the threshold)
 * @param finalBounds   after the last stage: the test bounds at each k (empty otherwise)
 */
public record StageResult(int stage, int passes, double learningRate, double nll, double nllSe, double trainLoss,
                          double trainSeconds, double evalSeconds, double wallSeconds, int activeUnits,
                          List<PaperRun.Bound> finalBounds) {
    public StageResult {
        finalBounds = List.copyOf(finalBounds);
    }

    StageResult withWallSeconds(double w) {
        return new StageResult(stage, passes, learningRate, nll, nllSe, trainLoss, trainSeconds, evalSeconds, w, activeUnits,
                finalBounds);
    }
}
