package dev.quarry.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The runtime alone (its test class path has neither quarry-opentelemetry nor the OpenTelemetry
 * API, since both moved out of the core jar): nothing is traced and nothing fails.
 */
class TelemetryTest {
  @Test
  void withoutQuarryOpenTelemetryNothingIsTraced() {
    assertThat(Telemetry.openTelemetryPresent()).isFalse();
    assertThat(Telemetry.globalOpenTelemetry()).isEmpty();
  }

  @Test
  void theCoreJarNamesNoOpenTelemetryOrJdbcType() {
    ClassLoader loader = TelemetryTest.class.getClassLoader();
    assertThat(loader.getResource("io/opentelemetry/api/GlobalOpenTelemetry.class")).isNull();
    assertThat(loader.getResource("dev/quarry/observe/CallLog.class")).isNull();
    assertThat(loader.getResource("dev/quarry/observe/OpenTelemetryListener.class")).isNull();
  }
}
