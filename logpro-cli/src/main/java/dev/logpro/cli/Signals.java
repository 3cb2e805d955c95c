package dev.logpro.cli;

import dev.logpro.core.pipeline.Pipeline;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT drain the pipeline (read no more, write and commit what is in flight) so the command exits 0; a
 * second signal exits at once, which loses nothing already committed.
 */
final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  static void drainOnTermination(Pipeline pipeline) {
    AtomicBoolean draining = new AtomicBoolean();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> {
        if (draining.compareAndSet(false, true)) {
          System.err.println("\nlogpro: SIG" + signal.getName() + " received, draining (send it again to exit now)");
          pipeline.stop();
        } else {
          LOG.warn("Second SIG{}: exiting without draining", signal.getName());
          Runtime.getRuntime().halt(128 + signal.getNumber());
        }
      });
    }
  }
}
