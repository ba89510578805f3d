package nl.buurtroute.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code server/BENCHMARKS.md} as named sections, so each part of the benchmark (the SQLite runs, the
 * PostgreSQL runs, the cluster runs, the restart run) can be run on its own with {@code --only} and replaces
 * only its own section; the rest of the file, the hand-written analysis included, stays as it was.
 * A section sits between {@code <!-- section:ID -->} and {@code <!-- /section:ID -->}.
 */
final class BenchFile {
  private static final String ANALYSIS_HEADING = "## Analysis";
  static final String HEADER = "header";

  private BenchFile() {
  }

  static String start(String id) {
    return "<!-- section:" + id + " -->";
  }

  static String end(String id) {
    return "<!-- /section:" + id + " -->";
  }

  /** The section with its markers, ready to stand in a document. */
  static String wrap(String id, String markdown) {
    return start(id) + "\n" + markdown.strip() + "\n" + end(id) + "\n";
  }

  /**
   * The document with section {@code id} replaced by {@code markdown}; a section the document does not hold
   * yet goes in before the analysis (or at the end when there is none).
   */
  static String replaceSection(String document, String id, String markdown) {
    String wrapped = wrap(id, markdown);
    int a = document.indexOf(start(id));
    int b = document.indexOf(end(id));
    if (a >= 0 && b > a) {
      int after = b + end(id).length();
      if (after < document.length() && document.charAt(after) == '\n') {
        after++;
      }
      return document.substring(0, a) + wrapped + document.substring(after);
    }
    int analysis = document.indexOf(ANALYSIS_HEADING);
    if (analysis >= 0) {
      return document.substring(0, analysis) + wrapped + "\n" + document.substring(analysis);
    }
    return document + (document.isEmpty() || document.endsWith("\n\n") ? "" : "\n") + wrapped;
  }

  /**
   * The document with its header section (what the last invocation ran) replaced; a document without one gets
   * it right under its title, above every other section.
   */
  static String replaceHeader(String document, String markdown) {
    if (document.contains(start(HEADER))) {
      return replaceSection(document, HEADER, markdown);
    }
    int title = document.startsWith("# ") ? document.indexOf('\n') + 1 : 0;
    String rest = document.substring(title).stripLeading();
    return document.substring(0, title) + (title > 0 ? "\n" : "") + wrap(HEADER, markdown) + "\n" + rest;
  }

  /** The section of {@code id} as the document holds it (without its markers), or null. */
  static String section(String document, String id) {
    int a = document.indexOf(start(id));
    int b = document.indexOf(end(id));
    return a >= 0 && b > a ? document.substring(a + start(id).length(), b).strip() : null;
  }

  /** Replaces one section of the file (a new file holds just that section). */
  static void writeSection(Path file, String id, String markdown) throws IOException {
    String document = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
    Files.writeString(file, replaceSection(document, id, markdown));
  }
}
