package dev.quarry.transport;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Sends through another transport and writes every exchange to a directory, in the format that
 * {@link ReplayTransport} reads (see {@link Exchange}), with {@code "fixture": "recorded"}.
 *
 * <pre>{@code
 * Transport transport = RecordingTransport.of(
 *     JdkHttpTransport.create(), Path.of("src/test/resources/recordings/receipts"));
 * }</pre>
 *
 * <p>Files are named {@code <counter>-<hash>.json}: a four-digit counter that continues after the
 * files already in the directory, so order is kept across runs, and the first 8 hex digits of the
 * SHA-256 of method, path and request body. Each name is also appended to the directory's {@code
 * index.txt}, which lets {@link ReplayTransport#fromClasspath} load the directory from a jar.
 *
 * <p>Credentials never reach the files: the headers {@code authorization}, {@code
 * proxy-authorization}, {@code cookie}, {@code set-cookie}, {@code x-api-key}, {@code api-key},
 * {@code x-goog-api-key} and any header whose name ends in {@code api-key} or {@code -token} or
 * contains {@code secret} are dropped; query parameters such as {@code key} and {@code api_key}
 * are removed from the URL; and the dropped values are replaced by {@code [redacted]} wherever
 * they appear in a body (some error messages echo the key).
 *
 * <p>Thread-safe. A file that cannot be written fails the call with an {@link
 * UncheckedIOException}, so that a broken recording is noticed rather than retried.
 */
public final class RecordingTransport implements Transport {
  private static final Set<String> CREDENTIAL_HEADERS = Set.of(
      "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key",
      "x-goog-api-key");
  private static final Set<String> CREDENTIAL_PARAMETERS = Set.of(
      "key", "api_key", "api-key", "apikey", "access_token", "token");
  private static final Pattern FILE_NAME = Pattern.compile("(\\d+)-[0-9a-f]+\\.json");
  private static final String REDACTED = "[redacted]";

  private final Transport delegate;
  private final Path directory;
  private int counter; // guarded by this

  private RecordingTransport(Transport delegate, Path directory, int counter) {
    this.delegate = delegate;
    this.directory = directory;
    this.counter = counter;
  }

  /**
   * Records the exchanges of {@code delegate} into {@code directory}, which is created when
   * missing.
   */
  public static RecordingTransport of(Transport delegate, Path directory) {
    requireNonNull(delegate, "delegate == null");
    requireNonNull(directory, "directory == null");
    int last = 0;
    try {
      Files.createDirectories(directory);
      try (Stream<Path> files = Files.list(directory)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Matcher matcher = FILE_NAME.matcher(file.getFileName().toString());
          if (matcher.matches()) {
            last = Math.max(last, Integer.parseInt(matcher.group(1)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use " + directory + " for recordings", e);
    }
    return new RecordingTransport(delegate, directory, last);
  }

  /** Passes the hint on to the delegate. */
  @Override
  public void prepare(java.net.URI baseUrl) {
    delegate.prepare(baseUrl);
  }

  @Override
  public TransportResponse send(TransportRequest request) throws IOException {
    TransportResponse response = delegate.send(request);
    write(request, response);
    return response;
  }

  @Override
  public TransportResponse send(TransportRequest request, java.time.Duration timeout)
      throws IOException {
    TransportResponse response = delegate.send(request, timeout);
    write(request, response);
    return response;
  }

  /**
   * Streams through the delegate and records the exchange once the body has been read to its
   * end, or when the response is closed early (then the body is what had arrived). The body is
   * stored as the raw text, lines joined by {@code \n}.
   */
  @Override
  public StreamingResponse stream(TransportRequest request) throws IOException {
    return recorded(request, delegate.stream(request));
  }

  /** Like {@link #stream(TransportRequest)}, passing the timeout on to the delegate. */
  @Override
  public StreamingResponse stream(TransportRequest request, java.time.Duration timeout)
      throws IOException {
    return recorded(request, delegate.stream(request, timeout));
  }

  private StreamingResponse recorded(TransportRequest request, StreamingResponse response) {
    StringBuilder body = new StringBuilder();
    StreamingResponse.Lines recorded = new StreamingResponse.Lines() {
      private boolean written;

      @Override
      public String readLine() throws IOException {
        String line = response.readLine();
        if (line == null) {
          record();
        } else {
          body.append(line).append('\n');
        }
        return line;
      }

      @Override
      public void close() {
        response.close();
        record();
      }

      private void record() {
        if (!written) {
          written = true;
          write(request, new TransportResponse(response.status(), response.headers(), body.toString()));
        }
      }
    };
    return new StreamingResponse(response.status(), response.headers(), recorded);
  }

  private void write(TransportRequest request, TransportResponse response) {
    List<String> secrets = new ArrayList<>();
    Map<String, String> requestHeaders = withoutCredentials(request.headers(), secrets);
    Map<String, String> responseHeaders = withoutCredentials(response.headers(), secrets);
    URI uri = withoutCredentials(request.uri(), secrets);
    Exchange exchange = new Exchange(
        Exchange.RECORDED,
        null,
        new TransportRequest(
            request.method(), uri, requestHeaders, redact(request.body(), secrets)),
        new TransportResponse(
            response.status(), responseHeaders, redact(response.body(), secrets)));
    String json = exchange.toJson();
    String hash = hash(request.method() + " " + uri.getPath() + "\n" + exchange.request().body());
    synchronized (this) {
      counter++;
      String name = String.format(Locale.ROOT, "%04d-%s.json", counter, hash);
      try {
        Files.writeString(directory.resolve(name), json, StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("index.txt"), name + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write recording " + directory.resolve(name), e);
      }
    }
  }

  private static Map<String, String> withoutCredentials(
      Map<String, String> headers, List<String> secrets) {
    Map<String, String> kept = new LinkedHashMap<>();
    headers.forEach((name, value) -> {
      if (isCredential(name.toLowerCase(Locale.ROOT))) {
        secrets.add(value);
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
          secrets.add(value.substring(7).strip());
        }
      } else {
        kept.put(name, value);
      }
    });
    return kept;
  }

  private static boolean isCredential(String name) {
    return CREDENTIAL_HEADERS.contains(name) || name.endsWith("api-key")
        || name.endsWith("-token") || name.contains("secret");
  }

  private static URI withoutCredentials(URI uri, List<String> secrets) {
    String query = uri.getRawQuery();
    if (query == null) {
      return uri;
    }
    List<String> kept = new ArrayList<>();
    for (String parameter : query.split("&")) {
      int equals = parameter.indexOf('=');
      String name = equals < 0 ? parameter : parameter.substring(0, equals);
      if (CREDENTIAL_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))) {
        if (equals >= 0) {
          secrets.add(parameter.substring(equals + 1));
        }
      } else {
        kept.add(parameter);
      }
    }
    String text = uri.toString();
    String withoutQuery = text.substring(0, text.indexOf('?'));
    String fragment = uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment();
    return URI.create(
        withoutQuery + (kept.isEmpty() ? "" : "?" + String.join("&", kept)) + fragment);
  }

  private static String redact(String body, List<String> secrets) {
    String result = body;
    for (String secret : secrets) {
      // Every credential, however short; a bare scheme word is no credential.
      String value = secret.strip();
      if (!value.isEmpty() && !value.equalsIgnoreCase("bearer") && !value.equalsIgnoreCase("basic")) {
        result = result.replace(value, REDACTED);
      }
    }
    return result;
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "RecordingTransport[" + directory + " <- " + delegate + "]";
  }
}
