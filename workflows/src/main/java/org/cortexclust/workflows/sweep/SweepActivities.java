package org.cortexclust.workflows.sweep;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** Sweep bookkeeping in the artifact store: the point list, per-point results, and the aggregate table. */
@ActivityInterface
public interface SweepActivities {
  @ActivityMethod
  List<SweepPoint> points(String sweepId, int offset, int limit);

  @ActivityMethod
  void recordPoint(String sweepId, PointResult result);

  /** Build the aggregate table of every recorded point; returns its artifact id. */
  @ActivityMethod
  String aggregate(String sweepId);
}
