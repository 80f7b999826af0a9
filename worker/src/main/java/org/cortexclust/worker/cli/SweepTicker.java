package org.cortexclust.worker.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.worker.sweep.SweepActivitiesImpl;
import org.cortexclust.worker.ui.WebView;
import org.cortexclust.workflows.sweep.PointResult;

/**
 * The terminal's line per sweep point as it finishes: its assignment, headline metrics and an ETA from the points
 * finished since this launch (points already finished before it, e.g. on a re-launch, do not speed up the ETA).
 */
final class SweepTicker {
  private final ArtifactStore store;
  private final String sweepId;
  private final int total;
  private final Set<Integer> seen = new HashSet<>();
  private final Instant start = Instant.now();
  private final int before;

  SweepTicker(ArtifactStore store, String sweepId, int total) throws IOException {
    this.store = store;
    this.sweepId = sweepId;
    this.total = total;
    for (PointResult r : SweepActivitiesImpl.results(store, sweepId)) seen.add(r.index());
    this.before = seen.size();
  }

  /** Print a line for every point that finished since the last call. */
  void poll(PrintStream out) {
    List<PointResult> rs;
    try {
      rs = SweepActivitiesImpl.results(store, sweepId);
    } catch (IOException | RuntimeException e) {
      return; // the store may be briefly away; the next tick tries again
    }
    for (PointResult r : rs) {
      if (seen.add(r.index())) out.println(line(r, seen.size(), seen.size() - before, Duration.between(start, Instant.now())));
    }
  }

  String line(PointResult r, int finished, int finishedHere, Duration elapsed) {
    StringBuilder b = new StringBuilder(String.format("point %d %s", r.index(), r.status()));
    if (r.cacheHits() > 0) b.append(" (").append(r.cacheHits()).append(" stages cached)");
    StringBuilder a = new StringBuilder();
    r.assignment().forEach((k, v) -> a.append(a.length() == 0 ? "" : " ").append(k).append('=').append(v));
    if (a.length() > 0) b.append(": ").append(a);
    if (r.error() != null) {
      b.append(" — ").append(r.error());
    } else {
      List<String> cols = WebView.headlineMetrics(List.of(r));
      Map<String, Double> m = new java.util.LinkedHashMap<>();
      cols.stream().limit(4).forEach(k -> m.put(k, r.metrics().get(k)));
      if (!m.isEmpty()) b.append(" → ").append(org.cortexclust.worker.ExperimentLauncher.formatMetrics(m));
    }
    b.append(String.format(" [%d/%d", finished, total));
    int left = total - finished;
    if (left > 0 && finishedHere > 0) {
      long eta = elapsed.toSeconds() * left / finishedHere;
      b.append(String.format(", ETA %dm%02ds", eta / 60, eta % 60));
    }
    return b.append(']').toString();
  }
}
