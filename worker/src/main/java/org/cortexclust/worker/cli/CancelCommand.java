package org.cortexclust.worker.cli;

import java.util.concurrent.Callable;
import org.cortexclust.worker.CortexRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "cancel", mixinStandardHelpOptions = true,
    description = "Cancel a running experiment or sweep (its activities stop at their next heartbeat).")
public final class CancelCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ID")
  String id;

  @Mixin ConnectionOptions conn;

  @Override
  public Integer call() throws Exception {
    if (!conn.remote()) {
      System.err.println("cancel needs --address HOST:PORT of the server running the workflow (an embedded run is cancelled with Ctrl-C; "
          + "its finished stages stay in the store)");
      return 2;
    }
    try (CortexRuntime rt = CortexRuntime.open(conn.connection())) {
      rt.client.newUntypedWorkflowStub(id).cancel();
      System.out.println("cancellation requested for " + id);
      return 0;
    }
  }
}
