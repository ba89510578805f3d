package nl.buurtroute.live;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Who is online: counted once per participant, however many sockets they hold, until their last one closes. */
class PresenceBookTest {
  @Test
  void a_participant_with_two_sockets_stays_online_until_both_closed() {
    PresenceBook book = new PresenceBook();
    book.connected("p1", "inwoner");
    book.connected("p1", "inwoner");
    book.connected("p1", "inwoner");
    book.connected("p2", "inwoner");

    assertThat(book.online()).isEqualTo(2);
    assertThat(book.onlineOfRol("inwoner")).isEqualTo(2);
    book.disconnected("p1");
    book.disconnected("p1");
    assertThat(book.isOnline("p1")).isTrue();
    book.disconnected("p1");
    assertThat(book.isOnline("p1")).isFalse();
    assertThat(book.onlineOfRol("inwoner")).isEqualTo(1);
    book.disconnected("p1");
    assertThat(book.onlineOfRol("inwoner")).isEqualTo(1);
  }

  @Test
  void a_roll_call_counts_once_and_forget_drops_every_socket() {
    PresenceBook book = new PresenceBook();
    book.connected("p1", "wijkprofessional");
    book.connected("p1", "wijkprofessional");
    book.reported("p1", "wijkprofessional");
    book.reported("p2", "inwoner");
    book.reported("p2", "inwoner");

    assertThat(book.online()).isEqualTo(2);
    book.forget("p1");
    assertThat(book.isOnline("p1")).isFalse();
    assertThat(book.onlineOfRol("wijkprofessional")).isZero();
    // Forgotten means no leftover socket count: connecting again and closing once is offline again.
    book.connected("p1", "wijkprofessional");
    book.disconnected("p1");
    assertThat(book.isOnline("p1")).isFalse();
  }

  @Test
  void after_a_reload_only_the_participants_the_store_knows_stay() {
    PresenceBook book = new PresenceBook();
    book.connected("p1", "inwoner");
    book.connected("p2", "beleidsambtenaar");
    book.retainOnly(Set.of("p1"));

    assertThat(book.online()).isEqualTo(1);
    assertThat(book.onlineOfRol("beleidsambtenaar")).isZero();
  }

  @Test
  void a_census_counts_anew_from_its_start_and_replaces_the_book_when_it_ends() {
    PresenceBook book = new PresenceBook();
    book.connected("ghost", "inwoner");
    book.connected("back", "inwoner");
    book.connected("back", "inwoner");

    book.startCensus();
    book.reported("back", "inwoner");
    book.connected("new", "beleidsambtenaar");
    assertThat(book.online()).as("the book counts as before until the census ends").isEqualTo(3);
    book.endCensus();

    assertThat(book.isOnline("ghost")).isFalse();
    assertThat(book.online()).isEqualTo(2);
    assertThat(book.onlineOfRol("inwoner")).isEqualTo(1);
    book.disconnected("back");
    assertThat(book.isOnline("back")).as("its second socket was on the lost member").isFalse();
    book.endCensus();
    assertThat(book.online()).as("no census runs: nothing changes").isEqualTo(1);
  }
}
