package nl.buurtroute.live;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bus messages survive the trip between JVMs, so session owners can live on other machines. */
class BusCodecTest {

  @Test
  void every_bus_message_round_trips_through_its_wire_form() {
    List<Object> messages = List.of(
        new Bus.JoinRequest("Ans", "inwoner", null),
        new Bus.JoinRequest("Ans", "inwoner", "k".repeat(22)),
        new Bus.ResumeRequest("s.token"),
        new Bus.VoteRequest("p1", "v", "a"),
        new Bus.ControlRequest(new ClientMessage.Control("decide", "a", null, false)),
        new Bus.Reply("{\"type\":\"voted\"}", new Bus.Identity("s", "p1"), false),
        new Bus.Outbound(Bus.Audience.ONE, "p1", "{}", true),
        new Bus.Disconnected(null),
        new Bus.SessionCreatedReply("s", "ABCDEF", "f", "r"));
    for (Object message : messages) {
      roundTrip(message);
    }
  }

  private static <T> void roundTrip(T message) {
    @SuppressWarnings("unchecked")
    Bus.RecordCodec<T> codec = new Bus.RecordCodec<>((Class<T>) message.getClass());
    Buffer wire = Buffer.buffer("prefix");
    codec.encodeToWire(wire, message);
    assertThat(codec.decodeFromWire(6, wire)).isEqualTo(message);
    assertThat(codec.transform(message)).isSameAs(message);
  }
}
