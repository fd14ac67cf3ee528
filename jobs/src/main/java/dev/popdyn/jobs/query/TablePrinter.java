package dev.popdyn.jobs.query;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Prints query results as an aligned text table or as CSV (RFC 4180 quoting). Doubles are printed with up to 6
 * significant digits in the table and in full in CSV. Stateless.
 */
public final class TablePrinter {
    private TablePrinter() {
    }

    /**
     * Prints at most {@code limit} rows of {@code df} (0 = all) on {@code out}. A result cut at the limit is always
     * announced: in the table's row-count line, and for CSV (whose output must stay pure CSV) by a line on
     * {@code err}.
     */
    public static void print(Dataset<Row> df, boolean csv, int limit, PrintStream out, PrintStream err) {
        String[] cols = df.columns();
        List<Row> rows = limit == 0 ? df.collectAsList() : df.limit(limit + 1).collectAsList();
        boolean cut = limit > 0 && rows.size() > limit;
        if (cut) {
            rows = rows.subList(0, limit);
        }
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows) {
            String[] c = new String[cols.length];
            for (int k = 0; k < cols.length; k++) {
                c[k] = format(r.get(k), csv);
            }
            cells.add(c);
        }
        if (csv) {
            out.println(csvLine(cols));
            for (String[] c : cells) {
                out.println(csvLine(c));
            }
            if (cut) {
                err.println(cutNote(limit));
            }
            return;
        }
        int[] w = new int[cols.length];
        for (int k = 0; k < cols.length; k++) {
            w[k] = cols[k].length();
            for (String[] c : cells) {
                w[k] = Math.max(w[k], c[k].length());
            }
        }
        out.println(line(cols, w));
        StringBuilder sep = new StringBuilder();
        for (int k = 0; k < cols.length; k++) {
            sep.append(k == 0 ? "" : "  ").append("-".repeat(w[k]));
        }
        out.println(sep);
        for (String[] c : cells) {
            out.println(line(c, w));
        }
        out.println("(" + rows.size() + " row" + (rows.size() == 1 ? "" : "s") + (cut ? "; " + cutNote(limit) : "")
                + ")");
    }

    private static String cutNote(int limit) {
        return "result cut at --limit " + limit + ": it has more rows; --limit 0 prints all";
    }

    private static String line(String[] c, int[] w) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < c.length; k++) {
            if (k > 0) {
                sb.append("  ");
            }
            sb.append(String.format("%-" + w[k] + "s", c[k]));
        }
        return sb.toString().stripTrailing();
    }

    private static String csvLine(String[] c) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < c.length; k++) {
            if (k > 0) {
                sb.append(',');
            }
            String v = c[k];
            if (v.contains(",") || v.contains("\"") || v.contains("\n")) {
                v = "\"" + v.replace("\"", "\"\"") + "\"";
            }
            sb.append(v);
        }
        return sb.toString();
    }

    static String format(Object v, boolean full) {
        if (v == null) {
            return full ? "" : "null";
        }
        if (v instanceof Double d) {
            return full ? Double.toString(d) : String.format(Locale.ROOT, "%.6g", d);
        }
        if (v instanceof Float f) {
            return format(f.doubleValue(), full);
        }
        return v.toString();
    }
}
