package vae.bench;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** The benchmark prints a ratio only against PyTorch on OpenBLAS with a right product. */
class TorchFairnessTest {
    /** A ready line as torch_vae.py writes it (figures from this machine's run). */
    private static JsonObject ready(String blas, String core, double error) {
        return JsonParser.parseString("{\"ready\": true, \"blas\": \"" + blas + "\", \"openblas_core\": "
                + (core == null ? "null" : "\"" + core + "\"") + ", \"blas_files\": [\"/usr/lib/x86_64-linux-gnu/x/libblas.so.3\"], "
                + "\"blas_check_max_rel_error\": " + error + "}").getAsJsonObject();
    }

    @Test
    void openBlasWithARightProductIsFair() {
        assertNull(TrainBenchmark.TorchSide.unfairness(ready("openblas", "Zen", 9.7e-8)));
    }

    @Test
    void theReferenceBlasIsRefusedAndTheMessageSaysWhatToInstall() {
        String why = TrainBenchmark.TorchSide.unfairness(ready("reference", null, 1e-7));
        assertTrue(why != null && why.contains("reference BLAS") && why.contains("libopenblas0-pthread"), why);
    }

    @Test
    void aWrongProductIsRefusedWithItsErrorAndTheTolerance() {
        String why = TrainBenchmark.TorchSide.unfairness(ready("openblas", "Haswell", 0.03));
        assertTrue(why != null && why.contains("Haswell") && why.contains("3.00e-02") && why.contains("1e-05"), why);
        assertTrue(TrainBenchmark.TorchSide.unfairness(ready("openblas", "Haswell", Double.NaN)) != null, "NaN error must be refused");
    }
}
