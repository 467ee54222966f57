package dev.quarry.parse;

/**
 * What one parse cost, counted rather than timed: characters the readers examined (including
 * rescans), candidates found and kept, and alignment steps. Tests bound these by the input size.
 */
final class Work {
  /** Characters examined by every reader, rescans included. */
  long readChars;
  /** Readings started (one per region or embedded value tried; a scan reuses one reader). */
  long readers;
  /** Candidates kept for alignment (at most {@link CandidateFinder#MAX_CANDIDATES} + 1). */
  int candidates;
  /** Candidates found beyond the cap and not tried. */
  long dropped;
  /** Values aligned against a schema node (memo misses). */
  long alignSteps;
  /** Alignment outcomes kept in the memo (live until the parse ends). */
  long memoKept;

  @Override
  public String toString() {
    return "Work[readChars=" + readChars + ", readers=" + readers + ", candidates=" + candidates
        + ", dropped=" + dropped + ", alignSteps=" + alignSteps + ", memoKept=" + memoKept + "]";
  }
}
