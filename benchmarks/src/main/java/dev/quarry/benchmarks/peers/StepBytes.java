package dev.quarry.benchmarks.peers;

import dev.quarry.Message;
import dev.quarry.Mode;
import dev.quarry.provider.ModelReply;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.provider.openai.OpenAiProvider;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Bytes allocated per call by each step of Quarry's call path, measured with the thread's
 * allocation counter ({@code com.sun.management.ThreadMXBean}) after a warm-up long enough for
 * the JIT to compile (and escape-analyse) the steps: where the bytes of {@code
 * PerCallBenchmark.quarry} go. Exact and independent of the machine's load; the steps measured
 * one by one include no JIT effects of the whole call (inlining across steps can remove a few
 * allocations the sum counts).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.quarry.benchmarks.peers.StepBytes [document ...]</pre>
 */
public final class StepBytes {
  private static final int WARM_UP = 200_000;
  private static final int MEASURED = 100_000;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static Object sink;

  private StepBytes() {}

  public static void main(String[] args) {
    List<String> documents = args.length == 0 ? List.of("small", "medium") : List.of(args);
    for (String document : documents) {
      report(document);
    }
  }

  private static void report(String document) {
    Recorded.Case c = Recorded.Case.of(document);
    String body = Recorded.contentBody(c.quarryAnswer());
    Extractor quarry = Clients.quarry(body, Mode.JSON_SCHEMA);
    ExtractMethod<?> method;
    Supplier<Object> call;
    switch (document) {
      case "small" -> {
        method = ExtractorImpl.PERSON;
        call = () -> quarry.person(PerCallBenchmark.TEXT);
      }
      case "medium" -> {
        method = ExtractorImpl.CUSTOMER;
        call = () -> quarry.customer(PerCallBenchmark.TEXT);
      }
      case "large" -> {
        method = ExtractorImpl.REGION;
        call = () -> quarry.region(PerCallBenchmark.TEXT);
      }
      case "list100" -> {
        method = ExtractorImpl.ITEMS;
        call = () -> quarry.items(PerCallBenchmark.TEXT);
      }
      default -> throw new IllegalArgumentException(document);
    }
    OpenAiProvider provider = OpenAiProvider.openAi();
    List<Message> messages = List.of(
        Message.system(method.system()), Message.user("Extract: " + PerCallBenchmark.TEXT));
    ProviderRequest request = new ProviderRequest("https://api.openai.com/v1", Clients.API_KEY,
        Clients.MODEL, method, Mode.JSON_SCHEMA, messages, null, null);
    TransportResponse response =
        new TransportResponse(200, Map.of("content-type", "application/json"), body);
    TransportRequest http = provider.request(request);
    ModelReply reply = provider.reply(request, response);
    String answer = reply.output();

    System.out.printf("%s (answer %,d chars, reply body %,d, request body %,d)%n",
        document, answer.length(), body.length(), http.body().length());
    long whole = bytes(call);
    System.out.printf("  %-44s %,9d B%n", "whole call (quarry." + c.method() + ")", whole);
    long parts = 0;
    parts += line("ProviderRequest record", () -> new ProviderRequest("https://api.openai.com/v1",
        Clients.API_KEY, Clients.MODEL, method, Mode.JSON_SCHEMA, messages, null, null));
    parts += line("provider.request (body streamed + headers)", () -> provider.request(request));
    String text = http.body();
    line("  of which: a String of the body's length", () -> text.substring(1));
    parts += line("provider.reply (streamed reply shape)", () -> provider.reply(request, response));
    parts += line("method.readGenerated (generated reader)", () -> method.readGenerated(answer));
    System.out.printf("  %-44s %,9d B%n", "the rest (prompt, Call, attempts, result)", whole - parts);
  }

  private static long line(String what, Supplier<Object> step) {
    long b = bytes(step);
    System.out.printf("  %-44s %,9d B%n", what, b);
    return b;
  }

  private static long bytes(Supplier<Object> step) {
    for (int i = 0; i < WARM_UP; i++) {
      sink = step.get();
    }
    long before = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < MEASURED; i++) {
      sink = step.get();
    }
    return (THREADS.getCurrentThreadAllocatedBytes() - before) / MEASURED;
  }
}
