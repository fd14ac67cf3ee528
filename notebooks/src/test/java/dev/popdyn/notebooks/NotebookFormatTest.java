package dev.popdyn.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.notebooks.PopdynNotes.NoteSpec;
import dev.popdyn.notebooks.PopdynNotes.Para;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.zeppelin.display.Input;
import org.apache.zeppelin.notebook.Note;
import org.apache.zeppelin.notebook.Paragraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed notes parse with Zeppelin 0.10's own {@link Note#fromJson}, hold exactly the paragraphs of
 * {@link PopdynNotes}, start with the one {@code %spark(form=simple)} paragraph that opens the run directory of the
 * {@code run} form (or runs into the folder of the {@code out} form) through popdyn's Spark API, and use
 * {@code %spark.sql} elsewhere, or {@code %spark} without forms. Run with {@code -Dpopdyn.notebooks.write=true} to
 * regenerate the files first.
 */
class NotebookFormatTest {
    static Path dir;

    @BeforeAll
    static void locate() throws IOException {
        dir = Path.of(System.getProperty("popdyn.notebooks.dir", ".")).toAbsolutePath().normalize();
        if (Boolean.getBoolean("popdyn.notebooks.write")) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    if (p.getFileName().toString().endsWith(".zpln")) {
                        Files.delete(p);
                    }
                }
            }
            NoteFiles.writeAll(dir);
        }
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".zpln")).sorted().toList();
        }
    }

    @Test
    void everyNoteIsCommittedAndNoOtherNoteExists() throws IOException {
        assertThat(files().stream().map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrderElementsOf(PopdynNotes.ALL.stream().map(NoteSpec::fileName).toList());
    }

    @Test
    void notesParseWithZeppelinAndMatchTheirSource() throws IOException {
        for (NoteSpec spec : PopdynNotes.ALL) {
            String json = Files.readString(dir.resolve(spec.fileName()), StandardCharsets.UTF_8);
            Note note = Note.fromJson(spec.id(), json);
            assertThat(note.getId()).isEqualTo(spec.id());
            assertThat(note.getName()).isEqualTo(spec.name());
            assertThat(note.getDefaultInterpreterGroup()).isEqualTo("spark");
            List<Paragraph> ps = note.getParagraphs();
            assertThat(ps).hasSize(spec.paragraphs().size());
            for (int k = 0; k < ps.size(); k++) {
                Paragraph p = ps.get(k);
                Para source = spec.paragraphs().get(k);
                assertThat(p.getTitle()).as(spec.fileName() + " #" + k).isEqualTo(source.title());
                assertThat(p.getText()).as(spec.fileName() + " #" + k).isEqualTo(source.text());
                if (k == 0) {
                    assertThat(p.getIntpText()).isEqualTo("spark");
                    assertThat(p.getLocalProperties()).containsEntry("form", "simple");
                    assertThat(p.getScriptText()).contains("import dev.popdyn.jobs.api.Popdyn");
                    Map<String, Input> forms = Input.extractSimpleQueryForm(p.getScriptText(), false);
                    assertThat(forms.keySet()).hasSize(1).isSubsetOf("run", "out");
                    assertThat(p.settings.getForms().keySet()).isEqualTo(forms.keySet());
                } else if (p.getIntpText().equals("spark")) {
                    assertThat(p.getLocalProperties()).as(spec.fileName() + " #" + k).doesNotContainKey("form");
                    assertThat(p.getScriptText()).as(spec.fileName() + " #" + k).doesNotContain("${");
                } else {
                    assertThat(p.getIntpText()).as(spec.fileName() + " #" + k).isEqualTo("spark.sql");
                    assertThat(p.getScriptText()).doesNotContain("%spark");
                }
            }
        }
    }

    @Test
    void formsSubstituteIntoRunnableText() {
        Paragraph p = NoteFiles.build(PopdynNotes.OVERVIEW).getParagraphs().get(0);
        String script = Input.getSimpleQuery(Map.of("run", "/data/runs/r1"), p.getScriptText(), false);
        assertThat(script).contains("Popdyn.open(spark, \"/data/runs/r1\")").doesNotContain("${");
    }

    @Test
    void notesRoundTripThroughZeppelin() throws IOException {
        for (Path f : files()) {
            String json = Files.readString(f, StandardCharsets.UTF_8);
            Note a = Note.fromJson("x", json);
            Note b = Note.fromJson("x", a.toJson());
            assertThat(b.getParagraphs()).hasSameSizeAs(a.getParagraphs());
            for (int k = 0; k < a.getParagraphs().size(); k++) {
                assertThat(b.getParagraphs().get(k).getText()).isEqualTo(a.getParagraphs().get(k).getText());
                assertThat(b.getParagraphs().get(k).getConfig()).isEqualTo(a.getParagraphs().get(k).getConfig());
            }
        }
    }
}
