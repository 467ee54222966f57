package dev.quarry.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.transport.ReplayTransport;
import dev.quarry.transport.Transport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Starts the whole application. The only test-specific bean is a {@link Transport}: the
 * auto-configured Quarry sends through it, so the calls are answered from the hand-made
 * recordings in {@code recordings/support} instead of OpenAI, and no key is needed.
 */
@SpringBootTest
class SupportApplicationTest {
  static final String MESSAGE =
      "Since this morning every checkout on our store fails with error 502, and customers are"
          + " complaining. Please help!";

  @TestConfiguration(proxyBeanMethods = false)
  static class Recordings {
    @Bean
    ReplayTransport transport() {
      return ReplayTransport.fromClasspath("recordings/support", getClass().getClassLoader());
    }
  }

  @Autowired TicketTriage triage;
  @Autowired SupportDesk desk;
  @Autowired ReplayTransport transport;

  @Test
  void theServiceIsHandedTheGeneratedClientAndGetsATypedResult() {
    assertThat(triage).isInstanceOf(TicketTriageImpl.class);

    // The first recorded answer has urgency 7, which Triage rejects; Quarry re-asks once.
    String queue = desk.route(MESSAGE);

    assertThat(queue).isEqualTo("bug/urgent");
    assertThat(transport.remaining()).isZero();
  }
}
