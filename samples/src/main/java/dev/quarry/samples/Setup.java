package dev.quarry.samples;

import dev.quarry.Quarry;
import dev.quarry.provider.Provider;
import dev.quarry.provider.Providers;
import dev.quarry.transport.ReplayTransport;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Where the samples' calls go. Live when a model is configured in the environment; otherwise
 * offline, replaying the hand-made recordings under {@code recordings/<provider>/<sample>/}. Only
 * this class knows the difference: the samples get a {@link Quarry} and never ask which one.
 */
public final class Setup implements Clients {
  /** The property that picks the provider whose recordings an offline run replays. */
  public static final String PROVIDER_PROPERTY = "quarry.samples.provider";

  /** The offline providers and the model each recording was made for. */
  public static final Map<String, String> OFFLINE_MODELS = Map.of(
      "openai", "gpt-4o-mini",
      "anthropic", "claude-sonnet-4-5",
      "gemini", "gemini-2.5-flash",
      "ollama", "qwen2.5");

  /** The cheaper model of each offline provider that checks answers (the review sample). */
  public static final Map<String, String> CHECKER_MODELS = Map.of(
      "openai", "gpt-4.1-nano",
      "anthropic", "claude-haiku-4-5",
      "gemini", "gemini-2.5-flash-lite",
      "ollama", "qwen2.5:0.5b");

  /** "Today" in the recorded prompts; an offline run must use it for the requests to match. */
  public static final LocalDate RECORDED_TODAY = LocalDate.of(2025, 6, 13);

  private final String description;
  private final boolean live;
  private final String provider;
  private final LocalDate today;
  private final Function<String, Quarry> quarries;
  /** A builder for a recordings directory and a model ({@code null}: the sample's model). */
  private final BiFunction<String, String, Quarry.Builder> builders;
  private final String checkerModel;

  private Setup(String description, boolean live, String provider, LocalDate today,
      Function<String, Quarry> quarries, BiFunction<String, String, Quarry.Builder> builders,
      String checkerModel) {
    this.description = description;
    this.live = live;
    this.provider = provider;
    this.today = today;
    this.quarries = quarries;
    this.builders = builders;
    this.checkerModel = checkerModel;
  }

  /**
   * Live with {@code QUARRY_MODEL} ({@code provider/model}), else live on OpenAI's gpt-4o-mini
   * when {@code OPENAI_API_KEY} or {@code OPENAI_BASE_URL} is set, else offline with the
   * recordings of {@code offlineProvider} ({@code openai} when null).
   */
  public static Setup from(Function<String, String> environment, String offlineProvider) {
    String configured = blankToNull(environment.apply("QUARRY_MODEL"));
    if (configured != null) {
      return live(configured, "QUARRY_MODEL=" + configured);
    }
    if (blankToNull(environment.apply("OPENAI_API_KEY")) != null
        || blankToNull(environment.apply("OPENAI_BASE_URL")) != null) {
      return live("openai/gpt-4o-mini", "OPENAI_API_KEY or OPENAI_BASE_URL is set");
    }
    return offline(offlineProvider == null ? "openai" : offlineProvider);
  }

  private static Setup live(String providerAndModel, String why) {
    String name = providerAndModel.contains("/")
        ? providerAndModel.substring(0, providerAndModel.indexOf('/'))
        : providerAndModel;
    // Built on first use, so that a missing key is reported by the run, not by this decision.
    Quarry[] quarry = new Quarry[1];
    String checker = blankToNull(System.getenv("QUARRY_CHECKER_MODEL"));
    return new Setup("LIVE: calling " + providerAndModel + " (" + why + ").", true, name,
        LocalDate.now(), sample -> {
          if (quarry[0] == null) {
            quarry[0] = Quarry.builder().provider(providerAndModel)
                .prices(ExamplePrices.TABLE).build();
          }
          return quarry[0];
        }, (directory, model) -> {
          Quarry.Builder builder = Quarry.builder().provider(providerAndModel).prices(ExamplePrices.TABLE);
          return model == null ? builder : builder.model(model);
        }, checker);
  }

  /** Replays the recordings of {@code provider}; no network, no key. */
  public static Setup offline(String provider) {
    String name = provider.strip().toLowerCase(Locale.ROOT);
    String model = OFFLINE_MODELS.get(name);
    if (model == null) {
      throw new IllegalArgumentException("There are no recordings for provider '" + provider
          + "'; use one of " + OFFLINE_MODELS.keySet().stream().sorted().toList() + ".");
    }
    String description = "OFFLINE: replaying hand-made fixtures for " + name + "/" + model
        + " from recordings/" + name + "/ (written by hand, not captured from a live model; no"
        + " network is used).\n"
        + "Go live by setting QUARRY_MODEL (e.g. openai/gpt-4o-mini, anthropic/claude-sonnet-4-5,"
        + " gemini/gemini-2.5-flash, ollama/qwen2.5)\nwith the provider's key variable"
        + " (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY; none for Ollama), or just"
        + " OPENAI_API_KEY.\nOther offline providers: -D" + PROVIDER_PROPERTY
        + "=anthropic|gemini|ollama. \"Today\" is pinned to " + RECORDED_TODAY + ".";
    return new Setup(description, false, name, RECORDED_TODAY,
        sample -> offlineQuarry(name, sample),
        (directory, checker) -> offlineBuilder(name, recordings(name, directory))
            .model(checker == null ? model : checker),
        CHECKER_MODELS.get(name));
  }

  /**
   * A set-up whose clients come from {@code builders} (a recordings directory and a model, the
   * sample's own when {@code null}); for tools that record the fixtures.
   */
  public static Setup using(String provider, BiFunction<String, String, Quarry.Builder> builders) {
    return new Setup("Recording " + provider, false, provider, RECORDED_TODAY,
        sample -> builders.apply(sample, null).build(), builders, CHECKER_MODELS.get(provider));
  }

  /** The client for one sample, built the way a user builds theirs, plus a replay transport. */
  public static Quarry offlineQuarry(String provider, String sample) {
    return offlineQuarry(provider, recordings(provider, sample));
  }

  /** The client for {@code provider} that answers from {@code recordings}. */
  public static Quarry offlineQuarry(String provider, ReplayTransport recordings) {
    return offlineBuilder(provider, recordings).build();
  }

  private static Quarry.Builder offlineBuilder(String provider, ReplayTransport recordings) {
    Provider api = Providers.named(provider);
    return Quarry.builder()
        .provider(api)
        .model(OFFLINE_MODELS.get(provider))
        // The recordings hold the provider's public URL; an OPENAI_BASE_URL or OLLAMA_HOST in
        // the environment must not move the request path away from them.
        .baseUrl(api.defaultBaseUrl())
        .transport(recordings)
        .prices(ExamplePrices.TABLE);
  }

  /** The recordings of one sample for one provider, from the class path. */
  public static ReplayTransport recordings(String provider, String sample) {
    return ReplayTransport.fromClasspath(
        "recordings/" + provider + "/" + sample, Setup.class.getClassLoader());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** The client for the sample named {@code sample} (the name of its recordings directory). */
  @Override
  public Quarry quarry(String sample) {
    return quarries.apply(sample);
  }

  @Override
  public Quarry quarry(String sample, UnaryOperator<Quarry.Builder> configure) {
    return configure.apply(builders.apply(sample, null)).build();
  }

  /** Offline: the provider's {@link #CHECKER_MODELS cheaper model}; live: QUARRY_CHECKER_MODEL, else the same. */
  @Override
  public Quarry checker(String directory) {
    return builders.apply(directory, checkerModel).build();
  }

  public boolean live() {
    return live;
  }

  /** The provider's name, e.g. {@code anthropic}. */
  public String provider() {
    return provider;
  }

  /** The date the samples treat as today: the real one when live, the recorded one offline. */
  public LocalDate today() {
    return today;
  }

  /** One paragraph saying where calls go, and for offline runs how to go live. */
  public String description() {
    return description;
  }
}
