package org.cortexclust.worker.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.cortexclust.worker.CortexRuntime;
import org.cortexclust.worker.ui.WebView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ui", mixinStandardHelpOptions = true,
    description = {"A live local web view of runs and sweeps (stage states, per-epoch training and DEC curves, sweep points as "
        + "they finish, reports, lineage, artifacts), read from the store: the embedded one under the home, or --s3-endpoint.",
        "Loopback only; runs until Ctrl-C."})
public final class UiCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "8765", description = "Port on 127.0.0.1 (0 = any free port; default: ${DEFAULT-VALUE})")
  int port;

  @Mixin ConnectionOptions conn;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      System.err.println("--port must be 0..65535, got " + port);
      return 2;
    }
    Logs.quietUnless(false);
    try (CortexRuntime rt = CortexRuntime.open(conn.connection(), false); WebView view = WebView.start(rt.store, port)) {
      System.out.println("cortexclust view on " + view.url() + " (store " + rt.s3Endpoint() + "; Ctrl-C stops it)");
      System.out.flush();
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
      return 0;
    } catch (java.net.BindException e) {
      System.err.println("port " + port + " on 127.0.0.1 is taken (" + e.getMessage() + "); pass --port N, or --port 0 for any free port");
      return 1;
    }
  }
}
