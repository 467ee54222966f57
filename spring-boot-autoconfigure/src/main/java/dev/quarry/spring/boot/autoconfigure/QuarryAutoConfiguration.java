package dev.quarry.spring.boot.autoconfigure;

import dev.quarry.Quarry;
import dev.quarry.provider.Provider;
import dev.quarry.transport.Transport;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;

/**
 * Auto-configures Quarry: a {@link Quarry} bean built from the {@code quarry.*} properties
 * ({@link QuarryProperties}), and a bean for every {@code @LlmExtract} interface in the
 * application's packages ({@link LlmExtractClientRegistrar}), so that
 *
 * <pre>{@code
 * @Service
 * class Receipts {
 *   Receipts(ReceiptReader reader) { ... }   // the generated ReceiptReaderImpl
 * }
 * }</pre>
 *
 * <p>Your own beans win: a {@link Quarry} bean replaces the auto-configured one, a bean of an
 * {@code @LlmExtract} interface replaces the generated client. A {@link Transport} bean (a {@link
 * dev.quarry.transport.ReplayTransport} in tests, say) and a {@link Provider} bean are used by the
 * auto-configured {@link Quarry}, and {@link QuarryBuilderCustomizer} beans adjust its builder.
 */
@AutoConfiguration
@ConditionalOnClass(Quarry.class)
@EnableConfigurationProperties(QuarryProperties.class)
public class QuarryAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public Quarry quarry(
      QuarryProperties properties,
      ObjectProvider<Transport> transport,
      ObjectProvider<Provider> provider,
      ObjectProvider<QuarryBuilderCustomizer> customizers) {
    Quarry.Builder builder = Quarry.builder();
    Provider providerBean = provider.getIfAvailable();
    if (providerBean != null) {
      builder.provider(providerBean);
    } else if (StringUtils.hasText(properties.getProvider())) {
      builder.provider(properties.getProvider().strip());
    }
    if (StringUtils.hasText(properties.getModel())) {
      builder.model(properties.getModel().strip());
    }
    if (StringUtils.hasText(properties.getBaseUrl())) {
      builder.baseUrl(properties.getBaseUrl().strip());
    }
    if (StringUtils.hasText(properties.getApiKey())) {
      builder.apiKey(properties.getApiKey().strip());
    }
    if (properties.getMode() != null) {
      builder.mode(properties.getMode());
    }
    if (properties.getMaxAttempts() != null) {
      builder.maxAttempts(properties.getMaxAttempts());
    }
    if (properties.getMaxOutputTokens() != null) {
      builder.maxOutputTokens(properties.getMaxOutputTokens());
    }
    if (properties.getTemperature() != null) {
      builder.temperature(properties.getTemperature());
    }
    if (properties.getConnectTimeout() != null) {
      builder.connectTimeout(properties.getConnectTimeout());
    }
    if (properties.getRequestTimeout() != null) {
      builder.requestTimeout(properties.getRequestTimeout());
    }
    if (properties.getMaxRetries() != null) {
      builder.maxRetries(properties.getMaxRetries());
    }
    if (properties.getDeadline() != null) {
      builder.deadline(properties.getDeadline());
    }
    if (properties.getMaxTokensPerCall() != null) {
      builder.maxTokensPerCall(properties.getMaxTokensPerCall());
    }
    if (properties.getMaxTokensTotal() != null) {
      builder.maxTokensTotal(properties.getMaxTokensTotal());
    }
    Transport transportBean = transport.getIfAvailable();
    if (transportBean != null) {
      builder.transport(transportBean);
    }
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  /** Static: it registers bean definitions, before any other bean is created. */
  @Bean
  public static LlmExtractClientRegistrar quarryLlmExtractClientRegistrar() {
    return new LlmExtractClientRegistrar();
  }
}
