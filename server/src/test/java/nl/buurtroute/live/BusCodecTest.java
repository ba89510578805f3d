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
        new Bus.Command(null, new ClientMessage.Join("ABCDEF", "Ans", "inwoner", null)),
        new Bus.Command(null, new ClientMessage.Join("ABCDEF", "Ans", "inwoner", "k".repeat(22))),
        new Bus.Command(null, new ClientMessage.Resume("s.token")),
        new Bus.Command(null, new ClientMessage.Facilitate("s", "f")),
        new Bus.Command("p1", new ClientMessage.Vote("v", "a")),
        new Bus.Command(null, new ClientMessage.OpenVoting(null)),
        new Bus.Command(null, new ClientMessage.CloseVoting()),
        new Bus.Command(null, new ClientMessage.Decide("a")),
        new Bus.Command(null, new ClientMessage.Next()),
        new Bus.Command(null, new ClientMessage.Back()),
        new Bus.Command(null, new ClientMessage.Finish()),
        new Bus.Command(null, new ClientMessage.Remove("p2")),
        new Bus.Command(null, new ClientMessage.ShowTally(true)),
        new Bus.Reply("{\"type\":\"voted\"}", new Bus.Identity("s", "p1"), false),
        new Bus.Outbound(Bus.Audience.ONE, "p1", "{}", true),
        Bus.Outbound.room(new Bus.Outbound.PerAudience("{\"type\":\"state\"}", null, "{\"type\":\"state\",\"f\":1}",
            "{\"type\":\"state\",\"v\":1}")),
        new Bus.Command(null, new ClientMessage.Join("ABCDEF", "Ans", "inwoner", null, null, true)),
        new Bus.Command(null, new ClientMessage.Resume("s.token", true)),
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

  @Test
  void a_command_crosses_the_cluster_as_the_same_json_a_client_sends() {
    Bus.RecordCodec<Bus.Command> codec = new Bus.RecordCodec<>(Bus.Command.class);
    Buffer wire = Buffer.buffer();
    codec.encodeToWire(wire, new Bus.Command("p1", new ClientMessage.Vote("v", "a")));
    String json = wire.getString(4, wire.length());
    assertThat(json).contains("\"message\":{\"type\":\"vote\",\"vraagId\":\"v\",\"antwoordId\":\"a\"}");
  }
}
