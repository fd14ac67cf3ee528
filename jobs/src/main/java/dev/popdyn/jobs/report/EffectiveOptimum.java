package dev.popdyn.jobs.report;

import dev.popdyn.core.model.Quadratic;
import dev.popdyn.jobs.report.ReportData.Optimum;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hyperparameter values that maximise a model's closed-form effective fitness F̄(λ), where known, read from a
 * run's resolved config ({@code run.json} "config"). Today: the quadratic model's regularisation
 * ρ* = c²/(c·v − T/2) − 1 ({@link Quadratic#optimalReg}), when {@code reg} is a hyperparameter and the temperature is
 * fixed ({@code fast.temperature}, not itself a hyperparameter). Stateless.
 */
public final class EffectiveOptimum {
    private EffectiveOptimum() {
    }

    /** The known optima for the run's config and hyperparameter names (empty when none is known). */
    public static List<Optimum> of(Map<String, String> config, List<String> hyper) {
        List<Optimum> out = new ArrayList<>();
        if ("quadratic".equals(config.get("model.name")) && hyper.contains("reg") && !hyper.contains("temperature")) {
            Double c = number(config.get("model.center"));
            Double v = number(config.get("model.target"));
            Double t = number(config.get("fast.temperature"));
            if (c != null && v != null && t != null) {
                double rho = Quadratic.optimalReg(c, v, t);
                if (Double.isFinite(rho)) {
                    out.add(new Optimum("reg", rho, String.format(java.util.Locale.ROOT,
                            "ρ* = c²/(c·v − T/2) − 1 with c = %s, v = %s, T = %s", fmt(c), fmt(v), fmt(t))));
                }
            }
        }
        return out;
    }

    /** The optimum for {@code hyper} among {@code optima}, or null. */
    public static Optimum find(List<Optimum> optima, String hyper) {
        for (Optimum o : optima) {
            if (o.hyper().equals(hyper)) {
                return o;
            }
        }
        return null;
    }

    private static Double number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String fmt(double x) {
        return String.format(java.util.Locale.ROOT, "%.6g", x).replaceAll("\\.?0+$", "");
    }
}
