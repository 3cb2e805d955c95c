package dev.logpro.api;

/**
 * The operation failed for a reason that may pass (a timeout, a lock, a conflict, a service briefly unavailable) and
 * the component left its state so that the same call can be made again. The engine retries it with backoff, as
 * {@code reliability.retry} says; any other exception is permanent and fails the run.
 */
public class RetriableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RetriableException(String message, Throwable cause) {
    super(message, cause);
  }
}
