package nl.buurtroute.store;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The store suite on the embedded SQLite store, in a temporary data directory. */
class SqliteStoreTest extends AbstractStoreTest {

  @TempDir
  Path tempDir;
  private Path dataDir;
  private int databases;

  @Override
  void useFreshDatabase() {
    dataDir = tempDir.resolve("data" + ++databases);
  }

  @Override
  Store openStore(Vertx vertx) {
    return Stores.open(vertx, null, dataDir);
  }

  @Test
  void theDatabaseIsOneFileInTheDataDirectoryInWalMode(VertxTestContext ctx) {
    store.createSession(session("s1", "WAL001", T0)).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      Path file = dataDir.resolve(SqliteStore.FILE_NAME);
      assertThat(Files.isRegularFile(file)).isTrue();
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
           Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("wal");
      }
      assertThat(store.kind()).isEqualTo("sqlite");
      ctx.completeNow();
    })));
  }
}
