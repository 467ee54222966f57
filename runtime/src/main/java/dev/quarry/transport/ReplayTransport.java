package dev.quarry.transport;

import static java.util.Objects.requireNonNull;

import dev.quarry.ConfigurationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Answers requests from recorded {@link Exchange exchanges} instead of the network, so tests and
 * demos run offline and deterministically. Record exchanges with {@link RecordingTransport}, or
 * write them by hand in the format described on {@link Exchange}.
 *
 * <pre>{@code
 * Transport transport =
 *     ReplayTransport.fromClasspath("recordings/receipts", getClass().getClassLoader());
 * }</pre>
 *
 * <p><b>Matching.</b> A request matches an exchange when the method, the URL path (host, port and
 * query are ignored, so a recording replays against any base URL) and the body are equal; JSON
 * bodies are compared as parsed JSON, so key order and white space do not matter. Each exchange
 * answers once: when several match, they answer in file order, one per request. A request that
 * matches nothing throws a {@link ConfigurationException} showing the request and the first
 * difference (as a JSON pointer) from the closest recording.
 *
 * <p>Thread-safe.
 */
public final class ReplayTransport implements Transport {
  private static final String INDEX = "index.txt";
  private static final int SHOWN_BODY_LENGTH = 500;
  private static final int SHOWN_VALUE_LENGTH = 120;

  private final String source;
  private final List<Recording> recordings;

  private ReplayTransport(String source, List<Recording> recordings) {
    this.source = source;
    this.recordings = recordings;
  }

  /** Every {@code *.json} file directly in {@code directory}, in file-name order. */
  public static ReplayTransport fromDirectory(Path directory) {
    requireNonNull(directory, "directory == null");
    if (!Files.isDirectory(directory)) {
      throw new ConfigurationException(
          "ReplayTransport: " + directory.toAbsolutePath() + " is not a directory of recordings.");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new ConfigurationException("ReplayTransport: cannot list " + directory + ": " + e, e);
    }
    List<Recording> recordings = new ArrayList<>();
    for (Path file : files) {
      try {
        recordings.add(load(file.getFileName().toString(), Files.readString(file)));
      } catch (IOException e) {
        throw new ConfigurationException("ReplayTransport: cannot read " + file + ": " + e, e);
      }
    }
    return new ReplayTransport(directory.toString(), recordings);
  }

  /**
   * The recordings in a directory on the class path, which works from a jar too.
   *
   * <p>When the directory holds an {@code index.txt} (one file name per line; blank lines and
   * lines starting with {@code #} are skipped), exactly the files it names are loaded, in its
   * order; {@link RecordingTransport} writes this file. Without one, the directory is listed,
   * which works for directories on disk and inside jar files, and its {@code *.json} files are
   * loaded in file-name order. Class loaders that offer neither (some application servers) need
   * the {@code index.txt}.
   *
   * @param resourceDir the directory, e.g. {@code recordings/receipts}
   */
  public static ReplayTransport fromClasspath(String resourceDir, ClassLoader classLoader) {
    requireNonNull(resourceDir, "resourceDir == null");
    requireNonNull(classLoader, "classLoader == null");
    String dir = resourceDir.replaceAll("^/+|/+$", "");
    String source = "classpath:" + dir;
    List<String> names = classpathNames(dir, classLoader);
    List<Recording> recordings = new ArrayList<>();
    for (String name : names) {
      String resource = dir + "/" + name;
      try (InputStream in = classLoader.getResourceAsStream(resource)) {
        if (in == null) {
          throw new ConfigurationException(
              "ReplayTransport: " + source + "/" + INDEX + " names " + name
                  + ", which is not on the class path.");
        }
        recordings.add(load(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new ConfigurationException("ReplayTransport: cannot read " + resource + ": " + e, e);
      }
    }
    return new ReplayTransport(source, recordings);
  }

  /** The given exchanges, in order. */
  public static ReplayTransport of(List<Exchange> exchanges) {
    List<Recording> recordings = new ArrayList<>();
    for (int i = 0; i < exchanges.size(); i++) {
      recordings.add(new Recording("exchange #" + (i + 1), exchanges.get(i)));
    }
    return new ReplayTransport("a list of " + exchanges.size() + " exchanges", recordings);
  }

  private static Recording load(String name, String content) {
    try {
      return new Recording(name, Exchange.parse(content));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          "ReplayTransport: " + name + " is not a valid exchange file: " + e.getMessage(), e);
    }
  }

  private static List<String> classpathNames(String dir, ClassLoader classLoader) {
    URL index = classLoader.getResource(dir + "/" + INDEX);
    if (index != null) {
      List<String> names = new ArrayList<>();
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(index.openStream(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          String name = line.strip();
          if (!name.isEmpty() && !name.startsWith("#")) {
            names.add(name);
          }
        }
      } catch (IOException e) {
        throw new ConfigurationException("ReplayTransport: cannot read " + index + ": " + e, e);
      }
      return names;
    }
    URL url = classLoader.getResource(dir);
    if (url == null) {
      throw new ConfigurationException(
          "ReplayTransport: there is no directory " + dir + " on the class path.");
    }
    try {
      switch (url.getProtocol()) {
        case "file":
          try (Stream<Path> list = Files.list(Path.of(url.toURI()))) {
            return list.map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".json")).sorted().toList();
          }
        case "jar":
          JarURLConnection connection = (JarURLConnection) url.openConnection();
          connection.setUseCaches(false);
          try (JarFile jar = connection.getJarFile()) {
            String prefix = dir + "/";
            List<String> names = new ArrayList<>();
            for (Iterator<JarEntry> it = jar.entries().asIterator(); it.hasNext(); ) {
              String entry = it.next().getName();
              String name = entry.startsWith(prefix) ? entry.substring(prefix.length()) : "";
              if (name.endsWith(".json") && !name.contains("/")) {
                names.add(name);
              }
            }
            names.sort(null);
            return names;
          }
        default:
          throw new ConfigurationException(
              "ReplayTransport: cannot list " + url + "; add an " + INDEX + " to " + dir
                  + " naming its files, one per line.");
      }
    } catch (IOException | URISyntaxException e) {
      throw new ConfigurationException("ReplayTransport: cannot list " + url + ": " + e, e);
    }
  }

  /** How many recordings have not answered yet. */
  public synchronized int remaining() {
    int remaining = 0;
    for (Recording recording : recordings) {
      remaining += recording.used ? 0 : 1;
    }
    return remaining;
  }

  @Override
  public synchronized TransportResponse send(TransportRequest request) {
    JsonNode body = Exchange.jsonBody(request.body());
    int matched = 0;
    for (Recording recording : recordings) {
      if (recording.matches(request, body)) {
        matched++;
        if (!recording.used) {
          recording.used = true;
          return recording.exchange.response();
        }
      }
    }
    throw new ConfigurationException(miss(request, body, matched));
  }

  private String miss(TransportRequest request, JsonNode body, int matched) {
    String what = request.method() + " " + request.uri().getPath();
    if (matched > 0) {
      return "ReplayTransport: all " + matched + " recordings that match " + what + " in "
          + source + " have already answered; each recording answers one request. Record the"
          + " extra exchange, or check why the request was sent " + (matched + 1) + " times.";
    }
    StringBuilder message = new StringBuilder("ReplayTransport: no recording in ")
        .append(source).append(" matches ").append(what).append(" with body ")
        .append(shorten(request.body(), SHOWN_BODY_LENGTH)).append('.');
    Recording closest = null;
    int closestDistance = Integer.MAX_VALUE;
    for (Recording recording : recordings) {
      int distance = recording.distance(request, body);
      if (distance < closestDistance) {
        closest = recording;
        closestDistance = distance;
      }
    }
    if (closest == null) {
      message.append(" There are no recordings.");
    } else {
      TransportRequest recorded = closest.exchange.request();
      message.append(" Closest recording: ").append(closest.name).append(" (")
          .append(recorded.method()).append(' ').append(recorded.uri().getPath()).append(")");
      if (!closest.sameRoute(request)) {
        message.append(", which differs in method or path.");
      } else if (body != null && closest.body != null) {
        String pointer = JsonDiff.firstDifference(closest.body, body);
        message.append(", first difference at ").append(pointer.isEmpty() ? "(root)" : pointer)
            .append(": recorded ").append(shown(closest.body.at(pointer)))
            .append(", sent ").append(shown(body.at(pointer))).append('.');
      } else {
        message.append(", whose body differs: recorded ")
            .append(shorten(recorded.body(), SHOWN_VALUE_LENGTH)).append('.');
      }
    }
    message.append(" Record the exchange again with RecordingTransport, or fix the recording.");
    return message.toString();
  }

  private static String shown(JsonNode node) {
    return node.isMissingNode() ? "nothing" : shorten(node.toString(), SHOWN_VALUE_LENGTH);
  }

  private static String shorten(String text, int length) {
    return text.length() <= length ? text : text.substring(0, length) + "...";
  }

  @Override
  public String toString() {
    return "ReplayTransport[" + source + "]";
  }

  private static final class Recording {
    final String name;
    final Exchange exchange;
    final JsonNode body;
    boolean used; // guarded by the enclosing ReplayTransport

    Recording(String name, Exchange exchange) {
      this.name = name;
      this.exchange = exchange;
      this.body = Exchange.jsonBody(exchange.request().body());
    }

    boolean sameRoute(TransportRequest request) {
      TransportRequest recorded = exchange.request();
      return recorded.method().equalsIgnoreCase(request.method())
          && Objects.equals(path(recorded), path(request));
    }

    boolean matches(TransportRequest request, JsonNode requestBody) {
      if (!sameRoute(request)) {
        return false;
      }
      if (body != null || requestBody != null) {
        return Objects.equals(body, requestBody);
      }
      return exchange.request().body().equals(request.body());
    }

    /** How far this recording is from the request: a different route is far. */
    int distance(TransportRequest request, JsonNode requestBody) {
      int route = sameRoute(request) ? 0 : 1_000_000;
      if (body != null && requestBody != null) {
        return route + JsonDiff.differences(body, requestBody);
      }
      return route + (exchange.request().body().equals(request.body()) ? 0 : 1000);
    }

    private static String path(TransportRequest request) {
      String path = request.uri().getPath();
      return path == null || path.isEmpty() ? "/" : path;
    }
  }

  /** Differences between two JSON values, located by JSON pointer. */
  static final class JsonDiff {
    private JsonDiff() {}

    /** The pointer of the first place where the two differ, {@code ""} for the roots. */
    static String firstDifference(JsonNode a, JsonNode b) {
      String found = first(a, b, "");
      return found == null ? "" : found;
    }

    private static String first(JsonNode a, JsonNode b, String at) {
      if (a.equals(b)) {
        return null;
      }
      if (a.isObject() && b.isObject()) {
        for (Map.Entry<String, JsonNode> entry : a.properties()) {
          String at2 = at + "/" + escape(entry.getKey());
          JsonNode other = b.get(entry.getKey());
          if (other == null) {
            return at2;
          }
          String found = first(entry.getValue(), other, at2);
          if (found != null) {
            return found;
          }
        }
        for (String name : b.propertyNames()) {
          if (!a.has(name)) {
            return at + "/" + escape(name);
          }
        }
        return at;
      }
      if (a.isArray() && b.isArray()) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
          String found = first(a.get(i), b.get(i), at + "/" + i);
          if (found != null) {
            return found;
          }
        }
        return at + "/" + Math.min(a.size(), b.size());
      }
      return at;
    }

    /** The number of differing leaves, a rough distance. */
    static int differences(JsonNode a, JsonNode b) {
      if (a.equals(b)) {
        return 0;
      }
      if (a.isObject() && b.isObject()) {
        int count = 0;
        for (Map.Entry<String, JsonNode> entry : a.properties()) {
          JsonNode other = b.get(entry.getKey());
          count += other == null ? 1 : differences(entry.getValue(), other);
        }
        for (String name : b.propertyNames()) {
          count += a.has(name) ? 0 : 1;
        }
        return count;
      }
      if (a.isArray() && b.isArray()) {
        int count = Math.abs(a.size() - b.size());
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
          count += differences(a.get(i), b.get(i));
        }
        return count;
      }
      return 1;
    }

    private static String escape(String name) {
      return name.replace("~", "~0").replace("/", "~1");
    }
  }
}
