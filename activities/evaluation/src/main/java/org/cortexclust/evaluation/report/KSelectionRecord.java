package org.cortexclust.evaluation.report;

/** One point of a k-selection curve ({@code kselection.csv}: method,k,metric,value). */
public record KSelectionRecord(String method, int k, String metric, double value) {}
