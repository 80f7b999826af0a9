package org.cortexclust.worker.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.EmbeddedS3;
import org.cortexclust.worker.Connection;
import org.cortexclust.worker.EmbeddedTemporal;
import org.cortexclust.worker.ui.WebView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Only the embedded services (Temporal test server and S3, on loopback), for several local workers.")
public final class ServerCommand implements Callable<Integer> {
  @Option(names = "--home", description = "Project home (default: $CORTEXCLUST_HOME or ./.cortexclust)")
  Path home;

  @Option(names = "--temporal-port", defaultValue = "7233", description = "default: ${DEFAULT-VALUE}")
  int temporalPort;

  @Option(names = "--s3-port", defaultValue = "9000", description = "default: ${DEFAULT-VALUE}")
  int s3Port;

  @Option(names = "--ui-port", defaultValue = "8765", description = "The live web view (as 'cortexclust ui') on 127.0.0.1 at this port "
      + "(0 = any free port, -1 = off; default: ${DEFAULT-VALUE})")
  int uiPort;

  @Override
  public Integer call() throws Exception {
    Path h = home == null ? Connection.defaultHome() : home.toAbsolutePath().normalize();
    EmbeddedS3 s3 = EmbeddedS3.start(h, s3Port);
    EmbeddedTemporal temporal = EmbeddedTemporal.start(temporalPort);
    ArtifactStore viewStore = uiPort < 0 ? null : new ArtifactStore(s3.settings(h.resolve("cache")));
    WebView view = null;
    if (viewStore != null) {
      try {
        view = WebView.start(viewStore, uiPort);
      } catch (java.io.IOException e) {
        // the services matter more than the view: a taken port costs the view only
        System.err.println("web view not started: port " + uiPort + " on 127.0.0.1: " + e.getMessage() + " (--ui-port N, or -1 for none)");
      }
    }
    WebView shownView = view;
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (shownView != null) shownView.close();
      temporal.close();
      try {
        s3.close();
      } catch (Exception ignored) {
        // exiting anyway
      }
      stop.countDown();
    }));
    System.out.printf("temporal %s%ns3 %s (bucket %s, credentials in %s)%n", temporal.target(), s3.endpoint(), EmbeddedS3.BUCKET,
        h.resolve("s3-credentials.properties"));
    System.out.printf("workers: cortexclust worker --address %s --s3-endpoint %s --s3-credentials %s%n", temporal.target(), s3.endpoint(),
        h.resolve("s3-credentials.properties"));
    if (view != null) System.out.println("view " + view.url());
    System.out.flush();
    stop.await();
    return 0;
  }
}
