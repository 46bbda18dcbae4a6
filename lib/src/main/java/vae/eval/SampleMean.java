package vae.eval;

/**
 * The mean of per-image values with its standard error, {@code sd / sqrt(n)} (sample standard
 * deviation, n - 1 in the denominator). For two estimates on the same images, {@link #difference}
 * gives the paired difference, whose standard error is usually far smaller than either's: the
 * images' own spread cancels.
 *
 * @param mean          mean of the values
 * @param standardError {@code sd / sqrt(n)} (NaN for n = 1)
 * @param n             number of values
 */
public record SampleMean(double mean, double standardError, int n) {

    /** Mean and standard error of {@code values}. */
    public static SampleMean of(double[] values) {
        int n = values.length;
        if (n == 0) throw new IllegalArgumentException("need at least one value, got 0");
        double mean = 0;
        for (double v : values) mean += v;
        mean /= n;
        double ss = 0;
        for (double v : values) ss += (v - mean) * (v - mean);
        double se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : Double.NaN;
        return new SampleMean(mean, se, n);
    }

    /** The paired difference {@code a[i] - b[i]}: its mean and standard error. */
    public static SampleMean difference(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired values need equal lengths, got " + a.length + " and " + b.length);
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) d[i] = a[i] - b[i];
        return of(d);
    }

    /** The first {@code n} values of {@code values}, as a new array (estimates on a subset of the images). */
    public static double[] head(double[] values, int n) {
        if (n < 0 || n > values.length) throw new IllegalArgumentException("head(" + n + ") of " + values.length + " values");
        return java.util.Arrays.copyOf(values, n);
    }

    @Override
    public String toString() {
        return String.format("%.3f ± %.3f (n=%d)", mean, standardError, n);
    }
}
