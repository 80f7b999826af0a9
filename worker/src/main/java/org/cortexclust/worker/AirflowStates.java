package org.cortexclust.worker;

/** Airflow's state words next to ours, for users who read Airflow dashboards (Airflow 3 vocabulary). */
public final class AirflowStates {
  private AirflowStates() {}

  public static String ofRun(String status) {
    return switch (status) {
      case "success" -> "success";
      case "failed" -> "failed";
      case "cancelled", "interrupted" -> "failed";
      case "running" -> "running";
      default -> "queued";
    };
  }
}
