package dev.trellis.gateway.trace;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the live trace fan-out ({@code trellis.gateway.trace.*}).
 *
 * <pre>{@code
 * trellis:
 *   gateway:
 *     trace:
 *       queue-capacity: 1000      # events waiting per socket; beyond that it reads from the log
 *       slow-client-grace: 30s    # a socket behind the live feed this long is disconnected
 *       poll-interval: 1s         # reading PostgreSQL while Redis is down
 *       shutdown-close-timeout: 5s  # on shutdown, how long to wait for the 1012 close frames
 * }</pre>
 *
 * @param queueCapacity events a socket may have waiting; beyond that it reads from the log at its own pace
 * @param slowClientGrace how long a socket may stay behind the live feed before it is closed as too
 *     slow (4008, with the seq to resume after)
 * @param pollInterval how often a run's log is read while its stream is unavailable
 * @param reconcileInterval how often a streaming run also checks the log, for events whose stream
 *     write failed after they were recorded
 * @param gapTimeout how long an event that arrived early waits for the missing ones before they are
 *     read from the log
 * @param readBlock longest blocking read on a run's stream
 * @param streamConnections Redis connections for stream reads: a blocking read holds one, so this is
 *     how many runs one instance can stream at once; more runs still work, reading the log while they
 *     wait for a connection
 * @param pageSize events per log read
 * @param sendTimeout longest a single message may take to reach a client before the socket is dropped
 * @param watchersTtl lifetime of the Redis set listing who watches a run (refreshed while watched)
 * @param maxPageLimit largest {@code limit} of {@code GET /api/runs/{id}/events}
 * @param allowedOrigins origins allowed to open sockets besides the gateway's own
 * @param shutdownCloseTimeout on shutdown, how long the gateway waits for its sockets' close frames
 *     (1012 with where to resume) before the web server stops and closes what is left
 */
@ConfigurationProperties("trellis.gateway.trace")
public record TraceGatewayProperties(@DefaultValue("1000") int queueCapacity,
		@DefaultValue("30s") Duration slowClientGrace, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("2s") Duration reconcileInterval, @DefaultValue("200ms") Duration gapTimeout,
		@DefaultValue("1s") Duration readBlock, @DefaultValue("128") int streamConnections,
		@DefaultValue("500") int pageSize,
		@DefaultValue("30s") Duration sendTimeout, @DefaultValue("60s") Duration watchersTtl,
		@DefaultValue("5000") int maxPageLimit, @DefaultValue List<String> allowedOrigins,
		@DefaultValue("5s") Duration shutdownCloseTimeout) {
}
