package org.cortexclust.workflows.sweep;

import java.util.List;
import org.cortexclust.workflows.contract.StagePolicy;

/**
 * A sweep: its points live in the artifact store (paged in by {@link SweepActivities#points}), so the request
 * stays small however large the grid is.
 *
 * @param total        number of points
 * @param concurrency  at most this many experiments at once
 * @param pageSize     points handled per workflow run before continue-as-new (bounds the history)
 * @param cursor       first point this run handles
 * @param succeeded    points that succeeded in earlier runs (carried over continue-as-new)
 * @param failed       points that failed in earlier runs
 */
public record SweepRequest(String sweepId, int total, int concurrency, int pageSize, List<String> stages, StagePolicy policy,
    int cursor, int succeeded, int failed) {

  public SweepRequest next(int newCursor, int ok, int bad) {
    return new SweepRequest(sweepId, total, concurrency, pageSize, stages, policy, newCursor, ok, bad);
  }
}
