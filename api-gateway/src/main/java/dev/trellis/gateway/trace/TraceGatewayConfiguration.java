package dev.trellis.gateway.trace;

import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import dev.trellis.trace.RunEventLog;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistration;

/**
 * The live trace on gateway processes: the socket endpoint and its per-instance feeds. Needs a
 * {@link RunViewProvider} bean (the runs feature), the {@link RunEventLog} and a Redisson client.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@ConditionalOnRole(TrellisRole.GATEWAY)
@EnableConfigurationProperties(TraceGatewayProperties.class)
public class TraceGatewayConfiguration {

	@Bean
	RunFeeds runFeeds(RunEventLog eventLog, RedissonClient redisson, ObjectMapper json, TraceGatewayProperties props) {
		// Instance ids only label watcher entries; a random one per process is unique enough.
		String instance = UUID.randomUUID().toString().substring(0, 8);
		return new RunFeeds(eventLog, streamClient(redisson, props.streamConnections()), json, props,
				new RunWatchers(redisson, instance, props.watchersTtl()));
	}

	/**
	 * A client of its own for the blocking stream reads, same servers and settings as the
	 * application's: each read holds a connection for up to {@code readBlock}, and sharing a pool
	 * would let many watched runs starve everything else the application does with Redis.
	 */
	static RedissonClient streamClient(RedissonClient application, int connections) {
		Config config = new Config(application.getConfig());
		if (config.isClusterConfig()) {
			config.useClusterServers().setMasterConnectionPoolSize(connections).setSlaveConnectionPoolSize(connections);
		}
		else if (config.isSentinelConfig()) {
			config.useSentinelServers().setMasterConnectionPoolSize(connections).setSlaveConnectionPoolSize(connections);
		}
		else if (config.isSingleConfig()) {
			config.useSingleServer().setConnectionPoolSize(connections);
		}
		return Redisson.create(config);
	}

	@Bean
	TraceSocketsShutdown traceSocketsShutdown(RunFeeds feeds, TraceGatewayProperties props) {
		return new TraceSocketsShutdown(feeds, props.shutdownCloseTimeout());
	}

	@Bean
	WebSocketConfigurer traceSockets(RunFeeds feeds, RunViewProvider views, RunEventLog eventLog, ObjectMapper json,
			TraceGatewayProperties props) {
		return registry -> {
			WebSocketHandlerRegistration registration = registry
				.addHandler(new TraceSocketHandler(feeds, props), "/ws/runs/*")
				.addInterceptors(new TraceHandshakeInterceptor(views, eventLog, json));
			if (!props.allowedOrigins().isEmpty()) {
				registration.setAllowedOriginPatterns(props.allowedOrigins().toArray(String[]::new));
			}
		};
	}

}
