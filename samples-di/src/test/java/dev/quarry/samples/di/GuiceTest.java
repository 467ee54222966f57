package dev.quarry.samples.di;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provides;
import dev.quarry.Quarry;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Guice wires the generated client at run time, through its {@code @Inject} constructor. */
class GuiceTest {
  static final class QuarryModule extends AbstractModule {
    @Override
    protected void configure() {
      bind(ContactReader.class).to(ContactReaderImpl.class);
    }

    @Provides
    @Singleton
    Quarry quarry() {
      return Recordings.replayingQuarry();
    }
  }

  @Test
  void injectorSuppliesTheGeneratedClient() {
    Injector injector = Guice.createInjector(new QuarryModule());

    ContactReader reader = injector.getInstance(ContactReader.class);
    Contact contact = reader.read(Recordings.SIGNATURE);

    assertThat(reader).isInstanceOf(ContactReaderImpl.class);
    assertThat(contact)
        .isEqualTo(
            new Contact("Ada Lovelace", Optional.of("ada@analytical.example"), "Analytical Engines Ltd"));
    // @Singleton on ContactReaderImpl is honoured by Guice too.
    assertThat(injector.getInstance(ContactReader.class)).isSameAs(reader);
  }

  @Test
  void applicationClassesReceiveIt() {
    ContactDirectory directory =
        Guice.createInjector(new QuarryModule()).getInstance(ContactDirectory.class);

    assertThat(directory.entry(Recordings.SIGNATURE))
        .isEqualTo("Ada Lovelace <ada@analytical.example> (Analytical Engines Ltd)");
  }
}
