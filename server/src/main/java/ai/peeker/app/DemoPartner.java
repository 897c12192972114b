package ai.peeker.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The demo partner and its sandbox key, created on the first {@code demo} run. The key's secret is
 * kept in the data dir (readable only by its owner) so later runs print the same key; if that file
 * is gone a new key is issued.
 */
final class DemoPartner {
  private DemoPartner() {}

  static String ensure(App app, Path dataDir) {
    Path file = dataDir.resolve("demo-key");
    try {
      if (Files.exists(file)) {
        String secret = Files.readString(file).strip();
        if (app.partners().authenticate(secret).isPresent()) {
          return secret;
        }
      }
      var partner =
          app.partners().list().stream()
              .filter(p -> p.name().equals("Demo Partner"))
              .findFirst()
              .orElseGet(() -> app.partners().create("Demo Partner"));
      var issued =
          app.partners()
              .issueKey(
                  partner.id(),
                  ai.peeker.partners.Environment.TEST,
                  ai.peeker.partners.Preset.FULL,
                  ai.peeker.partners.Partners.DEFAULT_RATE_LIMIT);
      Files.createDirectories(dataDir);
      Files.writeString(file, issued.secret() + "\n");
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
      return issued.secret();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
