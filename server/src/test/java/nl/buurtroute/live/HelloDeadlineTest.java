package nl.buurtroute.live;

import io.vertx.core.json.JsonObject;
import nl.buurtroute.http.HealthWritesTest;
import nl.buurtroute.loadgen.PostgresServer;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import nl.buurtroute.testing.TestServer.CreatedSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, finding 4: a WebSocket that never says who it is used to stay open for ever, and one address
 * could hold as many of them as the server had connection slots. Both attacks, performed for real.
 */
class HelloDeadlineTest {

  @Nested
  class TheHelloDeadline {
    @Test
    void a_socket_that_never_says_who_it_is_is_closed_with_1008_even_while_it_pings() {
      try (TestServer server = TestServer.start(Map.of("BUURTROUTE_HELLO_MS", "700"));
           LiveClient silent = server.connect();
           LiveClient pinging = server.connect()) {
        pinging.sync();
        assertThat(silent.awaitClosed()).isTrue();
        assertThat(silent.closeCode()).isEqualTo((short) 1008);
        // Pings keep a line alive for the heartbeat, but they do not say who is there.
        assertThat(pinging.awaitClosed()).isTrue();
        assertThat(pinging.closeCode()).isEqualTo((short) 1008);
      }
    }

    @Test
    void a_socket_whose_hello_was_refused_is_closed_too_and_a_welcomed_one_stays_open() {
      try (TestServer server = TestServer.start(Map.of("BUURTROUTE_HELLO_MS", "700"))) {
        CreatedSession session = server.createSession("Wijkavond");
        try (LiveClient phone = server.connect();
             LiveClient guesser = server.connect()) {
          assertThat(phone.join(session.joinCode(), "Ans", "inwoner").getString("type")).isEqualTo("welcome");
          guesser.join("ZZZZZZ", "Bot", "inwoner");
          assertThat(guesser.seen()).anyMatch(f -> "bad_join_code".equals(f.getString("code")));
          // The guesser opened after the phone, so once it is closed the phone's deadline has passed too.
          assertThat(guesser.awaitClosed()).isTrue();
          assertThat(guesser.closeCode()).isEqualTo((short) 1008);
          phone.sync();
          assertThat(phone.closeCode()).isNull();
        }
      }
    }
  }

  /**
   * Issue 12: a crowd joining a busy cluster got "try again" answers after the 15 s, and the deadline closed
   * phones that had said who they were in time. A database that turns read-only gives real "try again" answers.
   */
  @Nested
  class APhoneToldToTryAgain {
    private final PostgresServer pg = PostgresServer.get();
    private String url;
    private String database;

    @BeforeEach
    void newDatabase() {
      url = pg.newDatabase();
      database = url.substring(url.lastIndexOf('/') + 1);
    }

    @Test
    void keeps_its_socket_past_the_deadline_and_is_welcomed_once_the_store_writes_again() {
      try (TestServer server = TestServer.start(Map.of("BUURTROUTE_DB_URL", url, "BUURTROUTE_HELLO_MS", "1500"))) {
        CreatedSession session = server.createSession("Wijkavond");
        setReadOnly(true);
        try (LiveClient phone = server.connect();
             LiveClient silent = server.connect()) {
          JsonObject answer = phone.join(session.joinCode(), "Ans", "inwoner");
          assertThat(answer.getString("code")).isEqualTo("store_unavailable");
          // The silent socket opened after the phone: once it is closed, the phone's deadline has passed too.
          assertThat(silent.awaitClosed()).isTrue();
          assertThat(silent.closeCode()).isEqualTo((short) 1008);

          setReadOnly(false);
          HealthWritesTest.awaitHealth(server, status -> status == 200);
          // The session's owner may still be reloading from the store when health is back: a few more tries.
          answer = phone.join(session.joinCode(), "Ans", "inwoner");
          for (int tries = 0; "error".equals(answer.getString("type")) && tries < 5; tries++) {
            assertThat(answer.getString("code")).isEqualTo("store_unavailable");
            answer = phone.join(session.joinCode(), "Ans", "inwoner");
          }
          assertThat(answer.getString("type")).isEqualTo("welcome");
          phone.sync();
          assertThat(phone.closeCode()).isNull();
        }
      }
    }

    @Test
    void is_still_closed_when_it_says_nothing_more() {
      try (TestServer server = TestServer.start(Map.of("BUURTROUTE_DB_URL", url, "BUURTROUTE_HELLO_MS", "700"))) {
        CreatedSession session = server.createSession("Wijkavond");
        setReadOnly(true);
        try (LiveClient phone = server.connect()) {
          JsonObject answer = phone.join(session.joinCode(), "Ans", "inwoner");
          assertThat(answer.getString("code")).isIn("server_busy", "store_unavailable");
          // A few more deadlines at most (HelloDeadline.MAX_EXTENSIONS), then the socket goes like any silent one.
          assertThat(phone.awaitClosed()).isTrue();
          assertThat(phone.closeCode()).isEqualTo((short) 1008);
        }
      } finally {
        setReadOnly(false);
      }
    }

    private void setReadOnly(boolean readOnly) {
      pg.psql("postgres", "ALTER DATABASE " + database
          + (readOnly ? " SET default_transaction_read_only = on" : " RESET default_transaction_read_only"));
      pg.psql("postgres", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '"
          + database + "'");
    }
  }

  @Nested
  class TheCapOnStrangersPerAddress {
    @Test
    void an_address_past_its_cap_of_unidentified_sockets_gets_1013_and_a_welcome_or_a_close_frees_a_place() {
      try (TestServer server = TestServer.start(Map.of(
          "BUURTROUTE_UNGREETED_PER_ADDRESS", "3",
          "BUURTROUTE_HELLO_MS", "4000"))) {
        CreatedSession session = server.createSession("Wijkavond");
        List<LiveClient> strangers = new ArrayList<>();
        try {
          for (int i = 0; i < 3; i++) {
            strangers.add(server.connect().sync());
          }
          LiveClient oneTooMany = server.connect();
          strangers.add(oneTooMany);
          assertThat(oneTooMany.awaitClosed()).isTrue();
          assertThat(oneTooMany.closeCode()).isEqualTo((short) 1013);

          // A phone among them says who it is: its place is free for the next phone at once.
          JsonObject welcome = strangers.get(0).join(session.joinCode(), "Ans", "inwoner");
          assertThat(welcome.getString("type")).isEqualTo("welcome");
          LiveClient nextPhone = server.connect();
          strangers.add(nextPhone);
          assertThat(nextPhone.join(session.joinCode(), "Bert", "inwoner").getString("type")).isEqualTo("welcome");

          // The deadline closes the silent ones; then the address has its places back.
          assertThat(strangers.get(1).awaitClosed()).isTrue();
          assertThat(strangers.get(2).awaitClosed()).isTrue();
          assertThat(strangers.get(1).closeCode()).isEqualTo((short) 1008);
          for (int i = 0; i < 3; i++) {
            LiveClient again = server.connect();
            strangers.add(again);
            again.sync();
          }
          strangers.get(0).sync();
          assertThat(strangers.get(0).closeCode()).isNull();
        } finally {
          strangers.forEach(LiveClient::close);
        }
      }
    }
  }
}
