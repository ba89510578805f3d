package nl.buurtroute.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versioned schema scripts, {@code sql/<dialect>/V<n>__<name>.sql} on the class path, applied in version
 * order; the applied versions are kept in the {@code schema_version} table. A class path folder cannot be
 * listed inside a jar, so the scripts are named here (MigrationsTest checks that the list matches the folders).
 * A script is split into statements at each semicolon that ends a line; lines starting with "--" are comments.
 */
final class Migrations {

  /** Every script, in version order. Add new ones at the end, for both dialects. */
  static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__store_probe.sql", "V3__notes_and_overview.sql",
      "V4__content_versions.sql", "V5__session_owner.sql");

  private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

  record Migration(int version, String name, List<String> statements) {
  }

  private Migrations() {
  }

  /** The migrations of a dialect ("sqlite" or "postgresql"). */
  static List<Migration> of(String dialect) {
    List<Migration> migrations = new ArrayList<>();
    int previous = 0;
    for (String script : SCRIPTS) {
      Matcher m = NAME.matcher(script);
      if (!m.matches()) {
        throw new IllegalStateException("migration script not named V<n>__<name>.sql: " + script);
      }
      int version = Integer.parseInt(m.group(1));
      if (version <= previous) {
        throw new IllegalStateException("migration scripts out of order at " + script);
      }
      previous = version;
      migrations.add(new Migration(version, m.group(2), statements(read("sql/" + dialect + "/" + script))));
    }
    return migrations;
  }

  static List<String> statements(String script) {
    StringBuilder current = new StringBuilder();
    List<String> statements = new ArrayList<>();
    for (String line : script.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().strip();
        statements.add(statement.substring(0, statement.length() - 1).strip());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      throw new IllegalStateException("migration script ends without ';': " + current.toString().strip());
    }
    return statements;
  }

  private static String read(String resource) {
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing migration script on the class path: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
