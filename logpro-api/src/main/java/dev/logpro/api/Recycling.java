package dev.logpro.api;

import java.util.List;

/**
 * A source that reuses the arrays holding its messages' bytes, so that reading does not allocate (and the garbage
 * collector does not copy) a new buffer per chunk. The engine hands every message back through {@link #recycle} once
 * it has been decoded: from that call on nothing in the pipeline reads the message's {@link RawMessage#data() data}
 * again (decoders copy what they keep, such as a dead letter's bytes, into Arrow vectors or arrays of their own). A
 * message that is never handed back (its run failed) is simply not reused. Called from several threads at once.
 */
public interface Recycling {

  void recycle(List<RawMessage> messages);
}
