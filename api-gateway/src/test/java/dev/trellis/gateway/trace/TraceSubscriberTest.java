package dev.trellis.gateway.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;

class TraceSubscriberTest {

	/** A socket whose sends complete only when the test says so. */
	private static final class FakeSocket implements TraceSubscriber.WebSocketSessionHandle {

		final List<String> sent = new ArrayList<>();

		final List<Consumer<Throwable>> pending = new ArrayList<>();

		CloseStatus closed;

		@Override
		public String id() {
			return "s1";
		}

		@Override
		public void sendAsync(String text, Consumer<Throwable> done) {
			sent.add(text);
			pending.add(done);
		}

		@Override
		public void close(CloseStatus status) {
			closed = status;
		}

		void completeNext() {
			pending.remove(0).accept(null);
		}

	}

	private final FakeSocket socket = new FakeSocket();

	private TraceSubscriber subscriber(int capacity) {
		return new TraceSubscriber(socket, "r1", 0, capacity, Runnable::run, Runnable::run);
	}

	@Test
	void sendsOneMessageAtATimeInQueueOrder() {
		TraceSubscriber s = subscriber(10);
		s.sendMessage("snapshot");
		s.sendEvent(1, "e1");
		s.sendEvent(2, "e2");

		assertThat(socket.sent).containsExactly("snapshot");
		socket.completeNext();
		socket.completeNext();
		assertThat(socket.sent).containsExactly("snapshot", "e1", "e2");
		assertThat(s.enqueued()).isEqualTo(2);
	}

	@Test
	void aFullQueueRefusesTheEventAtOnceWithoutClosingTheSocket() {
		TraceSubscriber s = subscriber(2);
		assertThat(s.sendEvent(1, "e1")).isTrue();
		assertThat(s.sendEvent(2, "e2")).isTrue();
		assertThat(s.sendEvent(3, "e3")).isTrue();

		assertThat(s.sendEvent(4, "e4")).isFalse();
		assertThat(s.enqueued()).isEqualTo(3);
		assertThat(s.room()).isZero();
		assertThat(socket.closed).isNull();
		// Snapshot and status messages are not events and always fit.
		s.sendMessage("{\"type\":\"status\",\"live\":false}");
		socket.completeNext();
		assertThat(s.room()).isEqualTo(1);
	}

	@Test
	void aTooSlowSocketIsClosedAfterItsInFlightMessageWithWhereToResume() {
		TraceSubscriber s = subscriber(10);
		s.sendMessage("snapshot");
		socket.completeNext();
		s.sendEvent(1, "e1");
		s.sendEvent(2, "e2");

		s.tooSlow();
		assertThat(socket.closed).as("waits for the message in flight").isNull();
		socket.completeNext();

		assertThat(socket.sent).containsExactly("snapshot", "e1");
		assertThat(socket.closed.getCode()).isEqualTo(TraceSubscriber.TOO_SLOW);
		assertThat(socket.closed.getReason()).isEqualTo("too slow; reconnect with after=1");
		assertThat(s.isOpen()).isFalse();
	}

	@Test
	void aGatewayShutdownClosesWith1012AndWhereToResumeOnceTheInFlightMessageIsDone() {
		TraceSubscriber s = subscriber(10);
		s.sendEvent(1, "e1");
		s.sendEvent(2, "e2");

		var gone = s.restart();
		assertThat(gone).as("waits for the message in flight").isNotDone();
		socket.completeNext();

		assertThat(socket.sent).containsExactly("e1");
		assertThat(socket.closed.getCode()).isEqualTo(1012);
		assertThat(socket.closed.getReason()).isEqualTo("service restart; reconnect with after=1");
		assertThat(gone).isDone();
		assertThat(s.isOpen()).isFalse();
	}

	@Test
	void aParkedCatchUpResumesOnceHalfTheQueueIsFree() {
		TraceSubscriber s = subscriber(4);
		for (int seq = 1; seq <= 5; seq++) {
			s.sendEvent(seq, "e" + seq);
		}
		List<String> resumed = new ArrayList<>();
		s.parkUntilRoom(() -> resumed.add("catch-up"));
		assertThat(resumed).isEmpty();

		socket.completeNext();
		assertThat(resumed).isEmpty();
		socket.completeNext();
		assertThat(resumed).containsExactly("catch-up");
	}

}
