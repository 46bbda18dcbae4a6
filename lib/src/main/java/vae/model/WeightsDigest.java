package vae.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import vae.nn.Module;
import vae.nn.Parameter;

/**
 * A fingerprint of trained weights: SHA-256 over the bits of every parameter, as 64 lower-case hex
 * digits. Two models have the same digest exactly when they hold the same floats (bit for bit,
 * {@code -0.0} and {@code +0.0} apart, NaN payloads kept) in parameters of the same order; so a run
 * repeated on another machine, at another vector width, with another thread count or on another
 * Java version can be checked with one string.
 *
 * <p>The bytes hashed, in this order: the parameters in {@link Module#parameters()} order (for a
 * {@link Vae}: encoderHidden.weight, encoderHidden.bias, encoderMu.weight, encoderMu.bias,
 * encoderLogvar.weight, encoderLogvar.bias, decoderHidden.weight, decoderHidden.bias,
 * decoderOut.weight, decoderOut.bias; a weight is in x out, row-major); within each, its values in
 * {@code value().data()} order; each value as the 4 bytes of {@link Float#floatToRawIntBits},
 * <b>little-endian</b> (IEEE 754 binary32, least significant byte first: NumPy's {@code '<f4'}).
 * Nothing else: no names, shapes or gradients, so the digest is NumPy's
 * {@code hashlib.sha256(np.concatenate([p.ravel() for p in params]).astype('<f4').tobytes()).hexdigest()}.
 *
 * <pre>
 *   String before = WeightsDigest.of(vae);
 *   new Trainer(vae).fit(train, test);
 *   String after = WeightsDigest.of(vae);    // the same on any machine for the same config and data
 * </pre>
 */
public final class WeightsDigest {
    private WeightsDigest() {}

    /** The digest of every parameter of {@code model} (a {@link Vae}, a layer, ...), in its order. */
    public static String of(Module model) {
        return of(model.parameters());
    }

    /** The digest of the given parameters' values, in list order. */
    public static String of(List<Parameter> parameters) {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[4 * 4096];
        for (Parameter p : parameters) {
            float[] v = p.value().data();
            for (int from = 0; from < v.length; from += 4096) {
                int to = Math.min(v.length, from + 4096), b = 0;
                for (int i = from; i < to; i++) {
                    int bits = Float.floatToRawIntBits(v[i]);
                    buffer[b++] = (byte) bits;             // little-endian: lowest byte first
                    buffer[b++] = (byte) (bits >>> 8);
                    buffer[b++] = (byte) (bits >>> 16);
                    buffer[b++] = (byte) (bits >>> 24);
                }
                sha.update(buffer, 0, b);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
