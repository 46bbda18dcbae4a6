package vae.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import vae.ChildJvm;
import vae.model.TrainingStep;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.prob.Rng;

/**
 * Where {@code jdk.incubator.vector} is absent (a JVM started without {@code --add-modules}),
 * the library must fall back to the plain loops and never touch a Vector API class. This test
 * starts such a JVM on the test class path and runs {@link #main} in it.
 */
class WithoutVectorModuleTest {

    /** Run in the child JVM: checks the fallback and trains a few steps on it; prints "ok". */
    public static void main(String[] args) {
        if (MatMuls.vectorAvailable()) throw new AssertionError("the child JVM must not have the vector module");
        MatMul best = MatMuls.best(Parallel.of(2));
        if (!best.toString().startsWith("MatMul.loops")) throw new AssertionError("expected the loops, got " + best);
        VaeConfig config = VaeConfig.builder().hiddenDim(40).threads(2).build();
        Vae vae = new Vae(config);
        TrainingStep step = vae.trainingStep();
        Matrix x = Matrix.zeros(16, 784);
        Rng rng = new Rng(1);
        for (int i = 0; i < x.data().length; i++) if (rng.nextDouble() < 0.2) x.data()[i] = (float) rng.nextDouble();
        double loss = step.lossAndGradient(x, rng).perImage();
        if (!Double.isFinite(loss)) throw new AssertionError("loss " + loss);
        double lp = ElementWise.sumBernoulliLogProb(x.data(), 0, new float[784], 0, 784);
        if (Math.abs(lp + 784 * Math.log(2)) > 1e-9) throw new AssertionError("log p at logit 0: " + lp);
        System.out.println("ok " + best + " " + vae.matmul());
    }

    @Test
    void loopsRunWhenTheModuleIsAbsent() throws Exception {
        ChildJvm.Output child = ChildJvm.run(List.of("-Djava.awt.headless=true"), WithoutVectorModuleTest.class, List.of(), Duration.ofMinutes(3));
        String out = child.text();
        assertEquals(0, child.exitStatus(), out);
        assertTrue(out.startsWith("ok MatMul.loops"), out);
    }
}
