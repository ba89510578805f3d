package nl.buurtroute.loadgen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchFileTest {
  private static final String DOCUMENT = """
      # Benchmarks

      <!-- section:sqlite -->
      old sqlite
      <!-- /section:sqlite -->

      ## Analysis

      <!-- analysis:start -->
      kept
      <!-- analysis:end -->
      """;

  @Test
  void replacesOnlyItsOwnSection() {
    String updated = BenchFile.replaceSection(DOCUMENT, "sqlite", "new sqlite");
    assertEquals("new sqlite", BenchFile.section(updated, "sqlite"));
    assertTrue(updated.contains("kept"));
    assertEquals(DOCUMENT.replace("old sqlite", "new sqlite"), updated);
  }

  @Test
  void aNewSectionGoesBeforeTheAnalysis() {
    String updated = BenchFile.replaceSection(DOCUMENT, "cluster", "cluster figures");
    assertEquals("cluster figures", BenchFile.section(updated, "cluster"));
    assertTrue(updated.indexOf("cluster figures") < updated.indexOf("## Analysis"));
    assertEquals("old sqlite", BenchFile.section(updated, "sqlite"));
  }

  @Test
  void theHeaderGoesUnderTheTitleAndIsReplacedInPlace() {
    String withHeader = BenchFile.replaceHeader(DOCUMENT, "ran sqlite");
    assertTrue(withHeader.startsWith("# Benchmarks\n\n" + BenchFile.start("header") + "\nran sqlite\n"));
    assertTrue(withHeader.indexOf("ran sqlite") < withHeader.indexOf("old sqlite"));
    String again = BenchFile.replaceHeader(withHeader, "ran postgresql");
    assertEquals("ran postgresql", BenchFile.section(again, "header"));
    assertEquals(withHeader.replace("ran sqlite", "ran postgresql"), again);
  }

  @Test
  void aMissingSectionIsNull() {
    assertNull(BenchFile.section(DOCUMENT, "postgresql"));
  }
}
