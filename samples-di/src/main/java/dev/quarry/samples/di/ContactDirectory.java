package dev.quarry.samples.di;

import jakarta.inject.Inject;

/** An application class that needs a {@link ContactReader}: the container supplies it. */
public final class ContactDirectory {
  private final ContactReader reader;

  @Inject
  public ContactDirectory(ContactReader reader) {
    this.reader = reader;
  }

  /** "Name <email> (company)" for a signature. */
  public String entry(String signature) {
    Contact contact = reader.read(signature);
    return contact.name() + contact.email().map(e -> " <" + e + ">").orElse("")
        + " (" + contact.company() + ")";
  }
}
