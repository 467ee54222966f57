package dev.quarry.transport;

import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The TLS context of the client that only ever sends to {@code http://} URLs: a stand-in that
 * loads none of the JDK's TLS implementation and refuses every use, so that a request that
 * somehow needed TLS fails loudly instead of going out unverified.
 */
final class NoTls extends SSLContextSpi {
  static final SSLContext CONTEXT = new SSLContext(new NoTls(), null, "none") {};

  private NoTls() {}

  private static UnsupportedOperationException refused() {
    return new UnsupportedOperationException(
        "TLS was asked of Quarry's plain-HTTP client, which serves only http:// URLs;"
            + " https:// requests go to a client with the JDK's default TLS context.");
  }

  @Override
  protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
    throw refused();
  }

  @Override
  protected SSLSocketFactory engineGetSocketFactory() {
    throw refused();
  }

  @Override
  protected SSLServerSocketFactory engineGetServerSocketFactory() {
    throw refused();
  }

  @Override
  protected SSLEngine engineCreateSSLEngine() {
    throw refused();
  }

  @Override
  protected SSLEngine engineCreateSSLEngine(String host, int port) {
    throw refused();
  }

  @Override
  protected SSLSessionContext engineGetServerSessionContext() {
    throw refused();
  }

  @Override
  protected SSLSessionContext engineGetClientSessionContext() {
    throw refused();
  }
}
