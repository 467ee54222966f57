package dev.quarry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's {@code testdata/} folder: official wire specs, recorded provider payloads and
 * the parsing corpus (see {@code testdata/NOTICE} for where each file comes from).
 *
 * <p>Surefire passes {@code quarry.testdata=${maven.multiModuleProjectDirectory}/testdata}. When
 * that property is absent or wrong (a test started from an IDE, {@code mvn -f} from elsewhere), the
 * module directory and its parents are searched for {@code testdata/wire}. The folder is part of the
 * repository, so a missing folder or file fails the test: nothing is skipped for missing data.
 */
public final class SharedData {
  private static final String PROPERTY = "quarry.testdata";
  private static final Path ROOT = locate();

  private SharedData() {}

  /**
   * Always {@code true} (the data is in the repository); fails when {@code testdata/} cannot be
   * found. Kept for the tests that once ran without the data.
   */
  public static boolean available() {
    root();
    return true;
  }

  /** {@code testdata/} itself. */
  public static Path root() {
    if (ROOT == null) {
      throw new AssertionError("testdata/ (wire specs, recordings, parsing corpus) not found:"
          + " looked at -D" + PROPERTY + "=" + System.getProperty(PROPERTY)
          + " and above " + Path.of(System.getProperty("user.dir")).toAbsolutePath()
          + "; run the tests from a checkout of the repository, or set -D" + PROPERTY
          + "=<repository>/testdata");
    }
    return ROOT;
  }

  /** A file below {@code testdata/}, e.g. {@code wire/openai/spec/openapi.json}. */
  public static Path path(String relative) {
    Path path = root().resolve(relative);
    if (!Files.exists(path)) {
      throw new AssertionError("missing test data file " + path + ": copy it into testdata/ (with"
          + " its origin and licence in testdata/NOTICE)");
    }
    return path;
  }

  /** The text of a file below {@code testdata/}. */
  public static String read(String relative) {
    try {
      return Files.readString(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path locate() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null) {
      Path path = Path.of(configured).toAbsolutePath().normalize();
      if (Files.isDirectory(path.resolve("wire"))) {
        return path;
      }
    }
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null;
        dir = dir.getParent()) {
      Path candidate = dir.resolve("testdata");
      if (Files.isDirectory(candidate.resolve("wire"))) {
        return candidate;
      }
    }
    return null;
  }
}
