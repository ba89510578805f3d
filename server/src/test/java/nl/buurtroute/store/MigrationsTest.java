package nl.buurtroute.store;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationsTest {

  @Test
  void everyScriptInTheSqlFoldersIsListedForBothDialects() throws Exception {
    for (String dialect : List.of("sqlite", "postgresql")) {
      assertThat(scriptsIn(dialect)).as(dialect).containsExactlyInAnyOrderElementsOf(Migrations.SCRIPTS);
      assertThat(Migrations.of(dialect)).extracting(Migrations.Migration::version).isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void aScriptIsSplitAtSemicolonsThatEndALineAndCommentLinesAreDropped() {
    assertThat(Migrations.statements("-- a comment; with a semicolon;\nCREATE TABLE a (x TEXT DEFAULT ';');\n\n"
        + "CREATE INDEX i\n  ON a (x);\n"))
        .containsExactly("CREATE TABLE a (x TEXT DEFAULT ';')", "CREATE INDEX i\n  ON a (x)");
    assertThatThrownBy(() -> Migrations.statements("CREATE TABLE a (x TEXT)"))
        .hasMessageContaining("without ';'");
  }

  @Test
  void postgresqlStatementsNumberTheirParameters() {
    assertThat(Sql.POSTGRESQL.updateSession).contains("$5").doesNotContain("?");
    assertThat(Sql.POSTGRESQL.insertEvent).contains("$4::text::json");
  }

  private static List<String> scriptsIn(String dialect) throws URISyntaxException, java.io.IOException {
    Path dir = Path.of(MigrationsTest.class.getClassLoader().getResource("sql/" + dialect).toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).toList();
    }
  }
}
