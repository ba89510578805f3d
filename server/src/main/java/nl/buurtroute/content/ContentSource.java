package nl.buurtroute.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the content files come from: a directory on disk or {@code content/} on the classpath (inside the
 * jar). The classpath cannot list a directory, which is why the files are found through fixed names and the
 * index file {@code content.yaml}.
 */
interface ContentSource {

  /** The name to show in problem messages. */
  String describe(String relative);

  /** The file's bytes, or null when there is no such file. */
  byte[] read(String relative) throws IOException;

  static ContentSource directory(Path dir) {
    return new ContentSource() {
      @Override
      public String describe(String relative) {
        return dir.resolve(relative).toString();
      }

      @Override
      public byte[] read(String relative) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
          return null;
        }
        return Files.readAllBytes(file);
      }
    };
  }

  static ContentSource classpath(String root) {
    return new ContentSource() {
      @Override
      public String describe(String relative) {
        return root + "/" + relative;
      }

      @Override
      public byte[] read(String relative) throws IOException {
        if (relative.contains("..")) {
          return null;
        }
        try (InputStream in = ContentSource.class.getClassLoader().getResourceAsStream(root + "/" + relative)) {
          return in == null ? null : in.readAllBytes();
        }
      }
    };
  }
}
