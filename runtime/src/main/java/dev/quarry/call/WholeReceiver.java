package dev.quarry.call;

import dev.quarry.provider.ModelReply;
import dev.quarry.provider.Provider;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.transport.Transport;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.time.Duration;

/** Receives a reply read whole: one request, one response, one {@link Provider#reply}. */
final class WholeReceiver<T> extends Receiver<T> {
  private TransportResponse response;

  @Override
  TransportRequest request(Provider provider, ProviderRequest request) {
    return provider.request(request);
  }

  @Override
  TransportResponse open(Transport transport, Provider provider, ProviderRequest request,
      TransportRequest http, Duration timeout, int attempt) throws IOException {
    response = null;
    response = transport.send(http, timeout);
    return response;
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
