package nl.buurtroute.content;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The version of a content and the way back from JSON; the store's part is in RoutesApiTest and the store tests. */
class ContentVersionsTest {

  private final Content builtIn = ContentLoader.builtIn();

  @Test
  void the_json_reads_back_into_the_same_content_so_a_stored_version_shows_the_same_texts() {
    assertThat(ContentJson.read(ContentJson.write(builtIn))).isEqualTo(builtIn);
  }

  @Test
  void the_same_content_has_the_same_version_and_a_changed_text_a_new_one() {
    String version = ContentJson.version(builtIn);
    assertThat(version).matches("[0-9a-f]{16}").isEqualTo(ContentJson.version(ContentLoader.builtIn()));

    Content changed = ContentJson.read(ContentJson.write(builtIn).replace("Waarom willen jullie aan de slag in de buurt?",
        "Waarom beginnen jullie?"));
    assertThat(ContentJson.version(changed)).isNotEqualTo(version);
  }

  @Test
  void sessions_from_before_versions_were_recorded_are_read_with_the_content_of_release_1_0() {
    ContentVersions versions = new ContentVersions(null, builtIn);   // neither path below touches the store

    String legacy = versions.versionOf(null);
    // Pinned: routes already show this version; the legacy file must never change.
    assertThat(legacy).isEqualTo("f8941672d67552ae").isNotEqualTo(versions.currentVersion());
    Content old = versions.content(legacy).result();
    assertThat(old.vraag("actie-rol").orElseThrow().antwoord("actie-rol-trekker")).isPresent();
    assertThat(old.vraag("evaluatie-beter")).isEmpty();
    assertThat(versions.content(null).result()).isSameAs(old);
    assertThat(versions.content(versions.currentVersion()).result()).isSameAs(builtIn);
    assertThat(versions.versionOf("0123456789abcdef")).isEqualTo("0123456789abcdef");
  }
}
