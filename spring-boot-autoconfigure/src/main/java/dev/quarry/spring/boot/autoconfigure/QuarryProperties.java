package dev.quarry.spring.boot.autoconfigure;

import dev.quarry.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code quarry.*} properties, from which {@link QuarryAutoConfiguration} builds the {@link
 * dev.quarry.Quarry} bean. Unset properties keep Quarry's own defaults.
 *
 * <pre>
 * quarry.provider=anthropic/claude-sonnet-4-5
 * quarry.max-attempts=2
 * quarry.request-timeout=30s
 * </pre>
 */
@ConfigurationProperties("quarry")
public class QuarryProperties {
  /**
   * The built-in provider, optionally with the model after a slash: openai, openai-responses,
   * anthropic, gemini, ollama, e.g. "anthropic/claude-sonnet-4-5". OpenAI when unset.
   */
  private String provider;

  /**
   * The model used by interfaces that do not name one in @LlmExtract(model); overrides a model
   * given in quarry.provider.
   */
  private String model;

  /**
   * The API root, e.g. http://localhost:11434/v1; the provider's public endpoint (or its
   * base-URL environment variable, such as OPENAI_BASE_URL) when unset.
   */
  private String baseUrl;

  /**
   * The API key; when unset, Quarry reads the provider's environment variable (OPENAI_API_KEY,
   * ANTHROPIC_API_KEY, GEMINI_API_KEY or GOOGLE_API_KEY).
   */
  private String apiKey;

  /** How to ask for structured output; AUTO picks the provider's best mode. */
  private Mode mode = Mode.AUTO;

  /** How many answers one call may take, the first included; 3 when unset. */
  private Integer maxAttempts;

  /** The output token limit of each request; the provider's default when unset. */
  private Integer maxOutputTokens;

  /** The sampling temperature; the provider's default when unset. */
  private Double temperature;

  /** How long connecting may take (default transport only); 10 seconds when unset. */
  private Duration connectTimeout;

  /** How long one request may take (default transport only); 2 minutes when unset. */
  private Duration requestTimeout;

  /** Transport retries per request (429, 5xx, dropped connections); 2 when unset. */
  private Integer maxRetries;

  /** The longest a whole call may take, re-asks and backoff included; unlimited when unset. */
  private Duration deadline;

  /** The most tokens one call may spend over all its attempts; unlimited when unset. */
  private Long maxTokensPerCall;

  /** The most tokens the client may spend in its lifetime; unlimited when unset. */
  private Long maxTokensTotal;

  /**
   * Packages to scan for @LlmExtract interfaces, in addition to the auto-configuration packages
   * (the package of the @SpringBootApplication class and below).
   */
  private List<String> scanPackages = new ArrayList<>();

  public String getProvider() {
    return provider;
  }

  public void setProvider(String provider) {
    this.provider = provider;
  }

  public String getModel() {
    return model;
  }

  public void setModel(String model) {
    this.model = model;
  }

  public String getBaseUrl() {
    return baseUrl;
  }

  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public String getApiKey() {
    return apiKey;
  }

  public void setApiKey(String apiKey) {
    this.apiKey = apiKey;
  }

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public Integer getMaxAttempts() {
    return maxAttempts;
  }

  public void setMaxAttempts(Integer maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  public Integer getMaxOutputTokens() {
    return maxOutputTokens;
  }

  public void setMaxOutputTokens(Integer maxOutputTokens) {
    this.maxOutputTokens = maxOutputTokens;
  }

  public Double getTemperature() {
    return temperature;
  }

  public void setTemperature(Double temperature) {
    this.temperature = temperature;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  public Integer getMaxRetries() {
    return maxRetries;
  }

  public void setMaxRetries(Integer maxRetries) {
    this.maxRetries = maxRetries;
  }

  public Duration getDeadline() {
    return deadline;
  }

  public void setDeadline(Duration deadline) {
    this.deadline = deadline;
  }

  public Long getMaxTokensPerCall() {
    return maxTokensPerCall;
  }

  public void setMaxTokensPerCall(Long maxTokensPerCall) {
    this.maxTokensPerCall = maxTokensPerCall;
  }

  public Long getMaxTokensTotal() {
    return maxTokensTotal;
  }

  public void setMaxTokensTotal(Long maxTokensTotal) {
    this.maxTokensTotal = maxTokensTotal;
  }

  public List<String> getScanPackages() {
    return scanPackages;
  }

  public void setScanPackages(List<String> scanPackages) {
    this.scanPackages = scanPackages;
  }
}
