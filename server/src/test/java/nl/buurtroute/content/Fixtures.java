package nl.buurtroute.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Builds a content directory for a test: the minimal valid set from content-fixtures/valid with the files of
 * one broken fixture laid over it, so each broken fixture holds only the file it breaks.
 */
final class Fixtures {

  private Fixtures() {
  }

  static Path valid(Path target) {
    copy(resource("valid"), target);
    return target;
  }

  static Path broken(String name, Path target) {
    valid(target);
    copy(resource(name), target);
    return target;
  }

  private static Path resource(String name) {
    URL url = Fixtures.class.getClassLoader().getResource("content-fixtures/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no fixture " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copy(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path dest = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(file, dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
