package dev.popdyn.core.timescales;

/**
 * Least-squares fit of a power law y = c·x^b on a log-log scale: ordinary least squares of log y on log x over the
 * points where both are finite and positive, with the usual standard error of the slope,
 * se(b) = sqrt(SSR/(n − 2) / Σ(log xᵢ − mean)²). Used for the exponent of a drop time t_l against ε (Berthier,
 * Montanari, Zhou 2023, arXiv 2303.00055: each degree is learned on a time scale that is a power of ε). Immutable
 * value; thread-safe.
 *
 * @param exponent the slope b (NaN with fewer than 2 usable points)
 * @param stderr   its standard error (NaN with fewer than 3 usable points)
 * @param prefactor c = exp(intercept)
 * @param points   the number of usable points
 */
public record PowerLawFit(double exponent, double stderr, double prefactor, int points) {
    /** Fits y ∝ x^b to the pairs (x[i], y[i]). */
    public static PowerLawFit of(double[] x, double[] y) {
        int n = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < x.length; i++) {
            if (usable(x[i], y[i])) {
                n++;
                sx += Math.log(x[i]);
                sy += Math.log(y[i]);
            }
        }
        if (n < 2) {
            return new PowerLawFit(Double.NaN, Double.NaN, Double.NaN, n);
        }
        double mx = sx / n;
        double my = sy / n;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < x.length; i++) {
            if (usable(x[i], y[i])) {
                double dx = Math.log(x[i]) - mx;
                sxx += dx * dx;
                sxy += dx * (Math.log(y[i]) - my);
            }
        }
        double b = sxy / sxx;
        double a = my - b * mx;
        double ssr = 0;
        for (int i = 0; i < x.length; i++) {
            if (usable(x[i], y[i])) {
                double e = Math.log(y[i]) - a - b * Math.log(x[i]);
                ssr += e * e;
            }
        }
        double se = n > 2 ? Math.sqrt(ssr / (n - 2) / sxx) : Double.NaN;
        return new PowerLawFit(b, se, Math.exp(a), n);
    }

    private static boolean usable(double x, double y) {
        return x > 0 && y > 0 && Double.isFinite(x) && Double.isFinite(y);
    }
}
