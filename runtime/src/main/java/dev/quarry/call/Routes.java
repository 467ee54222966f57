package dev.quarry.call;

import static java.util.Objects.requireNonNull;

import dev.quarry.ConfigurationException;
import dev.quarry.Mode;
import dev.quarry.ProviderException;
import dev.quarry.QuarryException;
import dev.quarry.RefusalException;
import dev.quarry.provider.Provider;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a client's calls may go, resolved: one route for a plain client, the targets of a {@code
 * Strategy} otherwise; how a call picks its first route and when it moves on to the next. The
 * attempt loop ({@link Call}) asks {@link #order} once per call and {@link #movesOn} after a
 * failure. Internal; immutable.
 */
public final class Routes {
  /**
   * One resolved target.
   *
   * @param baseUrl the API root, normalised
   * @param apiKey the key, or {@code null}
   * @param model the model, or {@code null} for the method's or the client's
   */
  public record Route(Provider provider, String baseUrl, String apiKey, String model) {
    public Route {
      requireNonNull(provider, "provider == null");
      requireNonNull(baseUrl, "baseUrl == null");
    }

    /** The model this route asks for a method whose own choice is {@code fallback}. */
    String model(String fallback) {
      return model != null ? model : fallback;
    }

    @Override
    public String toString() {
      return provider.name() + (model == null ? "" : "/" + model) + " at " + baseUrl;
    }
  }

  private final List<Route> routes;
  private final boolean roundRobin;
  private final boolean onRefusal;

  public Routes(List<Route> routes, boolean roundRobin, boolean onRefusal) {
    this.routes = List.copyOf(routes);
    if (this.routes.isEmpty()) {
      throw new IllegalArgumentException("no routes");
    }
    this.roundRobin = roundRobin;
    this.onRefusal = onRefusal;
  }

  /** The one route of a client without a strategy. */
  public static Routes single(Provider provider, String baseUrl, String apiKey) {
    return new Routes(List.of(new Route(provider, baseUrl, apiKey, null)), false, false);
  }

  public List<Route> routes() {
    return routes;
  }

  public Route first() {
    return routes.get(0);
  }

  public boolean isSingle() {
    return routes.size() == 1;
  }

  /** These routes, every one asking for {@code model}. */
  Routes withModel(String model) {
    List<Route> changed = new ArrayList<>(routes.size());
    for (Route route : routes) {
      changed.add(new Route(route.provider(), route.baseUrl(), route.apiKey(), model));
    }
    return new Routes(changed, roundRobin, onRefusal);
  }

  /** The routes of one call, in the order it tries them; {@code call} counts the client's calls. */
  List<Route> order(long call) {
    if (!roundRobin || routes.size() == 1) {
      return routes;
    }
    int start = (int) Math.floorMod(call, (long) routes.size());
    List<Route> order = new ArrayList<>(routes.size());
    for (int i = 0; i < routes.size(); i++) {
      order.add(routes.get((start + i) % routes.size()));
    }
    return order;
  }

  boolean roundRobin() {
    return roundRobin;
  }

  /**
   * Whether a call whose attempt ended with {@code e} moves on to its next route: a failure that
   * sending again does not fix (the transport retries are spent by then), or a refusal when the
   * strategy says so.
   */
  boolean movesOn(QuarryException e) {
    if (e instanceof RefusalException) {
      return onRefusal;
    }
    if (!(e instanceof ProviderException)) {
      return false;
    }
    int status = ((ProviderException) e).status();
    // 0: unreachable, or a stream that broke; 200: an error event in a stream.
    return status == 0 || status == 200 || status == 408 || status == 409 || status == 429
        || status >= 500;
  }

  /**
   * The mode a call uses on every route when the client asks for {@link Mode#AUTO}: the first
   * route's provider's default when every provider supports it, else the first of the other
   * providers' defaults they all support, else the first of TOOLS, JSON_SCHEMA, JSON, MD_JSON
   * they all support.
   *
   * @throws ConfigurationException when the providers share no mode
   */
  public Mode commonMode() {
    List<Mode> candidates = new ArrayList<>();
    for (Route route : routes) {
      candidates.add(route.provider().defaultMode());
    }
    candidates.addAll(List.of(Mode.TOOLS, Mode.JSON_SCHEMA, Mode.JSON, Mode.MD_JSON));
    for (Mode mode : candidates) {
      if (supportedByAll(mode)) {
        return mode;
      }
    }
    throw new ConfigurationException(
        "The strategy's providers " + providerNames() + " share no structured-output mode;"
            + " use targets whose providers support a common mode.");
  }

  boolean supportedByAll(Mode mode) {
    for (Route route : routes) {
      if (!route.provider().modes().contains(mode)) {
        return false;
      }
    }
    return true;
  }

  /**
   * @throws ConfigurationException when a route's provider cannot serve {@code mode} (AUTO
   *     always passes)
   */
  void checkMode(Mode mode, String where) {
    for (Route route : routes) {
      PreparedMethod.checkMode(route.provider(), mode, where + " (target " + route + ")");
    }
  }

  private List<String> providerNames() {
    List<String> names = new ArrayList<>();
    for (Route route : routes) {
      names.add(route.provider().name());
    }
    return names;
  }

  @Override
  public String toString() {
    return (roundRobin ? "roundRobin" : "fallback") + routes + (onRefusal ? " (also on refusal)" : "");
  }
}
