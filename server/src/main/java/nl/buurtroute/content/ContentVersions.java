package nl.buurtroute.content;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import nl.buurtroute.store.Store;

/**
 * The content this server runs with, and every version a stored session was created with. A session records
 * the version of the content it was created with ({@link ContentJson#version}); its route is replayed and shown
 * with that version, so a team reviewing it weeks later reads the texts the group saw, also after the content
 * changed. The store keeps each version's JSON once; {@link #register} adds the current one at start-up.
 *
 * <p>Sessions from before versions were recorded ran with the built-in content of release 1.0, which the jar
 * keeps as {@value #LEGACY_RESOURCE}: a route of such a session is shown with it (their ids may be gone from
 * the current trees). Safe to share between event loops; versions, once read, are kept in memory.
 */
public final class ContentVersions {

  static final String LEGACY_RESOURCE = "content-history/1.0-built-in.json";

  private final Store store;
  private final Content current;
  private final String currentVersion;
  private final String currentJson;
  private final Map<String, Content> known = new ConcurrentHashMap<>();
  private volatile Content legacy;
  private volatile String legacyVersion;

  public ContentVersions(Store store, Content current) {
    this.store = store;
    this.current = current;
    this.currentJson = ContentJson.write(current);
    this.currentVersion = ContentJson.version(current);
    known.put(currentVersion, current);
  }

  public Content current() {
    return current;
  }

  public String currentVersion() {
    return currentVersion;
  }

  /** The current content as JSON, exactly as its version was computed from. */
  public String currentJson() {
    return currentJson;
  }

  /** Saves the current version in the store (once; a later start with the same content changes nothing). */
  public Future<Void> register() {
    return store.saveContentVersion(currentVersion, currentJson, Instant.now());
  }

  /** The version a session row stands for: its recorded one, or the legacy version for rows without one. */
  public String versionOf(String recorded) {
    return recorded == null ? legacyVersion() : recorded;
  }

  /**
   * The content of a version as {@link #versionOf} names it; fails with {@link UnknownContentVersion} when the
   * store does not hold it (a store copied without its content_versions table, for instance).
   */
  public Future<Content> content(String version) {
    Content found = version == null ? null : known.get(version);
    if (found != null) {
      return Future.succeededFuture(found);
    }
    if (version == null || version.equals(legacyVersion())) {
      return Future.succeededFuture(legacy());
    }
    return store.findContentVersion(version).compose(json -> {
      if (json.isEmpty()) {
        return Future.failedFuture(new UnknownContentVersion(version));
      }
      Content read = ContentJson.read(json.get());
      known.putIfAbsent(version, read);
      return Future.succeededFuture(read);
    });
  }

  /**
   * The hash of the legacy file itself, not of the content read from it: records may gain fields in later
   * releases, and the version of these old sessions must stay the same.
   */
  private String legacyVersion() {
    if (legacyVersion == null) {
      legacyVersion = ContentJson.hash(readLegacy());
    }
    return legacyVersion;
  }

  private Content legacy() {
    if (legacy == null) {
      legacy = ContentJson.read(readLegacy());   // read at most a few times at once, always the same
    }
    return legacy;
  }

  private static String readLegacy() {
    try (InputStream in = ContentVersions.class.getClassLoader().getResourceAsStream(LEGACY_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + LEGACY_RESOURCE + " on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The store holds no content of this version. */
  public static final class UnknownContentVersion extends RuntimeException {
    public UnknownContentVersion(String version) {
      super("content version " + version + " is not in the store");
    }
  }
}
