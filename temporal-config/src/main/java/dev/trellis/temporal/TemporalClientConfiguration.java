package dev.trellis.temporal;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.authorization.AuthorizationGrpcMetadataProvider;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The Temporal connection every role needs: service stubs (plain, mTLS or API key), the data
 * converter (with the payload codecs other modules contribute, e.g. encryption) and the client.
 */
@AutoConfiguration
@EnableConfigurationProperties(TemporalProperties.class)
public class TemporalClientConfiguration {

	@Bean(destroyMethod = "shutdown")
	WorkflowServiceStubs workflowServiceStubs(TemporalProperties props, ObjectProvider<MeterRegistry> meters) {
		WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder().setTarget(props.target());
		MeterRegistry registry = meters.getIfAvailable();
		if (registry != null) {
			// SDK metrics (task latencies, poller counts, sticky cache) next to Trellis's in /actuator/prometheus.
			Scope scope = new RootScopeBuilder().reporter(new MicrometerClientStatsReporter(registry))
				.reportEvery(com.uber.m3.util.Duration.ofSeconds(10));
			options.setMetricsScope(scope);
		}
		if (props.tls().active(props.apiKey())) {
			options.setSslContext(sslContext(props.tls()));
		}
		if (TemporalProperties.Tls.present(props.apiKey())) {
			options.addGrpcMetadataProvider(new AuthorizationGrpcMetadataProvider(() -> "Bearer " + props.apiKey()));
		}
		if (TemporalProperties.Tls.present(props.tls().serverName())) {
			options.setChannelInitializer(channel -> channel.overrideAuthority(props.tls().serverName()));
		}
		// Connect lazily: a gateway must start (and report DOWN in health) while Temporal is away.
		return WorkflowServiceStubs.newServiceStubs(options.build());
	}

	@Bean
	DataConverter temporalDataConverter(ObjectProvider<PayloadCodec> codecs) {
		List<PayloadCodec> list = codecs.orderedStream().toList();
		DataConverter base = DefaultDataConverter.newDefaultInstance();
		return list.isEmpty() ? base : new CodecDataConverter(base, list);
	}

	@Bean
	WorkflowClient workflowClient(WorkflowServiceStubs stubs, TemporalProperties props, DataConverter dataConverter) {
		return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder()
			.setNamespace(props.namespace())
			.setDataConverter(dataConverter)
			.setIdentity("trellis@" + ProcessHandle.current().pid())
			.build());
	}

	@Bean
	TemporalHealthIndicator temporalHealthIndicator(WorkflowServiceStubs stubs, TemporalProperties props) {
		return new TemporalHealthIndicator(stubs, props);
	}

	private static SslContext sslContext(TemporalProperties.Tls tls) {
		try {
			SslContextBuilder builder = GrpcSslContexts.forClient();
			if (TemporalProperties.Tls.present(tls.clientCert()) && TemporalProperties.Tls.present(tls.clientKey())) {
				try (InputStream cert = new FileInputStream(tls.clientCert());
						InputStream key = new FileInputStream(tls.clientKey())) {
					builder.keyManager(cert, key);
				}
			}
			if (TemporalProperties.Tls.present(tls.serverCa())) {
				try (InputStream ca = new FileInputStream(tls.serverCa())) {
					builder.trustManager(ca);
				}
			}
			return builder.build();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read Temporal TLS material", e);
		}
	}

}
