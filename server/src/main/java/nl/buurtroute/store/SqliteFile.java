package nl.buurtroute.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;

/** The SQLite database file: how its connections are opened, and how instants are kept in it. */
final class SqliteFile {

  static final int BUSY_TIMEOUT_MILLIS = 10_000;

  /** Fixed width, so that text order is time order; microseconds, like PostgreSQL. */
  private static final DateTimeFormatter INSTANT_TEXT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final String jdbcUrl;

  SqliteFile(Path file) {
    try {
      ownerOnly(file.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory of " + file, e);
    }
    this.jdbcUrl = "jdbc:sqlite:" + file.toAbsolutePath();
  }

  /**
   * The store holds names and token hashes: only the server's own user may read it. A data directory we create
   * gets {@code rwx------}; the database file is created (or tightened) as {@code rw-------} before SQLite opens
   * it, and SQLite gives its -wal, -shm and -journal files the mode of the database file.
   */
  private static void ownerOnly(Path file) throws IOException {
    Path dir = file.getParent();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    }
    if (!posix) {
      return;
    }
    Set<PosixFilePermission> rw = PosixFilePermissions.fromString("rw-------");
    if (!Files.exists(file)) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(rw));
      } catch (FileAlreadyExistsException e) {
        // another process created it first; tightened below
      }
    }
    for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
      Path companion = file.resolveSibling(file.getFileName() + suffix);
      if (Files.exists(companion)) {
        Files.setPosixFilePermissions(companion, rw);
      }
    }
  }

  /** The writer's connection: WAL, and {@code synchronous=FULL} so that every commit is on disk. */
  Connection openForWriting() throws SQLException {
    return open("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS, "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = FULL");
  }

  Connection openForReading() throws SQLException {
    return open("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS, "PRAGMA query_only = 1");
  }

  private Connection open(String... pragmas) throws SQLException {
    Connection c = DriverManager.getConnection(jdbcUrl);
    try (Statement s = c.createStatement()) {
      for (String pragma : pragmas) {
        s.execute(pragma);
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  @Override
  public String toString() {
    return jdbcUrl;
  }

  static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static String text(Instant instant) {
    return instant == null ? null : INSTANT_TEXT.format(instant);
  }

  static Instant instant(String text) {
    return text == null ? null : INSTANT_TEXT.parse(text, Instant::from);
  }

  static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
    if (instant == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, text(instant));
    }
  }
}
