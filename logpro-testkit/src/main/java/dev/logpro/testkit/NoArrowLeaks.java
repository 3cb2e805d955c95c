package dev.logpro.testkit;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a fresh Arrow {@link BufferAllocator} parameter and fails the test if anything allocated from it
 * (or its children) is still outstanding when the test ends. Strict by default: a leak is a bug.
 *
 * <pre>{@code
 * @ExtendWith(NoArrowLeaks.class)
 * class MyTest {
 *   @Test void decodes(BufferAllocator allocator) { ... }
 * }
 * }</pre>
 */
public final class NoArrowLeaks implements ParameterResolver, AfterEachCallback {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoArrowLeaks.class);
  private static final long LIMIT = 1L << 31;

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == BufferAllocator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NS).getOrComputeIfAbsent("allocator", k -> new RootAllocator(LIMIT), BufferAllocator.class);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    BufferAllocator allocator = context.getStore(NS).remove("allocator", BufferAllocator.class);
    if (allocator != null) {
      assertNoLeaks(allocator);
    }
  }

  /** Closes {@code allocator}, failing with what is still allocated if anything is. */
  public static void assertNoLeaks(BufferAllocator allocator) {
    long outstanding = allocator.getAllocatedMemory();
    String detail = outstanding == 0 ? "" : allocator.toVerboseString();
    try {
      allocator.close();
    } catch (IllegalStateException e) {
      throw new AssertionError("Arrow memory leaked: " + e.getMessage(), e);
    }
    if (outstanding != 0) {
      throw new AssertionError("Arrow memory leaked: " + outstanding + " bytes outstanding\n" + detail);
    }
  }
}
