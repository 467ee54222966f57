package dev.quarry.benchmarks.peers;

import java.util.List;

/**
 * The records every library binds to: the same shapes as {@code Documents} generates (small,
 * medium, large, list of 100). Plain records, nothing library-specific, so each peer sees the same
 * types.
 */
public final class Model {
  private Model() {}

  public record Person(String name, int age, String email, boolean active) {}

  public enum Category { BOOK, MUSIC, GAME, TOOL }

  public record Item(
      int id, String title, double price, boolean inStock, Category category, List<String> tags) {}

  public record Address(String street, String city, String zip, String country) {}

  public record Order(String number, double total, List<Item> items) {}

  public record Customer(Person person, Address address, String notes, List<Order> orders) {}

  /** The large nested record: a region of five customers, five levels deep. */
  public record Region(String name, List<Customer> customers) {}

  /** {@code List<Item>} as a class, for the peers that derive a schema only from a class. */
  public record ItemList(List<Item> value) {}
}
