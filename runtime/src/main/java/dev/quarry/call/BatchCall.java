package dev.quarry.call;

import dev.quarry.Extraction;
import dev.quarry.QuarryException;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.transport.TransportResponse;
import java.time.Duration;

/**
 * One input's call in a batch job: the ordinary {@link Call} attempt loop, whose sends are
 * deferred to provider batches. The job reads the deferred attempt's {@link #request()}, puts it
 * in a batch, and later {@link #deliver delivers} the batch's reply; the call then judges it
 * exactly as a whole call's reply (parse, validate, bind, check) and ends, or defers its re-ask.
 * Every method that advances the call throws the call's final exception when it ends in one.
 *
 * <p>Internal: public only for {@code dev.quarry.batch}. Not thread-safe.
 */
public final class BatchCall<T> {
  private final Call<T> call;
  private final BatchReceiver<T> receiver;
  private Extraction<T> result;

  BatchCall(Call<T> call, BatchReceiver<T> receiver) {
    this.call = call;
    this.receiver = receiver;
  }

  /** Runs until the first attempt is deferred (nothing is sent). */
  public Extraction<T> start() {
    return result = call.runUntilDeferred();
  }

  /** Whether an attempt waits for a batch's reply. */
  public boolean waiting() {
    return call.deferred();
  }

  /** The waiting attempt's request: the entry a batch sends. */
  public ProviderRequest request() {
    return call.request();
  }

  /** The waiting (or last) attempt's number. */
  public int attempt() {
    return call.attemptNumber();
  }

  /** The result, once the call has one. */
  public Extraction<T> result() {
    return result;
  }

  /**
   * Delivers the waiting attempt's reply; returns the result, or null while a re-ask waits.
   *
   * @param waited how long the reply took, from the batch's submission: the attempt's latency
   */
  public Extraction<T> deliver(TransportResponse response, Duration waited) {
    return result = call.deliver(response, waited);
  }

  /** Ends the waiting attempt, and the call, with {@code failure} (which is then thrown). */
  public void fail(QuarryException failure, Duration waited) {
    call.deliverFailure(failure, waited);
  }

  /** A stored reply of a synchronous re-ask, answered instead of sending it again (resume). */
  public void replaySync(int attempt, TransportResponse stored) {
    receiver.replay(attempt, stored);
  }
}
