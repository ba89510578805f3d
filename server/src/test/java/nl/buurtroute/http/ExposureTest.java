package nl.buurtroute.http;

import io.vertx.core.json.JsonObject;
import nl.buurtroute.store.SqliteStore;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding 9: the store's files were readable by every user of the machine; behind a proxy on the same machine
 * every visitor looks local, so /metrics and /api/stats were open to the world; a half-sent request kept its
 * connection forever.
 */
class ExposureTest {
  @Test
  void the_store_is_readable_only_by_the_servers_user() throws Exception {
    Path dataDir = Files.createTempDirectory("buurtroute-perms").resolve("nieuw/data");
    try (TestServer server = TestServer.start(Map.of("BUURTROUTE_DATA", dataDir.toString()))) {
      server.createSession("Rechten");
      Path db = dataDir.resolve(SqliteStore.FILE_NAME);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
      Path wal = dataDir.resolve(SqliteStore.FILE_NAME + "-wal");
      assertThat(wal).exists();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wal))).isEqualTo("rw-------");
    }
  }

  @Test
  void a_store_file_left_readable_is_tightened_at_start() throws Exception {
    Path dataDir = Files.createTempDirectory("buurtroute-perms");
    Path db = dataDir.resolve(SqliteStore.FILE_NAME);
    Files.createFile(db, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
    try (TestServer server = TestServer.start(Map.of("BUURTROUTE_DATA", dataDir.toString()))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
    }
  }

  @Test
  void behind_a_proxy_on_the_same_machine_metrics_and_stats_need_the_admin_token() {
    try (TestServer server = TestServer.start(Map.of("BUURTROUTE_TRUST_PROXY", "true",
        "BUURTROUTE_ADMIN_TOKEN", "beheer-sleutel-0123456789"))) {
      // A visitor from the internet, as the local proxy passes it on: its TCP peer is 127.0.0.1.
      for (String path : new String[] {"/metrics", "/api/stats", "/api/stats?gc=true"}) {
        RawHttp.Answer outsider = RawHttp.send(server.port(), "GET", path, "X-Forwarded-For: 203.0.113.9");
        assertThat(outsider.status()).as(path).isEqualTo(401);
        assertThat(new JsonObject(outsider.body()).getJsonObject("error").getString("code")).isEqualTo("unauthorized");
        // Claiming to be local does not help either.
        assertThat(RawHttp.send(server.port(), "GET", path, "X-Forwarded-For: 127.0.0.1").status()).as(path).isEqualTo(401);
        assertThat(RawHttp.send(server.port(), "GET", path, "Authorization: Bearer fout").status()).as(path).isEqualTo(403);
      }
      assertThat(RawHttp.send(server.port(), "GET", "/metrics", "X-Forwarded-For: 203.0.113.9",
          "Authorization: Bearer beheer-sleutel-0123456789").status()).isEqualTo(200);
    }
    try (TestServer server = TestServer.start(Map.of())) {
      assertThat(server.get("/api/stats").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void a_half_sent_request_is_closed_and_live_connections_stay() {
    try (TestServer server = TestServer.start(Map.of("BUURTROUTE_HTTP_REQUEST_SECONDS", "1",
        "BUURTROUTE_HTTP_IDLE_SECONDS", "2", "BUURTROUTE_HEARTBEAT_MS", "300"));
         LiveClient live = server.connect()) {
      String head = "GET /api/content HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nX-Langzaam: ";
      assertThat(RawHttp.closedAfterPartial(server.port(), head, 15_000)).as("half head").isTrue();
      String body = "POST /api/sessions HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
          + "\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"title\":";
      assertThat(RawHttp.closedAfterPartial(server.port(), body, 15_000)).as("half body").isTrue();
      assertThat(RawHttp.closedAfterPartial(server.port(), "", 15_000)).as("silent connection").isTrue();
      // The WebSocket opened before has outlived every deadline above and still answers.
      live.sendRaw("{\"type\":\"vote\"}");
      assertThat(live.await("error").getString("code")).isEqualTo("bad_request");
      assertThat(live.closeCode()).isNull();
      // A complete request is answered as ever.
      assertThat(server.get("/api/content").statusCode()).isEqualTo(200);
    }
  }
}
