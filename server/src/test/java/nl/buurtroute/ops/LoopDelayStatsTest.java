package nl.buurtroute.ops;

import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** {@code /api/stats} reports the event-loop delay per window, and leaves the forced GC of {@code ?gc=true} out. */
class LoopDelayStatsTest {

  @Test
  void a_reader_closes_windows_and_a_forced_gc_is_left_out() {
    try (TestServer server = TestServer.start()) {
      JsonObject first = delay(server, "/api/stats?newWindow=true");
      assertThat(first.getJsonObject("window").getBoolean("closed")).isTrue();
      assertThat(first.getDouble("maxMillis")).isNotNegative();

      JsonObject open = delay(server, "/api/stats").getJsonObject("window");
      assertThat(open.getBoolean("closed")).isFalse();
      assertThat(open.getDouble("seconds")).isPositive();

      long leftOutBefore = first.getLong("leftOutForForcedGc");
      JsonObject gc = delay(server, "/api/stats?gc=true&newWindow=true");
      assertThat(gc.getJsonObject("window").getBoolean("closed")).isTrue();
      // Every loop's probe that waited through the collection is left out, once it has run again.
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (delay(server, "/api/stats").getLong("leftOutForForcedGc") <= leftOutBefore) {
        if (System.nanoTime() - until > 0) {
          fail("no probe was left out after a forced GC");
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
      assertThat(server.get("/metrics").body()).contains("buurtroute_eventloop_delay_seconds_max");
    }
  }

  private static JsonObject delay(TestServer server, String path) {
    return new JsonObject(server.get(path).body()).getJsonObject("eventLoopDelay");
  }
}
