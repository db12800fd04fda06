package dev.trellis.testsupport;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What an end-to-end test opened (stubs, the stack, app processes), closed last-opened first after
 * the test, so processes stop before the databases and servers they talk to; one that fails to
 * close does not keep the others open.
 *
 * <pre>{@code
 * private final Closer closer = new Closer();
 *
 * @AfterEach
 * void stop() throws Exception {
 *     closer.close();
 * }
 *
 * stack = closer.register(TestStack.start("crash"));
 * TrellisProcess worker = closer.register(TrellisProcess.builder("worker").role("worker").env(stack.env()).start());
 * }</pre>
 */
public final class Closer implements AutoCloseable {

	private final Deque<AutoCloseable> opened = new ArrayDeque<>();

	/** Remembers {@code resource} for {@link #close()} and returns it. */
	public synchronized <T extends AutoCloseable> T register(T resource) {
		opened.push(resource);
		return resource;
	}

	@Override
	public synchronized void close() throws Exception {
		Exception first = null;
		while (!opened.isEmpty()) {
			try {
				opened.pop().close();
			}
			catch (Exception e) {
				if (first == null) {
					first = e;
				}
				else {
					first.addSuppressed(e);
				}
			}
		}
		if (first != null) {
			throw first;
		}
	}

}
