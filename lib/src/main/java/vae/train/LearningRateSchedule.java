package vae.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Training in stages, each a number of passes over the data at one learning rate.
 * {@link #burda2016()} is Burda et al.'s: stage i = 0 ... 7 runs 3^i passes at
 * {@code 1e-4 * round(10^(1 - i/7), 1)}: 1e-3 first, 1e-4 last, 3280 passes in all.
 */
public record LearningRateSchedule(List<Stage> stages) {

    /** One stage: {@code passes} passes over the data at {@code learningRate}. */
    public record Stage(int passes, double learningRate) {
        public Stage {
            if (passes < 1) throw new IllegalArgumentException("a stage needs at least 1 pass, got " + passes);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        }
    }

    public LearningRateSchedule {
        if (stages == null || stages.isEmpty()) throw new IllegalArgumentException("a schedule needs at least one stage");
        stages = List.copyOf(stages);
    }

    /** Burda et al.'s eight stages. */
    public static LearningRateSchedule burda2016() {
        List<Stage> s = new ArrayList<>();
        int passes = 1;
        for (int i = 0; i < 8; i++) {
            s.add(new Stage(passes, 1e-4 * roundToOneDecimal(StrictMath.pow(10, 1 - i / 7.0))));
            passes *= 3;
        }
        return new LearningRateSchedule(s);
    }

    /** x rounded to one decimal, halves away from zero (as Python's round on these values). */
    static double roundToOneDecimal(double x) {
        return Math.round(x * 10) / 10.0;
    }

    /** The first {@code n} stages, each cut to at most {@code maxPasses} passes (a small run of the same shape). */
    public LearningRateSchedule truncated(int n, int maxPasses) {
        if (n < 1 || n > stages.size()) throw new IllegalArgumentException("stages must be in 1.." + stages.size() + ", got " + n);
        if (maxPasses < 1) throw new IllegalArgumentException("maxPasses must be >= 1, got " + maxPasses);
        return new LearningRateSchedule(stages.subList(0, n).stream()
                .map(s -> new Stage(Math.min(s.passes(), maxPasses), s.learningRate())).toList());
    }

    public int size() {
        return stages.size();
    }

    public Stage stage(int i) {
        return stages.get(i);
    }

    /** Passes of the stages before stage i. */
    public int passesBefore(int i) {
        int sum = 0;
        for (int s = 0; s < i; s++) sum += stages.get(s).passes();
        return sum;
    }

    /** Passes in all. */
    public int totalPasses() {
        return passesBefore(stages.size());
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("LearningRateSchedule[");
        for (int i = 0; i < stages.size(); i++) {
            if (i > 0) b.append(", ");
            b.append(stages.get(i).passes()).append(" x ").append(stages.get(i).learningRate());
        }
        return b.append("]").toString();
    }
}
