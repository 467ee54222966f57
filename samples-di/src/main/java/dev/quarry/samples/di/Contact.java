package dev.quarry.samples.di;

import dev.quarry.Description;
import java.util.Optional;

/** A person's contact details, as found in a signature or a message. */
public record Contact(String name, @Description("as written") Optional<String> email, String company) {}
