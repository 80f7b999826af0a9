package org.cortexclust.data;

import java.util.List;
import java.util.Map;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.common.stage.StageWork;
import org.cortexclust.workflows.contract.DataActivities;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;

/**
 * Data stage adapter: imports {@code data.source} (the simulator, a Sensorium 2022 static folder, a folder of mouse
 * folders/zips, or a mouse zip) as the dataset artifact: {@code dataset.json}, one {@code mouse-<key>.bin} per mouse
 * and {@code groundtruth.csv} when types are known (docs/artifacts.md). Depends on the {@code data} config section
 * only, so the same source and settings give the same artifact (StageRunner's cache hit). Headline metrics: mice,
 * neurons, trials (per tier), source_files, source_bytes, noise_ceiling_rho_st (simulated data).
 */
public final class DataActivitiesImpl implements DataActivities {
  private final StageRunner runner;

  public DataActivitiesImpl(StageRunner runner) {
    this.runner = runner;
  }

  @Override
  public StageOutput fetchData(StageInput in) {
    return runner.run(in, List.of("data"), DataActivitiesImpl::run);
  }

  static void run(StageWork work) throws Exception {
    DatasetImporter.Result r = DatasetImporter.importDataset(work.config().data(), work.workDir(), work.progress());
    // Publish only after every mouse was prepared: a malformed mouse leaves nothing in the store.
    for (Map.Entry<String, java.nio.file.Path> f : r.files().entrySet()) {
      work.addOutput(f.getKey(), f.getValue());
    }
    r.metrics().forEach(work::metric);
  }
}
