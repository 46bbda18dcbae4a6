package vae.reference;

import java.util.ArrayList;
import java.util.List;
import vae.linalg.Matrix;
import vae.nn.Dense;
import vae.nn.Parameter;
import vae.model.Vae;

/**
 * A small double-precision reference implementation of the same forward and backward passes as
 * {@link vae.nn.Dense}, {@link vae.nn.ReLU} and {@link vae.model.Vae}, written independently with
 * plain loops, used only by tests. Finite differences check this reference in double (where they
 * are precise to ~1e-9); the float library is then compared with it value for value.
 */
public final class Reference64 {
    private Reference64() {}

    public static double[] toDouble(Matrix m) {
        double[] d = new double[m.data().length];
        for (int i = 0; i < d.length; i++) d[i] = m.data()[i];
        return d;
    }

    /** y = x W + b, with W (in x out) and b flat row-major, batch-major x (n x in). */
    public static final class Dense64 {
        public final int in, out;
        public final double[] w, b, dw, db;
        private double[] x;
        private int n;

        public Dense64(int in, int out, double[] w, double[] b) {
            this.in = in;
            this.out = out;
            this.w = w;
            this.b = b;
            this.dw = new double[w.length];
            this.db = new double[b.length];
        }

        public static Dense64 of(Dense d) {
            return new Dense64(d.inputSize(), d.outputSize(), toDouble(d.weight().value()), toDouble(d.bias().value()));
        }

        public double[] forward(double[] x, int n) {
            this.x = x;
            this.n = n;
            double[] y = new double[n * out];
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < out; j++) {
                    double s = b[j];
                    for (int i = 0; i < in; i++) s += x[r * in + i] * w[i * out + j];
                    y[r * out + j] = s;
                }
            }
            return y;
        }

        /** Sets dw, db; returns dx. */
        public double[] backward(double[] dy) {
            double[] dx = new double[n * in];
            java.util.Arrays.fill(dw, 0);
            java.util.Arrays.fill(db, 0);
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < out; j++) {
                    double g = dy[r * out + j];
                    db[j] += g;
                    for (int i = 0; i < in; i++) {
                        dw[i * out + j] += x[r * in + i] * g;
                        dx[r * in + i] += w[i * out + j] * g;
                    }
                }
            }
            return dx;
        }
    }

    public static double[] relu(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : 0;
        return y;
    }

    public static double[] reluBackward(double[] x, double[] dy) {
        double[] dx = new double[x.length];
        for (int i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? dy[i] : 0;
        return dx;
    }

    /** The VAE loss (summed BCE + beta * analytic KL) and its gradient, in double. */
    public static final class Vae64 {
        public final Dense64 enc, mu, lv, dec, out;
        public final int d, k;
        public final double beta;
        /** Pre-activations of the last forward pass (to check they are away from the ReLU kink). */
        public double[] encPre, decPre;

        public Vae64(Dense64 enc, Dense64 mu, Dense64 lv, Dense64 dec, Dense64 out, double beta) {
            this.enc = enc;
            this.mu = mu;
            this.lv = lv;
            this.dec = dec;
            this.out = out;
            this.d = enc.in;
            this.k = mu.out;
            this.beta = beta;
        }

        public static Vae64 of(Vae v) {
            List<Dense> l = v.layers();
            return new Vae64(Dense64.of(l.get(0)), Dense64.of(l.get(1)), Dense64.of(l.get(2)), Dense64.of(l.get(3)),
                    Dense64.of(l.get(4)), v.config().beta());
        }

        /** Values in the order of Vae.parameters(): each layer's W then b. */
        public List<double[]> values() {
            List<double[]> v = new ArrayList<>();
            for (Dense64 l : List.of(enc, mu, lv, dec, out)) {
                v.add(l.w);
                v.add(l.b);
            }
            return v;
        }

        public List<double[]> grads() {
            List<double[]> g = new ArrayList<>();
            for (Dense64 l : List.of(enc, mu, lv, dec, out)) {
                g.add(l.dw);
                g.add(l.db);
            }
            return g;
        }

        /** Forward only. */
        public double loss(double[] x, double[] eps, int n) {
            return run(x, eps, n, false);
        }

        /** Forward and backward: sets every gradient. */
        public double lossAndGradient(double[] x, double[] eps, int n) {
            return run(x, eps, n, true);
        }

        private double run(double[] x, double[] eps, int n, boolean backward) {
            encPre = enc.forward(x, n);
            double[] h = relu(encPre);
            double[] m = mu.forward(h, n);
            double[] s2 = lv.forward(h, n); // log sigma^2
            double[] z = new double[n * k];
            for (int i = 0; i < z.length; i++) z[i] = m[i] + Math.exp(s2[i] / 2) * eps[i];
            decPre = dec.forward(z, n);
            double[] g = relu(decPre);
            double[] logits = out.forward(g, n);
            double bce = 0;
            for (int i = 0; i < logits.length; i++) {
                double p = 1 / (1 + Math.exp(-logits[i]));            // moderate logits only (test sizes)
                bce -= x[i] * Math.log(p) + (1 - x[i]) * Math.log(1 - p);
            }
            double kl = 0;
            for (int i = 0; i < m.length; i++) kl += -0.5 * (1 + s2[i] - m[i] * m[i] - Math.exp(s2[i]));
            if (backward) {
                double[] dLogits = new double[logits.length];
                for (int i = 0; i < logits.length; i++) dLogits[i] = 1 / (1 + Math.exp(-logits[i])) - x[i];
                double[] dz = dec.backward(reluBackward(decPre, out.backward(dLogits)));
                double[] dm = new double[m.length], ds2 = new double[m.length];
                for (int i = 0; i < m.length; i++) {
                    dm[i] = dz[i] + beta * m[i];
                    ds2[i] = dz[i] * eps[i] * 0.5 * Math.exp(s2[i] / 2) + beta * 0.5 * (Math.exp(s2[i]) - 1);
                }
                double[] dh = mu.backward(dm);
                double[] dh2 = lv.backward(ds2);
                for (int i = 0; i < dh.length; i++) dh[i] += dh2[i];
                enc.backward(reluBackward(encPre, dh));
            }
            return bce + beta * kl;
        }
    }

    /** The float parameter's gradient as doubles. */
    public static double[] grad(Parameter p) {
        return toDouble(p.grad());
    }
}
