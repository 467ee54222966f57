package dev.quarry.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.ConfigurationException;
import dev.quarry.Quarry;
import dev.quarry.provider.Providers;
import dev.quarry.spring.boot.autoconfigure.app.NameFinder;
import dev.quarry.spring.boot.autoconfigure.app.NameFinderImpl;
import dev.quarry.spring.boot.autoconfigure.app.PersonName;
import dev.quarry.spring.boot.autoconfigure.app.TestApp;
import dev.quarry.spring.boot.autoconfigure.other.Summarizer;
import dev.quarry.transport.Transport;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Light contexts (no web server, no component scan) with the auto-configuration. The environment
 * has no OPENAI_API_KEY or ANTHROPIC_API_KEY (the pom removes them), so a key comes only from the
 * properties.
 */
class QuarryAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(QuarryAutoConfiguration.class));

  /** An OpenAI-format transport that answers every call with a forced tool call. */
  static final class FakeOpenAi implements Transport {
    final List<TransportRequest> requests = new ArrayList<>();
    private final String arguments;

    FakeOpenAi(String arguments) {
      this.arguments = arguments;
    }

    @Override
    public synchronized TransportResponse send(TransportRequest request) {
      requests.add(request);
      String name = request.body().replaceAll("(?s).*\"tool_choice\":\\{.*?\"name\":\"([^\"]+)\".*", "$1");
      String body =
          "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1767225600,"
              + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
              + "\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":"
              + "\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":"
              + quote(arguments) + "}}]},\"finish_reason\":\"tool_calls\"}],"
              + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}";
      return new TransportResponse(200, Map.of("content-type", "application/json"), body);
    }

    private static String quote(String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TransportConfig {
    @Bean
    FakeOpenAi transport() {
      return new FakeOpenAi("{\"first\":\"Ada\",\"last\":\"Lovelace\"}");
    }
  }

  @Test
  void buildsQuarryFromTheProperties() {
    runner
        .withPropertyValues(
            "quarry.provider=anthropic/claude-sonnet-4-5",
            "quarry.api-key=sk-ant-test",
            "quarry.base-url=http://localhost:9/v1/",
            "quarry.mode=md-json",
            "quarry.max-attempts=2",
            "quarry.connect-timeout=3s",
            "quarry.request-timeout=1m",
            "quarry.max-retries=5")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(Quarry.class);
              assertThat(context.getBean(Quarry.class))
                  .asString()
                  .startsWith(
                      "Quarry[provider=anthropic, baseUrl=http://localhost:9/v1,"
                          + " model=claude-sonnet-4-5, mode=MD_JSON, maxAttempts=2,")
                  .contains("maxRetries=5");
              QuarryProperties properties = context.getBean(QuarryProperties.class);
              assertThat(properties.getConnectTimeout()).hasSeconds(3);
              assertThat(properties.getRequestTimeout()).hasMinutes(1);
            });
  }

  @Test
  void modelPropertyOverridesTheModelInProvider() {
    runner
        .withPropertyValues(
            "quarry.provider=openai/gpt-4o", "quarry.model=gpt-4o-mini", "quarry.api-key=sk-test")
        .run(
            context ->
                assertThat(context.getBean(Quarry.class).toString())
                    .contains("provider=openai,", "model=gpt-4o-mini,", "mode=TOOLS"));
  }

  @Test
  void everyLlmExtractInterfaceInTheApplicationPackageIsABean() {
    runner
        .withUserConfiguration(TestApp.class, TransportConfig.class)
        .withPropertyValues("quarry.max-output-tokens=256", "quarry.temperature=0.2")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(NameFinder.class);
              assertThat(context).getBean("nameFinder").isInstanceOf(NameFinderImpl.class);
              // Outside the application's package and not in quarry.scan-packages.
              assertThat(context).doesNotHaveBean(Summarizer.class);

              PersonName name = context.getBean(NameFinder.class).signer("Yours, Ada Lovelace");

              assertThat(name).isEqualTo(new PersonName("Ada", "Lovelace"));
              // The Transport bean carried the call, with the properties in the request.
              String body = context.getBean(FakeOpenAi.class).requests.get(0).body();
              assertThat(body)
                  .contains("\"model\":\"gpt-4o-mini\"")
                  .contains("\"max_completion_tokens\":256")
                  .contains("\"temperature\":0.2")
                  .contains("Who signed this? Yours, Ada Lovelace");
            });
  }

  @Test
  void scanPackagesAddsInterfacesFromOtherPackages() {
    runner
        .withUserConfiguration(TestApp.class, TransportConfig.class)
        .withPropertyValues(
            "quarry.scan-packages=dev.quarry.spring.boot.autoconfigure.other")
        .run(
            context -> {
              assertThat(context).hasSingleBean(NameFinder.class).hasSingleBean(Summarizer.class);
              assertThat(context).getBean("summarizer").isInstanceOf(Summarizer.class);
              assertThat(context).doesNotHaveBean(Summarizer.Plain.class);
            });
  }

  @Test
  void withoutApplicationPackagesOnlyQuarryIsConfigured() {
    runner
        .withPropertyValues("quarry.api-key=sk-test")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(Quarry.class);
              assertThat(context).doesNotHaveBean(NameFinder.class);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class UserBeans {
    static final Quarry QUARRY =
        Quarry.builder().provider(Providers.ollama()).model("qwen2.5").build();

    @Bean
    Quarry myQuarry() {
      return QUARRY;
    }

    @Bean
    NameFinder myNameFinder() {
      return text -> new PersonName("Grace", "Hopper");
    }
  }

  @Test
  void userBeansWin() {
    runner
        .withUserConfiguration(TestApp.class, UserBeans.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(Quarry.class).hasSingleBean(NameFinder.class);
              assertThat(context.getBean(Quarry.class)).isSameAs(UserBeans.QUARRY);
              assertThat(context.getBean(NameFinder.class).signer("x"))
                  .isEqualTo(new PersonName("Grace", "Hopper"));
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class Customized {
    @Bean
    dev.quarry.provider.Provider provider() {
      return Providers.openAiCompatible("local", "http://localhost:8000/v1", null);
    }

    @Bean
    QuarryBuilderCustomizer attempts() {
      return builder -> builder.maxAttempts(5);
    }
  }

  @Test
  void providerBeanAndCustomizersAreApplied() {
    runner
        .withUserConfiguration(Customized.class)
        .withPropertyValues("quarry.provider=anthropic", "quarry.max-attempts=2")
        .run(
            context ->
                assertThat(context.getBean(Quarry.class).toString())
                    .contains("provider=local,", "baseUrl=http://localhost:8000/v1,")
                    .contains("maxAttempts=5"));
  }

  @Test
  void aMissingKeyFailsStartUpWithQuarrysMessage() {
    runner
        .withUserConfiguration(TestApp.class)
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable failure = context.getStartupFailure();
              assertThat(failure)
                  .rootCause()
                  .isInstanceOf(ConfigurationException.class)
                  .hasMessage(
                      "No API key for openai: the environment variable OPENAI_API_KEY is not set."
                          + " Set it, or call Quarry.builder().apiKey(...), or point"
                          + " Quarry.builder().baseUrl(...) at a server that needs no key.");

              FailureAnalysis analysis = new QuarryConfigurationFailureAnalyzer().analyze(failure);
              assertThat(analysis.getDescription())
                  .startsWith("Quarry could not be configured: No API key for openai");
              assertThat(analysis.getAction()).contains("quarry.api-key");
            });
  }

  @Test
  void anUnknownProviderFailsStartUp() {
    runner
        .withPropertyValues("quarry.provider=openia")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("There is no built-in provider named 'openia'"));
  }
}
