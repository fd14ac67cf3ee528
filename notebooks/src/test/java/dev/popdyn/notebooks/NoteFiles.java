package dev.popdyn.notebooks;

import dev.popdyn.notebooks.PopdynNotes.Chart;
import dev.popdyn.notebooks.PopdynNotes.NoteSpec;
import dev.popdyn.notebooks.PopdynNotes.Para;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.zeppelin.display.Input;
import org.apache.zeppelin.notebook.Note;
import org.apache.zeppelin.notebook.Paragraph;

/**
 * Builds the {@code .zpln} files from {@link PopdynNotes} with Zeppelin 0.10's own note classes ({@link Note},
 * {@link Paragraph}, {@link Input} for the dynamic forms) and writes them with {@link Note#toJson()}, so the files
 * have exactly the format Zeppelin reads. Paragraph ids are fixed ({@code paragraph_<note id>_<k>}); creation dates
 * are those of the generation. Stateless.
 */
final class NoteFiles {
    private NoteFiles() {
    }

    /** The Zeppelin note for a spec. */
    static Note build(NoteSpec spec) {
        Note note = new Note();
        note.setId(spec.id());
        note.setPath(spec.path());
        note.setDefaultInterpreterGroup("spark");
        note.setVersion("0.10.0");
        note.getConfig().put("isZeppelinNotebookCronEnable", false);
        int k = 1;
        for (Para para : spec.paragraphs()) {
            Paragraph p = new Paragraph(String.format("paragraph_%s_%02d", spec.id(), k++), note, null);
            p.setTitle(para.title());
            p.setText(para.text());
            p.setConfig(config(para));
            String script = para.text().substring(para.text().indexOf('\n') + 1);
            LinkedHashMap<String, Input> forms = Input.extractSimpleQueryForm(script, false);
            p.settings.setForms(forms);
            Map<String, Object> params = new LinkedHashMap<>();
            forms.forEach((name, input) -> params.put(name, input.getDefaultValue()));
            p.settings.setParams(params);
            note.addParagraph(p);
        }
        return note;
    }

    private static Map<String, Object> config(Para para) {
        boolean sql = para.text().startsWith("%spark.sql");
        Map<String, Object> editor = new LinkedHashMap<>();
        editor.put("language", sql ? "sql" : "scala");
        editor.put("editOnDblClick", false);
        editor.put("completionKey", "TAB");
        editor.put("completionSupport", true);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("editorSetting", editor);
        c.put("editorMode", sql ? "ace/mode/sql" : "ace/mode/scala");
        c.put("colWidth", 12.0);
        c.put("fontSize", 9.0);
        c.put("title", true);
        c.put("enabled", true);
        Map<String, Object> results = new LinkedHashMap<>();
        if (para.chart() != null) {
            results.put("0", Map.of("graph", graph(para.chart()), "helium", Map.of()));
        }
        c.put("results", results);
        return c;
    }

    private static Map<String, Object> graph(Chart chart) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("mode", chart.mode());
        g.put("height", 300.0);
        g.put("optionOpen", false);
        g.put("setting", Map.of(chart.mode(), Map.of()));
        g.put("commonSetting", Map.of());
        g.put("keys", columns(chart, chart.keys()));
        g.put("groups", columns(chart, chart.groups()));
        g.put("values", columns(chart, chart.values()));
        return g;
    }

    private static List<Map<String, Object>> columns(Chart chart, List<String> names) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String n : names) {
            int index = chart.columns().indexOf(n);
            if (index < 0) {
                throw new IllegalArgumentException("chart column " + n + " is not among " + chart.columns());
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n);
            m.put("index", (double) index);
            m.put("aggr", "sum");
            out.add(m);
        }
        return out;
    }

    /** Writes every note into {@code dir} as {@code <name>_<id>.zpln}; returns the files. */
    static List<Path> writeAll(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (NoteSpec spec : PopdynNotes.ALL) {
            Path f = dir.resolve(spec.fileName());
            Files.writeString(f, build(spec).toJson() + "\n", StandardCharsets.UTF_8);
            out.add(f);
        }
        return out;
    }
}
