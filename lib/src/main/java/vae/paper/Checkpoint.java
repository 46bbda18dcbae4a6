package vae.paper;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import vae.model.DeepVae;
import vae.model.WeightsDigest;
import vae.nn.Parameter;
import vae.train.DelayedAdam;

/**
 * A stopped run, all of it: the configuration it was made under, where the schedule stands, the
 * results of the stages done, the parameters, the optimiser's moments and step count, and the
 * weights digest to check what was read. The random streams need no state of their own (each
 * pass's stream is named by its number, see {@link PaperRun}). One file, {@value #FILE}, in the
 * run's folder, written to a temporary file first and renamed over the old one, so a run killed
 * while writing leaves the previous checkpoint whole.
 */
public final class Checkpoint {
    public static final String FILE = "checkpoint.bin";
    private static final String MAGIC = "vae-lecture paper checkpoint 1";

    /** Where the schedule stands. */
    public record Progress(int stage, int passInStage, int passesDone, double lastPassLoss, double stageTrainSeconds,
                           double wallSeconds, String started, List<StageResult> stages) {
        public Progress {
            stages = List.copyOf(stages);
        }

        static Progress start() {
            return new Progress(0, 0, 0, Double.NaN, 0, 0, Instant.now().toString().replaceAll("\\.\\d+Z$", "Z"), List.of());
        }

        Progress afterPass(double loss, double seconds, double wall) {
            return new Progress(stage, passInStage + 1, passesDone + 1, loss, stageTrainSeconds + seconds, wall, started, stages);
        }

        Progress afterStage(StageResult r, double wall) {
            List<StageResult> s = new ArrayList<>(stages);
            s.add(r.withWallSeconds(wall));
            return new Progress(stage + 1, 0, passesDone, lastPassLoss, 0, wall, started, s);
        }

        Progress withWallSeconds(double wall) {
            return new Progress(stage, passInStage, passesDone, lastPassLoss, stageTrainSeconds, wall, started, stages);
        }

        /** The mean seconds of the evaluations so far (0 before the first). */
        double meanEvalSeconds() {
            return stages.stream().mapToDouble(StageResult::evalSeconds).average().orElse(0);
        }
    }

    private final String identity;
    private final Progress progress;
    private final long steps;
    private final float[][] values, first, second;
    private final String digest;

    private Checkpoint(String identity, Progress progress, long steps, float[][] values, float[][] first, float[][] second,
                       String digest) {
        this.identity = identity;
        this.progress = progress;
        this.steps = steps;
        this.values = values;
        this.first = first;
        this.second = second;
        this.digest = digest;
    }

    public static Path file(Path folder) {
        return folder.resolve(FILE);
    }

    public Progress progress() {
        return progress;
    }

    /** Writes the run's state into {@code folder} (created if needed), atomically. */
    static void write(Path folder, PaperConfig config, DeepVae model, DelayedAdam adam, Progress p) throws IOException {
        Files.createDirectories(folder);
        Path tmp = folder.resolve(FILE + ".tmp");
        try (FileOutputStream fo = new FileOutputStream(tmp.toFile());
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fo, 1 << 16))) {
            out.writeUTF(MAGIC);
            out.writeUTF(config.identityText());
            out.writeInt(p.stage());
            out.writeInt(p.passInStage());
            out.writeInt(p.passesDone());
            out.writeDouble(p.lastPassLoss());
            out.writeDouble(p.stageTrainSeconds());
            out.writeDouble(p.wallSeconds());
            out.writeUTF(p.started());
            out.writeInt(p.stages().size());
            for (StageResult r : p.stages()) writeStage(out, r);
            DelayedAdam.State s = adam.state();
            out.writeLong(s.steps());
            List<Parameter> params = model.parameters();
            out.writeInt(params.size());
            for (int i = 0; i < params.size(); i++) {
                writeFloats(out, params.get(i).value().data());
                writeFloats(out, s.firstMoments()[i]);
                writeFloats(out, s.secondMoments()[i]);
            }
            out.writeUTF(WeightsDigest.of(model));
            out.flush();
            fo.getFD().sync();
        }
        Files.move(tmp, file(folder), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The checkpoint in {@code folder}, or null when there is none; an error when it was made under
     * another configuration (naming the values that differ) or cannot be read whole.
     */
    static Checkpoint read(Path folder, PaperConfig config) throws IOException {
        Path f = file(folder);
        if (!Files.exists(f)) return null;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f), 1 << 16))) {
            String magic = in.readUTF();
            if (!magic.equals(MAGIC)) throw new IOException(f + " is not a checkpoint of this experiment: it starts with \"" + magic + "\"");
            String identity = in.readUTF();
            if (!identity.equals(config.identityText())) {
                throw new IllegalStateException("the checkpoint " + f + " was made under another configuration; "
                        + differences(config.identityText(), identity) + ". Delete it or start afresh with --fresh.");
            }
            Progress p = new Progress(in.readInt(), in.readInt(), in.readInt(), in.readDouble(), in.readDouble(),
                    in.readDouble(), in.readUTF(), readStages(in));
            long steps = in.readLong();
            int n = in.readInt();
            float[][] values = new float[n][], first = new float[n][], second = new float[n][];
            for (int i = 0; i < n; i++) {
                values[i] = readFloats(in);
                first[i] = readFloats(in);
                second[i] = readFloats(in);
            }
            String digest = in.readUTF();
            return new Checkpoint(identity, p, steps, values, first, second, digest);
        } catch (EOFException e) {
            throw new IOException(f + " ends early: a damaged checkpoint (the run writes a new one whole before it"
                    + " replaces the old, so this one was damaged afterwards)", e);
        }
    }

    /** Sets the model's parameters and the optimiser's state to this checkpoint's; checks the digest. */
    void restoreInto(DeepVae model, DelayedAdam adam) {
        List<Parameter> params = model.parameters();
        if (params.size() != values.length) {
            throw new IllegalStateException("the checkpoint holds " + values.length + " parameters, the model has " + params.size());
        }
        for (int i = 0; i < values.length; i++) {
            float[] p = params.get(i).value().data();
            if (p.length != values[i].length) {
                throw new IllegalStateException(params.get(i).name() + ": the checkpoint holds " + values[i].length
                        + " values, the model " + p.length);
            }
            System.arraycopy(values[i], 0, p, 0, p.length);
        }
        String found = WeightsDigest.of(model);
        if (!found.equals(digest)) {
            throw new IllegalStateException("the checkpoint's parameters have the digest " + found + ", it says " + digest
                    + ": the file is damaged");
        }
        adam.restore(steps, first, second);
    }

    private static String differences(String expected, String found) {
        List<String> out = new ArrayList<>();
        List<String> e = List.of(expected.split("\n")), f = List.of(found.split("\n"));
        for (String line : e) if (!f.contains(line)) out.add("this run has " + line);
        for (String line : f) if (!e.contains(line)) out.add("the checkpoint has " + line);
        return String.join(", ", out);
    }

    private static void writeStage(DataOutputStream out, StageResult r) throws IOException {
        out.writeInt(r.stage());
        out.writeInt(r.passes());
        out.writeDouble(r.learningRate());
        out.writeDouble(r.nll());
        out.writeDouble(r.nllSe());
        out.writeDouble(r.trainLoss());
        out.writeDouble(r.trainSeconds());
        out.writeDouble(r.evalSeconds());
        out.writeDouble(r.wallSeconds());
        out.writeInt(r.activeUnits());
        out.writeInt(r.finalBounds().size());
        for (PaperRun.Bound b : r.finalBounds()) {
            out.writeInt(b.k());
            out.writeDouble(b.logLikelihood());
            out.writeDouble(b.se());
            out.writeInt(b.images());
        }
    }

    private static List<StageResult> readStages(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<StageResult> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int stage = in.readInt(), passes = in.readInt();
            double lr = in.readDouble(), nll = in.readDouble(), se = in.readDouble(), loss = in.readDouble();
            double trainS = in.readDouble(), evalS = in.readDouble(), wallS = in.readDouble();
            int active = in.readInt(), nb = in.readInt();
            List<PaperRun.Bound> bounds = new ArrayList<>();
            for (int j = 0; j < nb; j++) bounds.add(new PaperRun.Bound(in.readInt(), in.readDouble(), in.readDouble(), in.readInt()));
            out.add(new StageResult(stage, passes, lr, nll, se, loss, trainS, evalS, wallS, active, bounds));
        }
        return out;
    }

    private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        for (float v : a) out.writeInt(Float.floatToRawIntBits(v));
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 100_000_000) throw new IOException("a damaged checkpoint: an array of " + n + " values");
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = Float.intBitsToFloat(in.readInt());
        return a;
    }
}
