package dev.logpro.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SequencerTest {

  /**
   * A sink that fails stops reading the queue; the worker delivering to it waits for room, holding the sequencer. The
   * pipeline closing must still get through (it hung forever when a sink ran out of heap), and the worker must return.
   */
  @Test
  @Timeout(10)
  void discardGetsThroughWhileAWorkerWaitsForAFullQueue() throws Exception {
    BlockingQueue<Item> out = new ArrayBlockingQueue<>(1);
    Sequencer sequencer = new Sequencer(out, 4);
    sequencer.deliver(new Item.End(0));
    CompletableFuture<Void> worker = CompletableFuture.runAsync(() -> {
      try {
        sequencer.deliver(new Item.End(1)); // the queue is full and nobody reads it
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(300);
    assertThat(worker).isNotDone();

    sequencer.discard();

    worker.get(2, TimeUnit.SECONDS);
    assertThat(out).hasSize(1);
    sequencer.deliver(new Item.End(2)); // after discard, deliveries are dropped rather than waited on
    assertThat(out).hasSize(1);
  }
}
