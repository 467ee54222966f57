package dev.quarry.provider;

import dev.quarry.spi.ExtractMethod;
import tools.jackson.core.type.TypeReference;

/** The method that stands in for a job's in the requests {@link BatchApi#readError} makes. */
final class BatchStandIn {
  static final ExtractMethod<Object> METHOD =
      ExtractMethod.builder(BatchApi.class, "batch", new TypeReference<Object>() {})
          .schema("{\"type\":\"object\"}")
          .build();

  private BatchStandIn() {}
}
