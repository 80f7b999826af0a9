package org.cortexclust.common.stage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.cortexclust.common.config.ExperimentConfig;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.common.store.StageManifest;

/**
 * The in-progress run of one stage, handed to a stage body by {@link StageRunner}. Outputs are uploaded as
 * content-addressed blobs as they are added; the manifest is written only after the body returns, so a crash
 * leaves nothing a reader would trust.
 */
public interface StageWork {
  ExperimentConfig config();

  /** The experiment seed (config key {@code seed}); derive every random choice from it. */
  long seed();

  /** A private scratch directory for this run, removed after publication. */
  Path workDir();

  /** Local copy of one output file of an input artifact, digest-verified (cached on local disk). */
  Path inputFile(String input, String fileName) throws IOException;

  /** Whether the stage was given an input of this name. */
  boolean hasInput(String input);

  /** The manifest of an input artifact. */
  StageManifest inputManifest(String input);

  /** Upload {@code file} as this stage's output named {@code name}. */
  void addOutput(String name, Path file) throws IOException;

  /** Record a headline number in the manifest and the stage result. */
  void metric(String name, double value);

  /** Progress sink: the terminal and, under Temporal, heartbeats. */
  Progress progress();

  /**
   * Store a checkpoint of resumable work (file first, then its id is heartbeated), keeping only the newest.
   *
   * @param step the epoch/step the checkpoint resumes after
   */
  void checkpoint(Path file, long step, Map<String, Double> values) throws IOException;

  /** The newest checkpoint of an earlier, interrupted attempt of this same stage key, downloaded locally. */
  Optional<Checkpoint> latestCheckpoint() throws IOException;

  /** A downloaded checkpoint. */
  record Checkpoint(Path file, long step) {}
}
