package dev.quarry.samples.di;

import static org.assertj.core.api.Assertions.assertThat;

import dagger.Binds;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dev.quarry.Quarry;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Dagger wires the generated client at compile time, through its {@code @Inject} constructor. */
class DaggerTest {
  @Module
  interface QuarryModule {
    @Provides
    @Singleton
    static Quarry quarry() {
      return Recordings.replayingQuarry();
    }

    @Binds
    ContactReader contactReader(ContactReaderImpl impl);
  }

  @Singleton
  @Component(modules = QuarryModule.class)
  interface AppComponent {
    ContactReader contactReader();

    ContactDirectory directory();
  }

  @Test
  void componentInjectsTheGeneratedClient() {
    AppComponent component = DaggerDaggerTest_AppComponent.create();

    ContactReader reader = component.contactReader();
    Contact contact = reader.read(Recordings.SIGNATURE);

    assertThat(reader).isInstanceOf(ContactReaderImpl.class);
    assertThat(contact)
        .isEqualTo(
            new Contact("Ada Lovelace", Optional.of("ada@analytical.example"), "Analytical Engines Ltd"));
    // @Singleton on ContactReaderImpl: one instance per component.
    assertThat(component.contactReader()).isSameAs(reader);
  }

  @Test
  void applicationClassesReceiveIt() {
    ContactDirectory directory = DaggerDaggerTest_AppComponent.create().directory();

    assertThat(directory.entry(Recordings.SIGNATURE))
        .isEqualTo("Ada Lovelace <ada@analytical.example> (Analytical Engines Ltd)");
  }
}
