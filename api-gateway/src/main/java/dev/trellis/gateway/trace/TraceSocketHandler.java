package dev.trellis.gateway.trace;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * {@code WS /ws/runs/{runId}}: hands the socket, with the snapshot prepared by
 * {@link TraceHandshakeInterceptor}, to the run's feed, which delivers every later event once and in
 * order. Clients only listen; anything they send is ignored.
 */
final class TraceSocketHandler extends TextWebSocketHandler {

	private static final Logger log = LoggerFactory.getLogger(TraceSocketHandler.class);

	private static final String SUBSCRIBER = TraceSocketHandler.class.getName() + ".subscriber";

	private final RunFeeds feeds;

	private final TraceGatewayProperties props;

	TraceSocketHandler(RunFeeds feeds, TraceGatewayProperties props) {
		this.feeds = feeds;
		this.props = props;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		TraceHandshakeInterceptor.Opening opening = (TraceHandshakeInterceptor.Opening) session.getAttributes()
			.get(TraceHandshakeInterceptor.OPENING);
		try {
			TraceSubscriber subscriber = feeds.open(
					TraceSubscriber.WebSocketSessionHandle.of(session, props.sendTimeout().toMillis()), opening.runId(),
					opening.seq(), opening.snapshot());
			session.getAttributes().put(SUBSCRIBER, subscriber);
		}
		catch (RuntimeException e) {
			log.warn("Cannot follow run {}; the socket is closed for the client to retry", opening.runId(), e);
		}
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		// The trace is one-way; commands go through the REST API.
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		if (session.getAttributes().get(SUBSCRIBER) instanceof TraceSubscriber subscriber) {
			feeds.closed(subscriber);
		}
	}

}
