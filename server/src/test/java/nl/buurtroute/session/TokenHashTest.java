package nl.buurtroute.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The compact hash a live session keeps finds exactly the participant whose stored hash the token has. */
class TokenHashTest {
  @Test
  void a_presented_token_equals_the_hash_stored_for_it() {
    String token = Tokens.newResumeToken("abc");

    assertThat(TokenHash.ofToken(token)).isEqualTo(TokenHash.ofStored(Tokens.hash(token)));
    assertThat(TokenHash.ofToken(token).hashCode()).isEqualTo(TokenHash.ofStored(Tokens.hash(token)).hashCode());
  }

  @Test
  void another_token_has_another_hash() {
    assertThat(TokenHash.ofToken(Tokens.newToken())).isNotEqualTo(TokenHash.ofToken(Tokens.newToken()));
  }

  @Test
  void a_stored_text_that_is_no_sha256_gets_its_own_key_that_no_token_matches() {
    assertThat(TokenHash.ofStored("h-ans")).isEqualTo(TokenHash.ofStored("h-ans"))
        .isNotEqualTo(TokenHash.ofStored("h-bo"))
        .isNotEqualTo(TokenHash.ofToken("h-ans"));
    // Upper-case hex is not what Tokens.hash writes: it must not pass for the lower-case hash of a token.
    String hash = Tokens.hash("token");
    assertThat(TokenHash.ofStored(hash.toUpperCase(java.util.Locale.ROOT))).isNotEqualTo(TokenHash.ofToken("token"));
  }

  @Test
  void it_never_shows_the_whole_hash() {
    String hash = Tokens.hash("token");
    assertThat(TokenHash.ofStored(hash).toString()).doesNotContain(hash.substring(8));
  }
}
