package dev.quarry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The {@code shared/} folder beside the checkout: wire specs and recorded provider payloads.
 *
 * <p>Surefire passes {@code quarry.shared=${maven.multiModuleProjectDirectory}/../shared}. When
 * that folder is missing (e.g. a git worktree one level deeper), the parents of the project are
 * searched for a {@code shared/wire} folder. When nothing is found, tests that need it fail under
 * CI ({@code CI=true}) and are skipped elsewhere.
 */
public final class SharedData {
  private static final Path ROOT = locate();

  private SharedData() {}

  /**
   * Whether {@code shared/} was found, for tests that only partly need it; under CI a missing
   * folder fails instead.
   */
  public static boolean available() {
    if (ROOT == null && "true".equalsIgnoreCase(System.getenv("CI"))) {
      root(); // fails with the explanation
    }
    return ROOT != null;
  }

  /** {@code shared/} itself. */
  public static Path root() {
    if (ROOT == null) {
      String message = "shared/ (wire specs and recordings) not found beside the project;"
          + " set -Dquarry.shared=<path to shared> (looked from "
          + System.getProperty("quarry.shared", System.getProperty("user.dir")) + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      Assumptions.abort(message);
    }
    return ROOT;
  }

  /** A file below {@code shared/}, e.g. {@code wire/openai/spec/openapi.json}. */
  public static Path path(String relative) {
    Path path = root().resolve(relative);
    if (!Files.exists(path)) {
      throw new AssertionError("missing shared file " + path);
    }
    return path;
  }

  /** The text of a file below {@code shared/}. */
  public static String read(String relative) {
    try {
      return Files.readString(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path locate() {
    String configured = System.getProperty("quarry.shared");
    Path start;
    if (configured != null) {
      Path path = Path.of(configured).toAbsolutePath().normalize();
      if (Files.isDirectory(path.resolve("wire"))) {
        return path;
      }
      start = path.getParent();
    } else {
      start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    }
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("shared").resolve("wire"))) {
        return dir.resolve("shared");
      }
    }
    return null;
  }
}
