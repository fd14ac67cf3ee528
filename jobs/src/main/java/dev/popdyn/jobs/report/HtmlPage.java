package dev.popdyn.jobs.report;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Builds one self-contained HTML page: inline CSS, plots as base64 PNG {@code data:} URIs (each {@code <img>}
 * carries {@code data-plot="<id>"}), tables escaped. Nothing is fetched when the page is viewed. Not thread-safe.
 */
public final class HtmlPage {
    private static final String CSS = """
            body { font-family: sans-serif; margin: 2em auto; max-width: 960px; color: #222; }
            h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
            figure { margin: 1em 0; } figcaption { color: #555; font-size: .9em; }
            img { max-width: 100%; border: 1px solid #eee; }
            table { border-collapse: collapse; font-size: .9em; margin: .5em 0; }
            td, th { border: 1px solid #ddd; padding: .2em .6em; text-align: left; }
            th { background: #f4f4f4; } td.num { text-align: right; font-family: monospace; }
            p.note { color: #666; font-style: italic; }
            div.row { display: flex; flex-wrap: wrap; gap: .5em; } div.row figure { flex: 1 1 30%; margin: .5em 0; }
            summary { cursor: pointer; color: #555; }
            """;

    private final StringBuilder body = new StringBuilder();
    private final String title;

    public HtmlPage(String title) {
        this.title = title;
    }

    public HtmlPage heading(int level, String text, String id) {
        body.append("<h").append(level).append(id == null ? "" : " id=\"" + escape(id) + "\"").append('>')
                .append(escape(text)).append("</h").append(level).append(">\n");
        return this;
    }

    public HtmlPage paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    public HtmlPage note(String text) {
        body.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A plot of a row of plots ({@link #plotRow}). */
    public record Figure(String id, byte[] png, String caption) {
    }

    /** A PNG plot with a caption; {@code id} names it for readers and tests ({@code data-plot}). */
    public HtmlPage plot(String id, byte[] png, String caption) {
        figure(new Figure(id, png, caption));
        return this;
    }

    /** Plots side by side (wrapping when the page is narrow), each with its caption. */
    public HtmlPage plotRow(List<Figure> figures) {
        body.append("<div class=\"row\">\n");
        figures.forEach(this::figure);
        body.append("</div>\n");
        return this;
    }

    private void figure(Figure f) {
        body.append("<figure><img data-plot=\"").append(escape(f.id())).append("\" alt=\"")
                .append(escape(f.caption())).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(f.png())).append("\"><figcaption>")
                .append(escape(f.caption())).append("</figcaption></figure>\n");
    }

    /** A two-column key/value table. */
    public HtmlPage keyValues(String id, Map<String, String> rows) {
        body.append("<table data-table=\"").append(escape(id)).append("\">\n");
        for (Map.Entry<String, String> e : rows.entrySet()) {
            body.append("<tr><th>").append(escape(e.getKey())).append("</th><td>").append(escape(e.getValue()))
                    .append("</td></tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** {@link #table} folded away behind a line of text the reader clicks to open it. */
    public HtmlPage collapsedTable(String summary, String id, List<String> header, List<List<String>> rows) {
        body.append("<details><summary>").append(escape(summary)).append("</summary>\n");
        table(id, header, rows);
        body.append("</details>\n");
        return this;
    }

    /** A table with a header row; cells that parse as numbers are right-aligned. */
    public HtmlPage table(String id, List<String> header, List<List<String>> rows) {
        body.append("<table data-table=\"").append(escape(id)).append("\">\n<tr>");
        for (String h : header) {
            body.append("<th>").append(escape(h)).append("</th>");
        }
        body.append("</tr>\n");
        for (List<String> r : rows) {
            body.append("<tr>");
            for (String cell : r) {
                body.append(isNumber(cell) ? "<td class=\"num\">" : "<td>").append(escape(cell)).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** The complete document. */
    public String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
                + "</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n<h1>" + escape(title) + "</h1>\n" + body
                + "</body>\n</html>\n";
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
