package nl.buurtroute.store;

import io.vertx.core.Vertx;

import java.nio.file.Path;

/** Picks the store from the configuration: PostgreSQL when a database URL is given, else embedded SQLite. */
public final class Stores {

  private Stores() {
  }

  /**
   * Opens a store; the caller calls {@link Store#migrate()} before anything else.
   *
   * @param dbUrl   a libpq URI {@code postgresql://user:password@host:5432/database}, or null (or blank) for SQLite
   * @param dataDir where SQLite keeps {@code buurtroute.db}; unused with PostgreSQL
   */
  public static Store open(Vertx vertx, String dbUrl, Path dataDir) {
    if (dbUrl == null || dbUrl.isBlank()) {
      return new SqliteStore(vertx, dataDir);
    }
    return new PostgresStore(vertx, dbUrl);
  }
}
