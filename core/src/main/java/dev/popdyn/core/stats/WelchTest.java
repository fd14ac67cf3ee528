package dev.popdyn.core.stats;

/**
 * Welch's unequal-variance t-test (Welch 1947) with the Welch–Satterthwaite degrees of freedom, and the Student t
 * tail through the regularised incomplete beta function, P(|T| > t) = I_{ν/(ν+t²)}(ν/2, 1/2), evaluated by Lentz's
 * continued fraction (Press et al., Numerical Recipes §6.4). Stateless and thread-safe.
 */
public final class WelchTest {
    private WelchTest() {
    }

    /**
     * Two-sided p-value for equal means of samples {@code a[ao .. ao+na)} and {@code b[bo .. bo+nb)}; needs
     * na, nb ≥ 2. Two constant samples give p = 0 when their means differ and p = 1 otherwise.
     */
    public static double pValue(double[] a, int ao, int na, double[] b, int bo, int nb) {
        Moments ma = new Moments();
        for (int i = 0; i < na; i++) {
            ma.add(a[ao + i]);
        }
        Moments mb = new Moments();
        for (int i = 0; i < nb; i++) {
            mb.add(b[bo + i]);
        }
        double va = ma.sampleVariance() / na;
        double vb = mb.sampleVariance() / nb;
        double diff = ma.mean() - mb.mean();
        double se2 = va + vb;
        if (se2 == 0) {
            return diff == 0 ? 1.0 : 0.0;
        }
        double t = diff / Math.sqrt(se2);
        double df = se2 * se2 / (va * va / (na - 1) + vb * vb / (nb - 1));
        return studentTwoSided(t, df);
    }

    /** P(|T| > |t|) for Student's t with df degrees of freedom. */
    public static double studentTwoSided(double t, double df) {
        double x = df / (df + t * t);
        return regularizedBeta(x, df / 2.0, 0.5);
    }

    /** The regularised incomplete beta function I_x(a, b). */
    public static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
        if (x < (a + 1) / (a + b + 2)) {
            return Math.exp(lnFront) * continuedFraction(x, a, b) / a;
        }
        return 1.0 - Math.exp(lnFront) * continuedFraction(1 - x, b, a) / b;
    }

    private static double continuedFraction(double x, double a, double b) {
        final double tiny = 1e-300;
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        if (Math.abs(d) < tiny) {
            d = tiny;
        }
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 300; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-15) {
                break;
            }
        }
        return h;
    }

    /** ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, n = 9; relative error below 1e-15). */
    public static double logGamma(double x) {
        final double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double s = c[0];
        for (int i = 1; i < 9; i++) {
            s += c[i] / (x + i);
        }
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
    }
}
