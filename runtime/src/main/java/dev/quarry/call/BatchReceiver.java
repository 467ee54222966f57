package dev.quarry.call;

import dev.quarry.provider.ModelReply;
import dev.quarry.provider.Provider;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.transport.Transport;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Receives the replies of a batch job's call: the first attempt (and, unless re-asks are
 * synchronous, every re-ask) is deferred to a provider batch and its reply delivered from the
 * batch's results; a synchronous re-ask is sent like a whole call, its reply handed to {@code
 * syncReplies} so the job can store it, and answered from {@link #replay} when the job resumes.
 */
final class BatchReceiver<T> extends Receiver<T> {
  private final boolean reaskInBatch;
  private final BiConsumer<Integer, TransportResponse> syncReplies;
  private final Map<Integer, TransportResponse> replay = new ConcurrentHashMap<>();
  private TransportResponse response;

  BatchReceiver(boolean reaskInBatch, BiConsumer<Integer, TransportResponse> syncReplies) {
    this.reaskInBatch = reaskInBatch;
    this.syncReplies = syncReplies;
  }

  /** A stored reply of synchronous attempt {@code attempt}, answered instead of sending it. */
  void replay(int attempt, TransportResponse stored) {
    replay.put(attempt, stored);
  }

  @Override
  boolean defers(int attempt) {
    return attempt == 1 || reaskInBatch;
  }


  @Override
  TransportRequest request(Provider provider, ProviderRequest request) {
    return provider.request(request);
  }

  @Override
  TransportResponse open(Transport transport, Provider provider, ProviderRequest request,
      TransportRequest http, Duration timeout, int attempt) throws IOException {
    TransportResponse stored = replay.remove(attempt);
    if (stored != null) {
      response = stored;
      return stored;
    }
    response = null;
    response = transport.send(http, timeout);
    syncReplies.accept(attempt, response);
    return response;
  }

  @Override
  void deliveredReply(TransportResponse response) {
    this.response = response;
  }

  @Override
  ModelReply pull(Provider provider, ProviderRequest request) {
    return provider.reply(request, response);
  }

  @Override
  String body() {
    return response == null ? null : response.body();
  }
}
