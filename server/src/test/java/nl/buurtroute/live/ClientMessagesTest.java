package nl.buurtroute.live;

import nl.buurtroute.session.CommandRejected;
import nl.buurtroute.session.ErrorCode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A client's frame becomes one record, or the error code PROTOCOL.md promises for it. */
class ClientMessagesTest {

  private static void refused(String text, ErrorCode code, String messagePart) {
    assertThatThrownBy(() -> ClientMessages.parse(text)).isInstanceOf(CommandRejected.class)
        .satisfies(e -> assertThat(((CommandRejected) e).code()).isEqualTo(code))
        .hasMessageContaining(messagePart);
  }

  @Nested
  class Reading {
    @Test
    void each_type_becomes_its_record_and_unknown_fields_are_ignored() {
      assertThat(ClientMessages.parse("{\"type\":\"vote\",\"vraagId\":\"v\",\"antwoordId\":\"a\",\"extra\":[1]}"))
          .isEqualTo(new ClientMessage.Vote("v", "a"));
      assertThat(ClientMessages.parse("{\"type\":\"join\",\"joinCode\":\"abc234\",\"name\":\"Ans\",\"rol\":\"inwoner\"}"))
          .isEqualTo(new ClientMessage.Join("abc234", "Ans", "inwoner", null));
      assertThat(ClientMessages.parse("{\"type\":\"showTally\",\"show\":false}"))
          .isEqualTo(new ClientMessage.ShowTally(false));
      assertThat(ClientMessages.parse("{\"type\":\"next\"}")).isEqualTo(new ClientMessage.Next());
      assertThat(ClientMessages.parse("{\"type\":\"ping\"}")).isEqualTo(new ClientMessage.Ping());
    }
  }

  @Nested
  class Refusing {
    @Test
    void text_that_is_not_json_is_bad_json() {
      refused("{nope", ErrorCode.BAD_JSON, "JSON");
    }

    @Test
    void a_non_object_or_a_missing_or_non_text_type_is_a_bad_request() {
      refused("[1]", ErrorCode.BAD_REQUEST, "JSON-object");
      refused("{\"vraagId\":\"v\"}", ErrorCode.BAD_REQUEST, "type");
      refused("{\"type\":5}", ErrorCode.BAD_REQUEST, "type");
    }

    @Test
    void an_unknown_type_is_unknown_type() {
      refused("{\"type\":\"dance\"}", ErrorCode.UNKNOWN_TYPE, "Onbekend");
      refused("{\"type\":\"Vote\"}", ErrorCode.UNKNOWN_TYPE, "Onbekend");
    }

    @Test
    void a_missing_null_too_long_or_non_text_field_is_a_bad_request_that_names_it() {
      refused("{\"type\":\"vote\",\"vraagId\":\"v\"}", ErrorCode.BAD_REQUEST, "antwoordId");
      refused("{\"type\":\"vote\",\"vraagId\":\"v\",\"antwoordId\":null}", ErrorCode.BAD_REQUEST, "antwoordId");
      refused("{\"type\":\"vote\",\"vraagId\":\"v\",\"antwoordId\":7}", ErrorCode.BAD_REQUEST, "antwoordId");
      refused("{\"type\":\"vote\",\"vraagId\":\"v\",\"antwoordId\":{\"a\":1}}", ErrorCode.BAD_REQUEST, "antwoordId");
      refused("{\"type\":\"decide\",\"antwoordId\":\"" + "x".repeat(201) + "\"}", ErrorCode.BAD_REQUEST, "te lang");
    }

    @Test
    void show_must_be_a_real_boolean() {
      refused("{\"type\":\"showTally\"}", ErrorCode.BAD_REQUEST, "show");
      refused("{\"type\":\"showTally\",\"show\":\"true\"}", ErrorCode.BAD_REQUEST, "show");
      refused("{\"type\":\"showTally\",\"show\":1}", ErrorCode.BAD_REQUEST, "show");
    }

    @Test
    void a_join_key_must_be_22_to_64_base64url_characters_when_given() {
      String join = "{\"type\":\"join\",\"joinCode\":\"abc234\",\"name\":\"Ans\",\"rol\":\"inwoner\",\"joinKey\":";
      refused(join + "\"short\"}", ErrorCode.BAD_REQUEST, "joinKey");
      refused(join + "\"" + "a".repeat(21) + "+\"}", ErrorCode.BAD_REQUEST, "joinKey");
      refused(join + "12}", ErrorCode.BAD_REQUEST, "joinKey");
      assertThat(ClientMessages.parse(join + "null}")).isEqualTo(new ClientMessage.Join("abc234", "Ans", "inwoner", null));
    }
  }
}
