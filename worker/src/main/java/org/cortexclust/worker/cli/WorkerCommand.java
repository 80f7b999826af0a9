package org.cortexclust.worker.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.cortexclust.worker.CortexRuntime;
import org.cortexclust.worker.StageRegistry;
import org.cortexclust.workflows.contract.Stages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "A long-lived worker for a Temporal cluster (or a local 'cortexclust server'); stops gracefully on SIGTERM.")
public final class WorkerCommand implements Callable<Integer> {
  @Option(names = "--task-queue", split = ",", defaultValue = "cpu,gpu", description = "cpu, gpu or both (default: ${DEFAULT-VALUE})")
  List<String> queues = new ArrayList<>();

  @Option(names = "--max-concurrent", description = "Activity slots on the cpu queue (default: number of cores)")
  Integer maxConcurrent;

  @Option(names = "--model-slots", defaultValue = "1", description = "Activity slots on the gpu queue (training, embeddings, "
      + "DEC): models trained at once (default: ${DEFAULT-VALUE}; more pay when one model leaves the device idle)")
  int modelSlots;

  @Option(names = "--grace-seconds", defaultValue = "30", description = "On SIGTERM, let running activities finish this long (default: ${DEFAULT-VALUE})")
  int graceSeconds;

  @Option(names = "--stall-minutes", defaultValue = "30", description = "A running stage whose progress has not moved for this long "
      + "fails and is retried (0 = never; default: ${DEFAULT-VALUE})")
  double stallMinutes;

  @Mixin ConnectionOptions conn;

  @Override
  public Integer call() throws Exception {
    for (String q : queues) {
      if (!q.equals(Stages.CPU_QUEUE) && !q.equals(Stages.GPU_QUEUE)) {
        System.err.println("--task-queue must be cpu or gpu, got '" + q + "'");
        return 2;
      }
    }
    if (!conn.remote()) {
      System.err.println("worker needs --address HOST:PORT (or TEMPORAL_ADDRESS, or --profile) (and usually --s3-endpoint): start one with 'cortexclust server' or use a cluster");
      return 2;
    }
    if (!(stallMinutes >= 0)) {
      System.err.println("--stall-minutes must be 0 (never) or more, got " + stallMinutes);
      return 2;
    }
    if (modelSlots < 1) {
      System.err.println("--model-slots must be at least 1, got " + modelSlots);
      return 2;
    }
    CortexRuntime rt = CortexRuntime.open(conn.connection());
    rt.startWorker(queues, maxConcurrent == null ? Runtime.getRuntime().availableProcessors() : maxConcurrent,
        Duration.ofMillis(Math.round(stallMinutes * 60_000)), modelSlots);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("worker: shutting down (up to " + graceSeconds + " s for running activities)");
      rt.shutdownWorker(Duration.ofSeconds(graceSeconds));
      rt.close();
      stopped.countDown();
    }));
    System.out.printf("worker polling %s on %s (namespace %s), store %s, stages %s%s%n", queues, conn.temporal().address(), conn.temporal().namespace(),
        rt.s3Endpoint(), StageRegistry.available(), rt.metricsPort() >= 0 ? ", metrics :" + rt.metricsPort() : "");
    System.out.flush();
    stopped.await();
    return 0;
  }
}
